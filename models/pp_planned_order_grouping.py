# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PpPlannedOrderGrouping(models.Model):
    """One need a grouped planned order covers (SPEC §6).

    General planning writes one line per need when a planned order covers
    several (needs of several job orders within the grouping days, or a later
    need served by an earlier lot's surplus). The lines go with the planned
    order when it is deleted or re-planned.
    """

    _name = "pp.planned.order.grouping"
    _description = "Planned Order Grouped Need"
    _order = "planned_order_id, date_need, id"
    _check_company_auto = True

    planned_order_id = fields.Many2one(
        "pp.planned.order", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="planned_order_id.company_id", store=True, index=True
    )
    job_order_id = fields.Many2one(
        "pp.job.order", required=True, ondelete="cascade", check_company=True
    )
    job_order_line_id = fields.Many2one("pp.job.order.line", ondelete="cascade")
    parent_id = fields.Many2one(
        "pp.planned.order",
        string="For Planned Order",
        ondelete="cascade",
        # Looked up by every planned order deleted (the cascade).
        index="btree_not_null",
        help="The planned order whose material this need is.",
    )
    main_job_order_id = fields.Many2one(
        related="planned_order_id.job_order_id", string="Main Job Order"
    )
    product_id = fields.Many2one(related="planned_order_id.product_id", string="Item")
    planned_order_state = fields.Selection(
        related="planned_order_id.state", string="Planned Order Status"
    )
    product_qty = fields.Float(string="Quantity", digits="Product Unit of Measure")
    product_uom_id = fields.Many2one(
        related="planned_order_id.product_id.uom_id", string="Unit"
    )
    date_need = fields.Datetime(string="Needed By")
