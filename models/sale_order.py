# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    pp_job_order_count = fields.Integer(
        string="Job Orders", compute="_compute_pp_job_order_count"
    )

    def _compute_pp_job_order_count(self):
        lines = self.env["pp.job.order.line"].search(
            [("sale_line_ids.order_id", "in", self.ids)]
        )
        job_orders = defaultdict(set)
        for line in lines:
            for order in line.sale_line_ids.order_id:
                job_orders[order.id].add(line.job_order_id.id)
        for order in self:
            order.pp_job_order_count = len(job_orders[order.id])

    def action_pp_view_job_orders(self):
        """Open the job orders generated from this sale order."""
        self.ensure_one()
        return self.env["pp.job.order"]._action_open_domain(
            [("line_ids.sale_line_ids.order_id", "=", self.id)]
        )
