# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Finite capacity scheduling: the CP-SAT engine, checked on every solve."""

from pathlib import Path

import pytest
from fcs_checker import ScheduleError, check_schedule, checked_schedule

from services.fcs import (
    DISPATCH_RULES,
    FcsError,
    Mode,
    Options,
    Order,
    Phase,
    Problem,
    Scheduler,
    Task,
    Workcenter,
)
from services.jobshop import jobshop_problem, read_jobshop

JOBSHOP = Path(__file__).resolve().parent / "data"  # from shared/bench/jobshop
DAY = 24 * 60


def shifts(days, start_hour=8, end_hour=16, weekend=False):
    """Working intervals of ``days`` days from day 0 (Monday), minutes."""
    intervals = []
    for day in range(days):
        if weekend and day % 7 in (5, 6):
            continue
        intervals.append((day * DAY + start_hour * 60, day * DAY + end_hour * 60))
    return intervals


def always(minutes=10_000):
    return [(0, minutes)]


def solve(workcenters, orders, **options):
    options.setdefault("time_limit", 10)
    options.setdefault("workers", 2)
    return checked_schedule(Problem(workcenters, orders, Options(**options)))


def task(result, order, phase):
    return next(t for t in result.tasks if (t.order, t.phase) == (order, phase))


def one(key, minutes, wc="A", **phase):
    """An order with one phase."""
    order_fields = {
        k: phase.pop(k)
        for k in ("due", "weight", "release", "consumed_by")
        if k in phase
    }
    return Order(
        key, key, [Phase(key, key, [Mode(wc, minutes)], **phase)], **order_fields
    )


# --- capacity, precedence, overlaps ------------------------------------------
def test_capacity_one_machine_never_two_at_once():
    result = solve([Workcenter("A", "A", always())], [one(k, 30) for k in "xyz"])
    spans = sorted((t.start, t.end) for t in result.tasks)
    assert spans == [(0, 30), (30, 60), (60, 90)]
    assert result.status == "optimal"


def test_capacity_two_machines_run_two_at_once_not_three():
    result = solve(
        [Workcenter("A", "A", always(), machines=2)], [one(k, 30) for k in "xyz"]
    )
    ends = sorted(t.end for t in result.tasks)
    assert ends == [30, 30, 60]
    assert {t.machine for t in result.tasks} == {0, 1}


def test_precedence_and_queue_time():
    order = Order(
        "o",
        "o",
        [
            Phase(1, "cut", [Mode("A", 60)], queue_minutes=15),
            Phase(2, "weld", [Mode("B", 30)]),
        ],
    )
    result = solve(
        [Workcenter("A", "A", always()), Workcenter("B", "B", always())], [order]
    )
    assert (task(result, "o", 1).end, task(result, "o", 2).start) == (60, 75)


def test_overlap_next_phase_starts_early_and_ends_after_last_piece():
    # Cutting 100 minutes; welding may start 20 minutes after cutting starts, and
    # its last piece (10 minutes) comes when cutting ends.
    order = Order(
        "o",
        "o",
        [
            Phase(1, "cut", [Mode("A", 100)], overlap_minutes=20),
            Phase(2, "weld", [Mode("B", 30)], last_minutes=10),
        ],
    )
    result = solve(
        [Workcenter("A", "A", always()), Workcenter("B", "B", always())], [order]
    )
    weld = task(result, "o", 2)
    assert weld.start >= 20
    assert weld.end >= 110
    assert result.objective == 110  # makespan: the overlap saved 20 minutes


def test_component_order_ends_before_the_phase_that_consumes_it():
    parent = Order("p", "p", [Phase(1, "assemble", [Mode("A", 20)])])
    child = Order("c", "c", [Phase(1, "make", [Mode("B", 50)])], consumed_by=("p", 1))
    result = solve(
        [Workcenter("A", "A", always()), Workcenter("B", "B", always())],
        [parent, child],
    )
    assert task(result, "p", 1).start >= task(result, "c", 1).end == 50


