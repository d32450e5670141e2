# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""General planning on seeded random plants: every plan passes the checker.

Each plant has three levels (finished items, sub-assemblies, bought parts),
BOMs with versions, kits and alternatives, routings with overlaps, queues and
machines on one- and two-shift calendars (one of them in a time zone with a
daylight-saving change), lot rules, stock on hand and dated stock events, and
a few job order lines in both directions; the options are drawn too.
"""

import random
from datetime import UTC, date, datetime, timedelta

from checker import checked_plan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.bom import Bom, BomLine
from services.calendar import Attendance, WorkingCalendar
from services.ledger import StockPosition
from services.planning import (
    Item,
    JobOrderLine,
    PhaseSpec,
    PlanOptions,
    WorkCenter,
)

START = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
FROM, TO = date(2026, 6, 1), date(2028, 6, 30)
CALENDARS = {
    "day": WorkingCalendar.from_weekly(
        [Attendance(d, f, t) for d in range(5) for f, t in ((8, 12), (13, 17))],
        "UTC",
        FROM,
        TO,
    ),
    "shifts": WorkingCalendar.from_weekly(
        [Attendance(d, f, t) for d in range(6) for f, t in ((6, 14), (14, 22))],
        "Europe/Rome",
        FROM,
        TO,
    ),
}


def plant(seed):
    """Items, work centers, lines, options and position drawn from ``seed``."""
    rnd = random.Random(seed)
    workcenters = {
        wc: WorkCenter(
            wc,
            CALENDARS[rnd.choice(list(CALENDARS))],
            efficiency=rnd.choice([100.0, 80.0, 125.0]),
        )
        for wc in (1, 2, 3)
    }
    workcenters[1].alternatives = [2]
    bought = list(range(30, 30 + rnd.randint(2, 4)))
    subs = list(range(20, 20 + rnd.randint(1, 3)))
    finished = list(range(10, 10 + rnd.randint(1, 3)))
    items = {}
    for pid in bought:
        lead = rnd.randint(0, 5)
        items[pid] = Item(
            pid,
            f"P{pid}",
            procurement="purchase",
            lead_days=lead,
            shipping_days=rnd.randint(0, lead),
            partner_id=1,
            economic_lot=rnd.choice([0, 0, 5, 12]),
            lot_multiple=rnd.choice([0, 0, 2, 5]),
            min_stock=rnd.choice([0, 0, 3]),
            reorder_level=rnd.choice([0, 10]),
            policy=rnd.choice(["job_order", "stock"]),
        )

    def routing():
        return [
            PhaseSpec(
                key=f"op{index}-{rnd.random()}",
                name=f"Op{index}",
                workcenter_id=rnd.choice(list(workcenters)),
                sequence=rnd.choice([10, 20, 30]),
                time_setup=rnd.choice([0, 15, 60]),
                time_cycle=rnd.choice([1, 7, 30, 90]),
                pieces_per_cycle=rnd.choice([1, 1, 4]),
                machines=rnd.choice([1, 1, 2]),
                overlap=rnd.choice(["none", "none", "total", "pieces", "time"]),
                overlap_value=rnd.choice([1, 2, 20]),
                queue_minutes=rnd.choice([0, 0, 45]),
            )
            for index in range(rnd.randint(0, 2))
        ]

    def bom_of(pid, below, key):
        lines = []
        for component in rnd.sample(below, k=min(len(below), rnd.randint(1, 3))):
            line = BomLine(
                component, rnd.choice([1, 2, 0.5]), scrap_rate=rnd.choice([0, 10])
            )
            if rnd.random() < 0.3 and component in bought:
                line.alternatives = [(rnd.choice(bought), rnd.choice([1.0, 2.0]))]
            lines.append(line)
        return Bom(pid, rnd.choice([1, 2]), lines, key=key)

    for pid in subs:
        items[pid] = Item(
            pid,
            f"S{pid}",
            bom=bom_of(pid, bought, f"b{pid}"),
            phases=routing(),
            lead_days=rnd.randint(0, 2),
            economic_lot=rnd.choice([0, 0, 10]),
        )
    kit = 40
    items[kit] = Item(
        kit, "Kit", bom=Bom(kit, 1, [BomLine(bought[0], 2)], phantom=True, key="kit")
    )
    for pid in finished:
        bom = bom_of(pid, subs + bought, f"b{pid}")
        if rnd.random() < 0.3:
            bom.lines.append(BomLine(kit, 1))
        items[pid] = Item(pid, f"F{pid}", bom=bom, phases=routing(), lead_days=1)
    lines = []
    for index in range(rnd.randint(1, 8)):
        pid = rnd.choice(finished + subs)
        version = None
        if rnd.random() < 0.2:
            version = bom_of(pid, bought, f"v{pid}")
            version.phases = routing() if rnd.random() < 0.5 else None
        lines.append(
            JobOrderLine(
                key=f"L{index}",
                job_order_id=rnd.randint(1, 4),
                product_id=pid,
                quantity=rnd.choice([1, 2, 5, 9]),
                due=rnd.choice(
                    [None, START.date() + timedelta(days=rnd.randint(-3, 45))]
                ),
                priority=rnd.randint(0, 3),
                bom=version,
                direction=rnd.choice([None, None, "asap", "alap"]),
            )
        )
    options = PlanOptions(
        start=START,
        calendar=CALENDARS[rnd.choice(list(CALENDARS))],
        direction=rnd.choice(["asap", "alap"]),
        separate=rnd.random() < 0.2,
        use_lot=rnd.random() < 0.8,
        use_multiple=rnd.random() < 0.8,
        group_days=rnd.choice([0, 0, 3, 10]),
        group_anchor=rnd.choice(["earliest", "latest"]),
        group_across=rnd.random() < 0.7,
        availability=rnd.random() < 0.7,
        availability_mode=rnd.choice(["at_date", "minimum"]),
        first_level_availability=rnd.random() < 0.5,
        negative_availability=rnd.random() < 0.3,
        use_min_stock=rnd.random() < 0.3,
        use_coverage=rnd.random() < 0.2,
        alternatives=rnd.choice(["none", "when_short", "first"]),
        workcenter_tolerance=rnd.choice([None, None, 0.0]),
        atp=rnd.random() < 0.4,
        max_levels=rnd.choice([0, 0, 0, 2]),
    )
    position = StockPosition()
    for pid in bought + subs + finished:
        if rnd.random() < 0.5:
            position.add_on_hand(0, pid, rnd.randint(-3, 20))
        for _event in range(rnd.randint(0, 3)):
            moment = START + timedelta(hours=rnd.randint(-48, 24 * 50))
            position.add_event(0, pid, moment, rnd.choice([-8, -3, 4, 10]))
    return items, workcenters, lines, options, position


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_random_plants_pass_the_checker(seed):
    items, workcenters, lines, options, position = plant(seed)
    checked_plan(items, workcenters, lines, options, position)
