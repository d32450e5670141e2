# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import UTC, date, datetime

import pytest

from services.calendar import Attendance, CalendarError, WorkingCalendar
from services.timing import Phase, run_minutes, schedule_backward, schedule_forward

# Monday 2027-03-01 .. Friday 2027-03-12, 08-12 and 13-17 UTC.
CAL = WorkingCalendar.from_weekly(
    [Attendance(d, f, t) for d in range(5) for f, t in ((8, 12), (13, 17))],
    "UTC",
    date(2027, 3, 1),
    date(2027, 3, 12),
)


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def phases(**first):
    """Cut (30 setup + 10/pc), drill (6/pc on 2 machines), paint (60/pc at 50%)."""
    values = {"time_setup": 30, "time_cycle": 10}
    values.update(first)
    return [
        Phase("cut", CAL, **values),
        Phase("drill", CAL, time_cycle=6, machines=2),
        Phase("paint", CAL, time_cycle=60, efficiency=50),
    ]


def dates(timed):
    return [
        (t.key, t.date_start.strftime("%a %H:%M"), t.date_end.strftime("%a %H:%M"))
        for t in timed
    ]


def test_run_minutes():
    cut, drill, paint = phases()
    assert run_minutes(cut, 10) == 100
    assert run_minutes(drill, 10) == 30
    assert run_minutes(paint, 10) == 1200
    batch = Phase("oven", CAL, time_cycle=90, pieces_per_cycle=4)
    assert run_minutes(batch, 10) == 270  # 3 cycles
    with pytest.raises(ValueError, match="must be positive"):
        run_minutes(Phase("x", CAL, machines=0), 1)
    with pytest.raises(ValueError, match="unknown overlap"):
        run_minutes(Phase("x", CAL, overlap="half"), 1)


def test_forward_through_the_break_and_days():
    timed = schedule_forward(phases(), 10, at("2027-03-01 08:00"))
    assert dates(timed) == [
        ("cut", "Mon 08:00", "Mon 10:10"),
        ("drill", "Mon 10:10", "Mon 10:40"),
        # 1200 min: Mon 320, Tue 480, Wed 240 + 160
        ("paint", "Mon 10:40", "Wed 15:40"),
    ]
    assert (timed[0].time_setup, timed[0].time_run) == (30, 100)


def test_forward_queue_and_overlaps():
    assert dates(
        schedule_forward(phases(queue_minutes=60), 10, at("2027-03-01 08:00"))
    )[1] == (
        "drill",
        "Mon 11:10",
        "Mon 11:40",
    )
    # After 2 pieces (30 setup + 20) the drill may start; it cannot end before the cut.
    pieces = schedule_forward(
        phases(overlap="pieces", overlap_value=2), 10, at("2027-03-01 08:00")
    )
    assert dates(pieces)[1] == ("drill", "Mon 08:50", "Mon 10:10")
    total = schedule_forward(phases(overlap="total"), 10, at("2027-03-01 08:00"))
    assert dates(total)[1] == ("drill", "Mon 08:00", "Mon 10:10")
    timed = schedule_forward(
        phases(overlap="time", overlap_value=45), 10, at("2027-03-01 08:00")
    )
    assert dates(timed)[1][1] == "Mon 08:45"


def test_forward_over_the_weekend():
    timed = schedule_forward(phases()[:1], 10, at("2027-03-05 16:00"))
    assert (timed[0].date_start, timed[0].date_end) == (
        at("2027-03-05 16:00"),
        at("2027-03-08 09:10"),
    )


def test_backward_from_the_end_of_the_due_day():
    due = CAL.end_of_day(date(2027, 3, 3))
    timed = schedule_backward(phases(), 10, due)
    assert dates(timed) == [
        ("cut", "Mon 09:20", "Mon 11:30"),
        ("drill", "Mon 11:30", "Mon 12:00"),
        ("paint", "Mon 13:00", "Wed 17:00"),
    ]


def test_backward_with_overlap_ends_with_the_next_phase():
    due = CAL.end_of_day(date(2027, 3, 3))
    timed = schedule_backward(phases(overlap="pieces", overlap_value=2), 10, due)
    assert dates(timed)[0] == ("cut", "Mon 09:50", "Mon 12:00")
    # Its overlap point (09:50 + 50 min) is before the drill starts at 11:30.
    assert CAL.add_minutes(timed[0].date_start, 50) <= timed[1].date_start


def test_backward_and_forward_agree_without_slack():
    forward = schedule_forward(phases(), 10, at("2027-03-01 08:00"))
    backward = schedule_backward(phases(), 10, forward[-1].date_end)
    assert backward[-1].date_start == forward[-1].date_start
    assert backward[0].date_start >= forward[0].date_start


def test_calendar_too_short_is_an_error():
    with pytest.raises(CalendarError):
        schedule_backward(phases(), 10, at("2027-03-01 12:00"))
