# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""KPIs and late-order explanations of an FCS schedule (SPEC §10).

All figures are in real time (hours of the clock from the scheduling start),
computed from the problem and the scheduled tasks only:

* orders: late count and percent (of the orders with a due date), maximum and
  average delay of the late ones, makespan; the same for groups of orders
  (:func:`group_delays`: the sale order lines the orders serve);
* flow costs at an annual holding percent of each order's value: *stock* while
  a finished order waits for its due date, *WIP* from its first phase's start
  to its end, and their total;
* per work center, over its working time from the start to the makespan times
  its machines: load (run minutes), setup (setup and changeovers) and idle
  percent, and the average queue: hours between the moment a phase could have
  started (its predecessors and release) and its start.

A late order is explained by what delayed it most: the work center where it
queued longest, or its material (the release date of its materials, with the
missing items from pegging), or its own length when it never waited.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .fcs import Problem, Result, merge_intervals

MINUTES_PER_YEAR = 365 * 24 * 60


@dataclass
class OrderDelay:
    """An order's end, due moment and delay (minutes, 0 when on time)."""

    order: object
    start: int
    end: int
    due: int | None
    delay: int


@dataclass
class WorkcenterKpi:
    """Load, setup and idle percent of a work center's capacity, and its average
    queue in hours."""

    workcenter: object
    available_minutes: int
    run_minutes: int
    setup_minutes: int
    load_percent: float
    setup_percent: float
    idle_percent: float
    queue_hours: float


@dataclass
class Kpis:
    """The KPIs of one schedule (see the module docstring)."""

    late_count: int = 0
    late_percent: float = 0.0
    delay_max_hours: float = 0.0
    delay_avg_hours: float = 0.0
    makespan_hours: float = 0.0
    stock_flow_cost: float = 0.0
    wip_flow_cost: float = 0.0
    total_flow_cost: float = 0.0
    orders: list[OrderDelay] = field(default_factory=list)
    workcenters: list[WorkcenterKpi] = field(default_factory=list)


@dataclass
class GroupDelays:
    """Delays of groups of orders (sale order lines and the orders serving
    them): how many groups, how many late and their percent, the maximum and
    average delay of the late ones in hours."""

    count: int = 0
    late_count: int = 0
    late_percent: float = 0.0
    delay_max_hours: float = 0.0
    delay_avg_hours: float = 0.0


@dataclass
class LateReason:
    """Why an order is late: ``kind`` is ``queue`` (at ``workcenter``),
    ``material`` (``items`` missing until the release) or ``duration`` (it
    never waited: its phases are longer than the time to its due date);
    ``minutes`` is the wait behind it."""

    order: object
    kind: str
    delay: int
    minutes: int = 0
    workcenter: object = None
    items: tuple[str, ...] = ()


def _working(intervals, start, end):
    return sum(max(0, min(end, e) - max(start, s)) for s, e in intervals)


def order_delays(problem: Problem, result: Result) -> list[OrderDelay]:
    """Start, end and delay of every scheduled order."""
    spans = {}
    for task in result.tasks:
        first, last = spans.get(task.order, (task.start, task.end))
        spans[task.order] = (min(first, task.start), max(last, task.end))
    delays = []
    for order in problem.orders:
        if order.key not in spans:
            continue
        start, end = spans[order.key]
        delay = max(0, end - order.due) if order.due is not None else 0
        delays.append(OrderDelay(order.key, start, end, order.due, delay))
    return delays


