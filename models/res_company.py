# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

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
        string="Default Job Order Structure",
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
        DECORATIONS, string="In Execution Colour", default="warning"
    )
    pp_color_closed = fields.Selection(
        DECORATIONS, string="Closed Colour", default="bf"
    )
    pp_color_historicized = fields.Selection(
        DECORATIONS, string="In History Colour", default="muted"
    )
    pp_color_cancelled = fields.Selection(
        DECORATIONS, string="Cancelled Colour", default="danger"
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._pp_create_default_job_order_types()
        return companies

    def _pp_create_default_job_order_types(self):
        """Give each company without job order type a standard mono-product one."""
        types = self.env["pp.job.order.type"].sudo()
        have_types = set(
            types.search([("company_id", "in", self.ids)]).mapped("company_id").ids
        )
        for company in self.filtered(lambda c: c.id not in have_types):
            job_type = types.create(
                {
                    "name": self.env._("Standard"),
                    "job_type": "mono",
                    "company_id": company.id,
                }
            )
            company.sudo().pp_default_job_order_type_id = job_type
