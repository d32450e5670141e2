# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PpFcsWorkcenterKpi(models.Model):
    """A work center's figures in one FCS execution: of its working time from
    the scheduling start to the makespan (times its machines), how much is run,
    setup and changeover, idle; and the average queue before its phases."""

    _name = "pp.fcs.workcenter.kpi"
    _description = "Finite Capacity Scheduling Work Center KPI"
    _order = "execution_id, load_percent desc, id"

    execution_id = fields.Many2one(
        "pp.fcs.execution", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="execution_id.company_id", store=True)
    workcenter_id = fields.Many2one(
        "mrp.workcenter", string="Work Center", readonly=True
    )
    available_hours = fields.Float(readonly=True, aggregator="sum")
    run_hours = fields.Float(readonly=True, aggregator="sum")
    setup_hours = fields.Float(
        string="Setup and Changeover (h)", readonly=True, aggregator="sum"
    )
    load_percent = fields.Float(string="Load (%)", readonly=True, aggregator="avg")
    setup_percent = fields.Float(string="Setup (%)", readonly=True, aggregator="avg")
    idle_percent = fields.Float(string="Idle (%)", readonly=True, aggregator="avg")
    queue_hours = fields.Float(
        string="Average Queue (h)", readonly=True, aggregator="avg"
    )
    task_count = fields.Integer(string="Phases", readonly=True, aggregator="sum")
