# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PpFcsTask(models.Model):
    """A phase as an FCS execution scheduled it: a planned order phase
    (``operation_id``) or an MO's work order (``workorder_id``) on a work
    center, machine, from start to end (written in bulk by the procedure)."""

    _name = "pp.fcs.task"
    _description = "Finite Capacity Scheduling Task"
    _order = "execution_id, workcenter_id, date_start, id"
    _check_company_auto = True

    execution_id = fields.Many2one(
        "pp.fcs.execution", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    name = fields.Char(string="Phase", readonly=True)
    operation_id = fields.Many2one(
        "pp.planned.order.operation",
        string="Planned Phase",
        readonly=True,
        ondelete="cascade",
        index="btree_not_null",
    )
    workorder_id = fields.Many2one(
        "mrp.workorder",
        string="Work Order",
        readonly=True,
        ondelete="cascade",
        index="btree_not_null",
    )
    planned_order_id = fields.Many2one(
        "pp.planned.order", readonly=True, ondelete="cascade", index="btree_not_null"
    )
    production_id = fields.Many2one(
        "mrp.production",
        string="Manufacturing Order",
        readonly=True,
        ondelete="cascade",
        index="btree_not_null",
    )
    order_name = fields.Char(string="Order", readonly=True)
    product_id = fields.Many2one("product.product", string="Item", readonly=True)
    workcenter_id = fields.Many2one(
        "mrp.workcenter", string="Work Center", readonly=True
    )
    machine = fields.Integer(
        readonly=True, help="Which of the work center's machines (from 0)."
    )
    date_start = fields.Datetime(string="Start", readonly=True)
    date_end = fields.Datetime(string="End", readonly=True)
    date_ready = fields.Datetime(
        string="Ready",
        readonly=True,
        help="When its previous phase, component orders and materials allowed it to "
        "start: the time until its start is queue.",
    )
    date_due = fields.Datetime(string="Order Due", readonly=True)
    duration_minutes = fields.Float(string="Working Minutes", readonly=True)
    setup_minutes = fields.Float(string="Setup (min)", readonly=True)
    changeover_minutes = fields.Float(string="Changeover (min)", readonly=True)
    batched = fields.Boolean(
        string="In Batch",
        readonly=True,
        help="Runs in the batch of the phase before it on its machine (same "
        "grouping code, within the work center's batching window): no setup.",
    )
    queue_hours = fields.Float(string="Queue (h)", readonly=True)
    delay_hours = fields.Float(
        string="Order Delay (h)", readonly=True, help="How late its order ends."
    )
    is_late = fields.Boolean(string="Late", readonly=True, help="Its order ends late.")
    is_order_end = fields.Boolean(
        string="Last Phase", readonly=True, help="Its order's last phase."
    )
    late_reason = fields.Char(readonly=True, help="Why its order is late.")
