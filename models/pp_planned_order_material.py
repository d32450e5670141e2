# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .pp_planned_order import FEASIBILITY


class PpPlannedOrderMaterial(models.Model):
    """A component a planned order needs, with its date of use.

    Planning and MRP write them by the hundred thousand: who made them and
    when is their planned order's, and so is the company (PostgreSQL checks
    each foreign key of each row written).
    """

    _name = "pp.planned.order.material"
    _description = "Planned Order Material"
    _order = "planned_order_id, date_use, id"
    _check_company_auto = True
    _log_access = False

    planned_order_id = fields.Many2one(
        "pp.planned.order", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="planned_order_id.company_id")
    product_id = fields.Many2one(
        "product.product", string="Item", required=True, check_company=True
    )
    product_qty = fields.Float(
        string="Quantity", required=True, digits="Product Unit of Measure"
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    qty_per_unit = fields.Float(
        string="Quantity per Unit", digits="Product Unit of Measure"
    )
    scrap_rate = fields.Float(string="Scrap %")
    date_use = fields.Datetime(string="Usage Date")
    operation_id = fields.Many2one(
        "pp.planned.order.operation",
        string="Phase",
        ondelete="set null",
        domain="[('planned_order_id', '=', planned_order_id)]",
    )
    qty_available = fields.Float(
        string="Available at Usage Date", digits="Product Unit of Measure"
    )
    is_alternative = fields.Boolean(string="Alternative")
    qty_feasible = fields.Float(
        string="Available at Release",
        digits="Product Unit of Measure",
        compute="_compute_feasibility",
        help="What the stock position gives this material at its usage date now, "
        "after the needs of the planned orders starting earlier.",
    )
    qty_planned_cover = fields.Float(
        string="Covered by Planned Orders",
        digits="Product Unit of Measure",
        compute="_compute_feasibility",
        help="What draft planned orders ending by the usage date give this "
        "material beyond the stock position.",
    )
    feasibility = fields.Selection(FEASIBILITY, compute="_compute_feasibility")

    def _compute_feasibility(self):
        _colours, checks = self.planned_order_id._get_feasibility()
        for material in self:
            check = checks.get(material.id)
            material.qty_feasible = check.available if check else 0.0
            material.qty_planned_cover = check.planned if check else 0.0
            material.feasibility = check.colour if check else False
