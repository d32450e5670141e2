# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..models.pp_mrp_procedure import RECORD_PARAMETERS


class PpMrpPlanning(models.TransientModel):
    """Collects the options of an MRP run (SPEC §9) and starts it.

    MRP itself is ``pp.mrp.procedure``; this wizard keeps its parameters,
    with the same names, and opens the run.
    """

    _name = "pp.mrp.planning"
    _description = "MRP"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    warehouse_ids = fields.Many2many(
        "stock.warehouse",
        string="Sites",
        check_company=True,
        domain="[('company_id', '=', company_id)]",
        help="The sites MRP nets, each on its own (empty: every site).",
    )
    date_until = fields.Date(
        string="Plan Until",
        help="Demand after this date is not planned, supply after it not counted "
        "(empty: no limit).",
    )
    with_suggestions = fields.Boolean(
        string="Suggestions",
        help="Propose to expedite, postpone, increase, decrease or cancel the "
        "existing supply; without them the existing supply is taken as it is.",
    )
    create_planned_orders = fields.Boolean(
        help="Without it MRP only reports the needs (time-phased table).",
    )
    two_pass = fields.Boolean(
        string="Differentiate Confirmed Requests",
        help="A first pass on firm documents only gives each planned order its "
        "confirmed quantity; the second plans everything.",
    )
    consider_past = fields.Boolean(
        string="Consider Past Dates",
        help="Overdue documents keep their date; otherwise they count as today.",
    )
    undated_mode = fields.Selection(
        [("skip", "Skip Them"), ("date", "Give Them a Date")],
        string="Documents Without a Date",
        default="skip",
        required=True,
    )
    undated_date = fields.Date(string="Date for Undated Documents")
    use_inventory = fields.Boolean(string="On Hand")
    use_purchases = fields.Boolean(string="Purchases")
    use_subcontracting = fields.Boolean(string="Subcontracting")
    use_production = fields.Boolean(string="Manufacturing Orders")
    use_sales = fields.Boolean(string="Sales")
    use_forecasts = fields.Boolean(string="Forecasts")
    use_planning = fields.Boolean(
        string="Job Orders and Planned Orders",
        help="Open job orders as demand, their planned orders as supply.",
    )
    use_lot = fields.Boolean(string="Economic Lot")
    use_multiple = fields.Boolean(string="Lot Multiple")
    use_max_lot = fields.Boolean(string="Maximum Lot")
    group_days = fields.Integer(
        string="Group Within (days)",
        help="For items without their own MRP grouping days: needs within this "
        "many days of the first share one planned order (0: one per day).",
    )
    use_min_stock = fields.Boolean(string="Keep Minimum Stock")
    use_coverage = fields.Boolean(
        string="Coverage Index",
        help="Keep the item's coverage weeks of the horizon's average demand.",
    )
    include_stock_items = fields.Boolean(string="Items with Stock Policy")
    include_untied_items = fields.Boolean(
        string="Items Not Tied to Job Orders",
        help="Items whose planning policy is Not Planned are ordered too.",
    )
    include_job_order_items = fields.Boolean(
        string="Items Planned by Job Order",
        help="Items whose planning policy is Job Order are ordered too (general "
        "planning plans them otherwise).",
    )
    split_sites = fields.Boolean(
        string="One Background Job per Site",
        help="Each site's MRP runs in a job of its own (queue channel "
        "root.pp_mrp), so several job runners share the work.",
    )
    job_order_selection = fields.Selection(
        [("all", "All"), ("some", "Only These")],
        string="Job Orders Not Examined",
        required=True,
        default="all",
        help="Which job orders not planned yet are demand. Lines of scheduled, "
        "launched and executive job orders always are.",
    )
    job_order_ids = fields.Many2many(
        "pp.job.order",
        string="Job Orders",
        check_company=True,
        domain="[('company_id', '=', company_id), ('state', '=', 'not_examined')]",
    )

    @api.model
    def default_get(self, fields_list):
        """Parameters default to the MRP procedure's company defaults."""
        values = super().default_get(fields_list)
        company = self.env["res.company"].browse(
            values.get("company_id") or self.env.company.id
        )
        defaults = self.env["pp.mrp.procedure"]._default_parameters(company)
        for name in fields_list:
            if name in defaults and name not in values:
                values[name] = defaults[name]
        return values

    def action_run(self):
        """Run MRP and open its run.

        From the dialog (context ``pp_background``) the run is queued and the
        run form shows its progress; otherwise (RPC) it runs at once. Split
        per site, one run per site is queued and their list opens.
        """
        self.ensure_one()
        procedure = self.env["pp.mrp.procedure"]
        if self.split_sites:
            run_ids = procedure.enqueue_per_site(self._get_mrp_values())
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "production_planning.pp_planning_run_action"
            )
            action["domain"] = [("id", "in", run_ids)]
            return action
        params = procedure._get_parameters(self._get_mrp_values())
        if self.env.context.get("pp_background"):
            run = procedure._enqueue_mrp(procedure._prepare_job_parameters(params))
        else:
            run = procedure._run_mrp(params)
        return run._get_form_action()

    def _get_mrp_values(self):
        """The wizard's parameters as plain values."""
        self.ensure_one()
        procedure = self.env["pp.mrp.procedure"]
        values = {"company_id": self.company_id.id}
        for name in procedure._default_parameters(self.company_id):
            value = self[name]
            if name in RECORD_PARAMETERS:
                value = value.ids
            values[name] = value
        if self.undated_mode == "skip":
            values["undated_date"] = False
        return values
