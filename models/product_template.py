# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..services.safety_stock import average_daily_usage


class ProductTemplate(models.Model):
    _inherit = "product.template"

    pp_planning_policy = fields.Selection(
        [
            ("job_order", "Job Order"),
            ("stock", "Stock (safety stock)"),
            ("mrp", "MRP"),
            ("none", "Not Planned"),
        ],
        string="Planning Policy",
        default="none",
        required=True,
        help="Job Order: planned only through job orders. Stock: kept between the "
        "minimum stock and the reorder level. MRP: planned by MRP netting.",
    )
    pp_generate_job_orders = fields.Boolean(
        string="Generate Job Orders from Sales",
        help="Confirmed sale order lines of this product are proposed by the job "
        "order generation.",
    )
    pp_procurement_type = fields.Selection(
        [
            ("production", "Production"),
            ("purchase", "Purchase"),
            ("subcontract", "Subcontract"),
        ],
        string="Procurement Type",
        compute="_compute_pp_procurement_type",
        store=True,
        help="Derived from the bills of materials and the routes of the product. "
        "A product shared by several companies is planned in each from the bills "
        "of materials valid there.",
    )
    pp_economic_lot = fields.Float(
        string="Economic Lot",
        digits="Product Unit of Measure",
        help="Minimum quantity to produce at once.",
    )
    pp_lot_multiple = fields.Float(
        string="Lot Multiple",
        digits="Product Unit of Measure",
        help="Produced quantities are rounded up to a multiple of this quantity.",
    )
    pp_maximum_lot = fields.Float(
        string="Maximum Lot",
        digits="Product Unit of Measure",
        help="MRP: a need above this quantity is split into several planned orders "
        "of at most this quantity (0 = no maximum).",
    )
    pp_grouping_days = fields.Integer(
        string="MRP Grouping Days",
        help="MRP: needs within this many days of the first are covered by one "
        "planned order due on the first need (0 = one order per need date).",
    )
    pp_lot_used = fields.Float(
        string="Lot Planned",
        digits="Product Unit of Measure",
        compute="_compute_pp_lots_used",
        help="The economic lot planning uses: for a bought or subcontracted item "
        "its first vendor line's minimum quantity, else the item's own.",
    )
    pp_multiple_used = fields.Float(
        string="Multiple Planned",
        digits="Product Unit of Measure",
        compute="_compute_pp_lots_used",
        help="The lot multiple planning uses: for a bought or subcontracted item "
        "its first vendor line's multiple, else the item's own.",
    )
    pp_scrap_rate = fields.Float(string="Scrap %", digits=(16, 2))
    pp_coverage_weeks = fields.Float(
        string="Coverage Index (weeks)",
        help="Weeks of future demand to cover.",
    )
    pp_min_stock = fields.Float(
        string="Minimum Stock",
        digits="Product Unit of Measure",
        help="Safety stock policy: availability is kept above this quantity. "
        "When minimum stock and reorder level are both empty, the minimum and "
        "maximum of the item's reordering rules are used.",
    )
    pp_reorder_level = fields.Float(
        string="Reorder Level",
        digits="Product Unit of Measure",
        help="Safety stock policy: the upper level of the stock, reached by the "
        "replenishments when asked.",
    )
    pp_reorder_days = fields.Integer(
        string="Reorder Days",
        help="Days needed to consume the stock between the reorder level and the "
        "minimum stock.",
    )
    pp_average_daily_usage = fields.Float(
        string="Average Daily Usage",
        compute="_compute_pp_average_daily_usage",
        digits="Product Unit of Measure",
    )
    pp_job_order_line_count = fields.Integer(
        string="Job Orders", compute="_compute_pp_job_order_line_count"
    )

    _sql_constraints = [
        (
            "pp_planning_values_positive",
            (
                "CHECK(pp_economic_lot >= 0 AND pp_lot_multiple >= 0 "
                "AND pp_scrap_rate >= 0 AND pp_coverage_weeks >= 0 "
                "AND pp_min_stock >= 0 AND pp_reorder_level >= 0 "
                "AND pp_reorder_days >= 0 AND pp_maximum_lot >= 0 "
                "AND pp_grouping_days >= 0)"
            ),
            (
                "Planning parameters (lot, multiple, maximum lot, grouping days, "
                "scrap, coverage, stock levels, reorder days) cannot be negative."
            ),
        ),
    ]

    @api.depends("bom_ids.type", "bom_ids.active", "bom_ids.company_id", "route_ids")
    def _compute_pp_procurement_type(self):
        for template in self:
            boms = template.bom_ids.filtered("active")
            if template.company_id:
                boms = boms.filtered(
                    lambda bom, company=template.company_id: (
                        bom.company_id in (company, bom.company_id.browse())
                    )
                )
            template.pp_procurement_type = template._pp_procurement_type_of(boms)

    def _pp_procurement_type_of(self, boms):
        """``production``, ``purchase`` or ``subcontract`` for the item made
        from ``boms``: subcontracted with only subcontracting BOMs, produced
        with a normal BOM or the manufacture route, bought otherwise."""
        self.ensure_one()
        # The id from the cached xmlid lookup: ``env.ref`` would query whether
        # the route exists on each call (once per item in a batch).
        manufacture_route_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "mrp.route_warehouse0_manufacture"
        )
        bom_types = set(boms.mapped("type"))
        if "subcontract" in bom_types and "normal" not in bom_types:
            return "subcontract"
        if "normal" in bom_types or (
            manufacture_route_id and manufacture_route_id in self.route_ids.ids
        ):
            return "production"
        return "purchase"

    @api.depends(
        "pp_economic_lot",
        "pp_lot_multiple",
        "pp_procurement_type",
        "seller_ids.min_qty",
        "seller_ids.pp_lot_multiple",
    )
    @api.depends_context("company")
    def _compute_pp_lots_used(self):
        for template in self:
            variant = template.product_variant_ids[:1]
            lot, multiple = (
                variant._pp_get_lot_sizes()
                if variant
                else (template.pp_economic_lot, template.pp_lot_multiple)
            )
            template.pp_lot_used = lot
            template.pp_multiple_used = multiple

    @api.depends("pp_min_stock", "pp_reorder_level", "pp_reorder_days")
    def _compute_pp_average_daily_usage(self):
        for template in self:
            template.pp_average_daily_usage = average_daily_usage(
                template.pp_min_stock,
                template.pp_reorder_level,
                template.pp_reorder_days,
            )

    def _compute_pp_job_order_line_count(self):
        groups = self.env["pp.job.order.line"]._read_group(
            [("product_id.product_tmpl_id", "in", self.ids)],
            ["product_tmpl_id"],
            ["job_order_id:count_distinct"],
        )
        counts = {template.id: count for template, count in groups}
        for template in self:
            template.pp_job_order_line_count = counts.get(template.id, 0)

    def action_pp_view_job_orders(self):
        """Open the job orders that produce this product."""
        self.ensure_one()
        return self.env["pp.job.order"]._action_open_domain(
            [("line_ids.product_id.product_tmpl_id", "=", self.id)]
        )
