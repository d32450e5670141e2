# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import UTC, date, datetime

import pytest

from services.calendar import Attendance, CalendarError, WorkingCalendar
from services.timing import Phase, run_minutes, schedule_alap, schedule_asap

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
    timed = schedule_asap(phases(), 10, at("2027-03-01 08:00"))
    assert dates(timed) == [
        ("cut", "Mon 08:00", "Mon 10:10"),
        ("drill", "Mon 10:10", "Mon 10:40"),
        # 1200 min: Mon 320, Tue 480, Wed 240 + 160
        ("paint", "Mon 10:40", "Wed 15:40"),
    ]
    assert (timed[0].time_setup, timed[0].time_run) == (30, 100)


def test_forward_queue_and_overlaps():
    assert dates(schedule_asap(phases(queue_minutes=60), 10, at("2027-03-01 08:00")))[
        1
    ] == (
        "drill",
        "Mon 11:10",
        "Mon 11:40",
    )
    # After 2 pieces (30 setup + 20) the drill may start; the last piece leaves
    # the cut at 10:10 and still takes its 6 minutes of drilling.
    pieces = schedule_asap(
        phases(overlap="pieces", overlap_value=2), 10, at("2027-03-01 08:00")
    )
    assert dates(pieces)[1] == ("drill", "Mon 08:50", "Mon 10:16")
    total = schedule_asap(phases(overlap="total"), 10, at("2027-03-01 08:00"))
    assert dates(total)[1] == ("drill", "Mon 08:00", "Mon 10:16")
    timed = schedule_asap(
        phases(overlap="time", overlap_value=45), 10, at("2027-03-01 08:00")
    )
    assert dates(timed)[1][1] == "Mon 08:45"


def test_forward_over_the_weekend():
    timed = schedule_asap(phases()[:1], 10, at("2027-03-05 16:00"))
    assert (timed[0].date_start, timed[0].date_end) == (
        at("2027-03-05 16:00"),
        at("2027-03-08 09:10"),
    )


def test_backward_from_the_end_of_the_due_day():
    due = CAL.end_of_day(date(2027, 3, 3))
    timed = schedule_alap(phases(), 10, due)
    assert dates(timed) == [
        ("cut", "Mon 09:20", "Mon 11:30"),
        ("drill", "Mon 11:30", "Mon 12:00"),
        ("paint", "Mon 13:00", "Wed 17:00"),
    ]


def test_backward_with_overlap_ends_before_the_next_last_cycle():
    due = CAL.end_of_day(date(2027, 3, 3))
    timed = schedule_alap(phases(overlap="pieces", overlap_value=2), 10, due)
    # The drill runs 11:30-12:00; its last cycle (6 min) starts at 11:54.
    assert dates(timed)[0] == ("cut", "Mon 09:44", "Mon 11:54")
    # Its overlap point (09:44 + 50 min) is before the drill starts at 11:30.
    assert CAL.add_minutes(timed[0].date_start, 50) <= timed[1].date_start


def test_machines_share_whole_cycles():
    drill = Phase("drill", CAL, time_cycle=60, machines=2)
    # One piece cannot be split between two machines.
    assert run_minutes(drill, 1) == 60
    assert run_minutes(drill, 3) == 120
    oven = Phase("oven", CAL, time_cycle=90, pieces_per_cycle=4, machines=2)
    assert run_minutes(oven, 10) == 180  # 3 cycles, 2 rounds


def test_overlapping_phase_works_the_last_piece_after_the_previous_one():
    first = Phase("a", CAL, time_cycle=60, overlap="total")
    second = Phase("b", CAL, time_cycle=10)
    timed = schedule_asap([first, second], 3, at("2027-03-01 08:00"))
    assert dates(timed) == [
        ("a", "Mon 08:00", "Mon 11:00"),
        ("b", "Mon 08:00", "Mon 11:10"),
    ]
    # ALAP: the second phase runs as late as it can, the first still ends a
    # cycle of the second before it.
    back = schedule_alap([first, second], 3, at("2027-03-01 11:10"))
    assert dates(back) == [
        ("a", "Mon 08:00", "Mon 11:00"),
        ("b", "Mon 10:40", "Mon 11:10"),
    ]


def test_backward_queue_never_ends_a_phase_in_a_break():
    # The paint starts at 14:00 after 60 working minutes of queue: the cut ends
    # when the morning shift ends (12:00), not when the afternoon one starts.
    cut = Phase("cut", CAL, time_cycle=30, queue_minutes=60)
    paint = Phase("paint", CAL, time_cycle=60)
    timed = schedule_alap([cut, paint], 1, at("2027-03-02 15:00"))
    assert dates(timed) == [
        ("cut", "Tue 11:30", "Tue 12:00"),
        ("paint", "Tue 14:00", "Tue 15:00"),
    ]


def test_backward_and_forward_agree_without_slack():
    forward = schedule_asap(phases(), 10, at("2027-03-01 08:00"))
    backward = schedule_alap(phases(), 10, forward[-1].date_end)
    assert backward[-1].date_start == forward[-1].date_start
    assert backward[0].date_start >= forward[0].date_start


def test_calendar_too_short_is_an_error():
    with pytest.raises(CalendarError):
        schedule_alap(phases(), 10, at("2027-03-01 12:00"))
