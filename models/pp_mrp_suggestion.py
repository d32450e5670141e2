# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .pp_mrp_procedure import DOCUMENT_MODELS

ACTION_TYPES = [
    ("expedite", "Expedite"),
    ("postpone", "Postpone"),
    ("increase", "Increase"),
    ("decrease", "Decrease"),
    ("cancel", "Cancel"),
]


class PpMrpSuggestion(models.Model):
    """A change MRP proposes on an existing supply (SPEC §9): a purchase line,
    an MO or a planned order, with its current and proposed date and
    quantity. Suggestions are advice: nothing is changed by them."""

    _name = "pp.mrp.suggestion"
    _description = "MRP Suggestion"
    _order = "run_id, product_id, date_current, id"

    run_id = fields.Many2one(
        "pp.planning.run", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    product_id = fields.Many2one(
        "product.product", string="Item", required=True, index=True, readonly=True
    )
    procurement_type = fields.Selection(
        related="product_id.product_tmpl_id.pp_procurement_type"
    )
    warehouse_id = fields.Many2one("stock.warehouse", string="Site", readonly=True)
    action_type = fields.Selection(
        ACTION_TYPES, string="Action", required=True, readonly=True
    )
    document_ref = fields.Reference(
        DOCUMENT_MODELS, string="Document Record", readonly=True
    )
    # Written with the row, so an old run reads as computed once its
    # documents are replaced.
    document_name = fields.Char(string="Document", readonly=True)
    date_current = fields.Datetime(string="Current Date", readonly=True)
    date_proposed = fields.Datetime(string="Proposed Date", readonly=True)
    qty_current = fields.Float(
        string="Current Quantity", digits="Product Unit of Measure", readonly=True
    )
    qty_proposed = fields.Float(
        string="Proposed Quantity", digits="Product Unit of Measure", readonly=True
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
