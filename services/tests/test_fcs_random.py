# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""FCS on seeded random plants: every schedule passes the independent checker.

Plants mix calendars (around the clock, day shifts, two shifts, weekends),
parallel machines, changeover matrices, batching windows and grouping codes,
setups, alternative work centers, overlaps,
queue times, release and due dates, component orders and started phases, with
and without windows around the dispatch for shorter-working work centers.
"""

from fcs_checker import check_schedule, checked_schedule
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.fcs import (
    DISPATCH_RULES,
    STATUSES,
    Mode,
    Options,
    Order,
    Phase,
    Problem,
    Scheduler,
    Workcenter,
)

DAY = 24 * 60
FAMILIES = (None, "red", "blue", "green")


def _calendar(kind, days=6):
    if kind == "always":
        return [(0, days * DAY)]
    hours = {"day": (8, 16), "two": (6, 22), "short": (9, 13)}[kind]
    weekend = kind == "day"
    return [
        (d * DAY + hours[0] * 60, d * DAY + hours[1] * 60)
        for d in range(days)
        if not (weekend and d % 7 == 5)
    ]


def _mode(draw, center):
    minutes = draw(st.integers(0, 300))
    return Mode(center, minutes, min(minutes, draw(st.sampled_from((0, 0, 20, 60)))))


@st.composite
def plants(draw):
    count = draw(st.integers(1, 4))
    workcenters = []
    for index in range(count):
        changeovers = {}
        if draw(st.booleans()):
            for a in FAMILIES[1:]:
                for b in FAMILIES[1:]:
                    if a != b:
                        changeovers[(a, b)] = draw(st.integers(0, 60))
        workcenters.append(
            Workcenter(
                index,
                f"WC{index}",
                _calendar(draw(st.sampled_from(("always", "day", "two", "short")))),
                machines=draw(st.integers(1, 2)),
                changeovers=changeovers,
                batch_minutes=draw(st.sampled_from((None, None, 0, 120))),
            )
        )
    orders = []
    for key in range(draw(st.integers(1, 6))):
        phases = []
        for position in range(draw(st.integers(1, 4))):
            centers = draw(
                st.lists(st.integers(0, count - 1), min_size=1, max_size=2, unique=True)
            )
            overlap = draw(st.one_of(st.none(), st.integers(0, 120)))
            phases.append(
                Phase(
                    position,
                    f"P{position}",
                    [_mode(draw, c) for c in centers],
                    family=draw(st.sampled_from(FAMILIES)),
                    batch=draw(st.sampled_from((None, "g1", "g2"))),
                    overlap_minutes=overlap,
                    queue_minutes=draw(st.sampled_from((0, 0, 30))),
                    last_minutes=draw(st.sampled_from((0, 10))),
                    release=draw(st.sampled_from((0, 0, 600))),
                    started=position == 0 and draw(st.integers(0, 5)) == 0,
                )
            )
        consumed_by = None
        if orders and draw(st.booleans()):
            parent = draw(st.sampled_from(orders))
            consumed_by = (parent.key, draw(st.sampled_from(parent.phases)).key)
        orders.append(
            Order(
                key,
                f"O{key}",
                phases,
                due=draw(st.one_of(st.none(), st.integers(0, 3 * DAY))),
                weight=draw(st.integers(1, 3)),
                release=draw(st.sampled_from((0, 0, 300, DAY))),
                consumed_by=consumed_by,
            )
        )
    # a tiny literal budget narrows shorter-working phases to windows
    budget = draw(st.sampled_from((60_000, 8)))
    return Problem(
        workcenters, orders, Options(time_limit=2, workers=1, gap_literals=budget)
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plants())
def test_random_plants_pass_the_checker(problem):
    result = checked_schedule(problem)
    assert result.status in STATUSES
    assert result.objective <= result.dispatch_objective
    scheduled = {t.order for t in result.tasks}
    assert scheduled | set(result.dropped) == {o.key for o in problem.orders}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plants())
def test_random_plants_every_dispatch_passes_the_checker(problem):
    # the hint of the solver is the best of these: each must be valid alone
    scheduler = Scheduler(problem)
    placements = [scheduler._serial_dispatch()] + [
        scheduler._rule_dispatch(rule, k) for rule, k in DISPATCH_RULES
    ]
    for placement in placements:
        if placement is None:  # a phase did not fit: the serial one answers
            continue
        tasks = scheduler._tasks_from_dispatch(placement)
        check_schedule(problem, tasks, scheduler.dropped)
