# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""An independent checker of general planning results (like OR-Tools samples
check their solutions): it recomputes, from the plan alone and plain scans,
what the engine promises.

* **Supply**: per site and item, firm stock and every planned order's receipt
  (at its end) cover every consumption (materials at their usage date, job
  order lines at the end of their due day) at every moment: the plan never
  leaves a moment below zero, nor below where the firm position already was.
* **Working time**: every phase starts and ends in working time of its work
  center, lasts at least its setup and run minutes, and phases follow each
  other (queue, overlap, the last cycle after the previous phase).
* **Pegging**: a supplier ends before the moment its parent uses it.
* **Lateness**: consumption before supply, or an order before the start, is
  allowed only for job orders declared late; an order that would start before
  the start claims a feasible end no earlier than it can really end.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from services.ledger import DEFERRED, FIRST
from services.planning import plan
from services.timing import Phase, last_cycle_minutes, schedule_asap

TOLERANCE = 1e-6
MINUTE = timedelta(minutes=1)


def checked_plan(items, workcenters, lines, options, position=None, reserved=None):
    """:func:`services.planning.plan`, with the result checked."""
    result = plan(items, workcenters, lines, options, position, reserved)
    check_plan(items, workcenters, lines, options, result, position, reserved)
    return result


def check_plan(
    items, workcenters, lines, options, result, position=None, reserved=None
):
    """Raise ``AssertionError`` listing every rule the plan breaks."""
    problems: list[str] = []
    _check_phases(workcenters, result, problems)
    _check_pegging(items, workcenters, lines, options, result, problems)
    _check_feasible(items, workcenters, options, result, problems)
    _check_supply(
        items, workcenters, lines, options, result, position, reserved, problems
    )
    assert not problems, "plan breaks its rules:\n" + "\n".join(problems[:20])


# --- working time ----------------------------------------------------------
def _check_phases(workcenters, result, problems):
    for order in result.orders:
        phases = order.phases
        if not phases:
            continue
        name = f"order {order.key} (item {order.product_id})"
        if [p.sequence for p in phases] != sorted(p.sequence for p in phases):
            problems.append(f"{name}: phases out of sequence")
        if (order.date_start, order.date_end) != (
            phases[0].date_start,
            phases[-1].date_end,
        ):
            problems.append(f"{name}: dates differ from its phases")
        previous = None
        for phase in phases:
            calendar = workcenters[phase.workcenter_id].calendar
            duration = phase.time_setup + phase.time_run
            if duration > TOLERANCE:
                if calendar.add_minutes(phase.date_start, 0) != phase.date_start:
                    problems.append(f"{name}: {phase.name} starts out of working time")
                if calendar.subtract_minutes(phase.date_end, 0) != phase.date_end:
                    problems.append(f"{name}: {phase.name} ends out of working time")
            worked = calendar.minutes_between(phase.date_start, phase.date_end)
            if worked < duration - TOLERANCE:
                problems.append(
                    f"{name}: {phase.name} works {worked:g} of {duration:g} minutes"
                )
            if previous is not None:
                _check_sequence(
                    name, workcenters, previous, phase, order.quantity, problems
                )
            previous = phase


def _check_sequence(name, workcenters, previous, phase, quantity, problems):
    spec = previous.spec
    calendar = workcenters[previous.workcenter_id].calendar
    if spec is None or spec.overlap == "none":
        if phase.date_start < previous.date_end:
            problems.append(f"{name}: {phase.name} starts before {previous.name} ends")
        elif (
            calendar.minutes_between(previous.date_end, phase.date_start)
            < (spec.queue_minutes if spec else 0.0) - TOLERANCE
        ):
            problems.append(
                f"{name}: {phase.name} skips the queue after {previous.name}"
            )
        return
    if phase.date_start < previous.date_start:
        problems.append(f"{name}: {phase.name} starts before {previous.name}")
    own = workcenters[phase.workcenter_id]
    last = last_cycle_minutes(
        Phase(
            phase.key,
            own.calendar,
            time_cycle=phase.spec.time_cycle,
            efficiency=own.efficiency or 100.0,
        )
        if phase.spec
        else Phase(phase.key, own.calendar),
        quantity,
    )
    if (
        own.calendar.minutes_between(previous.date_end, phase.date_end)
        < last - TOLERANCE
    ):
        problems.append(
            f"{name}: {phase.name} does not work the last piece after {previous.name}"
        )


# --- pegging and lateness --------------------------------------------------
def _line_moments(items, workcenters, lines, options, result):
    """Direction and due moment of each line, as the result planned it."""
    moments = {}
    for line in lines:
        direction = (
            "asap"
            if line.job_order_id in result.atp
            else (line.direction or options.direction)
        )
        if direction == "alap" and line.due is not None and line.product_id in items:
            calendar = _finishing_calendar(
                items[line.product_id], line.bom, workcenters, options
            )
            moments[line.key] = calendar.end_of_day(line.due)
        else:
            moments[line.key] = None
    return moments


def _finishing_calendar(item, bom, workcenters, options):
    specs = bom.phases if bom is not None and bom.phases is not None else item.phases
    if item.procurement == "production" and specs and options.phases:
        last = max(reversed(specs), key=lambda s: s.sequence)
        workcenter = workcenters.get(last.workcenter_id)
        if workcenter is not None and not workcenter.calendar.is_empty:
            return workcenter.calendar
    return options.calendar


