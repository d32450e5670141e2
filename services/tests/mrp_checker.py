# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""An independent checker of MRP results: it recomputes, from the inputs and
the result alone with plain scans (no ledger), what the engine promises.

* **Supply**: per site and item, on hand, existing receipts where the
  suggestions put them (expedited, increased) and every planned order's
  receipt at its end cover every demand (documents at the end of their day,
  components of the planned orders at their usage) at every moment — unless
  the item has an order that had to start before now (it cannot be in time);
  moments before now are not judged.
* **Lot rules**: each planned order respects the economic lot, the multiple
  and the maximum lot of its item.
* **Pegging**: the covers of the orders of an item add up to no more than
  their quantities.
* **Table**: each item's time-phased rows are in date order and their
  projected available is the running sum of supply minus demand.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from checker import _finishing_calendar

from services.ledger import FIRST
from services.mrp import plan_mrp

TOLERANCE = 1e-6


def checked_mrp(items, workcenters, on_hand, demands, supplies, options):
    """:func:`services.mrp.plan_mrp`, with the result checked."""
    result = plan_mrp(items, workcenters, on_hand, demands, supplies, options)
    check_mrp(items, workcenters, on_hand, demands, supplies, options, result)
    return result


def check_mrp(items, workcenters, on_hand, demands, supplies, options, result):
    """Raise ``AssertionError`` listing every rule the result breaks."""
    problems: list[str] = []
    _check_lots(items, options, result, problems)
    _check_covers(result, problems)
    _check_table(result, problems)
    _check_supply(
        items, workcenters, on_hand, demands, supplies, options, result, problems
    )
    assert not problems, "MRP breaks its rules:\n" + "\n".join(problems[:20])


def _check_lots(items, options, result, problems):
    for order in result.orders:
        item = items[order.product_id]
        name = f"order {order.key} (item {order.product_id}, {order.quantity})"
        if (
            options.use_max_lot
            and item.max_lot
            and order.quantity > item.max_lot + TOLERANCE
        ):
            problems.append(f"{name} above the maximum lot {item.max_lot}")
        capped = (
            options.use_max_lot
            and item.max_lot
            and abs(order.quantity - item.max_lot) < TOLERANCE
        )
        if capped:
            continue
        if options.use_lot and order.quantity < item.economic_lot - TOLERANCE:
            problems.append(f"{name} below the economic lot {item.economic_lot}")
        if options.use_multiple and item.lot_multiple:
            ratio = order.quantity / item.lot_multiple
            if abs(ratio - round(ratio)) > TOLERANCE:
                problems.append(f"{name} not a multiple of {item.lot_multiple}")


def _check_covers(result, problems):
    for order in result.orders:
        covered = sum(cover.quantity for cover in order.covers)
        if covered > order.quantity + TOLERANCE:
            problems.append(f"order {order.key} covers {covered} > {order.quantity}")


def _check_table(result, problems):
    by_item = defaultdict(list)
    for line in result.lines:
        by_item[(line.warehouse_id, line.product_id)].append(line)
    for key, lines in by_item.items():
        available = 0.0
        previous = None
        for line in lines:
            if previous is not None and line.moment < previous:
                problems.append(f"table of {key} out of date order")
            previous = line.moment
            available += line.qty_supply - line.qty_demand
            if abs(available - line.qty_available) > TOLERANCE:
                problems.append(f"table of {key}: {line.qty_available} != {available}")


def _check_supply(
    items, workcenters, on_hand, demands, supplies, options, result, problems
):
    events = defaultdict(list)  # (site, item) -> [(moment, quantity)]
    # Items that may stay short: an order had to start before now, or the run
    # may not order them (policy, procurement, a warning naming them).
    late_items = {
        (o.warehouse_id, o.product_id)
        for o in result.orders
        if o.date_start is not None and o.date_start < options.start
    }
    unplanned = {w.product_id for w in result.warnings} | {
        item.product_id
        for item in items.values()
        if item.policy not in options.policies
        or item.procurement not in options.order_types
    }
    if "inventory" in options.sources:
        for key, quantity in on_hand.items():
            events[key].append((FIRST, quantity))
    _receipt_events(supplies, options, result, events)
    _demand_events(items, workcenters, demands, options, events)
    for order in result.orders:
        key = (order.warehouse_id, order.product_id)
        events[key].append((order.date_end, order.quantity))
        for material in order.materials:
            events[(order.warehouse_id, material.product_id)].append(
                (material.date_use, -material.quantity)
            )
    for key, item_events in events.items():
        if key in late_items or key[1] in unplanned:
            continue
        item_events.sort(key=lambda event: (event[0], -event[1]))
        available = 0.0
        for moment, quantity in item_events:
            available += quantity
            # Before now nothing can be changed: shortages count from the start.
            if available < -TOLERANCE and moment >= options.start:
                problems.append(
                    f"item {key[1]} on site {key[0]} short {available:g} at {moment}"
                )
                break


def _receipt_events(supplies, options, result, events):
    """Existing receipts where the suggestions put them."""
    moved = {}
    increased = defaultdict(float)
    for suggestion in result.suggestions:
        if suggestion.action == "expedite":
            moved[suggestion.supply_key] = suggestion.date_proposed
        if suggestion.action == "increase":
            increased[suggestion.supply_key] = (
                suggestion.qty_proposed - suggestion.qty_current
            )
    horizon = None
    if options.date_until is not None:
        horizon = datetime.combine(
            options.date_until + timedelta(days=1),
            datetime.min.time(),
            options.calendar.tz,
        )
    for supply in supplies:
        moment = supply.moment
        if moment is None and options.undated_date is not None:
            moment = datetime.combine(
                options.undated_date, datetime.min.time(), options.calendar.tz
            )
        if supply.source not in options.sources or moment is None:
            continue
        if horizon is not None and moment >= horizon:
            continue
        if not options.consider_past:
            moment = max(moment, options.start)
        moment = min(moment, moved.get(supply.key, moment))
        quantity = supply.quantity + increased.get(supply.key, 0.0)
        events[(supply.warehouse_id, supply.product_id)].append((moment, quantity))


def _demand_events(items, workcenters, demands, options, events):
    """Documents due at the end of their day (overdue ones today)."""
    today = options.start.astimezone(options.calendar.tz).date()
    for demand in demands:
        day = demand.date if demand.date is not None else options.undated_date
        if demand.source not in options.sources or day is None:
            continue
        if options.date_until is not None and day > options.date_until:
            continue
        if not options.consider_past:
            day = max(day, today)
        item = items.get(demand.product_id)
        calendar = (
            _finishing_calendar(item, item.bom, workcenters, options)
            if item is not None
            else options.calendar
        )
        end = calendar.end_of_day(day)
        events[(demand.warehouse_id, demand.product_id)].append((end, -demand.quantity))
