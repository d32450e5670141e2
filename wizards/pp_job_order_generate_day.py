# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PpJobOrderGenerateDay(models.TransientModel):
    _name = "pp.job.order.generate.day"
    _description = "Safety Stock Availability Day"
    _order = "line_id, date"

    line_id = fields.Many2one(
        "pp.job.order.generate.line", required=True, ondelete="cascade", index=True
    )
    date = fields.Date(required=True, readonly=True)
    receipts = fields.Float(readonly=True, digits="Product Unit of Measure")
    issues = fields.Float(readonly=True, digits="Product Unit of Measure")
    usage = fields.Float(
        string="Average Usage", readonly=True, digits="Product Unit of Measure"
    )
    available = fields.Float(readonly=True, digits="Product Unit of Measure")
    product_uom_id = fields.Many2one(related="line_id.product_uom_id")
    below_minimum = fields.Boolean(readonly=True)
    below_reorder_level = fields.Boolean(readonly=True)
    references = fields.Char(
        string="Documents",
        readonly=True,
        help="Receipts and issues of the day: pickings, manufacturing orders, "
        "RFQs, job orders.",
    )
