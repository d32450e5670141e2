# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError

from .pp_mrp_procedure import DOCUMENT_MODELS

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
    planned order that covers it (pegging). The run, site and item are those
    of the row's ``item_id`` (its only foreign key).
    """

    _name = "pp.mrp.line"
    _description = "MRP Time-Phased Line"
    # Items are written in site and item order: this is the run's table order.
    _order = "item_id, date, id"
    # Hundreds of thousands of rows per run: the run holds who made them and
    # when, the item head the run, site and item (PostgreSQL checks each
    # foreign key of each row written).
    _log_access = False

    item_id = fields.Many2one(
        "pp.mrp.item",
        string="Run Item",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    run_id = fields.Many2one(related="item_id.run_id")
    company_id = fields.Many2one(related="item_id.run_id.company_id")
    product_id = fields.Many2one(related="item_id.product_id", string="Item")
    procurement_type = fields.Selection(
        related="item_id.product_id.product_tmpl_id.pp_procurement_type"
    )
    warehouse_id = fields.Many2one(related="item_id.warehouse_id", string="Site")
    date = fields.Datetime(readonly=True)
    kind = fields.Selection(LINE_KINDS, readonly=True)
    document_ref = fields.Reference(
        DOCUMENT_MODELS, string="Document Record", readonly=True
    )
    # Written with the row: the run's history reads as it was computed even
    # once its planned orders are replaced or a document is deleted.
    document_name = fields.Char(string="Document", readonly=True)
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
    # The pegging is kept without a foreign key: the next run replaces the
    # planned orders, and a key would have every deleted order look up and
    # rewrite the rows of the runs before (hundreds of thousands a night).
    pegged_id = fields.Integer(string="Covering Planned Order ID", readonly=True)
    pegged_name = fields.Char(
        string="Covered by",
        readonly=True,
        help="The planned order of this run that covers this demand.",
    )
    pegged_planned_order_id = fields.Many2one(
        "pp.planned.order",
        string="Covering Planned Order",
        compute="_compute_pegged_planned_order_id",
        search="_search_pegged_planned_order_id",
        help="The planned order of this run that covers this demand, while it "
        "exists (a later run replaces it).",
    )

    def _compute_pegged_planned_order_id(self):
        existing = set(
            self.env["pp.planned.order"]
            .browse({line.pegged_id for line in self if line.pegged_id})
            .exists()
            .ids
        )
        for line in self:
            line.pegged_planned_order_id = (
                line.pegged_id if line.pegged_id in existing else False
            )

    def _search_pegged_planned_order_id(self, operator, value):
        if operator not in ("in", "not in", "=", "!="):
            return NotImplemented
        orders = value
        if isinstance(value, int | models.BaseModel) or value is False:
            orders = [value]
        ids = [
            order.id if isinstance(order, models.BaseModel) else order
            for order in orders
        ]
        if operator in ("=", "in"):
            return [("pegged_id", "in", [i or False for i in ids])]
        return [("pegged_id", "not in", [i or False for i in ids])]

    def action_release_planned_orders(self):
        """Open the release wizard on the draft planned orders of these rows
        (their own planned orders, or those covering them)."""
        orders = self.env["pp.planned.order"]
        for line in self:
            if line.document_ref and line.document_ref._name == "pp.planned.order":
                orders |= line.document_ref
            orders |= line.pegged_planned_order_id
        orders = orders.exists()
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
