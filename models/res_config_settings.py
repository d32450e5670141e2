# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    pp_default_job_order_type_id = fields.Many2one(
        related="company_id.pp_default_job_order_type_id", readonly=False
    )
    pp_default_job_type = fields.Selection(
        related="company_id.pp_default_job_type", readonly=False
    )
    pp_default_grouping = fields.Selection(
        related="company_id.pp_default_grouping", readonly=False
    )
    pp_planning_horizon_months = fields.Integer(
        related="company_id.pp_planning_horizon_months", readonly=False
    )
    pp_default_direction = fields.Selection(
        related="company_id.pp_default_direction", readonly=False
    )
    pp_run_history_days = fields.Integer(
        related="company_id.pp_run_history_days", readonly=False
    )
    pp_color_not_examined = fields.Selection(
        related="company_id.pp_color_not_examined", readonly=False
    )
    pp_color_scheduled = fields.Selection(
        related="company_id.pp_color_scheduled", readonly=False
    )
    pp_color_launched = fields.Selection(
        related="company_id.pp_color_launched", readonly=False
    )
    pp_color_executive = fields.Selection(
        related="company_id.pp_color_executive", readonly=False
    )
    pp_color_closed = fields.Selection(
        related="company_id.pp_color_closed", readonly=False
    )
    pp_color_historicized = fields.Selection(
        related="company_id.pp_color_historicized", readonly=False
    )
    pp_color_cancelled = fields.Selection(
        related="company_id.pp_color_cancelled", readonly=False
    )
