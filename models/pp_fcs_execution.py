# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

SOLVER_STATUSES = [
    ("optimal", "Optimal"),
    ("feasible", "Feasible (time limit)"),
    ("infeasible", "Infeasible"),
    ("fallback", "Fallback (dispatch)"),
]


class PpFcsExecution(models.Model):
    """One finite capacity scheduling run (SPEC §10): its parameters, the
    scheduled tasks, the solver's figures and the KPIs. Written by
    ``pp.fcs.procedure``; :meth:`action_apply` writes its dates to the planned
    order phases and the work orders."""

    _name = "pp.fcs.execution"
    _description = "Finite Capacity Scheduling Execution"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, default="/", copy=False)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda s: s.env.company
    )
    user_id = fields.Many2one(
        "res.users", readonly=True, default=lambda self: self.env.user
    )
    run_id = fields.Many2one(
        "pp.planning.run", readonly=True, ondelete="set null", index=True
    )
    state = fields.Selection(
        [("done", "Scheduled"), ("applied", "Applied")],
        required=True,
        default="done",
        readonly=True,
    )
    date_start = fields.Datetime(string="Scheduling Start", readonly=True)
    horizon_days = fields.Integer(string="Horizon (days)", readonly=True)
    date_applied = fields.Datetime(string="Applied On", readonly=True)
    time_limit = fields.Float(string="Time Limit (s)", readonly=True)
    workers = fields.Integer(readonly=True)
    solver_status = fields.Selection(SOLVER_STATUSES, readonly=True)
    objective = fields.Float(
        readonly=True,
        help="Weighted tardiness x 1000 + makespan "
        "+ changeover minutes, on the plant's working time.",
    )
    bound = fields.Float(
        readonly=True,
        help="The solver's proven lower bound of the "
        "objective: no schedule can do better.",
    )
    gap = fields.Float(
        string="Gap (%)",
        readonly=True,
        help="How far the objective may still be "
        "from the best possible: (objective - bound) / objective.",
    )
    dispatch_objective = fields.Float(
        readonly=True,
        help="The objective of the dispatch schedule the solver started from.",
    )
    dispatch_rule = fields.Char(
        readonly=True,
        help="The dispatching rule that made the solver's starting schedule: "
        "edd (due date order), mod (modified operation due date) or atc<k> "
        "(apparent tardiness cost, look-ahead k).",
    )
    seconds = fields.Float(string="Solve Time (s)", readonly=True)
    task_ids = fields.One2many(
        "pp.fcs.task", "execution_id", string="Tasks", readonly=True
    )
    late_task_ids = fields.One2many(
        "pp.fcs.task",
        "execution_id",
        string="Late Order Ends",
        domain=[("is_late", "=", True), ("is_order_end", "=", True)],
        readonly=True,
        help="The last phase of every late order.",
    )
    task_count = fields.Integer(compute="_compute_task_count")
    workcenter_kpi_ids = fields.One2many(
        "pp.fcs.workcenter.kpi", "execution_id", string="Work Centers", readonly=True
    )
    order_count = fields.Integer(string="Orders", readonly=True)
    late_count = fields.Integer(string="Late Orders", readonly=True)
    late_percent = fields.Float(string="Late (%)", readonly=True)
    delay_max_hours = fields.Float(string="Maximum Delay (h)", readonly=True)
    delay_avg_hours = fields.Float(string="Average Delay (h)", readonly=True)
    makespan_hours = fields.Float(string="Makespan (h)", readonly=True)
    sale_line_count = fields.Integer(
        string="Sale Lines",
        readonly=True,
        help="Sale order lines served by the scheduled orders (through their "
        "job orders); a line is as late as the latest of its orders.",
    )
    sale_line_late_count = fields.Integer(string="Late Sale Lines", readonly=True)
    sale_line_late_percent = fields.Float(string="Sale Lines Late (%)", readonly=True)
    sale_line_delay_max_hours = fields.Float(
        string="Sale Line Maximum Delay (h)", readonly=True
    )
    sale_line_delay_avg_hours = fields.Float(
        string="Sale Line Average Delay (h)", readonly=True
    )
    stock_flow_cost = fields.Float(readonly=True)
    wip_flow_cost = fields.Float(string="WIP Flow Cost", readonly=True)
    total_flow_cost = fields.Float(readonly=True)
    warnings = fields.Text(readonly=True)
    errors = fields.Text(readonly=True, help="What could not be scheduled, and why.")

    def _compute_task_count(self):
        groups = self.env["pp.fcs.task"]._read_group(
            [("execution_id", "in", self.ids)], ["execution_id"], ["__count"]
        )
        counts = {execution.id: count for execution, count in groups}
        for execution in self:
            execution.task_count = counts.get(execution.id, 0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("pp.fcs.execution") or "/"
                )
        return super().create(vals_list)

    def action_view_tasks(self):
        """The execution's tasks on a timeline by work center."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "production_planning.pp_fcs_task_action"
        )
        action["domain"] = [("execution_id", "=", self.id)]
        action["context"] = {"search_default_group_workcenter": 0}
        action["name"] = self.env._("Tasks of %(execution)s", execution=self.name)
        return action

    def action_view_workcenter_kpis(self):
        """Load, setup and idle per work center (graph)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "production_planning.pp_fcs_workcenter_kpi_action"
        )
        action["domain"] = [("execution_id", "=", self.id)]
        return action

    def action_compare(self):
        """Two executions side by side (their KPIs in one list)."""
        if len(self) != 2:
            raise UserError(self.env._("Select two executions to compare."))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "production_planning.pp_fcs_execution_action_compare"
        )
        action["domain"] = [("id", "in", self.ids)]
        return action

    def action_apply(self):
        """Write this execution's dates to the planned order phases and the work
        orders it scheduled, and their orders' start and end, in one
        transaction; the late reasons show on the planned orders and MOs.

        Refused for an execution already applied, and when a scheduled planned
        order was released or an MO finished since.
        """
        self.ensure_one()
        if self.state == "applied":
            raise UserError(
                self.env._("%(execution)s is applied already.", execution=self.name)
            )
        tasks = self.task_ids
        phases = tasks.filtered("operation_id")
        workorders = tasks.filtered("workorder_id")
        planned = phases.operation_id.planned_order_id
        moved = planned.filtered(lambda order: order.state != "draft")
        productions = workorders.workorder_id.production_id
        closed = productions.filtered(lambda mo: mo.state in ("done", "cancel"))
        if moved or closed:
            raise UserError(
                self.env._(
                    "%(execution)s cannot be applied: %(documents)s changed since it "
                    "was scheduled. Schedule again.",
                    execution=self.name,
                    documents=", ".join(
                        (moved.mapped("name") + closed.mapped("name"))[:10]
                    ),
                )
            )
        self.env["pp.planned.order.operation"].check_access("write")
        self.env["pp.planned.order"].check_access("write")
        self.env["mrp.workorder"].check_access("write")
        self._apply_phases(phases)
        self._apply_workorders(workorders)
        self.write({"state": "applied", "date_applied": fields.Datetime.now()})
        return True

    def _late_reasons(self, tasks, field):
        reasons = {}
        for task in tasks:
            if task.late_reason:
                reasons[task[field].id] = task.late_reason
        return reasons

    def _apply_phases(self, tasks):
        """Phases and their planned orders, with SQL (one statement per table)."""
        if not tasks:
            return
        rows = [(t.operation_id.id, t.date_start, t.date_end) for t in tasks]
        self.env.cr.execute(
            SQL(
                "UPDATE pp_planned_order_operation AS op SET date_start = v.s, "
                "date_end = v.e, write_uid = %(uid)s, "
                "write_date = now() at time zone 'UTC' "
                "FROM unnest(%(ids)s::int[], %(starts)s::timestamp[], "
                "%(ends)s::timestamp[]) AS v(id, s, e) WHERE op.id = v.id",
                uid=self.env.uid,
                ids=[r[0] for r in rows],
                starts=[r[1] for r in rows],
                ends=[r[2] for r in rows],
            )
        )
        spans = defaultdict(list)
        for task in tasks:
            spans[task.planned_order_id.id].append(task)
        reasons = self._late_reasons(tasks, "planned_order_id")
        ids = list(spans)
        self.env.cr.execute(
            SQL(
                "UPDATE pp_planned_order AS o SET date_start = v.s, date_end = v.e, "
                "pp_late_reason = v.r, write_uid = %(uid)s, "
                "write_date = now() at time zone 'UTC' "
                "FROM unnest(%(ids)s::int[], %(starts)s::timestamp[], "
                "%(ends)s::timestamp[], %(reasons)s::varchar[]) AS v(id, s, e, r) "
                "WHERE o.id = v.id",
                uid=self.env.uid,
                ids=ids,
                starts=[min(t.date_start for t in spans[i]) for i in ids],
                ends=[max(t.date_end for t in spans[i]) for i in ids],
                reasons=[reasons.get(i) for i in ids],
            )
        )
        self.env["pp.planned.order.operation"].invalidate_model(
            ["date_start", "date_end"]
        )
        self.env["pp.planned.order"].invalidate_model(
            ["date_start", "date_end", "pp_late_reason"]
        )
        self.env["pp.planned.order"].browse(ids).modified(["date_start", "date_end"])

    def _apply_workorders(self, tasks):
        """Work orders through the ORM (their calendar leaves follow), grouped
        by MO, then the MOs' dates."""
        if not tasks:
            return
        reasons = self._late_reasons(tasks, "production_id")
        by_production = defaultdict(list)
        for task in tasks:
            task.workorder_id.write(
                {"date_start": task.date_start, "date_finished": task.date_end}
            )
            by_production[task.production_id].append(task)
        for production, items in by_production.items():
            # force_date: a new start must not unplan the MO (Odoo's own rule)
            production.with_context(force_date=True).write(
                {
                    "date_start": min(t.date_start for t in items),
                    "date_finished": max(t.date_end for t in items),
                    "pp_late_reason": reasons.get(production.id, False),
                }
            )
