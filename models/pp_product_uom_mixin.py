# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PpProductUomMixin(models.AbstractModel):
    _name = "pp.product.uom.mixin"
    _description = "Item and Unit of a Planning Line"

    product_id = fields.Many2one(
        "product.product", string="Item", required=True, index=True
    )
    product_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_product_uom_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            if not line.product_uom_id or (
                line.product_id
                and line.product_uom_id.category_id
                != line.product_id.uom_id.category_id
            ):
                line.product_uom_id = line.product_id.uom_id

    @api.constrains("product_id", "product_uom_id")
    def _check_product_uom(self):
        for line in self:
            if line.product_uom_id.category_id != line.product_id.uom_id.category_id:
                raise ValidationError(
                    self.env._(
                        "%(document)s: unit %(uom)s does not convert to the unit "
                        "%(product_uom)s of %(product)s.",
                        document=line._pp_uom_document_name(),
                        uom=line.product_uom_id.name,
                        product_uom=line.product_id.uom_id.name,
                        product=line.product_id.display_name,
                    )
                )

    def _pp_uom_document_name(self):
        """Name of the document the line belongs to, for error messages."""
        return self.display_name
