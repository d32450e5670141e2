# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Finite capacity scheduling with OR-Tools CP-SAT (SPEC §10).

The stages follow OR-Tools' own samples: data (:class:`Problem`) → time axis →
dispatch → model → solve → extract. The result is checked by an independent
checker in the tests (``services/tests/fcs_checker.py``) on every solve.

**Time.** Every moment is an integer number of minutes from the scheduling start
(the adapter converts datetimes). A work center works in its
:attr:`Workcenter.intervals`; a phase only progresses in working time and may
span a night or a weekend. The model runs on the *plant axis*: the union of all
work centers' working time, numbered minute by minute, so that the time nobody
works (a night the whole plant is closed) takes no room. A work center that
works whenever the plant works uses the plant axis as is; one that works less
has its own working axis, and each of its phases maps its start and end onto the
plant axis with one literal per closed period it may span (start
``= w + Σ gap·[w ≥ p]``). Precedence, overlaps, queue times, release and due
dates are measured on the plant axis; capacity and changeovers on the work
center's own working axis.

**Resources.** A work center has ``machines`` identical machines: one machine is
a no-overlap, several a cumulative, unless the work center has a changeover
matrix, in which case each machine is its own lane with a circuit of
sequence-dependent changeovers (the circuit literals also tie the sequence to
the times). A phase may run on alternative work centers (its :class:`Mode`
list): one optional interval per mode and lane, exactly one present, as in
OR-Tools' ``flexible_job_shop_sat.py``.

**Objective** (weighted, not lexicographic)::

    tardiness_weight × Σ weight × tardiness  +  makespan
    + changeover_weight × Σ changeover minutes + flow_weight × Σ order flow time

With the default ``tardiness_weight`` of 1,000 a minute of weighted delay costs
as much as 1,000 minutes of makespan: due dates come first in practice while
the solver keeps a single objective with a meaningful bound and gap.

**Always an answer.** A dispatch (the best of serial list scheduling by due
date with insertion and time-driven list scheduling by the MOD and ATC
dispatching rules, all respecting every constraint) gives a feasible schedule
at once; it is the hint of the solver and the schedule returned when the solver finds
nothing in time (status ``fallback``). An order that cannot be scheduled at all
(a phase without working time, longer than the horizon) is left out and named
in :attr:`Result.reasons` (status ``infeasible``); the rest is scheduled.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

STATUSES = ("optimal", "feasible", "infeasible", "fallback")
# dispatching rules tried after the serial due-date dispatch: (rule, look-ahead)
DISPATCH_RULES = (
    ("mod", None),
    ("atc", 2.0),
    ("atc", 3.0),
    ("atc", 4.0),
    ("atc", 6.0),
    ("atc", 8.0),
)
# waiting phases a dispatching rule compares at each decision
DISPATCH_CANDIDATES = 32
# share of the time limit the dispatching rules may take (the serial one always runs)
DISPATCH_SHARE = 0.1


# --- data -------------------------------------------------------------------
@dataclass
class Workcenter:
    """A work center: its working intervals ``[(start, end), ...]`` in minutes,
    parallel ``machines`` and changeover minutes between setup families
    (``changeovers[(from_family, to_family)]``; missing pairs cost nothing).

    ``batch_minutes`` (None: no batching): a phase with the grouping code
    (:attr:`Phase.batch`) of the phase before it on the same machine, starting
    at most this many working minutes after that one ends, runs in its batch
    and skips its setup."""

    key: object
    name: str
    intervals: list[tuple[int, int]]
    machines: int = 1
    changeovers: dict[tuple[str, str], int] = field(default_factory=dict)
    batch_minutes: int | None = None


@dataclass
class Mode:
    """One way to run a phase: on ``workcenter`` for ``minutes`` working minutes,
    of which ``setup`` are setup (the rest is run time)."""

    workcenter: object
    minutes: int
    setup: int = 0


@dataclass
class Phase:
    """A phase of an order; its first mode is the main work center.

    ``overlap_minutes``: the next phase may start this many minutes after this
    one starts (``None``: only when it ends); ``queue_minutes`` separate it from
    the next; ``last_minutes``: when the phase before overlaps it, this phase
    still works that long after the one before ends (its last piece).
    ``release``: earliest start (material of this phase). ``batch``: its
    grouping code (see :attr:`Workcenter.batch_minutes`). ``fixed``: a
    mandatory or started phase kept at ``(start, end)`` on its main work
    center; ``started``: a started phase continued with its remaining minutes
    (its mode's minutes) from the first working minute of its work center.
    Fixed and started phases are taken as they are: nothing before them
    (phases, component orders, release) constrains them; what follows them
    waits for them.
    """

    key: object
    name: str
    modes: list[Mode]
    family: str | None = None
    overlap_minutes: int | None = None
    queue_minutes: int = 0
    last_minutes: int = 0
    release: int = 0
    fixed: tuple[int, int] | None = None
    started: bool = False
    batch: str | None = None


@dataclass
class Order:
    """A production order: its phases in sequence, due moment (``None``: none),
    weight of its delay, release moment (material availability) and, when its
    output is a component of another order's phase, ``consumed_by`` =
    ``(order key, phase key)``: it must end before that phase starts.
    ``missing_items`` name the materials behind the release date (pegging);
    ``cost`` is its value for the flow costs."""

    key: object
    name: str
    phases: list[Phase]
    due: int | None = None
    weight: int = 1
    release: int = 0
    consumed_by: tuple[object, object] | None = None
    missing_items: tuple[str, ...] = ()
    cost: float = 0.0


@dataclass
class Options:
    """Solver settings and objective weights (see the module docstring).

    ``callback(seconds, objective, bound)`` is called on every better solution.
    ``gap_literals`` caps the literals that map the phases of work centers
    working less than the plant onto the plant axis (two per closed period a
    phase may pass): above it, each such phase may only start within a window
    of closed periods around its dispatch start, the same number for all, and
    the bound is the bound of that narrower model (:attr:`Result.windowed`).
    """

    time_limit: float = 30.0
    workers: int = 2
    tardiness_weight: int = 1000
    changeover_weight: int = 1
    flow_weight: int = 0
    use_hint: bool = True
    seed: int = 0
    gap_literals: int = 60_000
    callback: Callable[[float, float, float], None] | None = None


@dataclass
class Problem:
    """What to schedule: work centers and orders, with solver options."""

    workcenters: list[Workcenter]
    orders: list[Order]
    options: Options = field(default_factory=Options)


@dataclass
class Task:
    """A scheduled phase: work center, machine (lane), start and end in minutes,
    its setup and the changeover before it, and ``ready``: the earliest moment
    its predecessors and release allowed (the queue is ``start - ready``).
    ``batched``: it runs in the batch of the phase before it on its machine
    (its setup skipped: ``setup`` is 0 and ``minutes`` its run time)."""

    order: object
    phase: object
    workcenter: object
    machine: int
    start: int
    end: int
    minutes: int
    setup: int = 0
    changeover: int = 0
    ready: int = 0
    batched: bool = False


