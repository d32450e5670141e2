# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..models.pp_job_order_planning import AVAILABILITY_SOURCES, RECORD_PARAMETERS


class PpGeneralPlanning(models.TransientModel):
    """Collects the options of a general planning run (SPEC §6) and starts it.

    The planning itself is ``pp.job.order.planning``; this wizard only keeps
    its parameters, with the same names, and opens the run.
    """

    _name = "pp.general.planning"
    _description = "General Planning"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    job_order_ids = fields.Many2many(
        "pp.job.order",
        string="Job Orders",
        check_company=True,
        domain="[('company_id', '=', company_id), ('state', 'in', "
        "('not_examined', 'scheduled', 'launched', 'executive'))]",
    )
    direction = fields.Selection(
        [("alap", "As Late As Possible"), ("asap", "As Soon As Possible")],
        required=True,
        help="As late as possible: each job order ends on its ready-goods date and "
        "its components just in time. As soon as possible: everything starts on "
        "the start date and each level follows the one below.",
    )
    date_from = fields.Date(
        string="Start Date",
        help="Where planning as soon as possible starts, and the earliest date an "
        "order planned as late as possible may start (today when empty).",
    )
    separate = fields.Boolean(
        string="One Day Between Levels",
        help="Leave one working day between a component's end and the start of "
        "the order that uses it.",
    )
    create_production = fields.Boolean(string="Production")
    create_purchase = fields.Boolean(string="Purchase")
    create_subcontract = fields.Boolean(string="Subcontract")
    with_materials = fields.Boolean(string="Materials")
    with_phases = fields.Boolean(
        string="Phases",
        help="Time production on its routing's phases; otherwise on the bill of "
        "materials' manufacturing lead time.",
    )
    max_levels = fields.Integer(
        string="Levels (0 = All)",
        help="How many levels to plan: 1 plans only the job orders' items, 2 also "
        "their components, ... 0 plans every level.",
    )
    use_lot = fields.Boolean(string="Economic Lot")
    use_multiple = fields.Boolean(string="Lot Multiple")
    group_days = fields.Integer(
        string="Group Within (days)",
        help="Plan the needs of the same item falling within this many days as one "
        "planned order (0: one planned order per need).",
    )
    group_anchor = fields.Selection(
        [("earliest", "Earliest Need"), ("latest", "Latest Need")],
        string="Grouped Order Due On",
        required=True,
    )
    group_across = fields.Boolean(
        string="Group Across Job Orders",
        help="A grouped planned order may cover the needs of several job orders.",
    )
    consider_availability = fields.Boolean(
        help="Plan only what stock and expected supply do not cover.",
    )
    availability_sources = fields.Json(
        help="Which of on_hand, moves, purchases, planned_orders are counted."
    )
    use_on_hand = fields.Boolean(
        string="On Hand", compute="_compute_sources", inverse="_inverse_sources"
    )
    use_moves = fields.Boolean(
        string="Receipts, Deliveries and Manufacturing",
        compute="_compute_sources",
        inverse="_inverse_sources",
    )
    use_purchases = fields.Boolean(
        string="Requests for Quotation",
        compute="_compute_sources",
        inverse="_inverse_sources",
    )
    use_planned_orders = fields.Boolean(
        string="Other Planned Orders",
        compute="_compute_sources",
        inverse="_inverse_sources",
    )
    availability_mode = fields.Selection(
        [
            ("at_date", "At the Need Date"),
            ("minimum", "Minimum Over the Following Period"),
        ],
        required=True,
    )
    first_level_availability = fields.Boolean(
        string="Also for the Job Orders' Items",
        help="Net the job orders' own items too, not only their components.",
    )
    negative_availability = fields.Boolean(
        string="Cover Negative Availability",
        help="A shortage already in the stock position is planned with the need.",
    )
    use_min_stock = fields.Boolean(
        string="Keep Minimum Stock",
        help="Never plan to use the minimum stock; refill to the reorder level.",
    )
    use_coverage = fields.Boolean(
        string="Coverage Index", help="Add the item's coverage weeks of usage."
    )
    alternatives = fields.Selection(
        [
            ("none", "Never"),
            ("when_short", "When the Main Material Is Short"),
            ("first", "Alternatives First"),
        ],
        string="Alternative Materials",
        required=True,
    )
    use_alternative_workcenters = fields.Boolean(
        string="Alternative Work Centers",
        help="Move a phase to an alternative work center when its work center's "
        "load would exceed its capacity by more than the tolerance.",
    )
    workcenter_tolerance = fields.Float(string="Load Tolerance %")
    atp = fields.Boolean(
        string="ATP Check",
        help="A job order that cannot be ready by its date is planned as soon as "
        "possible from the start date and gets a suggested date.",
    )
    replan_launched = fields.Boolean(
        string="Re-plan Launched and Executive Job Orders",
        help="Their released and mandatory planned orders are kept; the others "
        "are planned again.",
    )
    release_after = fields.Boolean(
        string="Release Automatically",
        help="Release the planned orders once planned, with the release defaults "
        "of the planning settings (a release run of its own).",
    )
    mrp_after = fields.Boolean(
        string="Run MRP Afterwards",
        help="Once planned, run MRP on the job orders' sites for the items not "
        "planned by job order (an MRP run of its own).",
    )
    bom_fallback = fields.Boolean(
        string="Default BOM When the Version Is Not Valid",
        help="A job order line whose version is archived or of another company "
        "uses the item's default bill of materials.",
    )

    @api.model
    def default_get(self, fields_list):
        """Parameters default to the planning procedure's company defaults; the
        job orders to the selected ones."""
        values = super().default_get(fields_list)
        company = self.env["res.company"].browse(
            values.get("company_id") or self.env.company.id
        )
        defaults = self.env["pp.job.order.planning"]._default_parameters(company)
        for name in fields_list:
            if name in defaults and name not in values:
                values[name] = defaults[name]
        context = self.env.context
        if (
            "job_order_ids" in fields_list
            and context.get("active_model") == "pp.job.order"
            and context.get("active_ids")
        ):
            values["job_order_ids"] = [fields.Command.set(context["active_ids"])]
        return values

    @api.depends("availability_sources")
    def _compute_sources(self):
        for wizard in self:
            sources = wizard.availability_sources or []
            wizard.use_on_hand = "on_hand" in sources
            wizard.use_moves = "moves" in sources
            wizard.use_purchases = "purchases" in sources
            wizard.use_planned_orders = "planned_orders" in sources

    def _inverse_sources(self):
        for wizard in self:
            wizard.availability_sources = [
                source for source in AVAILABILITY_SOURCES if wizard[f"use_{source}"]
            ]

    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = self.env._("General Planning")

    @api.model
    def _get_parameter_value_labels(self, name):
        """Labels of the keys a list parameter holds, for the run's parameters:
        the availability sources are labelled by their check boxes."""
        if name != "availability_sources":
            return {}
        return {
            source: self._fields[f"use_{source}"]._description_string(self.env)
            for source in AVAILABILITY_SOURCES
        }

    def action_plan(self):
        """Plan the job orders and open the run (RPC-callable).

        Called over RPC the planning runs at once; the wizard's button (context
        ``pp_background``) queues it and opens the run, which shows its
        progress and tells the user when it ends.
        """
        self.ensure_one()
        procedure = self.env["pp.job.order.planning"]
        params = self._get_planning_parameters()
        if self.env.context.get("pp_background"):
            run = procedure._enqueue_planning(procedure._prepare_job_parameters(params))
        else:
            run = procedure._run_planning(params)
        return run._get_form_action()

    def _get_planning_parameters(self):
        """The wizard's parameters, resolved by the planning procedure."""
        self.ensure_one()
        procedure = self.env["pp.job.order.planning"]
        values = {"company_id": self.company_id.id}
        for name in procedure._default_parameters(self.company_id):
            value = self[name]
            if name in RECORD_PARAMETERS:
                value = value.ids
            elif name == "availability_sources":
                value = list(value or [])
            values[name] = value
        return procedure._get_parameters(values)
