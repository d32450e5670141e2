# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _pp_first_seller(self):
        """Return the first vendor line of the item valid for the current company."""
        self.ensure_one()
        company = self.env.company
        return self.seller_ids.filtered(
            lambda seller: (
                (not seller.product_id or seller.product_id == self)
                and (not seller.company_id or seller.company_id == company)
            )
        )[:1]

    def _pp_get_lot_sizes(self):
        """Return ``(economic lot, lot multiple)`` of the item for planning.

        Produced items use their own planning parameters; bought and
        subcontracted items those of their first vendor line (minimum quantity
        and multiple), each falling back on the item's own value when the vendor
        line leaves it empty.
        """
        self.ensure_one()
        template = self.product_tmpl_id
        lot, multiple = template.pp_economic_lot, template.pp_lot_multiple
        if template.pp_procurement_type in ("purchase", "subcontract"):
            seller = self._pp_first_seller()
            lot = seller.min_qty or lot
            multiple = seller.pp_lot_multiple or multiple
        return lot, multiple
