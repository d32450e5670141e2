# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""An independent checker of FCS schedules: from the problem and the tasks
alone, with plain scans (none of the engine's axes or model), it verifies

* **completeness**: every phase of every order not dropped is scheduled once,
  on one of its work centers and machines, and nothing else is;
* **calendars**: a phase starts and ends in working time of its work center
  and works exactly its minutes there (it may span closed time);
* **fixed** phases keep their dates; the first started phases of a work center
  (as many as it has machines) start at its first working minute;
* **release** and **precedence**: no phase before its release; phases in order
  with queue times and overlaps, component orders before the phase consuming
  them, all in plant time (minutes when any work center works); fixed and
  started phases are taken as they are (nothing before them binds them);
* **capacity**: never more phases at once than machines; on a work center with
  changeovers, each machine's consecutive phases are separated by at least the
  changeover, in its working minutes;
* **batches**: a phase that skipped its setup follows, on its machine, a phase
  of the same grouping code that ended at most the work center's batching
  window (working minutes) before it started.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from services.fcs import merge_intervals, schedule


class ScheduleError(AssertionError):
    """A schedule breaks a rule."""


def checked_schedule(problem):
    """:func:`services.fcs.schedule`, with the result checked."""
    result = schedule(problem)
    check_schedule(problem, result.tasks, result.dropped)
    return result


def _working(intervals, start, end):
    return sum(max(0, min(end, e) - max(start, s)) for s, e in intervals)


def _inside(intervals, moment, closed_right=False):
    for s, e in intervals:
        if (s < moment <= e) if closed_right else (s <= moment < e):
            return True
    return False


def check_schedule(problem, tasks, dropped=()):
    """Raise :class:`ScheduleError` naming the first broken rule."""
    centers = {wc.key: wc for wc in problem.workcenters}
    calendars = {key: merge_intervals(wc.intervals) for key, wc in centers.items()}
    plant = merge_intervals(i for wc in problem.workcenters for i in wc.intervals)

    def plant_time(moment):
        return _working(plant, min(s for s, _e in plant) if plant else 0, moment)

    dropped = set(dropped)
    by_key = {}
    for task in tasks:
        key = (task.order, task.phase)
        if key in by_key:
            raise ScheduleError(f"{key} scheduled twice")
        by_key[key] = task
    expected = set()
    for order in problem.orders:
        if order.key in dropped:
            continue
        for phase in order.phases:
            expected.add((order.key, phase.key))
            task = by_key.get((order.key, phase.key))
            if task is None:
                raise ScheduleError(f"{order.key}/{phase.key} not scheduled")
            _check_task(order, phase, task, centers, calendars)
    if set(by_key) != expected:
        raise ScheduleError(
            f"unexpected tasks {sorted(set(by_key) - expected, key=str)}"
        )
    _check_started(problem, by_key, dropped, calendars, centers)
    _check_precedence(problem, by_key, dropped, plant_time)
    _check_capacity(problem, tasks, centers, calendars)


def _check_task(order, phase, task, centers, calendars):
    name = f"{order.key}/{phase.key}"
    if task.start > task.end:
        raise ScheduleError(f"{name} ends before it starts")
    if phase.fixed:
        if (task.start, task.end) != tuple(phase.fixed):
            raise ScheduleError(
                f"{name}: fixed {phase.fixed} moved to {task.start, task.end}"
            )
        if task.workcenter != phase.modes[0].workcenter:
            raise ScheduleError(f"{name}: fixed phase moved to {task.workcenter}")
        return
    modes = phase.modes[:1] if phase.started else phase.modes
    mode = next((m for m in modes if m.workcenter == task.workcenter), None)
    if mode is None:
        raise ScheduleError(f"{name} on {task.workcenter}, not one of its work centers")
    if not 0 <= task.machine < centers[task.workcenter].machines:
        raise ScheduleError(f"{name} on machine {task.machine} of {task.workcenter}")
    calendar = calendars[task.workcenter]
    worked = _working(calendar, task.start, task.end)
    minutes = mode.minutes
    if task.batched:
        if (
            phase.batch is None
            or centers[task.workcenter].batch_minutes is None
            or phase.started
        ):
            raise ScheduleError(f"{name} batched without a grouping code or window")
        minutes -= mode.setup
        if task.setup:
            raise ScheduleError(f"{name} batched, but counts a setup")
    if worked != minutes:
        raise ScheduleError(f"{name} works {worked} minutes, not {minutes}")
    if mode.minutes and not _inside(calendar, task.start):
        raise ScheduleError(f"{name} starts at {task.start}, outside working time")
    if mode.minutes and not _inside(calendar, task.end, closed_right=True):
        raise ScheduleError(f"{name} ends at {task.end}, outside working time")
    if not phase.started and task.start < max(order.release, phase.release):
        raise ScheduleError(f"{name} starts at {task.start}, before its release")


def _check_started(problem, by_key, dropped, calendars, centers):
    seen = defaultdict(int)
    for order in problem.orders:
        if order.key in dropped:
            continue
        for phase in order.phases:
            if not phase.started or phase.fixed:
                continue
            key = phase.modes[0].workcenter
            seen[key] += 1
            if seen[key] > centers[key].machines:
                continue
            first = min((s for s, e in calendars[key] if e > 0), default=0)
            task = by_key[(order.key, phase.key)]
            if task.start != max(first, 0):
                raise ScheduleError(
                    f"{order.key}/{phase.key}: started, but continues at {task.start}"
                    f" instead of {first}"
                )


def _check_precedence(problem, by_key, dropped, plant_time):
    for order in problem.orders:
        if order.key in dropped:
            continue
        phases = order.phases
        for before, after in itertools.pairwise(phases):
            a = by_key[(order.key, before.key)]
            b = by_key[(order.key, after.key)]
            name = f"{order.key}: {before.key} -> {after.key}"
            if after.fixed or after.started:
                continue
            if before.overlap_minutes is None:
                if plant_time(b.start) < plant_time(a.end) + before.queue_minutes:
                    raise ScheduleError(f"{name}: starts before the previous ends")
            else:
                if plant_time(b.start) < (
                    plant_time(a.start) + before.overlap_minutes + before.queue_minutes
                ):
                    raise ScheduleError(f"{name}: starts before the overlap point")
                if plant_time(b.end) < plant_time(a.end) + after.last_minutes:
                    raise ScheduleError(
                        f"{name}: ends before the previous one's last piece"
                    )
        if order.consumed_by and order.consumed_by[0] not in dropped:
            parent_order = next(
                o for o in problem.orders if o.key == order.consumed_by[0]
            )
            parent_phase = next(
                p for p in parent_order.phases if p.key == order.consumed_by[1]
            )
            if parent_phase.fixed or parent_phase.started:
                continue
            parent = by_key[tuple(order.consumed_by)]
            child = by_key[(order.key, order.phases[-1].key)]
            if plant_time(parent.start) < plant_time(child.end):
                raise ScheduleError(
                    f"{order.consumed_by}: starts before its component order {order.key} ends"
                )


def _check_capacity(problem, tasks, centers, calendars):
    families = {
        (order.key, phase.key): phase.family
        for order in problem.orders
        for phase in order.phases
    }
    codes = {
        (order.key, phase.key): phase.batch
        for order in problem.orders
        for phase in order.phases
    }
    by_center = defaultdict(list)
    for task in tasks:
        if task.end > task.start:
            by_center[task.workcenter].append(task)
    for key, items in by_center.items():
        wc = centers[key]
        events = sorted(
            [(t.start, 1) for t in items] + [(t.end, -1) for t in items],
            key=lambda event: (event[0], event[1]),
        )
        running = 0
        for moment, step in events:
            running += step
            if running > wc.machines:
                raise ScheduleError(f"{key}: {running} phases at once at {moment}")
        if not wc.changeovers and wc.batch_minutes is None:
            continue
        per_machine = defaultdict(list)
        for task in items:
            per_machine[task.machine].append(task)
        for machine, lane in per_machine.items():
            lane.sort(key=lambda t: t.start)
            if lane[0].batched:
                raise ScheduleError(
                    f"{key} machine {machine}: {lane[0].order}/{lane[0].phase} "
                    "batched, but first on its machine"
                )
            for a, b in itertools.pairwise(lane):
                if b.batched and (
                    codes[(a.order, a.phase)] != codes[(b.order, b.phase)]
                    or _working(calendars[key], a.end, b.start) > wc.batch_minutes
                ):
                    raise ScheduleError(
                        f"{key} machine {machine}: {b.order}/{b.phase} batched, but "
                        f"not right after its batch ({a.order}/{a.phase})"
                    )
                if b.start < a.end:
                    raise ScheduleError(
                        f"{key} machine {machine}: {a.order} and {b.order} overlap"
                    )
                fa, fb = families[(a.order, a.phase)], families[(b.order, b.phase)]
                need = (
                    0
                    if fa is None or fb is None or fa == fb
                    else wc.changeovers.get((fa, fb), 0)
                )
                if _working(calendars[key], a.end, b.start) < need:
                    raise ScheduleError(
                        f"{key} machine {machine}: no {need}-minute changeover between "
                        f"{a.order}/{a.phase} and {b.order}/{b.phase}"
                    )