@dataclass
class Result:
    """The best schedule found, its status and the solver's figures.

    ``objective``/``bound`` are the objective of the module docstring and the
    solver's proven lower bound; ``gap`` is ``(objective - bound) / objective``.
    ``reasons`` explain what could not be scheduled (orders in ``dropped``);
    ``warnings`` what was scheduled but not as asked. ``dispatch_objective``
    is the objective of the hint, made by ``dispatch_rule`` (``edd``, ``mod``
    or ``atc<k>``, see :meth:`Scheduler.dispatch`).
    """

    status: str
    tasks: list[Task]
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dropped: list[object] = field(default_factory=list)
    seconds: float = 0.0
    dispatch_objective: float | None = None
    solutions: int = 0
    windowed: bool = False
    dispatch_rule: str = ""


class FcsError(ValueError):
    """Input the scheduler cannot read (names the record)."""


# --- time axes --------------------------------------------------------------
def merge_intervals(intervals):
    """Sorted, merged ``(start, end)`` intervals; empty ones dropped."""
    merged: list[list[int]] = []
    for start, end in sorted(i for i in intervals if i[1] > i[0]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


class _Segments:
    """Sorted disjoint segments of an outer axis, numbered as an inner axis.

    Used twice: real time → plant axis (the plant's working intervals), and
    plant axis → a work center's working axis (its segments of the plant axis).
    """

    def __init__(self, segments):
        self.starts = [start for start, _end in segments]
        self.ends = [end for _start, end in segments]
        self.offsets = []
        total = 0
        for start, end in segments:
            self.offsets.append(total)
            total += end - start
        self.length = total

    def inner(self, outer: int) -> int:
        """Inner position of an outer moment (a closed moment maps to the next
        open one)."""
        index = bisect.bisect_right(self.starts, outer) - 1
        if index < 0:
            return 0
        return self.offsets[index] + min(outer, self.ends[index]) - self.starts[index]

    def outer_start(self, inner: int) -> int:
        """Outer moment where inner position ``inner`` starts (after a gap)."""
        index = bisect.bisect_right(self.offsets, inner) - 1
        if index < 0:
            return self.starts[0] if self.starts else 0
        if inner - self.offsets[index] >= self.ends[index] - self.starts[index]:
            if index + 1 < len(self.starts):
                return self.starts[index + 1]
            return self.ends[index]
        return self.starts[index] + inner - self.offsets[index]

    def outer_end(self, inner: int) -> int:
        """Outer moment where inner position ``inner`` ends (before a gap)."""
        if inner <= 0:
            return self.starts[0] if self.starts else 0
        index = bisect.bisect_left(self.offsets, inner) - 1
        return self.starts[index] + inner - self.offsets[index]

    def gaps(self):
        """``(inner position, length)`` of every gap between two segments."""
        return [
            (self.offsets[i + 1], self.starts[i + 1] - self.ends[i])
            for i in range(len(self.starts) - 1)
        ]


@dataclass
class _Center:
    """A work center prepared for the model."""

    workcenter: Workcenter
    axis: _Segments  # plant axis -> its working axis
    identity: bool
    lanes: int  # unary lanes (changeovers, batching) or 1 cumulative resource
    unary: bool


# --- the scheduler ----------------------------------------------------------
@dataclass
class _RuleState:
    """The simulation of a rule-based dispatch (internal): per work center, the
    plant moment each lane is free from, the phases released but not yet ready
    (heap by ready moment) and ready ones (heap by operation due date), and the
    last decision moment."""

    free: dict
    odd: dict
    coming: dict = field(default_factory=lambda: defaultdict(list))
    waiting: dict = field(default_factory=lambda: defaultdict(list))
    clock: dict = field(default_factory=lambda: defaultdict(int))


@dataclass
class _Node:
    """A phase to schedule (internal)."""

    index: int
    order: Order
    phase: Phase
    position: int  # in its order
    predecessors: list[tuple[int, str]] = field(default_factory=list)
    release: int = 0  # on the plant axis
    modes: list[int] = field(default_factory=list)  # usable mode indexes
    pinned: bool = False  # a started phase held at its work center's first minute


class Scheduler:
    """Builds, solves and extracts one schedule; see :func:`schedule`."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.options = problem.options
        self.reasons: list[str] = []
        self.warnings: list[str] = []
        self.dropped: set = set()
        self._prepare()

    # .. data -> axes ..........................................................
    def _prepare(self):
        problem = self.problem
        keys = [wc.key for wc in problem.workcenters]
        if len(set(keys)) != len(keys):
            raise FcsError("Two work centers have the same key")
        for wc in problem.workcenters:
            if wc.machines < 1:
                raise FcsError(f"Work center {wc.name}: machines must be at least 1")
        self.plant = _Segments(
            merge_intervals(i for wc in problem.workcenters for i in wc.intervals)
        )
        self.centers: dict[object, _Center] = {}
        for wc in problem.workcenters:
            segments = merge_intervals(
                (self.plant.inner(start), self.plant.inner(end))
                for start, end in wc.intervals
            )
            axis = _Segments(segments)
            identity = segments == [(0, self.plant.length)]
            if wc.batch_minutes is not None and wc.batch_minutes < 0:
                raise FcsError(
                    f"Work center {wc.name}: the batching window cannot be negative"
                )
            sequenced = bool(wc.changeovers) or wc.batch_minutes is not None
            unary = sequenced or wc.machines == 1
            self.centers[wc.key] = _Center(
                wc, axis, identity, wc.machines if sequenced else 1, unary
            )
        self._nodes()

    def _nodes(self):
        problem = self.problem
        self.nodes: list[_Node] = []
        by_phase: dict[tuple, _Node] = {}
        orders = {}
        for order in problem.orders:
            if order.key in orders:
                raise FcsError(f"Two orders have the key {order.key!r}")
            orders[order.key] = order
            reason = self._impossible(order)
            if reason:
                self.reasons.append(reason)
                self.dropped.add(order.key)
                continue
            previous = None
            for position, phase in enumerate(order.phases):
                node = _Node(len(self.nodes), order, phase, position)
                if phase.fixed or phase.started:
                    node.modes = [0]
                else:
                    node.release = self.plant.inner(
                        max(order.release, phase.release, 0)
                    )
                    node.modes = [
                        index
                        for index, mode in enumerate(phase.modes)
                        if 0 < self.centers[mode.workcenter].axis.length
                        and mode.minutes <= self.centers[mode.workcenter].axis.length
                    ]
                if previous is not None and not (phase.fixed or phase.started):
                    node.predecessors.append((previous.index, "phase"))
                self.nodes.append(node)
                by_phase[(order.key, phase.key)] = node
                previous = node
        self.last_node = {node.order.key: node.index for node in self.nodes}
        self._link_components(by_phase)
        self.order_nodes = defaultdict(list)
        for node in self.nodes:
            self.order_nodes[node.order.key].append(node.index)
        self._pin_started()

    def _link_components(self, by_phase):
        """A component order ends before the phase that consumes it starts."""
        for order in self.problem.orders:
            if order.key in self.dropped or not order.consumed_by:
                continue
            parent = by_phase.get(tuple(order.consumed_by))
            if parent is None:
                if order.consumed_by[0] in self.dropped:
                    self.warnings.append(
                        f"{order.name}: the order consuming it is not scheduled"
                    )
                else:
                    raise FcsError(
                        f"Order {order.name}: it is consumed by an unknown phase "
                        f"{order.consumed_by!r}"
                    )
                continue
            if not (parent.phase.fixed or parent.phase.started):
                parent.predecessors.append((self.last_node[order.key], "component"))

    def _pin_started(self):
        """Started phases continue at their work center's first minute, as
        many as it has machines."""
        started = defaultdict(int)
        for node in self.nodes:
            if node.phase.started and not node.phase.fixed:
                center = self.centers[node.phase.modes[0].workcenter]
                capacity = center.workcenter.machines
                if started[center.workcenter.key] < capacity:
                    node.pinned = True
                else:
                    self.warnings.append(
                        f"{node.order.name} / {node.phase.name}: more started phases "
                        f"than machines on {center.workcenter.name}; it continues later"
                    )
                started[center.workcenter.key] += 1

    def _impossible(self, order: Order) -> str | None:
        """Why ``order`` cannot be scheduled at all, or None."""
        if not order.phases:
            return f"{order.name}: no phase to schedule"
        for phase in order.phases:
            if not phase.modes:
                return f"{order.name} / {phase.name}: no work center"
            fits = False
            for mode in phase.modes:
                center = self.centers.get(mode.workcenter)
                if center is None:
                    raise FcsError(
                        f"{order.name} / {phase.name}: unknown work center "
                        f"{mode.workcenter!r}"
                    )
                if mode.minutes < 0:
                    raise FcsError(
                        f"{order.name} / {phase.name}: negative minutes on "
                        f"{center.workcenter.name}"
                    )
                if center.axis.length and mode.minutes <= center.axis.length:
                    fits = True
            if phase.fixed:
                continue
            if phase.started:
                center = self.centers[phase.modes[0].workcenter]
                fits = (
                    0 < center.axis.length
                    and phase.modes[0].minutes <= center.axis.length
                )
            if not fits:
                names = ", ".join(
                    self.centers[m.workcenter].workcenter.name for m in phase.modes
                )
                if all(
                    self.centers[m.workcenter].axis.length == 0 for m in phase.modes
                ):
                    return (
                        f"{order.name} / {phase.name}: work center {names} has no "
                        "working time in the horizon"
                    )
                return (
                    f"{order.name} / {phase.name}: {phase.modes[0].minutes} minutes "
                    f"are longer than the working time of {names} in the horizon"
                )
        return None

    # .. helpers ...............................................................
    def _changeover(self, center: _Center, before: str | None, after: str | None):
        if before is None or after is None or before == after:
            return 0
        return center.workcenter.changeovers.get((before, after), 0)

    def _fixed_range(self, node: _Node):
        """Working-axis start and end of a fixed phase on its main work center."""
        center = self.centers[node.phase.modes[0].workcenter]
        start, end = node.phase.fixed
        return (
            center.axis.inner(self.plant.inner(start)),
            center.axis.inner(self.plant.inner(end)),
        )

    def _plant_start(self, center: _Center, position: int) -> int:
        return center.axis.outer_start(position)

    def _plant_end(self, center: _Center, position: int) -> int:
        return center.axis.outer_end(position)

    def _earliest(self, node: _Node, starts, ends) -> tuple[int, int]:
        """Earliest plant-axis start and end its predecessors allow."""
        start = node.release
        end = 0
        for pred, kind in node.predecessors:
            pnode = self.nodes[pred]
            if kind == "component":
                start = max(start, ends[pred])
                continue
            phase = pnode.phase
            if phase.overlap_minutes is None:
                start = max(start, ends[pred] + phase.queue_minutes)
            else:
                start = max(
                    start, starts[pred] + phase.overlap_minutes + phase.queue_minutes
                )
                end = max(end, ends[pred] + node.phase.last_minutes)
        return start, end

    # .. dispatch ..............................................................
    def dispatch(self):
        """The best of a few feasible schedules by list scheduling, by the
        objective: the serial due-date dispatch (:meth:`_serial_dispatch`),
        then the dispatching rules of :data:`DISPATCH_RULES`
        (:meth:`_rule_dispatch`) while they take less than
        :data:`DISPATCH_SHARE` of the time limit. Due-date order alone makes
        every order behind an overloaded work center a little late; the rules
        let short urgent phases pass long ones, which roughly halves the
        total tardiness of a loaded plant (``make bench-fcs``).

        Returns ``(placed, starts, ends)``: ``placed`` is ``{node: (mode, lane,
        w_start, w_end)}`` on the work centers' axes, ``starts``/``ends`` the
        plant-axis moments; orders that do not fit are dropped (named in the
        reasons).
        """
        began = time.monotonic()
        best = self._serial_dispatch()
        best_value = self._placement_objective(best)
        self.dispatch_rule = "edd"
        for rule, k in DISPATCH_RULES:
            if time.monotonic() - began > DISPATCH_SHARE * self.options.time_limit:
                break
            candidate = self._rule_dispatch(rule, k)
            if candidate is None:
                continue
            value = self._placement_objective(candidate)
            if value < best_value:
                best, best_value = candidate, value
                self.dispatch_rule = rule if k is None else f"{rule}{k:g}"
        return best

    def _placement(self):
        """Empty lanes of every work center and the ``put`` that fills them."""
        lanes = {}
        for key, center in self.centers.items():
            count = center.lanes if center.unary else center.workcenter.machines
            lanes[key] = [[] for _ in range(count)]  # sorted (w_start, w_end, family)
        placed: dict[int, tuple] = {}
        starts: dict[int, int] = {}
        ends: dict[int, int] = {}

        def put(node, mode_index, lane, w_start, w_end):
            center = self.centers[node.phase.modes[mode_index].workcenter]
            if w_end > w_start:  # no minutes: takes no machine
                bisect.insort(
                    lanes[center.workcenter.key][lane],
                    (w_start, w_end, node.index, node.phase.family),
                )
            placed[node.index] = (mode_index, lane, w_start, w_end)
            starts[node.index] = self._plant_start(center, w_start)
            ends[node.index] = (
                self._plant_end(center, w_end)
                if w_end > w_start
                else starts[node.index]
            )

        self._place_locked(lanes, put)
        return lanes, placed, starts, ends, put

    def _successors(self):
        pending = {n.index: len(n.predecessors) for n in self.nodes}
        successors = defaultdict(list)
        for node in self.nodes:
            for pred, _kind in node.predecessors:
                successors[pred].append(node.index)
        return pending, successors

    def _serial_dispatch(self):
        """Serial list scheduling by due date, weight, release and input
        order, each phase inserted into the first gap of a lane where it ends
        earliest; orders that do not fit are dropped and the rest rescheduled."""
        lanes, placed, starts, ends, put = self._placement()
        pending, successors = self._successors()
        heap = []
        self._order_rank = {o.key: i for i, o in enumerate(self.problem.orders)}
        priority = self._priority

        for node in self.nodes:
            if not pending[node.index]:
                heapq.heappush(heap, (priority(node), node.index))
        failed_orders = set()
        while heap:
            _prio, index = heapq.heappop(heap)
            node = self.nodes[index]
            blocked = any(pred not in placed for pred, _kind in node.predecessors)
            if (
                index not in placed
                and node.order.key not in failed_orders
                and not blocked  # after an order that failed: placed in the rerun
                and not self._place(node, lanes, starts, ends, put)
            ):
                failed_orders.add(node.order.key)
            for succ in successors[index]:
                pending[succ] -= 1
                if not pending[succ]:
                    heapq.heappush(heap, (priority(self.nodes[succ]), succ))
        if failed_orders:
            for order_key in failed_orders:
                order = next(o for o in self.problem.orders if o.key == order_key)
                self.reasons.append(
                    f"{order.name}: does not fit in the working time of the horizon"
                )
            self.dropped |= failed_orders
            self._rebuild_without(failed_orders)
            return self._serial_dispatch()
        return placed, starts, ends

    def _rule_dispatch(self, rule, k=None):
        """Time-driven list scheduling: the work center that can start a phase
        earliest takes, among the phases waiting for it, the one a dispatching
        rule prefers at that moment: ``mod`` (modified operation due date,
        ``max(due - work after it, now + minutes)``) or ``atc`` (apparent
        tardiness cost with look-ahead ``k``); the phase then goes where it
        ends earliest, as in the serial dispatch. Only the
        :data:`DISPATCH_CANDIDATES` waiting phases with the earliest operation
        due dates are compared, so each decision costs the same on any plant.
        None when a phase does not fit (the serial dispatch has the answer).
        """
        lanes, placed, starts, ends, put = self._placement()
        pending, successors = self._successors()
        state = _RuleState(
            free={key: [0] * len(lane_list) for key, lane_list in lanes.items()},
            odd=self._operation_due_dates(),
        )

        def release(node):
            ready, _end = self._earliest(node, starts, ends)
            for mode_index in node.modes:
                key = node.phase.modes[mode_index].workcenter
                heapq.heappush(state.coming[key], (ready, node.index))

        for node in self.nodes:
            if node.index in placed:
                for succ in successors[node.index]:
                    pending[succ] -= 1
        for node in self.nodes:
            if node.index not in placed and not pending[node.index]:
                release(node)
        left = len(self.nodes) - len(placed)
        while left:
            center_key, moment = self._next_decision(state, placed)
            if center_key is None:
                return None  # waiting for a phase that is not placed
            candidates = self._candidates(state, center_key, moment, placed)
            index = self._preferred(rule, k, candidates, center_key, moment)
            node = self.nodes[index]
            if not self._place(node, lanes, starts, ends, put):
                return None
            mode_index, lane, _ws, _we = placed[index]
            used = node.phase.modes[mode_index].workcenter
            state.free[used][lane] = max(state.free[used][lane], ends[index])
            left -= 1
            for succ in successors[index]:
                pending[succ] -= 1
                if not pending[succ]:
                    release(self.nodes[succ])
        return placed, starts, ends

    def _operation_due_dates(self):
        """Plant-axis due date of each phase: its order's due less the work
        after it (far away for an order without due date)."""
        tails = self._tails()
        latest = 2 * self.plant.length
        odd = {}
        for node in self.nodes:
            due = node.order.due
            odd[node.index] = (
                self.plant.inner(due) - tails[node.index] if due is not None else latest
            )
        return odd

    def _next_decision(self, state, placed):
        """The work center that can start a phase earliest, and that moment."""
        center_key, moment = None, None
        for key in self.centers:
            ahead, now = state.coming[key], state.waiting[key]
            while ahead and ahead[0][1] in placed:
                heapq.heappop(ahead)
            while now and now[0][1] in placed:
                heapq.heappop(now)
            if not ahead and not now:
                continue
            at = max(state.clock[key], min(state.free[key]))
            if not now:
                at = max(at, ahead[0][0])
            if moment is None or at < moment:
                center_key, moment = key, at
        return center_key, moment

    def _candidates(self, state, center_key, moment, placed):
        """``[(operation due date, node)]`` of the phases ready for the work
        center at ``moment`` with the earliest operation due dates."""
        state.clock[center_key] = moment
        ahead, now = state.coming[center_key], state.waiting[center_key]
        while ahead and ahead[0][0] <= moment:
            _ready, i = heapq.heappop(ahead)
            if i not in placed:
                heapq.heappush(now, (state.odd[i], i))
        candidates = []
        while now and len(candidates) < DISPATCH_CANDIDATES:
            entry = heapq.heappop(now)
            if entry[1] not in placed:
                candidates.append(entry)
        for entry in candidates:
            heapq.heappush(now, entry)
        return candidates

    def _preferred(self, rule, k, candidates, center_key, moment):
        """The candidate the rule prefers (ties: shorter, then input order)."""
        minutes = {
            i: next(
                m.minutes
                for m in self.nodes[i].phase.modes
                if m.workcenter == center_key
            )
            for _odd, i in candidates
        }
        average = max(1.0, sum(minutes.values()) / len(candidates))
        latest = 2 * self.plant.length

        def preference(entry):
            due, i = entry
            p = minutes[i]
            if due >= latest:  # no due date: after every dated phase
                return (1, 0.0, p, i)
            slack = max(due - p - moment, 0)
            if rule == "mod":
                return (0, slack, p, i)
            weight = self.nodes[i].order.weight
            return (0, -weight / max(p, 1) * math.exp(-slack / (k * average)), p, i)

        return min(candidates, key=preference)[1]

    def _tails(self):
        """Plant minutes of work after each phase in its order (main modes)."""
        tails = {}
        for indexes in self.order_nodes.values():
            after = 0
            for i in reversed(indexes):
                tails[i] = after
                phase = self.nodes[i].phase
                after += phase.modes[0].minutes + phase.queue_minutes
        return tails

    def _placement_objective(self, placement):
        """The objective of a dispatch placement (module docstring)."""
        return self._objective_of(self._tasks_from_dispatch(placement))

    def _lanes(self, node, mode_index):
        """Lanes a phase may take on a mode's work center: one per machine with
        changeovers, else one resource (none needed without minutes)."""
        center = self.centers[node.phase.modes[mode_index].workcenter]
        if node.phase.fixed:
            w_start, w_end = self._fixed_range(node)
            size = w_end - w_start
        else:
            size = node.phase.modes[mode_index].minutes
        return center.lanes if (center.unary and size) else 1

    def _place_locked(self, lanes, put):
        """Fixed phases at their dates, then started phases at their work
        center's first minute."""
        for node in self.nodes:
            if node.phase.fixed:
                w_start, w_end = self._fixed_range(node)
                center = self.centers[node.phase.modes[0].workcenter]
                lane = self._free_lane(lanes[center.workcenter.key], w_start, w_end)
                put(node, 0, lane, w_start, w_end)
        for node in self.nodes:
            if node.pinned:
                mode = node.phase.modes[0]
                lane = self._free_lane(lanes[mode.workcenter], 0, mode.minutes)
                put(node, 0, lane, 0, mode.minutes)

    def _priority(self, node):
        """Dispatch order: started phases, due date, weight, release, input."""
        order = node.order
        due = order.due if order.due is not None else float("inf")
        return (
            0 if node.phase.started else 1,
            due,
            -order.weight,
            order.release,
            self._order_rank[order.key],
            node.position,
        )

    def _rebuild_without(self, order_keys):
        self.problem = Problem(
            self.problem.workcenters,
            [o for o in self.problem.orders if o.key not in order_keys],
            self.problem.options,
        )
        reasons, warnings, dropped = self.reasons, self.warnings, self.dropped
        self._nodes()
        self.reasons, self.warnings, self.dropped = reasons, warnings, dropped

    @staticmethod
    def _free_lane(lane_list, w_start, w_end):
        for lane, busy in enumerate(lane_list):
            if all(e <= w_start or s >= w_end for s, e, _n, _f in busy):
                return lane
        return 0

    def _place(self, node, lanes, starts, ends, put) -> bool:
        earliest_start, earliest_end = self._earliest(node, starts, ends)
        best = None
        for mode_index in node.modes:
            mode = node.phase.modes[mode_index]
            center = self.centers[mode.workcenter]
            lower = center.axis.inner(earliest_start)
            end_floor = self._end_position(center, earliest_end) if earliest_end else 0
            for lane, busy in enumerate(lanes[mode.workcenter]):
                fit = self._fit(center, busy, lower, end_floor, node, mode)
                if fit is None:
                    continue
                w_start, w_end = fit
                finish = (
                    self._plant_end(center, w_end)
                    if w_end > w_start
                    else self._plant_start(center, w_start)
                )
                if best is None or finish < best[0]:
                    best = (finish, mode_index, lane, w_start, w_end)
        if best is None:
            return False
        put(node, *best[1:])
        return True

    def _end_position(self, center, moment):
        """Smallest working-axis end whose plant moment is not before ``moment``."""
        position = center.axis.inner(moment)
        if position and self._plant_end(center, position) < moment:
            position += 1
        return position

    def _batchable(self, center, node, mode):
        """Whether the phase may skip its setup in a batch on this work center."""
        return (
            center.workcenter.batch_minutes is not None
            and node.phase.batch is not None
            and not (node.phase.fixed or node.phase.started)
            and 0 < mode.setup < mode.minutes
        )

    def _entry_batched(self, center, entry):
        """Whether a lane entry ``(w_start, w_end, node, family)`` was placed
        in the batch of the entry before it (shorter than its mode)."""
        node = self.nodes[entry[2]]
        if node.phase.fixed or node.phase.started:
            return False
        mode = next(
            m for m in node.phase.modes if m.workcenter == center.workcenter.key
        )
        return entry[1] - entry[0] < mode.minutes

    def _fit(self, center, busy, lower, end_floor, node, mode):
        """First ``(w_start, w_end)`` on the working axis, starting at or after
        ``lower`` and ending at or after ``end_floor``, where the phase fits
        between the lane's tasks (``busy``, sorted) with their changeovers, in
        the batch of the task before it when it may (without its setup); None
        when it fits nowhere. A gap before a task batched with the one before
        the gap only takes a phase of the same grouping code."""
        family, code = node.phase.family, node.phase.batch
        batchable = self._batchable(center, node, mode)
        window = center.workcenter.batch_minutes
        for i in range(len(busy) + 1):
            begin = lower
            size = mode.minutes
            if i:
                _s, prev_end, prev_node, prev_family = busy[i - 1]
                begin = max(
                    begin, prev_end + self._changeover(center, prev_family, family)
                )
                if (
                    batchable
                    and self.nodes[prev_node].phase.batch == code
                    and max(begin, end_floor - (size - mode.setup)) - prev_end <= window
                ):
                    size -= mode.setup
            begin = max(begin, end_floor - size)
            if i < len(busy):
                next_start, _e, next_node, next_family = busy[i]
                if (
                    i
                    and self.nodes[next_node].phase.batch != code
                    and self._entry_batched(center, busy[i])
                ):
                    continue  # it would break the next task's batch
                if (
                    begin + size + self._changeover(center, family, next_family)
                    <= next_start
                ):
                    return begin, begin + size
            elif begin + size <= center.axis.length:
                return begin, begin + size
        return None

    # .. model ................................................................
    def build(self, hint):
        """The CP-SAT model; ``hint`` is the dispatch placement."""
        model = cp_model.CpModel()
        self.model = model
        self.start_vars = {}
        self.end_vars = {}
        self.choices = {}  # node -> [(mode_index, lane, presence, w_start, w_end)]
        self.changeover_terms = []
        self.batched_vars = {}  # (node, mode) -> literal: runs in a batch
        self.batch_links = defaultdict(list)  # (node, mode) -> [arc in a batch]
        hints = {}
        per_lane = defaultdict(
            list
        )  # (wc, lane) -> [(node, interval, presence, ws, we)]
        per_center = defaultdict(list)  # cumulative wc -> [interval]
        self.window = self._window_size()
        for node in self.nodes:
            self._node_vars(model, node, hint, hints, per_lane, per_center)
        self._capacity(model, per_lane, per_center, hints, hint[0])
        for key, batched in self.batched_vars.items():
            # a phase skips its setup only right after one of its batch
            model.add(batched <= sum(self.batch_links.get(key, [])))
        self._precedence(model)
        terms = self._objective_terms(model, hints, hint[2])
        model.minimize(sum(terms))
        if self.options.use_hint:
            for var, value in hints.items():
                model.add_hint(var, value)
        return model

    def _window_size(self):
        """Closed periods a phase of a shorter-working work center may pass on
        each side of its dispatch start (None: no window, see
        :class:`Options`)."""
        modes = 0
        literals = 0
        for node in self.nodes:
            if node.phase.fixed:
                continue
            for mode_index in node.modes:
                gaps = len(
                    self.centers[node.phase.modes[mode_index].workcenter].axis.gaps()
                )
                if gaps:
                    modes += 1
                    literals += 2 * gaps
        if literals <= self.options.gap_literals:
            return None
        return max(2, self.options.gap_literals // (4 * modes))

    def _windowed(self, center, lower, upper, plant_start):
        """``lower``/``upper`` narrowed to the window around a dispatch start."""
        positions = [position for position, _length in center.axis.gaps()]
        if self.window is None or not positions:
            return lower, upper
        index = bisect.bisect_right(positions, center.axis.inner(plant_start))
        if index - self.window - 1 >= 0:
            lower = max(lower, positions[index - self.window - 1])
        if index + self.window < len(positions):
            upper = min(upper, positions[index + self.window])
        return lower, max(lower, upper)

    def _node_vars(self, model, node, hint, hints, per_lane, per_center):
        """Start, end and one optional interval per mode and lane of a phase."""
        placed, hint_starts, hint_ends = hint
        horizon = self.plant.length
        phase = node.phase
        fixed = phase.fixed is not None
        lowest = 0 if (fixed or phase.started) else node.release
        start = model.new_int_var(lowest, horizon, f"s{node.index}")
        end = model.new_int_var(lowest, horizon, f"e{node.index}")
        self.start_vars[node.index] = start
        self.end_vars[node.index] = end
        hints[start] = hint_starts[node.index]
        hints[end] = hint_ends[node.index]
        chosen = placed[node.index]
        lanes_of = {mi: self._lanes(node, mi) for mi in node.modes}
        optional = sum(lanes_of.values()) > 1
        choices = []
        mode_presence = []
        for mode_index in node.modes:
            mode = phase.modes[mode_index]
            center = self.centers[mode.workcenter]
            mine = chosen if chosen[0] == mode_index else None
            if len(node.modes) == 1:
                present = model.new_constant(1)
            else:
                present = model.new_bool_var(f"p{node.index}_{mode_index}")
                hints[present] = int(mine is not None)
            mode_presence.append(present)
            if fixed:
                w_lo, w_hi = self._fixed_range(node)
                size = shortest = w_hi - w_lo
                ws = model.new_constant(w_lo)
                we = model.new_constant(w_hi)
            else:
                size = mode.minutes
                lower = 0 if phase.started else center.axis.inner(node.release)
                upper = center.axis.length - size
                shortest = size
                if not node.pinned:
                    lower, upper = self._windowed(
                        center, lower, upper, hint_starts[node.index]
                    )
                if lower > upper:
                    # this mode cannot start late enough: never chosen
                    model.add(present == 0)
                    lower = upper = max(upper, 0)
                if self._batchable(center, node, mode):
                    batched = model.new_bool_var(f"b{node.index}_{mode_index}")
                    self.batched_vars[(node.index, mode_index)] = batched
                    hints[batched] = int(
                        mine is not None and mine[3] - mine[2] < mode.minutes
                    )
                    shortest = size - mode.setup
                    size = size - mode.setup * batched
                ws = model.new_int_var(lower, upper, f"ws{node.index}_{mode_index}")
                we = model.new_int_var(
                    lower + shortest,
                    upper + mode.minutes,
                    f"we{node.index}_{mode_index}",
                )
                model.add(we == ws + size)
                if node.pinned:
                    model.add(ws == 0)
                if mine is not None:
                    hints[ws] = mine[2]
                    hints[we] = mine[3]
            self._link_axis(
                model,
                center,
                ws,
                we,
                shortest,
                (start, end, present, optional),
                hints,
                mine,
            )
            if lanes_of[mode_index] == 1:
                interval = model.new_optional_interval_var(
                    ws, size, we, present, f"i{node.index}_{mode_index}"
                )
                if not shortest:
                    pass  # no minutes: it takes no machine, no setup state
                elif center.unary:
                    per_lane[(mode.workcenter, 0)].append(
                        (node, interval, present, ws, we)
                    )
                else:
                    per_center[mode.workcenter].append(interval)
                choices.append((mode_index, 0, present, ws, we))
                continue
            lane_literals = []
            for lane in range(lanes_of[mode_index]):
                lit = model.new_bool_var(f"l{node.index}_{mode_index}_{lane}")
                hints[lit] = int(mine is not None and mine[1] == lane)
                lane_literals.append(lit)
                interval = model.new_optional_interval_var(
                    ws, size, we, lit, f"i{node.index}_{mode_index}_{lane}"
                )
                per_lane[(mode.workcenter, lane)].append((node, interval, lit, ws, we))
                choices.append((mode_index, lane, lit, ws, we))
            model.add(sum(lane_literals) == present)
        if len(mode_presence) > 1:
            model.add_exactly_one(mode_presence)
        self.choices[node.index] = choices

    def _capacity(self, model, per_lane, per_center, hints, placed):
        """No-overlap per lane (with a changeover circuit), cumulative per
        work center of identical machines."""
        for (wc_key, _lane), entries in per_lane.items():
            center = self.centers[wc_key]
            model.add_no_overlap([interval for _n, interval, _p, _s, _e in entries])
            families = {
                n.phase.family for n, *_ in entries if n.phase.family is not None
            }
            codes = [n.phase.batch for n, *_ in entries if n.phase.batch is not None]
            if (
                len(families) > 1
                and any(v for v in center.workcenter.changeovers.values())
            ) or (
                center.workcenter.batch_minutes is not None
                and len(codes) > len(set(codes))
            ):
                self._circuit(model, center, entries, hints, placed, _lane)
        for wc_key, intervals in per_center.items():
            center = self.centers[wc_key]
            model.add_cumulative(
                intervals, [1] * len(intervals), center.workcenter.machines
            )

    def _precedence(self, model):
        """Phases in order (queue, overlap) and component orders first."""
        for node in self.nodes:
            start = self.start_vars[node.index]
            end = self.end_vars[node.index]
            for pred, kind in node.predecessors:
                pnode = self.nodes[pred]
                if kind == "component":
                    model.add(start >= self.end_vars[pred])
                elif pnode.phase.overlap_minutes is None:
                    model.add(start >= self.end_vars[pred] + pnode.phase.queue_minutes)
                else:
                    model.add(
                        start
                        >= self.start_vars[pred]
                        + pnode.phase.overlap_minutes
                        + pnode.phase.queue_minutes
                    )
                    model.add(end >= self.end_vars[pred] + node.phase.last_minutes)

    def _objective_terms(self, model, hints, hint_ends):
        """Weighted tardiness, makespan, changeovers and flow (module docstring)."""
        horizon = self.plant.length
        terms = []
        makespan = model.new_int_var(0, horizon, "makespan")
        order_ends = []
        self.tardiness = {}
        for order_key, indexes in self.order_nodes.items():
            order = self.nodes[indexes[0]].order
            last = self.end_vars[indexes[-1]]
            order_ends.append(last)
            hint_end = hint_ends[indexes[-1]]
            if order.due is not None and self.options.tardiness_weight:
                due = self.plant.inner(order.due)
                tardy = model.new_int_var(0, horizon, f"t{order_key}")
                model.add_max_equality(tardy, [0, last - due])
                hints[tardy] = max(0, hint_end - due)
                self.tardiness[order_key] = tardy
                terms.append(
                    self.options.tardiness_weight * max(order.weight, 0) * tardy
                )
            if self.options.flow_weight:
                terms.append(
                    self.options.flow_weight * (last - self.start_vars[indexes[0]])
                )
        if order_ends:
            model.add_max_equality(makespan, order_ends)
            hints[makespan] = max(hint_ends[i] for i in self.last_node.values())
        terms.append(makespan)
        if self.options.changeover_weight:
            terms.extend(
                self.options.changeover_weight * c * lit
                for c, lit in self.changeover_terms
            )
        self.makespan = makespan
        return terms

    def _link_axis(self, model, center, ws, we, size, link, hints, mine):
        """Plant-axis start/end of a mode from its working-axis start/end: each
        closed period of the work center the phase may pass adds its length
        (a phase of no minutes ends where it starts). ``link`` is
        ``(start, end, presence, optional)``."""
        start, end, present, optional = link
        offset = center.axis.starts[0] if center.axis.starts else 0
        start_expr = ws + offset
        end_expr = we + offset
        previous = (None, None)
        for position, length in center.axis.gaps():
            lit_s = self._at_least(model, ws, position, hints, mine, 2)
            lit_e = (
                lit_s
                if not size
                else self._at_least(model, we, position + 1, hints, mine, 3)
            )
            for lit, before in zip((lit_s, lit_e), previous, strict=True):
                if (
                    not isinstance(lit, int)
                    and before is not None
                    and not isinstance(before, int)
                ):
                    model.add_implication(lit, before)
            previous = (lit_s, lit_e)
            start_expr += length * lit_s
            end_expr += length * lit_e
        if optional:
            model.add(start == start_expr).only_enforce_if(present)
            model.add(end == end_expr).only_enforce_if(present)
        else:
            model.add(start == start_expr)
            model.add(end == end_expr)

    @staticmethod
    def _at_least(model, var, bound, hints, mine, slot):
        """1, 0 or a literal true exactly when ``var >= bound``."""
        domain = list(var.proto.domain)  # (a repeated field: no negative indexes)
        low, high = domain[0], domain[len(domain) - 1]
        if low >= bound:
            return 1
        if high < bound:
            return 0
        lit = model.new_bool_var("")
        model.add(var >= bound).only_enforce_if(lit)
        model.add(var < bound).only_enforce_if(~lit)
        if mine is not None:
            hints[lit] = int(mine[slot] >= bound)
        return lit

    def _circuit(self, model, center, entries, hints, placed, lane):
        """Sequence-dependent changeovers on one lane: a circuit over its tasks."""
        arcs = []
        sequence = sorted(
            (placed[n.index][2], i)
            for i, (n, *_rest) in enumerate(entries)
            if self._on_lane(placed[n.index], n, center, lane)
        )
        order = [i for _w, i in sequence]
        nexts = {a: b for a, b in itertools.pairwise(order)}
        first = order[0] if order else None
        last = order[-1] if order else None
        all_present = True
        for i, (node_i, _iv, present_i, _ws_i, we_i) in enumerate(entries):
            start_lit = model.new_bool_var("")
            end_lit = model.new_bool_var("")
            arcs.append((0, i + 1, start_lit))
            arcs.append((i + 1, 0, end_lit))
            hints[start_lit] = int(i == first)
            hints[end_lit] = int(i == last)
            if not self._always(present_i):
                arcs.append((i + 1, i + 1, ~present_i))
                all_present = False
            for j, (node_j, _iv2, _present_j, ws_j, _we_j) in enumerate(entries):
                if i == j:
                    continue
                lit = model.new_bool_var("")
                arcs.append((i + 1, j + 1, lit))
                hints[lit] = int(nexts.get(i) == j)
                change = self._changeover(
                    center, node_i.phase.family, node_j.phase.family
                )
                model.add(ws_j >= we_i + change).only_enforce_if(lit)
                if change:
                    self.changeover_terms.append((change, lit))
                self._batch_arc(
                    model, center, (node_i, we_i), (node_j, ws_j), lit, hints
                )
        if not all_present:
            depot = model.new_bool_var("")
            arcs.append((0, 0, depot))
            hints[depot] = int(not order)
        model.add_circuit(arcs)

    def _batch_arc(self, model, center, before, after, arc, hints):
        """When ``after`` follows ``before`` on a lane (``arc``), with the same
        grouping code, within the batching window: it may skip its setup."""
        (node_i, we_i), (node_j, ws_j) = before, after
        mode_index = next(
            i
            for i in node_j.modes
            if node_j.phase.modes[i].workcenter == center.workcenter.key
        )
        if (
            node_j.index,
            mode_index,
        ) not in self.batched_vars or node_i.phase.batch != node_j.phase.batch:
            return
        link = model.new_bool_var("")
        hints[link] = int(
            hints.get(arc, 0) and hints[self.batched_vars[(node_j.index, mode_index)]]
        )
        model.add_implication(link, arc)
        model.add(ws_j - we_i <= center.workcenter.batch_minutes).only_enforce_if(link)
        self.batch_links[(node_j.index, mode_index)].append(link)

    def _on_lane(self, chosen, node, center, lane):
        mode = node.phase.modes[chosen[0]]
        return mode.workcenter == center.workcenter.key and chosen[1] == lane

    @staticmethod
    def _always(literal):
        return isinstance(literal, cp_model.IntVar) and list(literal.proto.domain) == [
            1,
            1,
        ]

    # .. solve and extract .....................................................
    def solve(self) -> Result:
        """Dispatch, build, solve and extract (see :func:`schedule`)."""
        began = time.monotonic()
        hint = self.dispatch()
        if not self.nodes:
            status = "infeasible" if self.reasons else "optimal"
            return Result(
                status,
                [],
                0.0,
                0.0,
                0.0,
                self.reasons,
                self.warnings,
                sorted(self.dropped, key=str),
                time.monotonic() - began,
            )
        dispatch_tasks = self._tasks_from_dispatch(hint)
        model = self.build(hint)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(self.options.time_limit, 0.0)
        solver.parameters.num_workers = max(self.options.workers, 1)
        solver.parameters.random_seed = self.options.seed
        callback = _Progress(self.options.callback, began)
        code = solver.solve(model, callback)
        reasons = list(self.reasons)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            tasks = self._tasks_from_solver(solver)
            status = "optimal" if code == cp_model.OPTIMAL else "feasible"
            objective = round(solver.objective_value, 6)
            bound = round(solver.best_objective_bound, 6)
        else:
            tasks = dispatch_tasks
            objective = self._objective_of(tasks)
            bound = (
                round(solver.best_objective_bound, 6)
                if code != cp_model.INFEASIBLE
                else None
            )
            if code == cp_model.INFEASIBLE:
                status = "infeasible"
                reasons.append(
                    "The fixed and started phases cannot all keep their places "
                    "(they overlap on a work center or break a precedence): the "
                    "dispatch schedule is returned"
                )
            elif code == cp_model.MODEL_INVALID:
                raise FcsError(f"Invalid scheduling model: {model.validate()}")
            else:
                status = "fallback"
        if reasons and status in ("optimal", "feasible"):
            status = "infeasible"
        gap = None
        if objective is not None and bound is not None:
            gap = max(0.0, (objective - bound) / max(abs(objective), 1.0))
        return Result(
            status,
            tasks,
            objective,
            bound,
            gap,
            reasons,
            self.warnings,
            sorted(self.dropped, key=str),
            time.monotonic() - began,
            self._objective_of(dispatch_tasks),
            callback.solutions,
            self.window is not None,
            self.dispatch_rule,
        )

    def _task(self, node, mode_index, lane, w_start, w_end):
        mode = node.phase.modes[mode_index]
        center = self.centers[mode.workcenter]
        if node.phase.fixed:
            real_start, real_end = node.phase.fixed
        else:
            p_start = self._plant_start(center, w_start)
            p_end = self._plant_end(center, w_end) if w_end > w_start else p_start
            real_start = self.plant.outer_start(p_start)
            real_end = self.plant.outer_end(p_end) if p_end > p_start else real_start
        batched = self._batchable(center, node, mode) and w_end - w_start < mode.minutes
        return Task(
            node.order.key,
            node.phase.key,
            mode.workcenter,
            lane,
            real_start,
            real_end,
            w_end - w_start,
            mode.setup if not (node.phase.started or batched) else 0,
            batched=batched,
        )

    def _tasks_from_dispatch(self, hint):
        placed = hint[0]
        tasks = [self._task(self.nodes[i], *placed[i]) for i in sorted(placed)]
        return self._finish(tasks)

    def _tasks_from_solver(self, solver):
        tasks = []
        for node in self.nodes:
            for mode_index, lane, present, ws, we in self.choices[node.index]:
                if solver.value(present):
                    tasks.append(
                        self._task(
                            node, mode_index, lane, solver.value(ws), solver.value(we)
                        )
                    )
                    break
        return self._finish(tasks)

    def _finish(self, tasks):
        """Machines of cumulative work centers, changeovers and ready moments."""
        by_center = defaultdict(list)
        for task in tasks:
            by_center[task.workcenter].append(task)
        for key, items in by_center.items():
            center = self.centers[key]
            items.sort(key=lambda t: (t.start, t.end))
            if not center.unary:
                free = []  # (end, machine)
                machines = list(range(center.workcenter.machines))
                for task in items:
                    if task.end == task.start:
                        task.machine = 0  # no minutes: takes no machine
                        continue
                    while free and free[0][0] <= task.start:
                        machines.append(heapq.heappop(free)[1])
                    machines.sort()
                    task.machine = machines.pop(0)
                    heapq.heappush(free, (task.end, task.machine))
        node_of = {(n.order.key, n.phase.key): n for n in self.nodes}
        family = {
            (t.order, t.phase): node_of[(t.order, t.phase)].phase.family for t in tasks
        }
        for key, items in by_center.items():
            center = self.centers[key]
            last = {}
            for task in items:
                if task.end == task.start:
                    continue
                previous = last.get(task.machine)
                if previous is not None:
                    task.changeover = self._changeover(
                        center,
                        family[(previous.order, previous.phase)],
                        family[(task.order, task.phase)],
                    )
                last[task.machine] = task
        # ready: what the predecessors and the release allowed
        index_of = {(t.order, t.phase): t for t in tasks}
        starts = {}
        ends = {}
        for node in self.nodes:
            task = index_of.get((node.order.key, node.phase.key))
            if task is None:
                continue
            starts[node.index] = self.plant.inner(task.start)
            ends[node.index] = self.plant.inner(task.end)
        for node in self.nodes:
            task = index_of.get((node.order.key, node.phase.key))
            if task is None:
                continue
            ready, _end = self._earliest(node, starts, ends)
            task.ready = self.plant.outer_start(ready)
        return tasks

    def _objective_of(self, tasks):
        """The objective of a schedule (to compare the dispatch with the solver)."""
        if not tasks:
            return 0.0
        ends = defaultdict(int)
        starts = {}
        for task in tasks:
            end = self.plant.inner(task.end)
            ends[task.order] = max(ends[task.order], end)
            start = self.plant.inner(task.start)
            starts[task.order] = min(starts.get(task.order, start), start)
        value = max(ends.values())
        orders = {o.key: o for o in self.problem.orders}
        for key, end in ends.items():
            order = orders[key]
            if order.due is not None and self.options.tardiness_weight:
                value += (
                    self.options.tardiness_weight
                    * max(order.weight, 0)
                    * max(0, end - self.plant.inner(order.due))
                )
            if self.options.flow_weight:
                value += self.options.flow_weight * (end - starts[key])
        if self.options.changeover_weight:
            value += self.options.changeover_weight * sum(t.changeover for t in tasks)
        return float(value)


class _Progress(cp_model.CpSolverSolutionCallback):
    """Counts solutions and reports each better one (seconds, objective, bound)."""

    def __init__(self, report, began):
        super().__init__()
        self.report = report
        self.began = began
        self.solutions = 0

    def on_solution_callback(self):
        self.solutions += 1
        if self.report:
            self.report(
                time.monotonic() - self.began,
                self.objective_value,
                self.best_objective_bound,
            )


def schedule(problem: Problem) -> Result:
    """Schedule ``problem``: always returns the best schedule found.

    Status ``optimal`` (proven), ``feasible`` (the time limit stopped the
    search), ``fallback`` (the solver found nothing in time: the dispatch
    schedule) or ``infeasible`` (some orders could not be scheduled, named in
    ``reasons``; the others are). Raises :class:`FcsError` on unreadable input
    (unknown work center, duplicate keys, machines < 1).
    """
    return Scheduler(problem).solve()
