# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PpForecastLine(models.Model):
    _name = "pp.forecast.line"
    _description = "Sales Forecast Line"
    _order = "forecast_id, product_id, date_start, id"
    _check_company_auto = True

    forecast_id = fields.Many2one(
        "pp.forecast", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="forecast_id.company_id", store=True)
    state = fields.Selection(related="forecast_id.state", store=True)
    kind = fields.Selection(related="forecast_id.kind", store=True)
    product_id = fields.Many2one(
        "product.product",
        string="Item",
        required=True,
        index=True,
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", check_company=True, index="btree_not_null"
    )
    date_start = fields.Date(string="Period Start", required=True)
    date_end = fields.Date(
        string="Period End",
        compute="_compute_date_end",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    product_qty = fields.Float(
        string="Quantity", required=True, digits="Product Unit of Measure"
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
    job_order_line_ids = fields.Many2many(
        "pp.job.order.line",
        "pp_job_order_line_forecast_line_rel",
        "forecast_line_id",
        "job_order_line_id",
        string="Job Order Lines",
        copy=False,
    )
    used = fields.Boolean(
        compute="_compute_used",
        store=True,
        help="A job order was generated from this line.",
    )

    _sql_constraints = [
        (
            "product_qty_positive",
            "CHECK(product_qty >= 0)",
            "A forecast quantity cannot be negative.",
        ),
        (
            "period_valid",
            "CHECK(date_end >= date_start)",
            "A forecast period cannot end before it starts.",
        ),
    ]

    @api.depends("date_start", "forecast_id.period_type")
    def _compute_date_end(self):
        for line in self:
            if not line.date_start:
                continue
            if line.forecast_id.period_type == "week":
                line.date_end = line.date_start + timedelta(days=6)
            else:
                line.date_end = line.date_start + relativedelta(day=31)

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            if not line.product_uom_id or (
                line.product_id
                and line.product_uom_id.category_id
                != line.product_id.uom_id.category_id
            ):
                line.product_uom_id = line.product_id.uom_id

    @api.depends("job_order_line_ids.state")
    def _compute_used(self):
        for line in self:
            line.used = any(
                state != "cancelled"
                for state in line.job_order_line_ids.mapped("state")
            )

    @api.constrains("product_id", "product_uom_id")
    def _check_product_uom(self):
        for line in self:
            if line.product_uom_id.category_id != line.product_id.uom_id.category_id:
                raise ValidationError(
                    self.env._(
                        "Forecast %(forecast)s: unit %(uom)s does not convert to the "
                        "unit %(product_uom)s of %(product)s.",
                        forecast=line.forecast_id.display_name,
                        uom=line.product_uom_id.name,
                        product_uom=line.product_id.uom_id.name,
                        product=line.product_id.display_name,
                    )
                )
