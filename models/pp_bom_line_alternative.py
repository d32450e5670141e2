# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PpBomLineAlternative(models.Model):
    _name = "pp.bom.line.alternative"
    _description = "Alternative Material of a BOM Line"
    _order = "bom_line_id, priority, id"

    bom_line_id = fields.Many2one(
        "mrp.bom.line", string="BOM Line", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="bom_line_id.company_id", store=True)
    priority = fields.Integer(
        default=10,
        help="Lower numbers are tried first when the main material is short.",
    )
    product_id = fields.Many2one(
        "product.product", string="Alternative Material", required=True
    )
    ratio = fields.Float(
        string="Quantity Ratio",
        default=1.0,
        digits="Product Unit of Measure",
        help="Quantity of the alternative used per unit of the main material.",
    )

    _sql_constraints = [
        ("ratio_positive", "CHECK(ratio > 0)", "The quantity ratio must be positive."),
    ]

    @api.constrains("product_id", "bom_line_id")
    def _check_product_id(self):
        for alternative in self:
            if alternative.product_id == alternative.bom_line_id.product_id:
                raise ValidationError(
                    self.env._(
                        "%(product)s cannot be an alternative of itself.",
                        product=alternative.product_id.display_name,
                    )
                )
