# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

DECORATIONS = [
    ("none", "Default"),
    ("muted", "Grey"),
    ("info", "Blue"),
    ("success", "Green"),
    ("warning", "Orange"),
    ("danger", "Red"),
    ("bf", "Bold"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    pp_default_job_order_type_id = fields.Many2one(
        "pp.job.order.type", string="Default Job Order Type"
    )
    pp_default_job_type = fields.Selection(
        [("mono", "Mono-product"), ("multi", "Multi-product")],
        string="Default Job Order Kind",
        default="mono",
    )
    pp_default_grouping = fields.Selection(
        [
            ("none", "No Grouping"),
            ("item", "By Item"),
            ("customer", "By Customer"),
            ("project", "By Project"),
            ("customer_project", "By Customer and Project"),
        ],
        string="Default Grouping",
        default="item",
    )
    pp_planning_horizon_months = fields.Integer(
        string="Planning Horizon (months)", default=6
    )
    pp_default_direction = fields.Selection(
        [("asap", "As Soon As Possible"), ("alap", "As Late As Possible")],
        string="Default Planning Direction",
        default="alap",
    )
    pp_run_history_days = fields.Integer(string="Planning History (days)", default=90)
    pp_color_not_examined = fields.Selection(
        DECORATIONS, string="Not Examined Colour", default="none"
    )
    pp_color_scheduled = fields.Selection(
        DECORATIONS, string="Scheduled Colour", default="info"
    )
    pp_color_launched = fields.Selection(
        DECORATIONS, string="Launched Colour", default="success"
    )
    pp_color_executive = fields.Selection(
        DECORATIONS, string="Executive Colour", default="warning"
    )
    pp_color_closed = fields.Selection(
        DECORATIONS, string="Closed Colour", default="bf"
    )
    pp_color_historicized = fields.Selection(
        DECORATIONS, string="Historicized Colour", default="muted"
    )
    pp_color_cancelled = fields.Selection(
        DECORATIONS, string="Cancelled Colour", default="danger"
    )