def _check_pegging(items, workcenters, lines, options, result, problems):
    orders = {order.key: order for order in result.orders}
    moments = _line_moments(items, workcenters, lines, options, result)
    for order in result.orders:
        covered = sum(cover.quantity for cover in order.covers)
        if covered > order.quantity + TOLERANCE:
            problems.append(
                f"order {order.key} covers {covered:g} of its {order.quantity:g}"
            )
        for cover in order.covers:
            if cover.quantity <= 0:
                problems.append(f"order {order.key}: empty cover")
            if cover.job_order_id in result.late:
                continue
            if cover.parent_key is None:
                need = moments.get(cover.demand_key)
            else:
                parent = orders.get(cover.parent_key)
                if parent is None:
                    continue
                uses = [
                    m.date_use
                    for m in parent.materials
                    if m.product_id == order.product_id and not m.is_alternative
                ]
                need = min(uses) if uses else parent.date_start
            if need is not None and order.date_end > need:
                problems.append(
                    f"order {order.key} (item {order.product_id}) ends after "
                    f"job order {cover.job_order_id} needs it, not declared late"
                )


def _check_feasible(items, workcenters, options, result, problems):
    for order in result.orders:
        if order.date_feasible is None or order.date_feasible < order.date_end:
            problems.append(f"order {order.key}: feasible end before its end")
            continue
        if order.date_start >= options.start:
            continue
        if order.date_feasible <= order.date_end:
            problems.append(
                f"order {order.key} starts before the start, claims on time"
            )
        earliest = _earliest_end(order, items, workcenters, options)
        if earliest is not None and order.date_feasible < earliest:
            problems.append(f"order {order.key}: feasible end earlier than possible")
        for cover in order.covers:
            late = cover.need is not None and order.date_feasible > cover.need
            if (
                late
                and cover.parent_key is None
                and cover.job_order_id not in result.late
            ):
                problems.append(
                    f"job order {cover.job_order_id} gets order {order.key} too "
                    "late, not declared late"
                )


def _earliest_end(order, items, workcenters, options):
    """The end of ``order`` timed as soon as possible from the start."""
    if order.phases:
        phases = [
            Phase(
                p.key,
                workcenters[p.workcenter_id].calendar,
                time_setup=p.spec.time_setup,
                time_cycle=p.spec.time_cycle,
                pieces_per_cycle=p.spec.pieces_per_cycle or 1.0,
                machines=p.spec.machines or 1,
                efficiency=workcenters[p.workcenter_id].efficiency or 100.0,
                overlap=p.spec.overlap,
                overlap_value=p.spec.overlap_value,
                queue_minutes=p.spec.queue_minutes,
            )
            for p in order.phases
            if p.spec is not None
        ]
        if len(phases) == len(order.phases):
            return schedule_asap(phases, order.quantity, options.start)[-1].date_end
        return None
    return options.start + (order.date_end - order.date_start) - timedelta(hours=2)


# --- supply ----------------------------------------------------------------
def _check_supply(
    items, workcenters, lines, options, result, position, reserved, problems
):
    skipped = {
        (w.product_id, w.job_order_id)
        for w in result.warnings
        if w.code not in ("no_routing", "no_min_stock", "grouped_late")
    }
    skipped_items = {product for product, _job in skipped}
    moments = _line_moments(items, workcenters, lines, options, result)
    events = defaultdict(list)  # (site, item) -> [(moment, qty, firm)]
    firm_on_hand = defaultdict(float)
    if position is not None and options.availability:
        for key, quantity in position.on_hand.items():
            firm_on_hand[key] += quantity
        for key, item_events in position.events.items():
            events[key].extend((e.moment, e.quantity, True) for e in item_events)
    for supply in reserved or ():
        key = (supply.warehouse_id, supply.product_id)
        events[key].append((FIRST, supply.quantity, False))
    for order in result.orders:
        key = (order.warehouse_id, order.product_id)
        events[key].append((order.date_end, order.quantity, False))
        late = any(c.job_order_id in result.late for c in order.covers)
        below = options.max_levels and order.level + 1 >= options.max_levels
        for material in order.materials:
            item = items.get(material.product_id)
            if (
                below
                or item is None
                or item.procurement not in options.order_types
                or material.product_id in skipped_items
            ):
                continue
            moment = DEFERRED if late else material.date_use
            events[(order.warehouse_id, material.product_id)].append(
                (moment, -material.quantity, False)
            )
    for line in lines:
        item = items.get(line.product_id)
        if (
            item is None
            or line.quantity <= 0
            or (line.product_id, line.job_order_id) in skipped
            or item.procurement not in options.order_types
        ):
            continue
        moment = moments.get(line.key)
        if moment is None or line.job_order_id in result.late:
            moment = DEFERRED
        events[(line.warehouse_id, line.product_id)].append(
            (moment, -line.quantity, False)
        )
    hard = options.availability and options.availability_mode == "at_date"
    for key, item_events in events.items():
        if key[1] not in skipped_items:
            _scan_projection(
                key, firm_on_hand.get(key, 0.0), item_events, hard, problems
            )


def _scan_projection(key, on_hand, item_events, hard, problems):
    """What one item has after each moment: never below zero or its firm position.

    ``hard`` ("at the need date"): later firm issues are not the plan's concern.
    """
    projected = firm_projected = on_hand
    item_events.sort(key=lambda e: (e[0], -e[1]))
    index = 0
    while index < len(item_events):
        moment = item_events[index][0]
        while index < len(item_events) and item_events[index][0] == moment:
            _m, quantity, firm = item_events[index]
            if not (hard and firm and quantity < 0):
                projected += quantity
                if firm:
                    firm_projected += quantity
            index += 1
        if projected < min(0.0, firm_projected) - TOLERANCE:
            problems.append(
                f"site {key[0]} item {key[1]}: {projected:g} projected at {moment}"
                f" (firm position {firm_projected:g})"
            )
            return
