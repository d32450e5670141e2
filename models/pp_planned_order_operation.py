# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

OVERLAP_TYPES = [
    ("none", "None"),
    ("total", "Total"),
    ("pieces", "After Pieces"),
    ("time", "After Minutes"),
]


class PpPlannedOrderOperation(models.Model):
    _name = "pp.planned.order.operation"
    _description = "Planned Order Phase"
    _order = "planned_order_id, sequence, id"
    _check_company_auto = True

    planned_order_id = fields.Many2one(
        "pp.planned.order", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="planned_order_id.company_id", store=True, index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    workcenter_id = fields.Many2one(
        "mrp.workcenter", string="Work Center", check_company=True, index=True
    )
    operation_id = fields.Many2one(
        "mrp.routing.workcenter", string="Routing Operation", check_company=True
    )
    is_external = fields.Boolean(
        string="External", help="Done by a subcontractor (external phase)."
    )
    partner_id = fields.Many2one("res.partner", string="External Partner")
    time_setup = fields.Float(string="Setup (min)")
    time_run = fields.Float(
        string="Run (min)", help="Run time for the whole quantity, in minutes."
    )
    time_cycle = fields.Float(
        string="Time per Cycle (min)",
        help="Minutes of one cycle, which makes the pieces per cycle on one machine.",
    )
    machines = fields.Integer(default=1)
    workers = fields.Integer(default=1)
    pieces_per_cycle = fields.Float(default=1.0)
    overlap_type = fields.Selection(
        OVERLAP_TYPES,
        string="Overlap",
        default="none",
        required=True,
    )
    overlap_value = fields.Float()
    queue_minutes = fields.Float(string="Queue (min)")
    queue_loads_workcenter = fields.Boolean(
        string="Queue Loads the Work Center",
        help="The queue time occupies the work center (e.g. drying in the oven).",
    )
    date_start = fields.Datetime(string="Start")
    date_end = fields.Datetime(string="End")
    sequence_number = fields.Integer(
        string="Phase Sequence", help="Order on the work center (phase sequencing)."
    )
    job_order_id = fields.Many2one(
        related="planned_order_id.job_order_id", store=True, index=True
    )
    product_id = fields.Many2one(
        related="planned_order_id.product_id", string="Item", store=True
    )

    def write(self, vals):
        """A phase moved (timeline) shifts its draft order by as much and times
        all the order's phases again, on the work centers they now have."""
        if "date_start" not in vals or self.env.context.get("pp_keep_timing"):
            return super().write(vals)
        shifts = {}
        new_start = fields.Datetime.to_datetime(vals["date_start"])
        for phase in self:
            order = phase.planned_order_id
            if order.state == "draft" and phase.date_start and new_start:
                shifts[order] = new_start - phase.date_start
        result = super().write(vals)
        for order, shift in shifts.items():
            order.write({"date_start": order.date_start + shift})
        return result
