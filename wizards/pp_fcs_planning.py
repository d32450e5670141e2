# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..models.pp_fcs_procedure import RECORD_PARAMETERS


class PpFcsPlanning(models.TransientModel):
    """Collects the parameters of a finite capacity scheduling (SPEC §10) and
    starts it. Scheduling itself is ``pp.fcs.procedure``; this wizard keeps its
    parameters, with the same names, and opens the execution."""

    _name = "pp.fcs.planning"
    _description = "Finite Capacity Scheduling"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_start = fields.Datetime(
        string="Schedule From",
        required=True,
        default=fields.Datetime.now,
        help="No phase starts before this moment (started ones continue from it).",
    )
    horizon_days = fields.Integer(
        string="Horizon (days)",
        help="Working time is read for this many days; an order that does not fit "
        "is reported, not scheduled.",
    )
    time_limit = fields.Float(
        string="Time Limit (s)",
        help="The solver stops then and returns the best schedule found.",
    )
    workers = fields.Integer(help="Solver threads working in parallel.")
    use_planned_orders = fields.Boolean(
        string="Schedule Planned Orders", help="The phases of draft planned orders."
    )
    planned_order_ids = fields.Many2many(
        "pp.planned.order",
        string="Planned Orders",
        check_company=True,
        domain="[('company_id', '=', company_id), ('state', '=', 'draft'), "
        "('order_type', '=', 'production')]",
        help="Empty: every draft production planned order with phases.",
    )
    use_productions = fields.Boolean(
        string="Schedule Manufacturing Orders",
        help="The open work orders of manufacturing orders.",
    )
    production_ids = fields.Many2many(
        "mrp.production",
        string="Manufacturing Orders",
        check_company=True,
        domain="[('company_id', '=', company_id), "
        "('state', 'in', ('confirmed', 'progress', 'to_close'))]",
        help="Empty: every open manufacturing order with work orders.",
    )
    started_mode = fields.Selection(
        [("continue", "Continue Them"), ("fixed", "Keep Their Dates")],
        string="Started Work Orders",
        required=True,
        default="continue",
        help="Continued: their remaining minutes (expected less worked) from the "
        "start, on their work center. Kept: they stay where they are.",
    )
    lock_mandatory = fields.Boolean(
        string="Lock Mandatory Planned Orders",
        help="Mandatory planned orders keep the dates of their phases.",
    )
    material_check = fields.Selection(
        [
            ("none", "None"),
            ("all", "All Materials"),
            ("critical", "Critical Materials"),
        ],
        required=True,
        default="all",
        help="An order waits for its bought and subcontracted components (their "
        "planned receipt plus the delays below): all of them, or only those its bill "
        "of materials marks critical.",
    )
    material_until = fields.Date(
        string="Check Materials Until",
        help="Receipts after this day are not waited for (empty: every receipt).",
    )
    release_lead_days = fields.Integer(
        string="Release Lead (days)",
        help="Phases may start this many days before their planned order's start "
        "(negative: later).",
    )
    purchase_delay_days = fields.Integer(
        string="Purchase Receipt Delay (days)",
        help="Purchased material is usable this many days after its receipt.",
    )
    subcontract_delay_days = fields.Integer(
        string="Subcontract Return Delay (days)",
        help="Subcontracted material is usable this many days after its return.",
    )
    holding_percent = fields.Float(
        string="Annual Holding Cost (%)",
        help="Prices the stock and work-in-progress flow costs of the KPIs.",
    )

    critical_partner_ids = fields.Many2many(
        "res.partner",
        string="Critical Customers",
        help="Their job orders' delays weigh ten times more.",
    )
    critical_job_order_ids = fields.Many2many(
        "pp.job.order",
        string="Critical Job Orders",
        check_company=True,
        domain="[('company_id', '=', company_id)]",
        help="Their delays weigh ten times more.",
    )
    tie_break = fields.Char(
        string="Tie-Break Order",
        help="Orders due at the same moment with the same weight are scheduled "
        "in this order: level, start, end and id, each asc or desc.",
    )

    @api.model
    def default_get(self, fields_list):
        """Parameters default to the procedure's company defaults."""
        values = super().default_get(fields_list)
        company = self.env["res.company"].browse(
            values.get("company_id") or self.env.company.id
        )
        defaults = self.env["pp.fcs.procedure"]._default_parameters(company)
        for name in fields_list:
            if name in defaults and name not in values and defaults[name] is not False:
                values[name] = defaults[name]
        return values

    def action_schedule(self):
        """Schedule and open the execution.

        From the dialog (context ``pp_background``) the run is queued and its
        form shows the progress and opens the execution when done; otherwise
        (RPC) it runs at once and the execution opens.
        """
        self.ensure_one()
        procedure = self.env["pp.fcs.procedure"]
        params = procedure._get_parameters(self._get_fcs_values())
        if self.env.context.get("pp_background"):
            run = procedure._enqueue_fcs(procedure._prepare_job_parameters(params))
            return run._get_form_action()
        run = procedure._run_fcs(params)
        if not run.fcs_execution_ids:
            return run._get_form_action()
        return run.action_view_fcs_execution()

    def _get_fcs_values(self):
        """The wizard's parameters as plain values."""
        self.ensure_one()
        values = {"company_id": self.company_id.id}
        for name in self.env["pp.fcs.procedure"]._default_parameters(self.company_id):
            value = self[name]
            if name in RECORD_PARAMETERS:
                value = value.ids
            elif name == "date_start":
                value = fields.Datetime.to_string(value)
            values[name] = value
        return values
