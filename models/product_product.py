# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ProductProduct(models.Model):
    _inherit = "product.product"

    def action_pp_view_job_orders(self):
        """Open the job orders that produce this variant."""
        self.ensure_one()
        return self.env["pp.job.order"]._action_open_domain(
            [("line_ids.product_id", "=", self.id)]
        )

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

    def _pp_get_lead_time(self, company=None):
        """Return the item's lead time in days, as planning uses it.

        Produced items: the manufacturing lead time of their default BOM in
        ``company`` (default: the current company); bought and subcontracted
        items: the delivery lead time of their first vendor line there.
        """
        self.ensure_one()
        company = company or self.env.company
        product = self.with_company(company)
        if product.pp_procurement_type == "production":
            bom = self.env["mrp.bom"]._bom_find(product, company_id=company.id)[product]
            return bom.produce_delay if bom else 0
        return product._pp_first_seller().delay or 0

    def _pp_get_lot_sizes(self):
        """Return ``(economic lot, lot multiple)`` of the item for planning.

        Produced items use their own planning parameters; bought and
        subcontracted items those of their first vendor line (minimum quantity
        and multiple), each falling back on the item's own value when the vendor
        line leaves it empty. Vendor quantities are converted from the purchase
        unit to the item's unit.
        """
        self.ensure_one()
        template = self.product_tmpl_id
        lot, multiple = template.pp_economic_lot, template.pp_lot_multiple
        if template.pp_procurement_type in ("purchase", "subcontract"):
            seller = self._pp_first_seller()
            if seller:
                to_product_uom = seller.product_uom._compute_quantity
                if seller.min_qty:
                    lot = to_product_uom(seller.min_qty, self.uom_id)
                if seller.pp_lot_multiple:
                    multiple = to_product_uom(seller.pp_lot_multiple, self.uom_id)
        return lot, multiple
