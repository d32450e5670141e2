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
    pp_default_consider_availability = fields.Boolean(
        string="Plan Against Availability",
        help="General planning nets the needs against stock and supply by default "
        "(on hand, stock moves, purchases, other job orders' planned orders).",
    )
    pp_default_availability_mode = fields.Selection(
        [("at_date", "At the Need Date"), ("minimum", "Minimum Over the Period")],
        string="Default Availability",
        default="at_date",
        help="How general planning reads availability by default: what is there "
        "at the need date, or the lowest projected level from then on.",
    )
    pp_run_history_days = fields.Integer(string="Planning History (days)", default=90)
    pp_release_vendor_fallback = fields.Selection(
        [
            ("refuse", "Refuse the Release"),
            ("skip", "Skip the Planned Order"),
            ("default", "Use the Default Vendor"),
        ],
        string="Planned Orders Without Vendor",
        default="refuse",
    )
    pp_release_default_vendor_id = fields.Many2one(
        "res.partner", string="Default Vendor"
    )
    pp_release_merge_days = fields.Integer(
        string="Merge Purchases Within (days)",
        default=0,
        help="Release purchase planned orders of the same item and vendor whose "
        "dates fall within this many days as one request for quotation line.",
    )
    pp_release_round_up = fields.Boolean(
        string="Round Purchase Quantities Up",
        help="Round fractional quantities up to whole purchase units.",
    )
    pp_release_reuse_rfq = fields.Boolean(
        string="Add to Open Requests for Quotation",
        default=True,
        help="Add released lines to a draft request for quotation (not sent yet) "
        "of the same vendor, company, receipt type, buyer and currency instead "
        "of creating a new one.",
    )
    pp_release_group_subcontract = fields.Boolean(
        string="One Subcontract Order per Subcontractor",
        default=True,
        help="Release the subcontract planned orders of the same subcontractor "
        "into one purchase order; otherwise one per planned order.",
    )
    pp_release_external_phases = fields.Boolean(
        string="Purchase External Phases",
        help="Releasing a production planned order also asks its external phases' "
        "partners for a quotation, for the external processing service.",
    )
    pp_external_service_id = fields.Many2one(
        "product.product",
        string="External Processing Service",
        domain="[('type', '=', 'service'), ('purchase_ok', '=', True)]",
        help="The service bought from the partner of an external phase.",
    )
    pp_flow_generation = fields.Boolean(
        string="Flow Generation",
        help="Job order generation offers to create the job orders, plan them and "
        "release their planned orders in one action.",
    )
    pp_flow_release = fields.Boolean(
        string="Release in Flow Generation",
        default=True,
        help="Flow generation releases the planned orders it created, with the "
        "release defaults above.",
    )
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
