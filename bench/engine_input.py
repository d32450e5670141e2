# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The blueprint's factory as the planning engine's input (no database).

Items, BOMs with their routings, work centers on their calendars, stock on
hand and job order lines, converted as the Odoo adapter converts the records
``bench/factory.py`` creates from the same blueprint (product id = item index
+ 1, site 0, calendars in UTC, setup = the work center's start + stop time).
"""

import random
from datetime import UTC, datetime, time, timedelta

from blueprint import SHIFTS

from services.bom import Bom, BomLine
from services.calendar import Attendance, WorkingCalendar
from services.ledger import StockPosition
from services.mrp import MrpDemand, MrpOptions, MrpSupply
from services.planning import Item, JobOrderLine, PhaseSpec, PlanOptions, WorkCenter

MARGIN_DAYS = 400


def engine_input(blueprint, count, start, grouping=False, availability=True):
    """``(items, workcenters, lines, options, position)`` for ``count`` job orders."""
    begin = start.date() - timedelta(days=MARGIN_DAYS)
    end = start.date() + timedelta(days=MARGIN_DAYS + 150)
    calendars = {
        name: WorkingCalendar.from_weekly(
            [Attendance(day, f, t) for day in range(5) for f, t in shifts],
            "UTC",
            begin,
            end,
        )
        for name, shifts in SHIFTS.items()
    }
    workcenters = {
        index: WorkCenter(
            index,
            calendars[spec.calendar],
            efficiency=spec.efficiency,
            alternatives=[] if spec.alternative is None else [spec.alternative],
        )
        for index, spec in enumerate(blueprint.workcenters)
    }
    items = {}
    for index, spec in enumerate(blueprint.items):
        if spec.bought:
            items[index + 1] = Item(
                index + 1,
                spec.name,
                procurement="purchase",
                lead_days=spec.delay,
                partner_id=spec.vendor + 1,
                economic_lot=spec.min_qty,
            )
    for bom in blueprint.boms:
        product_id = bom.item + 1
        phases = [
            PhaseSpec(
                key=(product_id, sequence),
                name=f"Op {sequence}",
                workcenter_id=workcenter,
                sequence=sequence,
                time_setup=blueprint.workcenters[workcenter].time_start
                + blueprint.workcenters[workcenter].time_stop,
                time_cycle=cycle,
            )
            for sequence, workcenter, cycle in bom.operations
        ]
        items[product_id] = Item(
            product_id,
            blueprint.items[bom.item].name,
            bom=Bom(
                product_id,
                1,
                [BomLine(item + 1, quantity) for item, quantity in bom.lines],
                key=f"bom-{product_id}",
                phases=phases,
            ),
            phases=phases,
            lead_days=bom.produce_delay,
            economic_lot=blueprint.items[bom.item].economic_lot,
        )
    position = StockPosition()
    for item, quantity in blueprint.stock:
        position.add_on_hand(0, item + 1, quantity)
    today = start.date()
    lines = [
        JobOrderLine(
            key=number,
            job_order_id=number,
            product_id=demand.item + 1,
            quantity=demand.quantity,
            due=today + timedelta(days=demand.due_days),
        )
        for number, demand in enumerate(blueprint.job_orders(count), start=1)
    ]
    options = PlanOptions(
        start=start,
        calendar=calendars["One shift"],
        direction="alap",
        group_days=7 if grouping else 0,
        availability=availability,
    )
    return items, workcenters, lines, options, position


def start_of(day):
    """The planning start on ``day``: its first working moment of the day shift."""
    return datetime.combine(day, time(8), tzinfo=UTC)


def mrp_input(blueprint, count, start, seed=42):
    """``(items, workcenters, on_hand, demands, supplies, options)`` for MRP.

    The demand streams of ``count`` job orders become sale order lines due on
    their days; one bought item in five has an open purchase line (half of
    them confirmed) arriving within 30 days, from a generator seeded apart so
    the blueprint's own draws stay the same.
    """
    items, workcenters, _lines, options, position = engine_input(blueprint, 0, start)
    for item in items.values():
        item.policy = "mrp"
    today = start.date()
    demands = [
        MrpDemand(
            key=("sale.order.line", number),
            product_id=demand.item + 1,
            quantity=demand.quantity,
            date=today + timedelta(days=demand.due_days),
        )
        for number, demand in enumerate(blueprint.job_orders(count), start=1)
    ]
    rnd = random.Random(f"{seed}/mrp supplies")  # noqa: S311 (seeded data)
    bought = sorted(
        pid for pid, item in items.items() if item.procurement == "purchase"
    )
    supplies = [
        MrpSupply(
            key=("purchase.order.line", number),
            product_id=product_id,
            quantity=float(rnd.choice([10, 50, 200])),
            moment=start + timedelta(days=rnd.randint(0, 30)),
            firm=rnd.random() < 0.5,
        )
        for number, product_id in enumerate(bought[::5], start=1)
    ]
    mrp_options = MrpOptions(start=start, calendar=options.calendar)
    return items, workcenters, dict(position.on_hand), demands, supplies, mrp_options
