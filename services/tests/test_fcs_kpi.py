# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""FCS KPIs and late-order explanations, computed by hand on tiny plants."""

import pytest
from fcs_checker import checked_schedule

from services.fcs import Mode, Options, Order, Phase, Problem, Workcenter
from services.fcs_kpi import OrderDelay, compute_kpis, explain_late, group_delays


def _order(key, minutes, setup=0, **fields):
    return Order(key, key, [Phase(1, key, [Mode("A", minutes, setup)])], **fields)


@pytest.fixture
def tiny():
    """y (weight 2) first on A, x late by an hour behind it, z on time."""
    orders = [
        _order("x", 60, setup=10, due=60),
        _order("y", 60, due=60, weight=2),
        _order("z", 30, due=200, cost=1_000_000),
    ]
    problem = Problem(
        [Workcenter("A", "A", [(0, 10_000)])], orders, Options(time_limit=5)
    )
    return problem, checked_schedule(problem)


def test_kpis_by_hand(tiny):
    problem, result = tiny
    spans = {t.order: (t.start, t.end) for t in result.tasks}
    assert spans == {"y": (0, 60), "x": (60, 120), "z": (120, 150)}
    kpis = compute_kpis(problem, result, holding_percent=36.5)
    assert (kpis.late_count, kpis.late_percent) == (1, 33.33)
    assert (kpis.delay_max_hours, kpis.delay_avg_hours) == (1.0, 1.0)
    assert kpis.makespan_hours == 2.5
    # z: 1,000,000 x 36.5 % a year = 0.69444 a minute; 50 minutes in stock
    # before its due date, 30 minutes in work.
    assert (kpis.stock_flow_cost, kpis.wip_flow_cost, kpis.total_flow_cost) == (
        34.72,
        20.83,
        55.55,
    )
    (wc,) = kpis.workcenters
    # 150 minutes open until the makespan: 140 run, 10 setup (x's)
    assert (wc.available_minutes, wc.run_minutes, wc.setup_minutes) == (150, 140, 10)
    assert (wc.load_percent, wc.setup_percent, wc.idle_percent) == (93.33, 6.67, 0.0)
    # queues 0 (y), 60 (x) and 120 (z) minutes: one hour on average
    assert wc.queue_hours == 1.0


def test_late_order_explained_by_the_queue(tiny):
    problem, result = tiny
    (reason,) = explain_late(problem, result)
    assert (
        reason.order,
        reason.kind,
        reason.workcenter,
        reason.minutes,
        reason.delay,
    ) == (
        "x",
        "queue",
        "A",
        60,
        60,
    )


def test_late_order_explained_by_material_and_by_its_length():
    orders = [
        _order("m", 60, due=300, release=500, missing_items=("steel sheet",)),
        _order("long", 400, due=100),
    ]
    wcs = [Workcenter("A", "A", [(0, 10_000)], machines=2)]
    problem = Problem(wcs, orders, Options(time_limit=5))
    result = checked_schedule(problem)
    reasons = {r.order: r for r in explain_late(problem, result)}
    assert (reasons["m"].kind, reasons["m"].items, reasons["m"].delay) == (
        "material",
        ("steel sheet",),
        260,
    )
    assert (reasons["long"].kind, reasons["long"].delay) == ("duration", 300)


def test_sale_line_delays_by_hand():
    # line 1 is served by a (on time) and b (90 min late): 90 min late;
    # line 2 by c (30 min late); line 3 by d (on time); line 4 by nothing
    # scheduled and line 5 by an order without due date: not counted
    delays = [
        OrderDelay("a", 0, 100, 200, 0),
        OrderDelay("b", 0, 290, 200, 90),
        OrderDelay("c", 0, 130, 100, 30),
        OrderDelay("d", 0, 50, 60, 0),
        OrderDelay("e", 0, 50, None, 0),
    ]
    groups = {1: ["a", "b"], 2: ["c"], 3: ["d"], 4: ["x"], 5: ["e"]}
    figures = group_delays(delays, groups)
    assert (figures.count, figures.late_count, figures.late_percent) == (3, 2, 66.67)
    assert (figures.delay_max_hours, figures.delay_avg_hours) == (1.5, 1.0)
    assert group_delays(delays, {}).count == 0
