# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import math
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..services import fcs
from ..services.fcs_kpi import compute_kpis, explain_late, group_delays
from .pp_planning_procedure import ProcedureParameters, ProcedureResult

_logger = logging.getLogger(__name__)

RECORD_PARAMETERS = {
    "planned_order_ids": "pp.planned.order",
    "production_ids": "mrp.production",
    "critical_partner_ids": "res.partner",
    "critical_job_order_ids": "pp.job.order",
}
# An order of a critical customer or job order weighs this much more.
CRITICAL_WEIGHT = 10
OPEN_WORKORDER_STATES = ("pending", "waiting", "ready", "progress")
OPEN_PRODUCTION_STATES = ("confirmed", "progress", "to_close")
# Orders of equal due date and weight go in this order (SPEC §10).
TIE_BREAK_KEYS = ("level", "start", "end", "id")
DEFAULT_TIE_BREAK = "level desc, start asc, end asc, id asc"


@dataclass
class FcsParameters(ProcedureParameters):
    """FCS parameters (SPEC §10); see the FCS wizard (``pp.fcs.planning``)."""

    date_start: Any  # datetime (UTC, naive) of the scheduling start
    horizon_days: int
    time_limit: float  # seconds
    workers: int
    use_planned_orders: bool  # schedule planned orders
    planned_order_ids: Any  # pp.planned.order (empty: every draft production one)
    use_productions: bool  # schedule manufacturing orders
    production_ids: Any  # mrp.production (empty: every open MO with work orders)
    started_mode: str  # continue / fixed
    lock_mandatory: bool  # mandatory planned orders keep their dates
    material_check: str  # none / all / critical
    material_until: Any  # date: receipts after it are not waited for (False: all)
    release_lead_days: int  # phases may start this many days before their order
    purchase_delay_days: int  # purchased material usable N days after receipt
    subcontract_delay_days: int  # subcontracted material N days after return
    holding_percent: float  # annual holding cost, for the flow costs
    critical_partner_ids: Any  # res.partner whose orders weigh more
    critical_job_order_ids: Any  # pp.job.order whose orders weigh more
    tie_break: str  # equal due dates: "level desc, start asc, end asc, id asc"


@dataclass
class FcsResult(ProcedureResult):
    """What an FCS run did."""

    execution_id: int
    solver_status: str
    late_count: int
    task_count: int

    @classmethod
    def from_run(cls, run):
        """The result of ``run`` (a ``pp.planning.run`` of kind ``fcs``)."""
        execution = run.fcs_execution_ids[:1]
        return cls(
            run_id=run.id,
            state=run.state,
            execution_id=execution.id,
            solver_status=execution.solver_status or False,
            late_count=execution.late_count,
            task_count=execution.task_count,
        )


