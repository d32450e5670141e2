# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class PpMrpItem(models.Model):
    """An item of a site netted by an MRP run: the head of its time-phased
    table (SPEC §9).

    The rows (``pp.mrp.line``) hang on it and take its run, site and item:
    a run writes hundreds of thousands of rows, and each reference a row
    carried itself would cost PostgreSQL a foreign-key check per row.
    """

    _name = "pp.mrp.item"
    _description = "MRP Item of a Run"
    _order = "run_id, warehouse_id, product_id, id"
    _rec_names_search = ["product_id"]
    _log_access = False

    run_id = fields.Many2one(
        "pp.planning.run", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="run_id.company_id")
    product_id = fields.Many2one(
        "product.product",
        string="Item",
        required=True,
        index=True,
        readonly=True,
    )
    warehouse_id = fields.Many2one("stock.warehouse", string="Site", readonly=True)
    procurement_type = fields.Selection(
        related="product_id.product_tmpl_id.pp_procurement_type"
    )
    line_ids = fields.One2many(
        "pp.mrp.line", "item_id", string="Time-Phased Table", readonly=True
    )

    @api.depends("product_id", "warehouse_id")
    @api.depends_context("formatted_display_name")
    def _compute_display_name(self):
        multi_site = self.env.user.has_group("stock.group_stock_multi_warehouses")
        for item in self:
            name = item.product_id.display_name or ""
            if multi_site and item.warehouse_id:
                name = f"{name} ({item.warehouse_id.code or item.warehouse_id.name})"
            item.display_name = name