def compute_kpis(problem: Problem, result: Result, holding_percent=0.0) -> Kpis:
    """The KPIs of ``result`` (module docstring); ``holding_percent`` is the
    annual holding cost in percent of the orders' value."""
    kpis = Kpis(orders=order_delays(problem, result))
    if not result.tasks:
        return kpis
    dated = [d for d in kpis.orders if d.due is not None]
    late = [d for d in dated if d.delay > 0]
    kpis.late_count = len(late)
    kpis.late_percent = round(100.0 * len(late) / len(dated), 2) if dated else 0.0
    if late:
        kpis.delay_max_hours = round(max(d.delay for d in late) / 60.0, 2)
        kpis.delay_avg_hours = round(sum(d.delay for d in late) / len(late) / 60.0, 2)
    horizon_end = max(t.end for t in result.tasks)
    kpis.makespan_hours = round(horizon_end / 60.0, 2)
    rate = holding_percent / 100.0 / MINUTES_PER_YEAR
    value = {o.key: o.cost for o in problem.orders}
    for delay in kpis.orders:
        cost = value[delay.order] * rate
        if delay.due is not None:
            kpis.stock_flow_cost += cost * max(0, delay.due - delay.end)
        kpis.wip_flow_cost += cost * (delay.end - delay.start)
    kpis.stock_flow_cost = round(kpis.stock_flow_cost, 2)
    kpis.wip_flow_cost = round(kpis.wip_flow_cost, 2)
    kpis.total_flow_cost = round(kpis.stock_flow_cost + kpis.wip_flow_cost, 2)
    kpis.workcenters = _workcenter_kpis(problem, result, horizon_end)
    return kpis


def group_delays(delays: list[OrderDelay], groups: dict) -> GroupDelays:
    """Delays of ``groups`` (``{group: [order keys]}``, e.g. a sale order line
    and the orders that make its goods): a group is as late as its latest
    order; groups without a scheduled order with a due date are not counted."""
    by_order = {d.order: d for d in delays if d.due is not None}
    figures = []
    for orders in groups.values():
        mine = [by_order[key] for key in orders if key in by_order]
        if mine:
            figures.append(max(d.delay for d in mine))
    late = [delay for delay in figures if delay > 0]
    result = GroupDelays(count=len(figures), late_count=len(late))
    if figures:
        result.late_percent = round(100.0 * len(late) / len(figures), 2)
    if late:
        result.delay_max_hours = round(max(late) / 60.0, 2)
        result.delay_avg_hours = round(sum(late) / len(late) / 60.0, 2)
    return result


def _workcenter_kpis(problem, result, horizon_end):
    tasks = defaultdict(list)
    for task in result.tasks:
        tasks[task.workcenter].append(task)
    figures = []
    for wc in problem.workcenters:
        mine = tasks.get(wc.key, [])
        available = (
            _working(merge_intervals(wc.intervals), 0, horizon_end) * wc.machines
        )
        setup = sum(min(t.setup, t.minutes) + t.changeover for t in mine)
        run = sum(t.minutes - min(t.setup, t.minutes) for t in mine)
        load = 100.0 * run / available if available else 0.0
        setup_share = 100.0 * setup / available if available else 0.0
        queue = sum(max(0, t.start - t.ready) for t in mine) / len(mine) if mine else 0
        figures.append(
            WorkcenterKpi(
                wc.key,
                available,
                run,
                setup,
                round(load, 2),
                round(setup_share, 2),
                round(max(0.0, 100.0 - load - setup_share), 2),
                round(queue / 60.0, 2),
            )
        )
    return figures


def explain_late(problem: Problem, result: Result) -> list[LateReason]:
    """One :class:`LateReason` per late order (module docstring)."""
    by_order = defaultdict(list)
    for task in result.tasks:
        by_order[task.order].append(task)
    orders = {o.key: o for o in problem.orders}
    reasons = []
    for delay in order_delays(problem, result):
        if delay.delay <= 0:
            continue
        order = orders[delay.order]
        queue, center = 0, None
        for task in by_order[delay.order]:
            wait = task.start - task.ready
            if wait > queue:
                queue, center = wait, task.workcenter
        release = max([order.release] + [p.release for p in order.phases])
        if release > 0 and release >= queue:
            reasons.append(
                LateReason(
                    order.key,
                    "material",
                    delay.delay,
                    release,
                    None,
                    order.missing_items,
                )
            )
        elif queue > 0:
            reasons.append(LateReason(order.key, "queue", delay.delay, queue, center))
        else:
            reasons.append(LateReason(order.key, "duration", delay.delay))
    return reasons
