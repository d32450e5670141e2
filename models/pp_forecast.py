# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class PpForecast(models.Model):
    _name = "pp.forecast"
    _description = "Sales Forecast"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    version = fields.Char(required=True, default="1", tracking=True)
    kind = fields.Selection(
        [("forecast", "Sales Forecast"), ("mps", "Master Production Schedule")],
        required=True,
        default="forecast",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("consolidated", "Consolidated")],
        required=True,
        default="draft",
        tracking=True,
        copy=False,
        help="Only consolidated forecasts feed the job order generation.",
    )
    period_type = fields.Selection(
        [("month", "Monthly"), ("week", "Weekly")],
        string="Periods",
        required=True,
        default="month",
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse", string="Production Site", check_company=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    line_ids = fields.One2many(
        "pp.forecast.line", "forecast_id", string="Lines", copy=True
    )
    line_count = fields.Integer(compute="_compute_line_count")
    date_from = fields.Date(compute="_compute_summary", store=True)
    date_to = fields.Date(compute="_compute_summary", store=True)
    product_qty = fields.Float(
        string="Total Quantity", compute="_compute_summary", store=True
    )
    note = fields.Html()

    _sql_constraints = [
        (
            "name_version_uniq",
            "unique(name, version, company_id)",
            "A forecast with this name and version already exists.",
        ),
    ]

    @api.depends("line_ids.date_start", "line_ids.date_end", "line_ids.product_qty")
    def _compute_summary(self):
        for forecast in self:
            lines = forecast.line_ids
            forecast.date_from = min(lines.mapped("date_start")) if lines else False
            forecast.date_to = max(lines.mapped("date_end")) if lines else False
            forecast.product_qty = sum(lines.mapped("product_qty"))

    @api.depends("line_ids")
    def _compute_line_count(self):
        for forecast in self:
            forecast.line_count = len(forecast.line_ids)

    def button_consolidate(self):
        """Consolidate the forecasts: their lines become demand for job orders.

        Periods left at quantity 0 in the grid are removed first.
        """
        self.line_ids.filtered(lambda line: not line.product_qty).unlink()
        empty = self.filtered(lambda f: not f.line_ids)
        if empty:
            raise UserError(
                self.env._(
                    "Forecast %(name)s has no lines to consolidate.",
                    name=empty[0].display_name,
                )
            )
        self.write({"state": "consolidated"})
        return True

    def button_draft(self):
        """Set the forecasts back to draft, unless job orders use their lines."""
        used = self.line_ids.filtered("job_order_line_ids")
        if used:
            raise UserError(
                self.env._(
                    "Forecast %(name)s already generated job orders (%(jobs)s); "
                    "it cannot go back to draft.",
                    name=used[0].forecast_id.display_name,
                    jobs=", ".join(
                        used.job_order_line_ids.job_order_id.mapped("display_name")
                    ),
                )
            )
        self.write({"state": "draft"})
        return True

    def action_fill_periods(self):
        """Open the wizard that adds a line per item and period of a horizon."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Add Periods"),
            "res_model": "pp.forecast.period.fill",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_forecast_id": self.id,
                "default_product_ids": self.line_ids.product_id.ids,
            },
        }

    def action_view_lines(self):
        """Open the forecast lines in the editable grid."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "production_planning.pp_forecast_line_action"
        )
        action["domain"] = [("forecast_id", "=", self.id)]
        action["context"] = {
            "default_forecast_id": self.id,
            "search_default_group_product": 1,
        }
        return action
