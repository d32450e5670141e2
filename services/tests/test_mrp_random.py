# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""MRP on seeded random plants: every result passes the MRP checker.

The plants are general planning's (three levels, BOM versions, kits, routings
on shift calendars, lot rules, on hand, negative too); the demand documents
are drawn over two sites with past, undated and late dates, the existing
supply firm or open, and the options too.
"""

import random
from datetime import timedelta
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mrp_checker import checked_mrp
from test_planning_random import START, plant

from services import mrp
from services.mrp import SOURCES, MrpDemand, MrpOptions, MrpSupply, plan_mrp


def mrp_plant(seed):
    """Items, work centers, on hand, demands, supplies and options from ``seed``."""
    items, workcenters, lines, plan_options, position = plant(seed)
    rnd = random.Random(seed)
    for item in items.values():
        item.max_lot = rnd.choice([0, 0, 0, 7, 20])
        item.group_days = rnd.choice([None, None, 0, 2])
        item.coverage_weeks = rnd.choice([0, 0, 1])
        item.policy = rnd.choice(["mrp", "mrp", "stock", "job_order"])
    sites = (0, 1)
    on_hand = {}
    for (_site, product_id), quantity in position.on_hand.items():
        on_hand[(rnd.choice(sites), product_id)] = quantity
    demands = []
    for index, line in enumerate(lines * rnd.randint(1, 3)):
        day = rnd.choice([None, START.date() + timedelta(days=rnd.randint(-5, 40))])
        demands.append(
            MrpDemand(
                key=("sale.order.line", index),
                product_id=line.product_id,
                quantity=rnd.choice([1, 2, 5, 9, 30]),
                date=day,
                warehouse_id=rnd.choice(sites),
                source=rnd.choice(["sales", "forecasts", "planning"]),
                firm=rnd.random() < 0.6,
            )
        )
    supplies = []
    for index in range(rnd.randint(0, 10)):
        supplies.append(
            MrpSupply(
                key=("purchase.order.line", index),
                product_id=rnd.choice(list(items)),
                quantity=rnd.choice([3, 10, 25]),
                moment=rnd.choice(
                    [None, START + timedelta(hours=rnd.randint(-48, 24 * 40))]
                ),
                warehouse_id=rnd.choice(sites),
                source=rnd.choice(["purchases", "production", "subcontracting"]),
                firm=rnd.random() < 0.5,
                movable=rnd.random() < 0.9,
            )
        )
    options = MrpOptions(
        start=START,
        calendar=plan_options.calendar,
        date_until=rnd.choice([None, START.date() + timedelta(days=25)]),
        consider_past=rnd.random() < 0.3,
        undated_date=rnd.choice([None, START.date() + timedelta(days=3)]),
        sources=tuple(s for s in SOURCES if rnd.random() < 0.85),
        use_lot=rnd.random() < 0.8,
        use_multiple=rnd.random() < 0.8,
        use_max_lot=rnd.random() < 0.8,
        group_days=rnd.choice([0, 0, 3]),
        use_min_stock=rnd.random() < 0.5,
        use_coverage=rnd.random() < 0.3,
        phases=rnd.random() < 0.7,
        with_suggestions=rnd.random() < 0.8,
        two_pass=rnd.random() < 0.3,
        policies=rnd.choice([("job_order", "stock", "mrp", "none"), ("mrp", "stock")]),
    )
    return items, workcenters, on_hand, demands, supplies, options


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_random_plants_pass_the_mrp_checker(seed):
    checked_mrp(*mrp_plant(seed))


def _snapshot(order):
    return (
        order.key,
        order.product_id,
        order.quantity,
        order.parent_key,
        order.date_start,
        order.date_end,
        order.date_fob,
        [
            (m.product_id, m.quantity, m.date_use, m.qty_available)
            for m in order.materials
        ],
    )


def _row(line):
    return (
        line.warehouse_id,
        line.product_id,
        line.moment,
        line.document,
        line.qty_demand,
        line.qty_supply,
        line.qty_available,
        line.pegged,
    )


def _is_order_row(line):
    return isinstance(line.document, tuple) and line.document[0] == "planned_order"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_random_plants_hand_over_final_orders_in_batches(seed):
    """The orders handed to ``on_orders`` are all the run's, each after its
    parent, and nothing changes them afterwards: a caller may write them
    while the next codes are netted."""
    items, workcenters, on_hand, demands, supplies, options = mrp_plant(seed)
    options.two_pass = False
    batches, tables = [], []

    def on_table(lines, suggestions):
        # Right after the orders it names: a table never comes first.
        assert batches or not any(_is_order_row(line) for line in lines)
        tables.append(([_row(line) for line in lines], list(suggestions)))

    # Small batches: cut inside a code too, where an item ends.
    with patch.object(mrp, "ORDER_BATCH", 2):
        result = plan_mrp(
            items,
            workcenters,
            on_hand,
            demands,
            supplies,
            options,
            on_orders=lambda batch: batches.append([_snapshot(o) for o in batch]),
            on_table=on_table,
        )
    rows = [row for lines, _s in tables for row in lines]
    assert rows == [_row(line) for line in result.lines[: len(rows)]]
    handed = {(row[0], row[1]) for row in rows}
    assert not handed & {
        (l.warehouse_id, l.product_id) for l in result.lines[len(rows) :]
    }
    handed_suggestions = [s for _l, suggestions in tables for s in suggestions]
    assert handed_suggestions == result.suggestions[: len(handed_suggestions)]
    handed = [snapshot for batch in batches for snapshot in batch]
    assert handed == [_snapshot(order) for order in result.orders]
    seen = set()
    for batch in batches:
        keys = {snapshot[0] for snapshot in batch}
        for snapshot in batch:
            assert snapshot[3] is None or snapshot[3] in seen, "parent comes later"
        seen |= keys
    plain = plan_mrp(items, workcenters, on_hand, demands, supplies, options)
    assert [_snapshot(o) for o in plain.orders] == handed
    assert [_row(line) for line in plain.lines] == [_row(line) for line in result.lines]
    assert plain.suggestions == result.suggestions


def test_on_orders_refuses_two_pass():
    items, workcenters, on_hand, demands, supplies, options = mrp_plant(1)
    options.two_pass = True
    with pytest.raises(ValueError):
        plan_mrp(
            items, workcenters, on_hand, demands, supplies, options, on_orders=print
        )
