# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

DOCUMENT_MODELS = [
    ("pp.job.order", "Job Order"),
    ("pp.planned.order", "Planned Order"),
    ("purchase.order.line", "Purchase Line"),
    ("mrp.production", "Manufacturing Order"),
    ("mrp.workorder", "Work Order"),
    ("stock.move", "Component Move"),
    ("pp.planned.order.material", "Planned Material"),
    ("pp.planned.order.operation", "Planned Phase"),
]


class PpJobCostingLine(models.Model):
    """A node of a costing's document tree (job order → planned orders, RFQ/PO
    lines, MOs → work orders and materials) with its estimated and actual
    cost; ``kind`` is empty on a document that only groups its children, whose
    subtotals include them. Written by ``pp.job.costing.action_compute()``."""

    _name = "pp.job.costing.line"
    _description = "Job Costing Line"
    _order = "costing_id, id"
    _parent_store = True

    costing_id = fields.Many2one(
        "pp.job.costing", required=True, ondelete="cascade", index=True
    )
    parent_id = fields.Many2one("pp.job.costing.line", ondelete="cascade", index=True)
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("pp.job.costing.line", "parent_id", string="Details")
    name = fields.Char(required=True)
    document_ref = fields.Reference(DOCUMENT_MODELS, string="Document")
    kind = fields.Selection(
        [
            ("material", "Material"),
            ("internal", "Internal Work"),
            ("external", "External Work"),
        ]
    )
    product_id = fields.Many2one("product.product", string="Item")
    workcenter_id = fields.Many2one("mrp.workcenter", string="Work Center")
    quantity = fields.Float(digits="Product Unit of Measure")
    estimated_cost = fields.Monetary(help="Its own estimated cost.")
    actual_cost = fields.Monetary(help="Its own actual cost.")
    estimated_subtotal = fields.Monetary(
        help="Its estimated cost with the lines under it."
    )
    actual_subtotal = fields.Monetary(help="Its actual cost with the lines under it.")
    over_estimate = fields.Boolean(help="Actual above estimated.")
    currency_id = fields.Many2one(related="costing_id.currency_id")
