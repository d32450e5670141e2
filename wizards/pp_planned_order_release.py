# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class PpPlannedOrderRelease(models.TransientModel):
    """Collects the options of a release (SPEC §8) and runs it.

    The release itself is ``pp.release.procedure``; this wizard only keeps its
    parameters, with the same names, and opens the release run.
    """

    _name = "pp.planned.order.release"
    _description = "Release Planned Orders"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    planned_order_ids = fields.Many2many(
        "pp.planned.order",
        string="Planned Orders",
        check_company=True,
        domain="[('company_id', '=', company_id), ('state', '=', 'draft')]",
    )
    vendor_fallback = fields.Selection(
        [
            ("refuse", "Refuse the Release"),
            ("skip", "Skip Them"),
            ("default", "Use a Default Vendor"),
        ],
        string="Planned Orders Without Vendor",
        required=True,
    )
    default_vendor_id = fields.Many2one("res.partner", check_company=True)
    merge_days = fields.Integer(
        string="Merge Purchases Within (days)",
        help="Purchase planned orders of the same item and vendor whose dates fall "
        "within this many days of the first one become one line (0: no merging).",
    )
    round_up = fields.Boolean(
        string="Round Quantities Up",
        help="Round fractional purchase quantities up to whole purchase units.",
    )
    reuse_rfq = fields.Boolean(
        string="Add to Open Requests for Quotation",
        help="Add the lines to a draft request for quotation (not sent yet) of "
        "the same vendor, receipt type, buyer and currency instead of creating a "
        "new one.",
    )
    group_subcontract = fields.Boolean(
        string="One Order per Subcontractor",
        help="Subcontract planned orders of the same subcontractor go into one "
        "purchase order; otherwise one per planned order.",
    )
    external_phases = fields.Boolean(
        string="Purchase External Phases",
        help="Also ask the partners of external phases for a quotation of the "
        "external processing service.",
    )
    count_production = fields.Integer(
        string="Production", compute="_compute_counts", help="Production orders."
    )
    count_purchase = fields.Integer(string="Purchase", compute="_compute_counts")
    count_subcontract = fields.Integer(string="Subcontract", compute="_compute_counts")
    count_external = fields.Integer(
        string="With External Phases",
        compute="_compute_counts",
        help="Production orders with external phases that have a partner.",
    )
    count_not_feasible = fields.Integer(
        string="Materials Short",
        compute="_compute_counts",
        help="Planned orders whose materials are not all available at their start.",
    )
    feasibility_note = fields.Char(
        compute="_compute_counts",
        help="What the dialog says of the planned orders with materials short.",
    )

    @api.model
    def default_get(self, fields_list):
        """Options default to the company's release defaults; planned orders to
        the draft ones selected (or those of the selected job orders)."""
        values = super().default_get(fields_list)
        context = self.env.context
        active_ids = context.get("active_ids") or []
        orders = self.env["pp.planned.order"]
        if context.get("active_model") == "pp.planned.order":
            orders = orders.browse(active_ids)
        elif context.get("active_model") == "pp.job.order":
            orders = self.env["pp.job.order"].browse(active_ids).planned_order_ids
        orders = orders.filtered(lambda order: order.state == "draft")
        if "planned_order_ids" in fields_list and orders:
            values["planned_order_ids"] = [fields.Command.set(orders.ids)]
            if "company_id" in fields_list and len(orders.company_id) == 1:
                values["company_id"] = orders.company_id.id
        company = self.env["res.company"].browse(
            values.get("company_id") or self.env.company.id
        )
        defaults = self.env["pp.release.procedure"]._default_parameters(company)
        for name in fields_list:
            if name in defaults and name not in values and name != "planned_order_ids":
                values[name] = defaults[name]
        return values

    @api.depends("planned_order_ids")
    def _compute_counts(self):
        for wizard in self:
            orders = wizard.planned_order_ids
            counts = dict.fromkeys(("production", "purchase", "subcontract"), 0)
            for order in orders:
                counts[order.order_type] += 1
            wizard.count_production = counts["production"]
            wizard.count_purchase = counts["purchase"]
            wizard.count_subcontract = counts["subcontract"]
            wizard.count_external = len(
                orders.operation_ids.filtered(
                    lambda phase: (
                        phase.is_external
                        and phase.partner_id
                        and phase.planned_order_id.order_type == "production"
                    )
                ).planned_order_id
            )
            short = len(orders.filtered(lambda o: o.feasibility in ("amber", "red")))
            wizard.count_not_feasible = short
            wizard.feasibility_note = wizard._get_feasibility_note(short)

    def _get_feasibility_note(self, short):
        """The sentence on ``short`` planned orders with materials short."""
        if not short:
            return False
        if short == 1:
            return self.env._(
                "One planned order does not have all its materials at its start "
                "(amber or red below). It can be released all the same."
            )
        return self.env._(
            "%(count)s planned orders do not have all their materials at their "
            "start (amber or red below). They can be released all the same.",
            count=short,
        )

    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = self.env._("Release Planned Orders")

    def action_release(self):
        """Release the planned orders and open the release run (RPC-callable).

        Called over RPC the release runs at once; the dialog's button (context
        ``pp_background``) queues it and opens the run, which shows its
        progress and tells the user when it ends.
        """
        self.ensure_one()
        procedure = self.env["pp.release.procedure"]
        values = {"company_id": self.company_id.id}
        for name in procedure._default_parameters(self.company_id):
            value = self[name]
            values[name] = value.ids if name in procedure._record_parameters else value
        if self.env.context.get("pp_background"):
            run = procedure._enqueue_release(values)
        else:
            run = procedure._run_release(procedure._get_parameters(values))
        return run._get_form_action()
