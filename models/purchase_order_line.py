# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

# Between the planned order numbers and the item's description on an RFQ line.
NAME_SEPARATOR = " — "
from odoo.tools import float_compare, float_round


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    pp_job_order_id = fields.Many2one(
        "pp.job.order", string="Job Order", index="btree_not_null", copy=False
    )
    pp_planned_order_ids = fields.One2many(
        "pp.planned.order",
        "purchase_line_id",
        string="Planned Orders",
        help="The planned orders released into this line.",
        groups="mrp.group_mrp_user",
    )
    pp_external_planned_order_id = fields.Many2one(
        "pp.planned.order",
        string="External Phase of",
        index="btree_not_null",
        copy=False,
        ondelete="set null",
        help="The production planned order whose external phase this line buys.",
        groups="mrp.group_mrp_user",
    )
    pp_external_phase_id = fields.Many2one(
        "pp.planned.order.operation",
        string="External Phase",
        copy=False,
        ondelete="set null",
        groups="mrp.group_mrp_user",
    )

    def _pp_get_quantity_without(self, planned_orders):
        """The line's quantity once ``planned_orders`` no longer count on it.

        The remaining planned orders' quantity in the purchase unit, rounded up
        to whole units when the release had rounded the line up.
        """
        self.ensure_one()

        def total(orders):
            return sum(
                order.product_uom_id._compute_quantity(
                    order.product_qty, self.product_uom
                )
                for order in orders
            )

        qty = total(self.pp_planned_order_ids - planned_orders)
        rounded_up = (
            float_compare(
                self.product_qty,
                total(self.pp_planned_order_ids),
                precision_rounding=self.product_uom.rounding,
            )
            > 0
        )
        if rounded_up:
            qty = float_round(qty, precision_rounding=1.0, rounding_method="UP")
        return qty

    @api.model
    def _pp_prepare_name(self, planned_orders, description):
        """The description of an RFQ line released from ``planned_orders``:
        their numbers, then the item as Odoo describes it to the vendor
        ("PLO/2026/00012 — [BLT-M10] Hex Bolt")."""
        return NAME_SEPARATOR.join(
            (", ".join(planned_orders.mapped("name")), description or "")
        )

    def _pp_get_name_without(self, planned_orders, removed):
        """The description once the ``removed`` of ``planned_orders`` no longer
        count on the line; a description the buyer rewrote is kept."""
        self.ensure_one()
        prefix = ", ".join(planned_orders.mapped("name")) + NAME_SEPARATOR
        if not (self.name or "").startswith(prefix):
            return self.name
        return self._pp_prepare_name(planned_orders - removed, self.name[len(prefix) :])
