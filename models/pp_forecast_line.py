# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from ..services.lots import format_qty


class PpForecastLine(models.Model):
    _name = "pp.forecast.line"
    _inherit = ["pp.product.uom.mixin"]
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
    job_order_line_ids = fields.Many2many(
        "pp.job.order.line",
        "pp_job_order_line_forecast_line_rel",
        "forecast_line_id",
        "job_order_line_id",
        string="Job Order Lines",
        copy=False,
    )
    qty_planned = fields.Float(
        string="Planned Quantity",
        readonly=True,
        copy=False,
        digits="Product Unit of Measure",
        help="Quantity the job order generation planned for this line, after "
        "netting it with the sale orders of its period.",
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

    @api.depends("forecast_id.display_name", "product_id", "date_start", "product_qty")
    def _compute_display_name(self):
        for line in self:
            line.display_name = self.env._(
                "%(forecast)s: %(item)s %(period)s × %(qty)s",
                forecast=line.forecast_id.display_name or "",
                item=line.product_id.default_code or line.product_id.name or "",
                period=line.date_start and line.date_start.strftime("%Y-%m") or "",
                qty=format_qty(line.product_qty),
            )

    @api.depends("date_start", "forecast_id.period_type")
    def _compute_date_end(self):
        for line in self:
            if not line.date_start:
                continue
            if line.forecast_id.period_type == "week":
                line.date_end = line.date_start + timedelta(days=6)
            else:
                line.date_end = line.date_start + relativedelta(day=31)

    @api.depends("job_order_line_ids.state")
    def _compute_used(self):
        for line in self:
            line.used = any(
                state != "cancelled"
                for state in line.job_order_line_ids.mapped("state")
            )

    def _pp_uom_document_name(self):
        return self.forecast_id.display_name
