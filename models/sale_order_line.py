# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    pp_ready_date = fields.Date(
        string="Ready-Goods Date",
        compute="_compute_pp_ready_date",
        inverse="_inverse_pp_ready_date",
        store=True,
        readonly=False,
        copy=False,
        help="Date the goods must be ready. Defaults from the order's delivery "
        "date, else from the order date plus the customer lead time; a date set "
        "by hand is kept.",
    )
    pp_qty_planned = fields.Float(
        string="Planned Quantity",
        readonly=True,
        copy=False,
        digits="Product Unit of Measure",
        help="Quantity the job order generation planned for this line, after "
        "netting it with the forecast of its period.",
    )
    pp_ready_date_manual = fields.Boolean(
        string="Ready-Goods Date Set by Hand", copy=False
    )
    pp_job_order_line_ids = fields.Many2many(
        "pp.job.order.line",
        "pp_job_order_line_sale_line_rel",
        "sale_line_id",
        "job_order_line_id",
        string="Job Order Lines",
        copy=False,
    )

    @api.depends(
        "pp_ready_date_manual",
        "order_id.commitment_date",
        "order_id.date_order",
        "order_id.user_id.tz",
        "customer_lead",
    )
    def _compute_pp_ready_date(self):
        for line in self:
            if not line.pp_ready_date_manual:
                line.pp_ready_date = line._pp_default_ready_date()

    def _inverse_pp_ready_date(self):
        for line in self:
            line.pp_ready_date_manual = (
                line.pp_ready_date != line._pp_default_ready_date()
            )

    def _pp_default_ready_date(self):
        """Delivery date of the order, else order date + customer lead time.

        The moment is turned into a date in the salesperson's time zone (else
        the company's), so an evening delivery stays on its own day.
        """
        self.ensure_one()
        order = self.order_id
        moment = order.commitment_date or (
            order.date_order
            and order.date_order + timedelta(days=self.customer_lead or 0)
        )
        if not moment:
            return False
        tz = order.user_id.tz or order.company_id.partner_id.tz or "UTC"
        return fields.Datetime.context_timestamp(
            self.with_context(tz=tz), moment
        ).date()