# --- calendars ---------------------------------------------------------------
def test_nothing_in_a_break_and_a_long_phase_spans_the_night():
    # 8:00-16:00 every day; a 600-minute phase from Monday 8:00 works 480
    # minutes on Monday and the last 120 on Tuesday: it ends Tuesday 10:00.
    result = solve([Workcenter("A", "A", shifts(5))], [one("o", 600)])
    t = task(result, "o", "o")
    assert (t.start, t.end) == (8 * 60, DAY + 10 * 60)


def test_weekend_is_skipped():
    # Friday 8:00-16:00 then Monday: a 600-minute phase released Friday 8:00
    # ends Monday 10:00.
    result = solve(
        [Workcenter("A", "A", shifts(14, weekend=True))],
        [one("o", 600, release=4 * DAY + 8 * 60)],
    )
    assert task(result, "o", "o").end == 7 * DAY + 10 * 60


def test_work_center_working_less_than_the_plant_spans_its_own_breaks():
    # The plant works 24 h (B), A only 8:00-16:00: A's 600-minute phase spans
    # A's night although the plant is open, and B's phase after it waits.
    order = Order(
        "o", "o", [Phase(1, "a", [Mode("A", 600)]), Phase(2, "b", [Mode("B", 60)])]
    )
    result = solve(
        [Workcenter("A", "A", shifts(5)), Workcenter("B", "B", [(0, 5 * DAY)])], [order]
    )
    a, b = task(result, "o", 1), task(result, "o", 2)
    assert (a.start, a.end) == (8 * 60, DAY + 10 * 60)
    assert b.start == a.end


def test_phase_ending_at_the_end_of_a_shift_ends_that_evening():
    # A works 8:00-16:00 in a plant open around the clock: 480 minutes from 8:00
    # end at 16:00 the same day, not after A's night.
    order = Order(
        "o", "o", [Phase(1, "a", [Mode("A", 480)]), Phase(2, "b", [Mode("B", 60)])]
    )
    result = solve(
        [Workcenter("A", "A", shifts(3)), Workcenter("B", "B", [(0, 3 * DAY)])], [order]
    )
    assert task(result, "o", 1).end == 16 * 60
    assert task(result, "o", 2).start == 16 * 60


