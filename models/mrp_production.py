# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    pp_job_order_id = fields.Many2one(
        "pp.job.order", string="Job Order", index="btree_not_null", copy=False
    )
    pp_planned_order_ids = fields.One2many(
        "pp.planned.order",
        "production_id",
        string="Planned Orders",
        help="The planned order released into this manufacturing order.",
        groups="mrp.group_mrp_user",
    )
    pp_parent_planned_order_id = fields.Many2one(
        "pp.planned.order",
        string="Supplies Planned Order",
        compute="_compute_pp_parent_planned_order_id",
        help="Pegging: the planned order whose materials this order produces "
        "(released or not yet).",
        groups="mrp.group_mrp_user",
    )

    pp_component_planned_order_ids = fields.Many2many(
        "pp.planned.order",
        string="Supplied by Planned Orders",
        compute="_compute_pp_parent_planned_order_id",
        help="Pegging: the planned orders that produce or buy this order's "
        "materials (released or not yet).",
        groups="mrp.group_mrp_user",
    )

    pp_late_reason = fields.Char(
        string="Late Because",
        readonly=True,
        copy=False,
        help="Why the applied finite capacity schedule ends this order late.",
    )
    pp_planned_order_count = fields.Integer(
        string="Planned Order Count",
        compute="_compute_pp_parent_planned_order_id",
        groups="mrp.group_mrp_user",
    )

    def _compute_pp_parent_planned_order_id(self):
        for production in self:
            planned = production.pp_planned_order_ids
            production.pp_parent_planned_order_id = planned.parent_id[:1]
            production.pp_component_planned_order_ids = planned.child_ids
            production.pp_planned_order_count = len(
                planned | planned.parent_id | planned.child_ids
            )

    def action_view_pp_planned_orders(self):
        """Open the planned order released into this MO, the one it supplies
        and those supplying its materials (pegging)."""
        self.ensure_one()
        orders = (
            self.pp_planned_order_ids
            | self.pp_parent_planned_order_id
            | self.pp_component_planned_order_ids
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "production_planning.pp_planned_order_action"
        )
        action.update(domain=[("id", "in", orders.ids)], context={})
        return action

    def _get_backorder_mo_vals(self):
        """A backorder still produces for the job order of its manufacturing order."""
        vals = super()._get_backorder_mo_vals()
        vals["pp_job_order_id"] = self.pp_job_order_id.id
        return vals