class PpFcsProcedure(models.AbstractModel):
    """Finite capacity scheduling (SPEC §10), callable without a wizard.

    Reads the phases of draft production planned orders and the open work
    orders of MOs in bulk, the working time of every work center they may use
    (calendars, leaves, capacity exceptions) in one pass, schedules them with
    :func:`services.fcs.schedule` (CP-SAT) and writes an execution
    (``pp.fcs.execution``) with its tasks, KPIs and late reasons. Nothing on
    the orders changes until the execution is applied.
    """

    _name = "pp.fcs.procedure"
    _inherit = "pp.planning.procedure"
    _description = "Finite Capacity Scheduling"
    _parameters_class = FcsParameters
    _record_parameters = RECORD_PARAMETERS
    _date_parameters = ("material_until",)
    _written_models = (
        "pp.fcs.execution",
        "pp.fcs.task",
        "pp.fcs.workcenter.kpi",
    )

    # ------------------------------------------------------------------
    # Parameters
    # ------------------------------------------------------------------
    @api.model
    def _default_parameters(self, company):
        """Default value of every parameter for ``company`` (plain values)."""
        return {
            "date_start": False,
            "horizon_days": 30,
            "time_limit": 30.0,
            "workers": 2,
            "use_planned_orders": True,
            "planned_order_ids": [],
            "use_productions": True,
            "production_ids": [],
            "started_mode": "continue",
            "lock_mandatory": True,
            "material_check": "all",
            "material_until": False,
            "release_lead_days": 0,
            "purchase_delay_days": 0,
            "subcontract_delay_days": 0,
            "holding_percent": 0.0,
            "critical_partner_ids": [],
            "critical_job_order_ids": [],
            "tie_break": DEFAULT_TIE_BREAK,
        }

    @api.model
    def _complete_parameters(self, params):
        """The start is now (to the minute) unless given."""
        start = (
            fields.Datetime.to_datetime(params.date_start)
            if params.date_start
            else None
        )
        params.date_start = (start or fields.Datetime.now()).replace(
            second=0, microsecond=0
        )

    @api.model
    def _check_parameters(self, params):
        """Refuse a horizon, time limit or workers that cannot give a schedule."""
        if params.horizon_days <= 0:
            raise UserError(self.env._("The horizon must be at least one day."))
        if params.time_limit <= 0 or params.workers <= 0:
            raise UserError(
                self.env._("The time limit and the workers must be positive.")
            )
        if params.started_mode not in ("continue", "fixed"):
            raise UserError(self.env._("Started phases are continued or fixed."))
        if params.material_check not in ("none", "all", "critical"):
            raise UserError(
                self.env._("Material check is 'none', 'all' or 'critical'.")
            )
        params.tie_break = ", ".join(
            f"{key} {'desc' if desc else 'asc'}"
            for key, desc in self._tie_break_keys(params.tie_break)
        )
        for orders in (params.planned_order_ids, params.production_ids):
            other = orders.filtered(lambda o: o.company_id != params.company)
            if other:
                raise UserError(
                    self.env._(
                        "%(orders)s belong to another company than %(company)s.",
                        orders=", ".join(other.mapped("display_name")[:5]),
                        company=params.company.display_name,
                    )
                )

    @api.model
    def _tie_break_keys(self, text):
        """``[(key, descending)]`` of a tie-break list such as ``"level desc,
        start asc, end asc, id asc"`` (keys of :data:`TIE_BREAK_KEYS`, ``asc``
        when no direction is given)."""
        keys = []
        for item in (text or DEFAULT_TIE_BREAK).split(","):
            words = item.split()
            if not words:
                continue
            key, direction = words[0].lower(), (words[1:] or ["asc"])[0].lower()
            if (
                key not in TIE_BREAK_KEYS
                or direction not in ("asc", "desc")
                or len(words) > 2
                or key in dict(keys)
            ):
                raise UserError(
                    self.env._(
                        "Tie-break %(item)r: use %(keys)s, each once, followed by "
                        "asc or desc (for instance %(example)r).",
                        item=item.strip(),
                        keys=", ".join(TIE_BREAK_KEYS),
                        example=DEFAULT_TIE_BREAK,
                    )
                )
            keys.append((key, direction == "desc"))
        return keys

    @api.model
    def _prepare_job_parameters(self, params):
        values = super()._prepare_job_parameters(params)
        values["date_start"] = fields.Datetime.to_string(params.date_start)
        return values

    @api.model
    def _prepare_run_parameters(self, params):
        values = super()._prepare_run_parameters(params)
        values["date_start"] = fields.Datetime.to_string(params.date_start)
        return values

    # ------------------------------------------------------------------
    # Public procedure
    # ------------------------------------------------------------------
    @api.model
    def schedule(self, parameters=None):
        """Schedule the planned order phases and work orders at finite capacity.

        ``parameters`` are plain values named like the fields of the FCS
        wizard: ``date_start`` (default now), ``horizon_days``, ``time_limit``
        (seconds), ``workers``, ``planned_order_ids`` and ``production_ids``
        (empty: all draft production planned orders / open MOs), and the
        options of :meth:`_default_parameters`.

        :return: ``{"run_id", "state", "execution_id", "solver_status",
            "late_count", "task_count"}``
        """
        procedure = self._in_user_language()
        params = procedure._get_parameters(parameters)
        return FcsResult.from_run(procedure._run_fcs(params)).as_dict()

    @api.model
    def _run_fcs(self, params, run=None):
        """Schedule with ``params`` inside a planning run; return the run."""
        self._check_rights()
        return self.env["pp.planning.run"]._run_procedure(
            "fcs",
            self._prepare_run_parameters(params),
            lambda run, logger: self._fcs(params, run, logger),
            company=params.company,
            run=run,
        )

    @api.model
    def _run_fcs_queued(self, parameters, run):
        """Queue job entry point: FCS with plain ``parameters`` in ``run``."""
        return self._run_fcs(self._get_parameters(parameters), run=run)

    @api.model
    def _enqueue_fcs(self, parameters):
        """Start an FCS in the background; return the queued run."""
        self._check_rights()
        params = self._get_parameters(parameters)
        return self.env["pp.planning.run"]._enqueue(
            "fcs",
            self._prepare_run_parameters(params),
            self._prepare_job_parameters(params),
            company=params.company,
        )

    @api.model
    def _cron_fcs(self):
        """Scheduled action: schedule every company's orders with its defaults."""
        for company in self.env.user.company_ids:
            try:
                self.with_company(company).schedule({"company_id": company.id})
            except UserError as error:
                _logger.info("FCS skipped for %s: %s", company.name, error)

    # ------------------------------------------------------------------
    # The run
    # ------------------------------------------------------------------
    def _fcs(self, params, run, logger):
        loaded = self._load(params, logger)
        logger.progress(10.0)
        logger.step("load")
        problem = fcs.Problem(
            loaded["workcenters"],
            loaded["orders"],
            fcs.Options(
                time_limit=params.time_limit,
                workers=params.workers,
                callback=self._progress_reporter(params, logger),
            ),
        )
        result = fcs.schedule(problem)
        logger.step("engine")
        execution = self._write_execution(params, run, problem, result, loaded)
        logger.step("write")
        for reason in result.reasons:
            logger.warning(reason)
        for warning in result.warnings + loaded["warnings"]:
            logger.warning(warning)
        logger.info(
            self.env._(
                "%(tasks)s phases of %(orders)s orders scheduled on %(centers)s work "
                "centers: %(status)s, objective %(objective)s (bound %(bound)s), "
                "%(late)s late.",
                tasks=len(result.tasks),
                orders=execution.order_count,
                centers=len(loaded["workcenters"]),
                status=dict(
                    execution._fields["solver_status"]._description_selection(self.env)
                ).get(result.status, result.status),
                objective=result.objective,
                bound=result.bound,
                late=execution.late_count,
            )
        )
        logger.record({"count_created": len(result.tasks)})
        return execution

    def _progress_reporter(self, params, logger):
        """The solver's callback: progress of a background run, at most every
        second (from the solver's thread: its own cursor)."""
        if not logger.background:
            return None
        last = [0.0]

        def report(seconds, _objective, _bound):
            now = time.monotonic()
            if now - last[0] < 1.0:
                return
            last[0] = now
            try:
                logger.progress(min(95.0, 10.0 + 85.0 * seconds / params.time_limit))
            except Exception:  # pylint: disable=broad-except
                _logger.debug("FCS progress not shown", exc_info=True)

        return report

    # .. reading ...........................................................
    def _scope(self, params):
        """The planned orders and MOs to schedule."""
        company = params.company
        planned = self.env["pp.planned.order"]
        if params.use_planned_orders:
            planned = params.planned_order_ids or planned.search(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "draft"),
                    ("order_type", "=", "production"),
                    ("operation_ids", "!=", False),
                ]
            )
        productions = self.env["mrp.production"]
        if params.use_productions:
            productions = params.production_ids or productions.search(
                [
                    ("company_id", "=", company.id),
                    ("state", "in", OPEN_PRODUCTION_STATES),
                    ("workorder_ids", "!=", False),
                ]
            )
        return planned, productions

    def _load(self, params, logger):
        """Engine input: work centers with their working time, and orders."""
        origin = params.date_start
        end = origin + timedelta(days=params.horizon_days)
        planned, productions = self._scope(params)
        skipped = planned.filtered(lambda o: o.state != "draft")
        for order in skipped:
            logger.warning(
                self.env._("%(order)s is released: not scheduled.", order=order.name),
                document=order,
            )
        planned -= skipped
        phases = self.env["pp.planned.order.operation"].search_read(
            [("planned_order_id", "in", planned.ids)],
            [
                "planned_order_id",
                "sequence",
                "name",
                "workcenter_id",
                "is_external",
                "time_setup",
                "time_run",
                "time_cycle",
                "overlap_type",
                "overlap_value",
                "queue_minutes",
                "date_start",
                "date_end",
                "operation_id",
            ],
            order="planned_order_id, sequence, id",
        )
        workorders = self.env["mrp.workorder"].search_read(
            [
                ("production_id", "in", productions.ids),
                ("state", "in", OPEN_WORKORDER_STATES),
            ],
            [
                "production_id",
                "name",
                "workcenter_id",
                "operation_id",
                "state",
                "duration_expected",
                "duration",
                "date_start",
                "date_finished",
                "leave_id",
            ],
        )
        operations = {
            op["id"]: op
            for op in self.env["mrp.routing.workcenter"].search_read(
                [
                    (
                        "id",
                        "in",
                        [
                            r["operation_id"][0]
                            for r in workorders + phases
                            if r["operation_id"]
                        ],
                    )
                ],
                ["sequence", "pp_setup_family", "pp_batch_code"],
            )
        }
        sequences = {key: op["sequence"] for key, op in operations.items()}
        workorders.sort(
            key=lambda w: (
                w["production_id"][0],
                sequences.get(w["operation_id"] and w["operation_id"][0], 0),
                w["id"],
            )
        )
        used = {p["workcenter_id"][0] for p in phases if p["workcenter_id"]}
        used |= {w["workcenter_id"][0] for w in workorders if w["workcenter_id"]}
        centers = self.env["mrp.workcenter"].browse(sorted(used))
        centers |= centers.alternative_workcenter_ids.filtered(
            lambda wc: wc.company_id in (params.company, self.env["res.company"])
        )
        loaded = {
            "warnings": [],
            "origin": origin,
            "workcenter_records": centers,
            # the slots of the work orders scheduled again are free
            "workcenters": self._workcenters(
                centers,
                origin,
                end,
                [w["leave_id"][0] for w in workorders if w["leave_id"]],
            ),
            "orders": [],
            "phase_rows": {},
            "order_records": {},
            "families": {
                key: op["pp_setup_family"] or None for key, op in operations.items()
            },
            "batches": {
                key: op["pp_batch_code"] or None for key, op in operations.items()
            },
        }
        self._planned_orders(params, loaded, planned, phases, origin)
        self._productions(params, loaded, productions, workorders, origin)
        self._production_materials(params, loaded, productions, origin)
        self._sort_orders(params, loaded)
        return loaded

    def _sort_orders(self, params, loaded):
        """Orders in the tie-break order: the engine keeps it among orders of
        the same due date and weight."""
        facts = {}
        for order in loaded["orders"]:
            record = loaded["order_records"][order.key]
            if record._name == "pp.planned.order":
                facts[order.key] = (
                    record.level,
                    record.date_start,
                    record.date_end,
                    (0, record.id),
                )
            else:
                facts[order.key] = (
                    0,
                    record.date_start,
                    record.date_finished,
                    (1, record.id),
                )
        for key, descending in reversed(self._tie_break_keys(params.tie_break)):
            index = TIE_BREAK_KEYS.index(key)
            if key in ("start", "end"):  # undated orders last
                loaded["orders"].sort(
                    key=lambda o, i=index: facts[o.key][i] or datetime.max,
                    reverse=descending,
                )
            else:
                loaded["orders"].sort(
                    key=lambda o, i=index: facts[o.key][i], reverse=descending
                )

    def _minutes(self, origin, moment):
        """Whole minutes from ``origin`` to ``moment`` (naive UTC datetimes)."""
        return math.floor((moment - origin).total_seconds() / 60.0)

    def _workcenters(self, centers, origin, end, free_leave_ids=()):
        """Engine work centers: working time in minutes from ``origin``."""
        calendars = centers._pp_get_calendars(
            origin.date() - timedelta(days=1),
            end.date() + timedelta(days=1),
            free_leave_ids,
        )
        origin_utc = pytz.utc.localize(origin)
        end_utc = pytz.utc.localize(end)
        changeovers = defaultdict(dict)
        for row in self.env["pp.workcenter.changeover"].search_read(
            [("workcenter_id", "in", centers.ids)],
            ["workcenter_id", "family_from", "family_to", "minutes"],
        ):
            changeovers[row["workcenter_id"][0]][
                (row["family_from"], row["family_to"])
            ] = math.ceil(row["minutes"])
        result = []
        for center in centers:
            intervals = []
            for start, stop in calendars[center.id].intervals:
                start, stop = max(start, origin_utc), min(stop, end_utc)
                if stop > start:
                    intervals.append(
                        (
                            math.ceil((start - origin_utc).total_seconds() / 60.0),
                            math.floor((stop - origin_utc).total_seconds() / 60.0),
                        )
                    )
            result.append(
                fcs.Workcenter(
                    center.id,
                    center.display_name,
                    intervals,
                    machines=max(center.pp_machines, 1),
                    changeovers=changeovers.get(center.id, {}),
                    batch_minutes=round(center.pp_batch_hours * 60)
                    if center.pp_batch_hours > 0
                    else None,
                )
            )
        return result

    def _family(self, loaded, row):
        """The setup family of a phase or work order (from its operation)."""
        return loaded["families"].get(row["operation_id"] and row["operation_id"][0])

    def _batch(self, loaded, row):
        """The grouping code of a phase or work order (from its operation)."""
        return loaded["batches"].get(row["operation_id"] and row["operation_id"][0])

    def _weight(self, params, priority, job_order):
        """An order's delay weight: 1 + its priority, times
        ``CRITICAL_WEIGHT`` for a critical job order or customer."""
        weight = 1 + max(int(priority or 0), 0)
        if job_order and (
            job_order in params.critical_job_order_ids
            or job_order.partner_id.commercial_partner_id
            in params.critical_partner_ids.commercial_partner_id
        ):
            weight *= CRITICAL_WEIGHT
        return weight

    def _modes(self, center, minutes, setup, alternatives=True):
        """The main work center and its alternatives (minutes scaled by their
        efficiencies)."""
        modes = [fcs.Mode(center.id, minutes, min(setup, minutes))]
        if not alternatives:
            return modes
        for other in center.alternative_workcenter_ids:
            scale = (center.time_efficiency or 100.0) / (other.time_efficiency or 100.0)
            other_minutes = math.ceil(minutes * scale)
            modes.append(fcs.Mode(other.id, other_minutes, min(setup, other_minutes)))
        return modes

    def _planned_orders(self, params, loaded, planned, phases, origin):
        """Orders of the planned orders: their phases, due date (the planned
        end), release (the planned start less the release lead days, and their
        bought or subcontracted components' receipt when materials are
        checked), component planned orders before their parent."""
        by_order = defaultdict(list)
        for row in phases:
            by_order[row["planned_order_id"][0]].append(row)
        centers = {c.id: c for c in loaded["workcenter_records"]}
        scheduled = set()
        orders = loaded["orders"]
        for order in planned:
            rows = [r for r in by_order.get(order.id, []) if not r["is_external"]]
            if not rows:
                continue
            missing = [r for r in rows if not r["workcenter_id"]]
            if missing:
                loaded["warnings"].append(
                    self.env._(
                        "%(order)s / %(phase)s has no work center: the order is not "
                        "scheduled.",
                        order=order.name,
                        phase=missing[0]["name"],
                    )
                )
                continue
            locked = params.lock_mandatory and order.mandatory
            engine_phases = []
            for index, row in enumerate(rows):
                minutes = math.ceil(
                    (row["time_setup"] or 0.0) + (row["time_run"] or 0.0)
                )
                center = centers[row["workcenter_id"][0]]
                fixed = None
                if locked and row["date_start"] and row["date_end"]:
                    fixed = (
                        self._minutes(origin, row["date_start"]),
                        self._minutes(origin, row["date_end"]),
                    )
                overlap = self._overlap_minutes(row, order.product_qty)
                following = rows[index + 1] if index + 1 < len(rows) else None
                engine_phases.append(
                    fcs.Phase(
                        ("operation", row["id"]),
                        row["name"],
                        self._modes(
                            center, minutes, int(row["time_setup"] or 0), not fixed
                        ),
                        family=self._family(loaded, row),
                        overlap_minutes=overlap,
                        queue_minutes=math.ceil(row["queue_minutes"] or 0.0),
                        last_minutes=math.ceil(row["time_cycle"] or 0.0),
                        fixed=fixed,
                        batch=self._batch(loaded, row),
                    )
                )
                loaded["phase_rows"][("operation", row["id"])] = (order, row, following)
            release = order.date_start - timedelta(days=params.release_lead_days)
            engine_order = fcs.Order(
                ("planned", order.id),
                order.name,
                engine_phases,
                due=self._minutes(origin, order.date_end),
                weight=self._weight(params, order.priority, order.job_order_id),
                release=max(0, self._minutes(origin, release)),
                cost=order.product_id.standard_price * order.product_qty,
            )
            orders.append(engine_order)
            loaded["order_records"][engine_order.key] = order
            scheduled.add(order.id)
        self._materials(params, loaded, planned, scheduled, origin)

    def _overlap_minutes(self, row, quantity):
        """Minutes after a phase's start when the next one may start (None:
        when it ends), as general planning's timing counts them."""
        kind = row["overlap_type"]
        if kind == "total":
            return 0
        if kind == "time":
            return math.ceil(row["overlap_value"] or 0.0)
        if kind == "pieces":
            share = (
                min(row["overlap_value"] or 0.0, quantity) / quantity
                if quantity
                else 1.0
            )
            return math.ceil(
                (row["time_setup"] or 0.0) + (row["time_run"] or 0.0) * share
            )
        return None

    def _materials(self, params, loaded, planned, scheduled, origin):
        """Component orders: a scheduled production child ends before its
        parent's first phase; a bought or subcontracted one (material check:
        all, or only the BOM's critical components) delays its parent's
        release to its receipt plus the receipt delay, never past the end of
        the material check (``material_until``)."""
        by_key = {o.key: o for o in loaded["orders"]}
        children = self.env["pp.planned.order"].search(
            [("parent_id", "in", list(scheduled)), ("state", "=", "draft")]
        )
        critical = self._critical_components(children.parent_id.bom_id)
        until = self._material_until(params, origin)
        for child in children:
            parent = by_key.get(("planned", child.parent_id.id))
            if parent is None:
                continue
            if child.id in scheduled:
                by_key[("planned", child.id)].consumed_by = (
                    parent.key,
                    parent.phases[0].key,
                )
                continue
            if child.order_type == "production" or not self._checks_material(
                params, critical, child.parent_id.bom_id, child.product_id
            ):
                continue
            self._hold_for_material(
                params, parent, child.order_type, child.date_end, child, origin, until
            )

    def _production_materials(self, params, loaded, productions, origin):
        """The same for MOs, by the pegging of the planned order each was
        released from: its component planned orders, draft or released (a
        scheduled component MO ends before the MO's first work order; a
        purchase line not fully received delays it to its planned receipt)."""
        by_key = {o.key: o for o in loaded["orders"]}
        planned = productions.pp_planned_order_ids
        children = self.env["pp.planned.order"].search(
            [("parent_id", "in", planned.ids), ("state", "in", ("draft", "released"))]
        )
        critical = self._critical_components(productions.bom_id)
        until = self._material_until(params, origin)
        for child in children:
            production = child.parent_id.production_id
            parent = by_key.get(("production", production.id))
            if parent is None:
                continue
            component = (
                ("planned", child.id)
                if child.state == "draft"
                else ("production", child.production_id.id)
            )
            if component in by_key and child.order_type == "production":
                by_key[component].consumed_by = (parent.key, parent.phases[0].key)
                continue
            if child.order_type == "production" or not self._checks_material(
                params, critical, production.bom_id, child.product_id
            ):
                continue
            receipt = child.date_end
            if child.state == "released":
                line = child.purchase_line_id
                if not line or line.qty_received >= line.product_qty:
                    continue  # received (or not a purchase): in stock
                receipt = line.date_planned
            self._hold_for_material(
                params, parent, child.order_type, receipt, child, origin, until
            )

    def _critical_components(self, boms):
        """``{(bom id, product id)}`` of the BOMs' critical component lines."""
        return {
            (line.bom_id.id, line.product_id.id)
            for line in boms.bom_line_ids
            if line.pp_critical
        }

    def _checks_material(self, params, critical, bom, product):
        """Whether the material check waits for this component."""
        if params.material_check == "none":
            return False
        return params.material_check == "all" or (bom.id, product.id) in critical

    def _material_until(self, params, origin):
        """The end of the material check, in minutes (None: no end)."""
        if not params.material_until:
            return None
        return self._minutes(
            origin, datetime.combine(params.material_until, datetime.max.time())
        )

    def _hold_for_material(self, params, parent, kind, receipt, child, origin, until):
        """Delay ``parent``'s release to a component's receipt plus its delay."""
        delay = (
            params.purchase_delay_days
            if kind == "purchase"
            else params.subcontract_delay_days
        )
        ready = self._minutes(origin, receipt + timedelta(days=delay))
        if until is not None:
            ready = min(ready, until)
        if ready > parent.release:
            parent.release = ready
            parent.missing_items = (
                *parent.missing_items,
                child.product_id.display_name,
            )

    def _productions(self, params, loaded, productions, workorders, origin):
        """Orders of the MOs: their open work orders in operation sequence, due
        at the MO's deadline (else its planned end); started work orders
        continue with their remaining minutes or keep their dates."""
        by_production = defaultdict(list)
        for row in workorders:
            by_production[row["production_id"][0]].append(row)
        centers = {c.id: c for c in loaded["workcenter_records"]}
        for production in productions:
            rows = [
                r for r in by_production.get(production.id, []) if r["workcenter_id"]
            ]
            if not rows:
                continue
            engine_phases = []
            for index, row in enumerate(rows):
                center = centers[row["workcenter_id"][0]]
                setup = int((center.time_start or 0.0) + (center.time_stop or 0.0))
                minutes = math.ceil(row["duration_expected"] or 0.0)
                started = row["state"] == "progress"
                fixed = None
                if started:
                    if (
                        params.started_mode == "fixed"
                        and row["date_start"]
                        and row["date_finished"]
                    ):
                        fixed = (
                            self._minutes(origin, row["date_start"]),
                            self._minutes(origin, row["date_finished"]),
                        )
                    else:
                        minutes = max(1, math.ceil(minutes - (row["duration"] or 0.0)))
                        setup = 0
                engine_phases.append(
                    fcs.Phase(
                        ("workorder", row["id"]),
                        row["name"],
                        self._modes(center, minutes, setup, not (fixed or started)),
                        family=self._family(loaded, row),
                        fixed=fixed,
                        started=started and not fixed,
                        batch=self._batch(loaded, row),
                    )
                )
                following = rows[index + 1] if index + 1 < len(rows) else None
                loaded["phase_rows"][("workorder", row["id"])] = (
                    production,
                    row,
                    following,
                )
            due = (
                production.date_deadline
                or production.date_finished
                or production.date_start
            )
            engine_order = fcs.Order(
                ("production", production.id),
                production.name,
                engine_phases,
                due=self._minutes(origin, due),
                weight=self._weight(
                    params, production.priority, production.pp_job_order_id
                ),
                cost=production.product_id.standard_price * production.product_qty,
            )
            loaded["orders"].append(engine_order)
            loaded["order_records"][engine_order.key] = production

    # .. writing ...........................................................
    def _sale_line_orders(self, loaded):
        """``{sale line id: [order keys]}``: a planned order serves the sale
        lines of its job order line; an MO those of its job order's lines of
        its item."""
        groups = defaultdict(list)
        for key, record in loaded["order_records"].items():
            if record._name == "pp.planned.order":
                sale_lines = record.job_order_line_id.sale_line_ids
            else:
                sale_lines = record.pp_job_order_id.line_ids.filtered(
                    lambda line, p=record.product_id: line.product_id == p
                ).sale_line_ids
            for sale_line in sale_lines:
                groups[sale_line.id].append(key)
        return groups

    def _write_execution(self, params, run, problem, result, loaded):
        """The execution, its tasks (COPY), work center KPIs and late reasons."""
        kpis = compute_kpis(problem, result, params.holding_percent)
        reasons = {r.order: r for r in explain_late(problem, result)}
        delays = {d.order: d for d in kpis.orders}
        lines = group_delays(kpis.orders, self._sale_line_orders(loaded))
        execution = (
            self.env["pp.fcs.execution"]
            .sudo()
            .create(
                {
                    "company_id": params.company.id,
                    "user_id": self.env.uid,
                    "run_id": run.id,
                    "date_start": params.date_start,
                    "horizon_days": params.horizon_days,
                    "time_limit": params.time_limit,
                    "workers": params.workers,
                    "solver_status": result.status,
                    "objective": result.objective or 0.0,
                    "bound": result.bound or 0.0,
                    "gap": round(100.0 * (result.gap or 0.0), 2),
                    "dispatch_objective": result.dispatch_objective or 0.0,
                    "dispatch_rule": result.dispatch_rule or False,
                    "seconds": result.seconds,
                    "order_count": len(delays),
                    "late_count": kpis.late_count,
                    "late_percent": kpis.late_percent,
                    "delay_max_hours": kpis.delay_max_hours,
                    "delay_avg_hours": kpis.delay_avg_hours,
                    "makespan_hours": kpis.makespan_hours,
                    "sale_line_count": lines.count,
                    "sale_line_late_count": lines.late_count,
                    "sale_line_late_percent": lines.late_percent,
                    "sale_line_delay_max_hours": lines.delay_max_hours,
                    "sale_line_delay_avg_hours": lines.delay_avg_hours,
                    "stock_flow_cost": kpis.stock_flow_cost,
                    "wip_flow_cost": kpis.wip_flow_cost,
                    "total_flow_cost": kpis.total_flow_cost,
                    "warnings": "\n".join(result.warnings + loaded["warnings"])
                    or False,
                    "errors": "\n".join(result.reasons) or False,
                }
            )
        )
        origin = loaded["origin"]
        names = {c.id: c.display_name for c in loaded["workcenter_records"]}

        def moment(minutes):
            return origin + timedelta(minutes=minutes)

        last_phase = {}
        for order in problem.orders:
            if order.phases:
                last_phase[order.key] = order.phases[-1].key
        columns = defaultdict(list)
        for task in result.tasks:
            record = loaded["order_records"][task.order]
            _record, row, _following = loaded["phase_rows"][task.phase]
            kind, row_id = task.phase
            delay = delays.get(task.order)
            reason = reasons.get(task.order)
            columns["name"].append(row["name"])
            columns["operation_id"].append(row_id if kind == "operation" else None)
            columns["workorder_id"].append(row_id if kind == "workorder" else None)
            columns["planned_order_id"].append(
                record.id if kind == "operation" else None
            )
            columns["production_id"].append(record.id if kind == "workorder" else None)
            columns["order_name"].append(record.name)
            columns["product_id"].append(record.product_id.id)
            columns["workcenter_id"].append(task.workcenter)
            columns["machine"].append(task.machine)
            columns["date_start"].append(moment(task.start))
            columns["date_end"].append(moment(task.end))
            columns["date_ready"].append(moment(task.ready))
            columns["date_due"].append(
                moment(delay.due) if delay and delay.due is not None else None
            )
            columns["duration_minutes"].append(float(task.minutes))
            columns["setup_minutes"].append(float(task.setup))
            columns["changeover_minutes"].append(float(task.changeover))
            columns["batched"].append(task.batched)
            columns["queue_hours"].append(
                round(max(0, task.start - task.ready) / 60.0, 2)
            )
            columns["delay_hours"].append(
                round(delay.delay / 60.0, 2) if delay else 0.0
            )
            columns["is_late"].append(bool(delay and delay.delay > 0))
            columns["is_order_end"].append(last_phase.get(task.order) == task.phase)
            columns["late_reason"].append(
                self._late_reason_text(reason, names, origin) if reason else None
            )
        if columns:
            self.env["pp.planning.run"]._bulk_insert(
                "pp_fcs_task",
                columns,
                {"execution_id": execution.id, "company_id": params.company.id},
            )
            self.env["pp.fcs.task"].invalidate_model()
            execution.invalidate_recordset(["task_ids", "task_count"])
        counts = defaultdict(int)
        for task in result.tasks:
            counts[task.workcenter] += 1
        self.env["pp.fcs.workcenter.kpi"].sudo().create(
            [
                {
                    "execution_id": execution.id,
                    "workcenter_id": figure.workcenter,
                    "available_hours": round(figure.available_minutes / 60.0, 2),
                    "run_hours": round(figure.run_minutes / 60.0, 2),
                    "setup_hours": round(figure.setup_minutes / 60.0, 2),
                    "load_percent": figure.load_percent,
                    "setup_percent": figure.setup_percent,
                    "idle_percent": figure.idle_percent,
                    "queue_hours": figure.queue_hours,
                    "task_count": counts.get(figure.workcenter, 0),
                }
                for figure in kpis.workcenters
            ]
        )
        return execution.sudo(False)

    def _late_reason_text(self, reason, names, origin):
        """A late reason in the user's words."""
        hours = round(reason.minutes / 60.0, 1)
        if reason.kind == "queue":
            return self.env._(
                "Waited %(hours)s h for work center %(workcenter)s",
                hours=hours,
                workcenter=names.get(reason.workcenter, reason.workcenter),
            )
        if reason.kind == "material":
            when = fields.Datetime.context_timestamp(
                self, origin + timedelta(minutes=reason.minutes)
            )
            return self.env._(
                "Material not available until %(date)s: %(items)s",
                date=when.strftime("%Y-%m-%d %H:%M"),
                items=", ".join(reason.items) or self.env._("(not named)"),
            )
        return self.env._("Its phases take longer than the time to its due date")
