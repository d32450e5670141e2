# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class PpForecastPeriodFill(models.TransientModel):
    """Prepare a forecast's grid: one line per item and period of a horizon.

    The planner then types the quantities in the forecast lines grid, grouped
    by item, instead of creating lines one by one with hand-typed dates.
    """

    _name = "pp.forecast.period.fill"
    _description = "Forecast Periods"

    forecast_id = fields.Many2one("pp.forecast", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="forecast_id.company_id")
    period_type = fields.Selection(related="forecast_id.period_type")
    product_ids = fields.Many2many(
        "product.product",
        string="Items",
        required=True,
        domain="[('type', '=', 'consu'), ('company_id', 'in', (False, company_id))]",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        help="Leave empty for a forecast of all customers.",
    )
    date_start = fields.Date(
        string="From",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    period_count = fields.Integer(
        string="Number of Periods",
        required=True,
        default=lambda self: self.env.company.pp_planning_horizon_months or 6,
        help="How many months (or weeks) from the start date.",
    )

    @api.model
    def _period_starts(self, period_type, date_start, count):
        """First day of each of ``count`` periods from ``date_start``.

        Months start on the 1st, weeks on Monday.
        """
        if period_type == "week":
            first = date_start - timedelta(days=date_start.weekday())
            return [first + timedelta(weeks=index) for index in range(count)]
        first = date_start.replace(day=1)
        return [first + relativedelta(months=index) for index in range(count)]

    def action_fill(self):
        """Create the missing lines (quantity 0) and open the grid."""
        self.ensure_one()
        forecast = self.forecast_id
        if forecast.state != "draft":
            raise UserError(
                self.env._(
                    "Forecast %(name)s is consolidated: set it back to draft to add "
                    "periods.",
                    name=forecast.display_name,
                )
            )
        if not 1 <= self.period_count <= 104:
            raise UserError(self.env._("Give between 1 and 104 periods."))
        starts = self._period_starts(
            forecast.period_type, self.date_start, self.period_count
        )
        existing = {
            (line.product_id.id, line.partner_id.id, line.date_start)
            for line in forecast.line_ids
        }
        self.env["pp.forecast.line"].create(
            [
                {
                    "forecast_id": forecast.id,
                    "product_id": product.id,
                    "partner_id": self.partner_id.id,
                    "date_start": start,
                    "product_qty": 0.0,
                }
                for product in self.product_ids
                for start in starts
                if (product.id, self.partner_id.id, start) not in existing
            ]
        )
        return forecast.action_view_lines()
