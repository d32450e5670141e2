# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError

OPEN_STATES = ("not_examined", "scheduled", "launched", "executive")
CLOSED_STATES = ("closed", "historicized")


class PpJobOrderProgress(models.TransientModel):
    """Options of the job order progress report (SPEC §13): which job orders
    (types, priorities, ready-goods dates, late or overdue, states), which
    documents (procurement types), the detail level and the order."""

    _name = "pp.job.order.progress"
    _description = "Job Order Progress Report"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    type_ids = fields.Many2many("pp.job.order.type", string="Types")
    priority_ids = fields.Many2many("pp.procurement.priority", string="Priorities")
    date_from = fields.Date(string="Ready-Goods From")
    date_to = fields.Date(string="Ready-Goods To")
    late_only = fields.Boolean(
        string="Late or Overdue Only",
        help="Job orders planned to end after their ready-goods date, or past it "
        "and not closed.",
    )
    state_filter = fields.Selection(
        [("open", "Open"), ("closed", "Closed"), ("all", "All")],
        string="States",
        required=True,
        default="open",
    )
    with_production = fields.Boolean(string="Production", default=True)
    with_purchase = fields.Boolean(string="Purchase", default=True)
    with_subcontract = fields.Boolean(string="Subcontract", default=True)
    detail = fields.Selection(
        [("synthetic", "Synthetic"), ("analytic", "Analytic")],
        required=True,
        default="analytic",
        help="Synthetic: one row per job order with its documents counted by "
        "status; analytic: every document.",
    )
    order_by = fields.Selection(
        [
            ("job_order", "Job Order"),
            ("project", "Project"),
            ("customer", "Customer"),
            ("item", "Item"),
            ("date_start", "Start Date"),
        ],
        required=True,
        default="job_order",
    )

    def _get_domain(self):
        self.ensure_one()
        domain = [("company_id", "=", self.company_id.id)]
        if self.type_ids:
            domain.append(("type_id", "in", self.type_ids.ids))
        if self.priority_ids:
            domain.append(("priority_id", "in", self.priority_ids.ids))
        if self.date_from:
            domain.append(("date_deadline", ">=", self.date_from))
        if self.date_to:
            domain.append(("date_deadline", "<=", self.date_to))
        if self.state_filter == "open":
            domain.append(("state", "in", OPEN_STATES))
        elif self.state_filter == "closed":
            domain.append(("state", "in", CLOSED_STATES))
        return domain

    def _get_job_orders(self):
        jobs = self.env["pp.job.order"].search(self._get_domain())
        if self.late_only:
            today = fields.Date.context_today(self)
            jobs = jobs.filtered(
                lambda j: (
                    (j.date_end_estimated and j.date_end_estimated > j.date_deadline)
                    or (j.date_deadline < today and j.state not in CLOSED_STATES)
                )
            )
        return jobs

    def action_print(self):
        """The PDF of the chosen job orders with these options."""
        self.ensure_one()
        jobs = self._get_job_orders()
        if not jobs:
            raise UserError(self.env._("No job order matches these filters."))
        types = [
            kind
            for kind, wanted in (
                ("production", self.with_production),
                ("purchase", self.with_purchase),
                ("subcontract", self.with_subcontract),
            )
            if wanted
        ]
        return self.env.ref(
            "production_planning.action_report_pp_job_order_progress"
        ).report_action(
            jobs,
            data={
                "job_order_ids": jobs.ids,
                "options": {
                    "detail": self.detail,
                    "order_by": self.order_by,
                    "procurement_types": types,
                },
            },
        )
