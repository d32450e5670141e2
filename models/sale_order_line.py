# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    pp_ready_date = fields.Date(
        string="Ready-Goods Date",
        compute="_compute_pp_ready_date",
        store=True,
        readonly=False,
        copy=False,
        help="Date the goods must be ready. Defaults from the order's delivery "
        "date, else from the order date plus the customer lead time; a date set "
        "by hand is kept until the delivery date or the lead time changes.",
    )
    pp_job_order_line_ids = fields.Many2many(
        "pp.job.order.line",
        "pp_job_order_line_sale_line_rel",
        "sale_line_id",
        "job_order_line_id",
        string="Job Order Lines",
        copy=False,
    )
    pp_qty_to_deliver = fields.Float(
        string="Quantity to Deliver",
        compute="_compute_pp_qty_to_deliver",
        digits="Product Unit of Measure",
    )

    @api.depends("order_id.commitment_date", "customer_lead")
    def _compute_pp_ready_date(self):
        for line in self:
            order = line.order_id
            if order.commitment_date:
                line.pp_ready_date = fields.Date.to_date(order.commitment_date)
            elif order.date_order:
                line.pp_ready_date = fields.Date.to_date(order.date_order) + timedelta(
                    days=line.customer_lead or 0
                )
            else:
                line.pp_ready_date = False

    @api.depends("product_uom_qty", "qty_delivered")
    def _compute_pp_qty_to_deliver(self):
        for line in self:
            line.pp_qty_to_deliver = max(line.product_uom_qty - line.qty_delivered, 0.0)
