# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class PpJobOrderLine(models.Model):
    _name = "pp.job.order.line"
    _inherit = ["pp.product.uom.mixin"]
    _description = "Job Order Line"
    _order = "job_order_id, sequence, id"
    _check_company_auto = True

    job_order_id = fields.Many2one(
        "pp.job.order",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(
        string="No.", help="Progressive number of the line in its job order."
    )
    company_id = fields.Many2one(
        related="job_order_id.company_id", store=True, index=True
    )
    state = fields.Selection(related="job_order_id.state", store=True)
    warehouse_id = fields.Many2one(
        related="job_order_id.warehouse_id", store=True, index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        check_company=True,
    )
    product_id = fields.Many2one(
        "product.product",
        string="Item",
        required=True,
        check_company=True,
        index=True,
        domain="[('type', '=', 'consu')]",
    )
    product_tmpl_id = fields.Many2one(
        related="product_id.product_tmpl_id", store=True, index=True
    )
    bom_id = fields.Many2one(
        "mrp.bom",
        string="Version",
        check_company=True,
        domain="['|', ('product_id', '=', product_id), '&', "
        "('product_id', '=', False), ('product_tmpl_id', '=', product_tmpl_id)]",
        help="Bill of materials / routing used to plan the item; the default one "
        "when empty.",
    )
    product_qty = fields.Float(
        string="Quantity", required=True, default=1.0, digits="Product Unit of Measure"
    )
    date_deadline = fields.Date(
        string="Ready-Goods Date",
        compute="_compute_date_deadline",
        store=True,
        readonly=False,
        precompute=True,
    )
    date_start_estimated = fields.Date(
        string="Estimated Start", compute="_compute_dates_estimated", store=True
    )
    date_end_estimated = fields.Date(
        string="Estimated End", compute="_compute_dates_estimated", store=True
    )
    suggested_date = fields.Date(readonly=True, copy=False)
    date_start_given = fields.Date(
        string="Given Start Date",
        copy=False,
        help="Start date given at generation to a demand without ready-goods date; "
        "the ready-goods date is this date plus the item's lead time.",
    )
    demand_qty = fields.Float(
        string="Need",
        digits="Product Unit of Measure",
        copy=False,
        help="The demand this line covers before lot rounding, in the item's "
        "unit; when a generation adds demand to the line, the quantity is the "
        "whole need rounded again.",
    )
    forecast_date_start = fields.Date(string="Forecast Period Start")
    forecast_date_end = fields.Date(string="Forecast Period End")
    sale_line_ids = fields.Many2many(
        "sale.order.line",
        "pp_job_order_line_sale_line_rel",
        "job_order_line_id",
        "sale_line_id",
        string="Sale Order Lines",
        copy=False,
        check_company=True,
    )
    forecast_line_ids = fields.Many2many(
        "pp.forecast.line",
        "pp_job_order_line_forecast_line_rel",
        "job_order_line_id",
        "forecast_line_id",
        string="Forecast Lines",
        copy=False,
        check_company=True,
    )
    planned_order_ids = fields.One2many(
        "pp.planned.order", "job_order_line_id", string="Planned Orders"
    )
    procurement_type = fields.Selection(
        related="product_tmpl_id.pp_procurement_type", string="Procurement Type"
    )
    economic_lot = fields.Float(
        compute="_compute_lot_sizes",
        digits="Product Unit of Measure",
        help="The item's economic lot; for bought items the first vendor's minimum "
        "quantity.",
    )
    lot_multiple = fields.Float(
        compute="_compute_lot_sizes", digits="Product Unit of Measure"
    )
    scrap_rate = fields.Float(related="product_tmpl_id.pp_scrap_rate", string="Scrap %")
    lead_time = fields.Float(
        string="Lead Time (days)",
        compute="_compute_lead_time",
        help="Manufacturing lead time for produced items, the first vendor's "
        "delivery lead time for bought items, the subcontractor's for "
        "subcontracted ones.",
    )

    _sql_constraints = [
        (
            "product_qty_positive",
            "CHECK(product_qty > 0)",
            "The quantity of a job order line must be positive.",
        ),
    ]

    @api.depends("job_order_id.name", "sequence", "product_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = (
                f"{line.job_order_id.name or ''}/{line.sequence} "
                f"{line.product_id.default_code or line.product_id.name or ''}"
            ).strip()

    @api.depends("job_order_id.partner_id")
    def _compute_partner_id(self):
        for line in self:
            if not line.partner_id:
                line.partner_id = line.job_order_id.partner_id

    @api.depends("job_order_id.date_deadline")
    def _compute_date_deadline(self):
        for line in self:
            if not line.date_deadline:
                line.date_deadline = line.job_order_id.date_deadline

    def _pp_get_planned_order_dates(self):
        """Return ``{line_id: (start, end)}`` of the lines' planned orders.

        A line's planned orders are its own top-level ones (or the grouped one
        covering it) and every planned order pegged below them, so that a line
        starts when its first component is bought, as its job order does. Dates
        in the user's time zone; cancelled planned orders do not count. See
        ``pp.job.order._pp_get_planned_order_dates``.
        """
        Order = self.env["pp.planned.order"]
        job_orders = self.job_order_id
        covering = self.env["pp.planned.order.grouping"].search(
            [("job_order_line_id", "in", self.ids)]
        )
        orders = Order.search(
            [
                "|",
                ("job_order_id", "in", job_orders.ids),
                ("id", "in", covering.planned_order_id.ids),
                ("state", "!=", "cancelled"),
            ]
        )
        children = {}
        for order in orders:
            children.setdefault(order.parent_id.id, []).append(order)
        tops = {}
        for order in orders.filtered("job_order_line_id"):
            tops.setdefault(order.job_order_line_id.id, []).append(order)
        for grouping in covering:
            if grouping.planned_order_id in orders:
                tops.setdefault(grouping.job_order_line_id.id, []).append(
                    grouping.planned_order_id
                )
        result = {}
        for line in self:
            todo = list(tops.get(line.id, ()))
            seen = set()
            start = end = None
            while todo:
                order = todo.pop()
                if order.id in seen:
                    continue
                seen.add(order.id)
                start = min(start or order.date_start, order.date_start)
                end = max(end or order.date_end, order.date_end)
                todo.extend(children.get(order.id, ()))
            if start:
                result[line.id] = (
                    fields.Datetime.context_timestamp(self, start).date(),
                    fields.Datetime.context_timestamp(self, end).date(),
                )
        return result

    @api.depends(
        "state",
        "date_deadline",
        "planned_order_ids.date_start",
        "planned_order_ids.date_end",
        "planned_order_ids.state",
        # The orders below the line's: their job order's dates move with them.
        "job_order_id.date_start_estimated",
        "job_order_id.date_end_estimated",
    )
    def _compute_dates_estimated(self):
        planned = self._pp_get_planned_order_dates()
        for line in self:
            start, end = planned.get(line.id, (line.date_deadline, line.date_deadline))
            line.date_start_estimated = start
            line.date_end_estimated = end

    @api.depends(
        "product_id",
        "bom_id.produce_delay",
        "procurement_type",
        "product_tmpl_id.seller_ids.delay",
    )
    def _compute_lead_time(self):
        for line in self:
            if line.bom_id and line.procurement_type == "production":
                line.lead_time = line.bom_id.produce_delay
            elif line.product_id:
                line.lead_time = line.product_id._pp_get_lead_time(line.company_id)
            else:
                line.lead_time = 0.0

    @api.depends(
        "product_id",
        "procurement_type",
        "product_tmpl_id.pp_economic_lot",
        "product_tmpl_id.pp_lot_multiple",
        "product_tmpl_id.seller_ids.min_qty",
        "product_tmpl_id.seller_ids.pp_lot_multiple",
    )
    def _compute_lot_sizes(self):
        for line in self:
            line.economic_lot, line.lot_multiple = (
                line.product_id.with_company(line.company_id)._pp_get_lot_sizes()
                if line.product_id
                else (0.0, 0.0)
            )

    @api.constrains("job_order_id")
    def _check_job_order_single_line(self):
        self.job_order_id._check_mono_single_line()

    @api.constrains("sale_line_ids", "job_order_id")
    def _check_job_order_warehouse(self):
        self.job_order_id._check_warehouse()

    @api.model_create_multi
    def create(self, vals_list):
        next_numbers = {}
        for vals in vals_list:
            job_order_id = vals.get("job_order_id")
            if vals.get("sequence") or not job_order_id:
                continue
            if job_order_id not in next_numbers:
                last = self.search(
                    [("job_order_id", "=", job_order_id)],
                    order="sequence desc",
                    limit=1,
                )
                next_numbers[job_order_id] = last.sequence + 1
            vals["sequence"] = next_numbers[job_order_id]
            next_numbers[job_order_id] += 1
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_without_released_orders(self):
        """A line's planned orders go with it: never a released one."""
        self.env["pp.planned.order"].search(
            [("job_order_line_id", "in", self.ids)]
        )._check_nothing_released_below()

    def _get_boms(self):
        """Return the BOM of each line: its version, else the item's default BOM."""
        boms = self.bom_id
        missing = self.filtered(lambda line: not line.bom_id).product_id
        if missing:
            found = self.env["mrp.bom"]._bom_find(missing)
            boms |= self.env["mrp.bom"].concat(*found.values())
        return boms

    def _pp_uom_document_name(self):
        return self.job_order_id.display_name
