# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ProductProduct(models.Model):
    _inherit = "product.product"

    def action_pp_view_job_orders(self):
        """Open the job orders that produce this variant."""
        self.ensure_one()
        return self.env["pp.job.order"]._action_open_domain(
            [("line_ids.product_id", "=", self.id)]
        )

    def _pp_action_open_boms(self, boms=None):
        """Open the bills of materials of these items, and ``boms``."""
        boms = boms or self.env["mrp.bom"]
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mrp.mrp_bom_form_action"
        )
        action.update(
            domain=[
                "|",
                ("id", "in", boms.ids),
                "|",
                ("product_id", "in", self.ids),
                "&",
                ("product_id", "=", False),
                ("product_tmpl_id", "in", self.product_tmpl_id.ids),
            ],
            context={},
        )
        return action

    @api.model
    def _pp_action_open_routing(self, boms):
        """Open the operations (routing) of ``boms``."""
        action = self.env["ir.actions.act_window"]._for_xml_id("mrp.mrp_routing_action")
        action.update(domain=[("bom_id", "in", boms.ids)], context={})
        return action

    def _pp_action_open_planning_parameters(self):
        """Open the planning parameters of these items' templates."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Planning Parameters"),
            "res_model": "product.template",
            "view_mode": "list,form",
            "views": [
                (
                    self.env.ref(
                        "production_planning.product_template_view_list_planning"
                    ).id,
                    "list",
                ),
                (False, "form"),
            ],
            "domain": [("id", "in", self.product_tmpl_id.ids)],
        }

    def _pp_first_seller(self, partner=None):
        """Return the first vendor line of the item valid for the current company;
        with ``partner``, its first line of that vendor (or of its parent, as
        Odoo's ``_select_seller`` matches them)."""
        self.ensure_one()
        company = self.env.company
        partners = partner | partner.parent_id if partner else None
        return self.seller_ids.filtered(
            lambda seller: (
                (not seller.product_id or seller.product_id == self)
                and (not seller.company_id or seller.company_id == company)
                and (partners is None or seller.partner_id in partners)
            )
        )[:1]

    def _pp_get_procurement_type(self, company=None):
        """How ``company`` (default: the current one) gets the item:
        ``production``, ``purchase`` or ``subcontract``.

        From the active bills of materials valid in the company (its own and
        those without company, of the template or of this variant) and the
        routes: a product shared by companies may be made in one and bought
        in another.
        """
        self.ensure_one()
        company = company or self.env.company
        template = self.product_tmpl_id
        boms = template.bom_ids.filtered(
            lambda bom: (
                bom.active
                and bom.company_id in (company, bom.company_id.browse())
                and bom.product_id in (self, bom.product_id.browse())
            )
        )
        return template._pp_procurement_type_of(boms)

    def _pp_get_lead_time(self, company=None):
        """Return the item's lead time in days, as planning uses it.

        Produced items: the manufacturing lead time of their default BOM in
        ``company`` (default: the current company); bought and subcontracted
        items: the delivery lead time of their first vendor line there.
        """
        self.ensure_one()
        company = company or self.env.company
        product = self.with_company(company)
        if product._pp_get_procurement_type(company) == "production":
            bom = self.env["mrp.bom"]._bom_find(product, company_id=company.id)[product]
            return bom.produce_delay if bom else 0
        return product._pp_first_seller().delay or 0

    def _pp_get_lot_sizes(self, procurement=None):
        """Return ``(economic lot, lot multiple)`` of the item for planning.

        Produced items use their own planning parameters; bought and
        subcontracted items those of their first vendor line (minimum quantity
        and multiple), each falling back on the item's own value when the vendor
        line leaves it empty. Vendor quantities are converted from the purchase
        unit to the item's unit. ``procurement``: the item's procurement type
        in the current company, when the caller has it already.
        """
        self.ensure_one()
        template = self.product_tmpl_id
        lot, multiple = template.pp_economic_lot, template.pp_lot_multiple
        procurement = procurement or self._pp_get_procurement_type()
        if procurement in ("purchase", "subcontract"):
            seller = self._pp_first_seller()
            if seller:
                to_product_uom = seller.product_uom._compute_quantity
                if seller.min_qty:
                    lot = to_product_uom(seller.min_qty, self.uom_id)
                if seller.pp_lot_multiple:
                    multiple = to_product_uom(seller.pp_lot_multiple, self.uom_id)
        return lot, multiple