def test_windows_keep_a_long_horizon_small_and_valid():
    # 40 short phases on A (8-16 in a plant open around the clock) over 60 days:
    # 2 x 59 closed periods each would be 4,720 literals; a budget of 400 gives
    # every phase a window of closed periods around its dispatch start.
    orders = [
        Order(
            k,
            f"o{k}",
            [Phase(1, "a", [Mode("A", 240)]), Phase(2, "b", [Mode("B", 60)])],
            due=(k // 2 + 1) * DAY,
        )
        for k in range(40)
    ]
    workcenters = [
        Workcenter("A", "A", shifts(60)),
        Workcenter("B", "B", [(0, 60 * DAY)]),
    ]
    result = solve(workcenters, orders, gap_literals=400)
    assert result.windowed
    assert result.status in ("optimal", "feasible")
    assert result.objective <= result.dispatch_objective
    full = solve(workcenters, orders)
    assert not full.windowed


# --- alternatives, changeovers ------------------------------------------------
def test_alternative_used_when_the_main_work_center_is_full():
    orders = [
        Order(k, k, [Phase(1, "p", [Mode("A", 60), Mode("B", 90)])]) for k in ("x", "y")
    ]
    result = solve(
        [Workcenter("A", "A", always()), Workcenter("B", "B", always())], orders
    )
    assert sorted(t.workcenter for t in result.tasks) == ["A", "B"]
    assert result.objective == 90


def test_alternative_not_used_when_waiting_is_better():
    # On B the phase takes 200 minutes: waiting 60 for A is better.
    orders = [
        Order(k, k, [Phase(1, "p", [Mode("A", 60), Mode("B", 200)])])
        for k in ("x", "y")
    ]
    result = solve(
        [Workcenter("A", "A", always()), Workcenter("B", "B", always())], orders
    )
    assert [t.workcenter for t in result.tasks] == ["A", "A"]


def test_changeovers_respected_and_reduced():
    # Families alternate in the input; each change costs 30 minutes. The best
    # sequence runs each family together: one changeover instead of three.
    changeovers = {("red", "blue"): 30, ("blue", "red"): 30}
    orders = [
        Order(k, k, [Phase(1, "paint", [Mode("A", 20)], family=f)])
        for k, f in [("a", "red"), ("b", "blue"), ("c", "red"), ("d", "blue")]
    ]
    result = solve([Workcenter("A", "A", always(), changeovers=changeovers)], orders)
    assert sum(t.changeover for t in result.tasks) == 30
    assert result.objective == 80 + 30 + 30  # makespan + changeover minutes
    assert result.status == "optimal"


def test_changeovers_on_parallel_machines_use_lanes():
    changeovers = {("red", "blue"): 30, ("blue", "red"): 30}
    orders = [
        Order(k, k, [Phase(1, "paint", [Mode("A", 20)], family=f)])
        for k, f in [("a", "red"), ("b", "blue"), ("c", "red"), ("d", "blue")]
    ]
    result = solve(
        [Workcenter("A", "A", always(), machines=2, changeovers=changeovers)], orders
    )
    # one machine per family: no changeover, makespan 40
    assert sum(t.changeover for t in result.tasks) == 0
    assert result.objective == 40


# --- fixed, started, release, due dates ---------------------------------------
def _batch_orders(release_z=0):
    # 100 minutes each, 40 of them setup; x and z share a grouping code
    return [
        Order(k, k, [Phase(k, k, [Mode("A", 100, 40)], batch=code)], release=r)
        for k, code, r in (("x", "red", 0), ("y", "blue", 0), ("z", "red", release_z))
    ]


def test_batching_runs_the_same_grouping_code_together_without_setup():
    center = Workcenter("A", "A", always(), batch_minutes=60)
    result = solve([center], _batch_orders())
    assert result.status == "optimal"
    spans = sorted((t.start, t.end, t.order, t.setup, t.batched) for t in result.tasks)
    # one red after the other (either way round) skips its setup: 260 minutes
    assert max(t.end for t in result.tasks) == 260
    batched = [t for t in result.tasks if t.batched]
    assert len(batched) == 1 and batched[0].order in "xz"
    assert (batched[0].minutes, batched[0].setup) == (60, 0)
    (before,) = [t for t in result.tasks if t.end == batched[0].start]
    assert before.order in "xz" and before.order != batched[0].order
    assert spans[0][3] == 40  # the first one pays its setup
    # without a window nothing is batched: 300 minutes
    result = solve([Workcenter("A", "A", always())], _batch_orders())
    assert max(t.end for t in result.tasks) == 300
    assert not any(t.batched for t in result.tasks)


def test_batching_window_limits_the_wait():
    # x is due at 100, z comes at 400: x ends at 100, 300 minutes before z
    # starts; a window of 60 makes z pay its setup, one of 300 batches it
    orders = [o for o in _batch_orders(400) if o.key != "y"]
    orders[0].due = 100
    result = solve([Workcenter("A", "A", always(), batch_minutes=60)], orders)
    assert not any(t.batched for t in result.tasks)
    assert [(t.start, t.end) for t in sorted(result.tasks, key=lambda t: t.start)] == [
        (0, 100),
        (400, 500),
    ]
    result = solve([Workcenter("A", "A", always(), batch_minutes=300)], orders)
    (batched,) = [t for t in result.tasks if t.batched]
    assert (batched.order, batched.start, batched.end) == ("z", 400, 460)


def test_dispatch_keeps_a_batch_when_it_fills_a_gap():
    # x (red) at 0-100, z (red, from 150) batched after it at 150-210: the
    # 40-minute blue y fits in the gap 100-150 but would break z's batch
    orders = [
        Order("x", "x", [Phase("x", "x", [Mode("A", 100, 40)], batch="red")], due=1),
        Order(
            "z",
            "z",
            [Phase("z", "z", [Mode("A", 100, 40)], batch="red")],
            due=2,
            release=150,
        ),
        Order("y", "y", [Phase("y", "y", [Mode("A", 40)], batch="blue")], due=3),
    ]
    problem = Problem([Workcenter("A", "A", always(), batch_minutes=60)], orders)
    scheduler = Scheduler(problem)
    tasks = scheduler._tasks_from_dispatch(scheduler._serial_dispatch())
    check_schedule(problem, tasks)
    spans = {t.order: (t.start, t.end, t.batched) for t in tasks}
    assert spans == {
        "x": (0, 100, False),
        "z": (150, 210, True),
        "y": (210, 250, False),
    }


def test_checker_rejects_a_wrong_batch():
    problem = Problem(
        [Workcenter("A", "A", always(), batch_minutes=60)], _batch_orders()
    )
    first = Task("x", "x", "A", 0, 0, 100, 100, 40)
    with pytest.raises(ScheduleError, match="first on its machine"):
        check_schedule(
            problem,
            [
                Task("x", "x", "A", 0, 0, 60, 60, 0, batched=True),
                Task("y", "y", "A", 0, 60, 160, 100, 40),
                Task("z", "z", "A", 0, 160, 260, 100, 40),
            ],
        )
    with pytest.raises(ScheduleError, match="not right after its batch"):
        check_schedule(
            problem,
            [
                first,
                Task("y", "y", "A", 0, 100, 160, 60, 0, batched=True),
                Task("z", "z", "A", 0, 160, 260, 100, 40),
            ],
        )
    with pytest.raises(ScheduleError, match="not right after its batch"):
        check_schedule(
            problem,
            [
                first,
                Task("z", "z", "A", 0, 200, 260, 60, 0, batched=True),
                Task("y", "y", "A", 0, 300, 400, 100, 40),
            ],
        )
    check_schedule(
        problem,
        [
            first,
            Task("z", "z", "A", 0, 150, 210, 60, 0, batched=True),
            Task("y", "y", "A", 0, 210, 310, 100, 40),
        ],
    )


def test_mandatory_interval_unmoved_and_avoided():
    fixed = Order("m", "m", [Phase(1, "p", [Mode("A", 30)], fixed=(20, 50))])
    result = solve([Workcenter("A", "A", always())], [fixed, one("x", 30)])
    assert (task(result, "m", 1).start, task(result, "m", 1).end) == (20, 50)
    assert task(result, "x", "x").start >= 50


def test_started_phase_continues_first_with_its_remaining_minutes():
    started = Order(
        "s",
        "s",
        [
            Phase(1, "p", [Mode("A", 25), Mode("B", 5)], started=True),
            Phase(2, "q", [Mode("B", 10)]),
        ],
        due=1000,
    )
    urgent = one("u", 30, due=30)
    result = solve(
        [Workcenter("A", "A", shifts(3)), Workcenter("B", "B", always(5 * DAY))],
        [urgent, started],
    )
    s = task(result, "s", 1)
    assert (s.workcenter, s.start, s.end, s.setup) == ("A", 8 * 60, 8 * 60 + 25, 0)


def test_release_dates_respected():
    result = solve(
        [Workcenter("A", "A", always())], [one("x", 30, release=100), one("y", 30)]
    )
    assert task(result, "x", "x").start >= 100
    assert task(result, "y", "y").start == 0


def test_due_dates_first_the_urgent_order_goes_first():
    orders = [one("late", 60, due=500), one("urgent", 60, due=60)]
    result = solve([Workcenter("A", "A", always())], orders)
    assert task(result, "urgent", "urgent").end == 60
    assert result.objective == 120  # no tardiness: makespan only


def test_weighted_tardiness_prefers_the_heavier_order():
    orders = [one("light", 60, due=60, weight=1), one("heavy", 60, due=60, weight=5)]
    result = solve([Workcenter("A", "A", always())], orders)
    assert task(result, "heavy", "heavy").end == 60
    assert result.objective == 1000 * 60 + 120


# --- infeasible input, fallback ---------------------------------------------
def test_dispatching_rules_let_short_urgent_orders_pass_a_long_one():
    # Due-date order puts the long order first and makes all five short ones
    # late by it (total 540 min); a rule preferring short urgent phases runs
    # them first, only the long one is late (140 min): the hint is that one.
    orders = [one("long", 100, due=10)] + [
        one(f"s{i}", 10, due=20 + 10 * i) for i in range(5)
    ]
    problem = Problem(
        [Workcenter("A", "A", always())], orders, Options(time_limit=5, workers=1)
    )
    scheduler = Scheduler(problem)
    serial = scheduler._serial_dispatch()
    assert scheduler._placement_objective(serial) == 1000 * 540 + 150
    best = scheduler.dispatch()
    assert scheduler.dispatch_rule != "edd"
    assert scheduler._placement_objective(best) == 1000 * 140 + 150
    result = solve([Workcenter("A", "A", always())], orders, time_limit=5)
    assert result.dispatch_objective == 1000 * 140 + 150
    assert result.dispatch_rule == scheduler.dispatch_rule
    assert result.objective == 1000 * 140 + 150


def test_every_dispatch_passes_the_checker():
    # serial and every rule, on calendars, alternatives, overlaps and a
    # component order (the solver would hide a wrong hint)
    centers = [
        Workcenter("A", "A", shifts(20)),
        Workcenter("B", "B", shifts(20, 6, 22), machines=2),
        Workcenter("C", "C", shifts(20, 8, 12)),
    ]
    orders = []
    for i in range(12):
        phases = [
            Phase("p1", "p1", [Mode("A", 90 + 37 * (i % 4)), Mode("B", 120)]),
            Phase("p2", "p2", [Mode("B", 200 + 11 * i)], overlap_minutes=30),
            Phase("p3", "p3", [Mode("C", 60 + 50 * (i % 3))], queue_minutes=15),
        ]
        orders.append(Order(f"o{i}", f"o{i}", phases, due=DAY * (1 + i % 5)))
    orders.append(
        Order(
            "comp",
            "comp",
            [Phase("c", "c", [Mode("C", 300)])],
            due=DAY,
            consumed_by=("o0", "p2"),
        )
    )
    problem = Problem(centers, orders, Options(time_limit=5, workers=1))
    scheduler = Scheduler(problem)
    placements = [scheduler._serial_dispatch()] + [
        scheduler._rule_dispatch(rule, k) for rule, k in DISPATCH_RULES
    ]
    assert all(placements)
    for placement in placements:
        check_schedule(problem, scheduler._tasks_from_dispatch(placement))


def test_phase_longer_than_the_horizon_is_named_and_the_rest_scheduled():
    result = solve([Workcenter("A", "A", shifts(2))], [one("big", 2000), one("ok", 60)])
    assert result.status == "infeasible"
    assert result.dropped == ["big"]
    assert (
        "big / big: 2000 minutes are longer than the working time of A"
        in result.reasons[0]
    )
    assert [t.order for t in result.tasks] == ["ok"]


def test_work_center_without_working_time_is_named():
    result = solve(
        [Workcenter("A", "A", []), Workcenter("B", "B", always())],
        [one("x", 10), one("y", 10, wc="B")],
    )
    assert result.status == "infeasible"
    assert "x / x: work center A has no working time in the horizon" in result.reasons
    assert [t.order for t in result.tasks] == ["y"]


def test_order_that_does_not_fit_after_the_others_is_named():
    # 3 x 200 minutes on a calendar of 480: the last by due date cannot fit.
    orders = [one(k, 200, due=d) for k, d in (("a", 100), ("b", 200), ("c", 300))]
    result = solve([Workcenter("A", "A", shifts(1))], orders)
    assert result.dropped == ["c"]
    assert result.reasons == ["c: does not fit in the working time of the horizon"]


def test_time_limit_fallback_returns_the_dispatch_schedule():
    jobs = read_jobshop((JOBSHOP / "la16").read_text())
    problem = jobshop_problem(jobs, Options(time_limit=1e-9, workers=1))
    result = checked_schedule(problem)
    assert result.status == "fallback"
    assert len(result.tasks) == 100
    assert result.objective == result.dispatch_objective


def test_bad_input_is_refused_naming_the_record():
    with pytest.raises(FcsError, match="unknown work center 'Z'"):
        solve([Workcenter("A", "A", always())], [one("x", 10, wc="Z")])
    with pytest.raises(FcsError, match="Work center A: machines"):
        solve([Workcenter("A", "A", always(), machines=0)], [one("x", 10)])


# --- the checker -------------------------------------------------------------
def _problem():
    changeovers = {("red", "blue"): 30}
    orders = [
        Order(
            "o",
            "o",
            [
                Phase(1, "a", [Mode("A", 60)], family="red"),
                Phase(2, "b", [Mode("A", 60)], family="blue"),
            ],
        ),
    ]
    return Problem([Workcenter("A", "A", shifts(3), changeovers=changeovers)], orders)


def test_checker_accepts_a_valid_schedule():
    check_schedule(
        _problem(),
        [
            Task("o", 1, "A", 0, 480, 540, 60),
            Task("o", 2, "A", 0, 570, 630, 60),
        ],
    )


@pytest.mark.parametrize(
    "tasks, message",
    [
        ([Task("o", 1, "A", 0, 480, 540, 60)], "not scheduled"),
        (
            [Task("o", 1, "A", 0, 480, 540, 60), Task("o", 2, "A", 0, 540, 600, 60)],
            "changeover",
        ),
        (
            [Task("o", 1, "A", 0, 480, 540, 60), Task("o", 2, "A", 0, 520, 580, 60)],
            "starts before",
        ),
        (
            [Task("o", 1, "A", 0, 400, 460, 60), Task("o", 2, "A", 0, 570, 630, 60)],
            "works",
        ),
        (
            [Task("o", 1, "A", 0, 420, 540, 60), Task("o", 2, "A", 0, 570, 630, 60)],
            "outside working time",
        ),
        (
            [Task("o", 1, "A", 1, 480, 540, 60), Task("o", 2, "A", 0, 570, 630, 60)],
            "machine 1",
        ),
    ],
)
def test_checker_rejects_invalid_schedules(tasks, message):
    with pytest.raises(ScheduleError, match=message):
        check_schedule(_problem(), tasks)


def test_checker_rejects_two_at_once_and_a_moved_fixed_phase():
    problem = Problem(
        [Workcenter("A", "A", always())],
        [
            one("x", 30),
            Order("m", "m", [Phase(1, "p", [Mode("A", 30)], fixed=(0, 30))]),
        ],
    )
    with pytest.raises(ScheduleError, match="2 phases at once"):
        check_schedule(
            problem,
            [Task("x", "x", "A", 0, 10, 40, 30), Task("m", 1, "A", 0, 0, 30, 30)],
        )
    with pytest.raises(ScheduleError, match="fixed"):
        check_schedule(
            problem,
            [Task("x", "x", "A", 0, 0, 30, 30), Task("m", 1, "A", 0, 30, 60, 30)],
        )


# --- job shop ----------------------------------------------------------------
def test_ft06_solved_to_its_optimum():
    jobs = read_jobshop((JOBSHOP / "ft06").read_text())
    result = checked_schedule(jobshop_problem(jobs, Options(time_limit=20, workers=2)))
    assert result.status == "optimal"
    assert result.objective == 55 == max(t.end for t in result.tasks)
    assert result.bound == 55 and result.gap == 0


def test_jobshop_reader_refuses_a_broken_file():
    with pytest.raises(ValueError, match="Line 2: machine and time come in pairs"):
        read_jobshop("1 2\n0 5 1\n")
    with pytest.raises(ValueError, match="2 jobs announced, 1 given"):
        read_jobshop("# x\n2 2\n0 5 1 3\n")
