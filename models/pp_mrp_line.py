# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError

from .pp_mrp_procedure import DOCUMENT_MODELS, document_label

LINE_KINDS = [
    ("stock", "On Hand"),
    ("demand", "Demand"),
    ("dependent", "Components of a Planned Order"),
    ("supply", "Existing Supply"),
    ("planned", "Planned Order"),
]


class PpMrpLine(models.Model):
    """A row of an item's time-phased table in an MRP run (SPEC §9).

    Written by the MRP procedure in bulk, in date order per site and item:
    the on hand, each demand and supply document, each planned order of the
    run, with the projected available after it. A demand row names the
    planned order that covers it (pegging).
    """

    _name = "pp.mrp.line"
    _description = "MRP Time-Phased Line"
    _order = "run_id, warehouse_id, product_id, date, id"
    # Tens of thousands of rows per run: the run holds who made them and when,
    # and the company (each foreign key costs a check per row written).
    _log_access = False

    run_id = fields.Many2one(
        "pp.planning.run", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="run_id.company_id")
    product_id = fields.Many2one(
        "product.product", string="Item", required=True, index=True, readonly=True
    )
    procurement_type = fields.Selection(
        related="product_id.product_tmpl_id.pp_procurement_type"
    )
    warehouse_id = fields.Many2one("stock.warehouse", string="Site", readonly=True)
    date = fields.Datetime(readonly=True)
    kind = fields.Selection(LINE_KINDS, readonly=True)
    document_ref = fields.Reference(
        DOCUMENT_MODELS, string="Document Record", readonly=True
    )
    document_name = fields.Char(string="Document", compute="_compute_document_name")
    qty_demand = fields.Float(
        string="Demand", digits="Product Unit of Measure", readonly=True
    )
    qty_supply = fields.Float(
        string="Supply", digits="Product Unit of Measure", readonly=True
    )
    qty_available = fields.Float(
        string="Projected Available",
        digits="Product Unit of Measure",
        readonly=True,
        # A running balance: its sum over rows means nothing.
        aggregator=None,
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    pegged_planned_order_id = fields.Many2one(
        "pp.planned.order",
        string="Covered by",
        readonly=True,
        ondelete="set null",
        help="The planned order of this run that covers this demand.",
    )

    def _compute_document_name(self):
        for line in self:
            line.document_name = document_label(line.document_ref)

    def action_release_planned_orders(self):
        """Open the release wizard on the draft planned orders of these rows
        (their own planned orders, or those covering them)."""
        orders = self.env["pp.planned.order"]
        for line in self:
            if line.document_ref and line.document_ref._name == "pp.planned.order":
                orders |= line.document_ref
            orders |= line.pegged_planned_order_id
        orders = orders.filtered(lambda order: order.state == "draft")
        if not orders:
            raise UserError(
                self.env._("These rows have no draft planned order to release.")
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "production_planning.pp_planned_order_release_action"
        )
        action["context"] = {
            "active_model": "pp.planned.order",
            "active_ids": orders.ids,
            "dialog_size": "extra-large",
        }
        return action
