# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from services.calendar import Attendance, CalendarError, WorkingCalendar, week_type

ROME = ZoneInfo("Europe/Rome")
# Europe moves to summer time on Sunday 2027-03-28: Rome is UTC+1 before, UTC+2 after.
WEEK = [
    Attendance(day, hour_from, hour_to)
    for day in range(5)
    for hour_from, hour_to in ((8, 12), (13, 17))
]


def rome(text):
    """A Rome wall-clock time as UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=ROME).astimezone(UTC)


def calendar(**kwargs):
    return WorkingCalendar.from_weekly(
        WEEK, "Europe/Rome", date(2027, 3, 22), date(2027, 4, 2), **kwargs
    )


def test_intervals_follow_the_local_time_across_dst():
    cal = calendar()
    assert cal.intervals[0] == (rome("2027-03-22 08:00"), rome("2027-03-22 12:00"))
    assert cal.intervals[0][0].hour == 7  # UTC+1
    monday_after = next(i for i in cal.intervals if i[0] >= rome("2027-03-29 00:00"))
    assert monday_after[0].hour == 6  # UTC+2
    assert len(cal.intervals) == 20


def test_add_minutes_through_the_break():
    cal = calendar()
    assert cal.add_minutes(rome("2027-03-22 08:00"), 240) == rome("2027-03-22 12:00")
    assert cal.add_minutes(rome("2027-03-22 08:00"), 241) == rome("2027-03-22 13:01")
    # Starting in the break or before work counts from the next working moment.
    assert cal.add_minutes(rome("2027-03-22 12:30"), 30) == rome("2027-03-22 13:30")
    assert cal.add_minutes(rome("2027-03-22 06:00"), 0) == rome("2027-03-22 08:00")


def test_add_and_subtract_across_the_weekend_and_dst():
    cal = calendar()
    friday, monday = rome("2027-03-26 16:00"), rome("2027-03-29 09:00")
    assert cal.add_minutes(friday, 120) == monday
    assert cal.subtract_minutes(monday, 120) == friday
    assert cal.minutes_between(friday, monday) == 120
    assert cal.minutes_between(monday, friday) == -120
    # Negative minutes go the other way.
    assert cal.add_minutes(monday, -120) == friday


def test_subtract_from_the_end_of_an_interval():
    cal = calendar()
    assert cal.subtract_minutes(rome("2027-03-22 13:00"), 0) == rome("2027-03-22 12:00")
    assert cal.subtract_minutes(rome("2027-03-22 13:00"), 60) == rome(
        "2027-03-22 11:00"
    )


def test_leaves_are_cut_out():
    cal = calendar(leaves=[(rome("2027-03-23 00:00"), rome("2027-03-24 00:00"))])
    assert cal.add_minutes(rome("2027-03-22 16:00"), 120) == rome("2027-03-24 09:00")
    assert date(2027, 3, 23) not in cal.minutes_per_day()
    half = calendar(leaves=[(rome("2027-03-22 10:00"), rome("2027-03-22 14:00"))])
    assert half.minutes_per_day()[date(2027, 3, 22)] == 120 + 180


def test_capacity_overrides_per_day():
    cal = calendar(
        overrides={date(2027, 3, 24): 4, date(2027, 3, 27): 3, date(2027, 3, 25): 0}
    )
    per_day = cal.minutes_per_day()
    assert per_day[date(2027, 3, 22)] == 480
    assert per_day[date(2027, 3, 24)] == 240
    assert per_day[date(2027, 3, 27)] == 180  # a Saturday worked from 08:00
    assert date(2027, 3, 25) not in per_day
    assert cal.end_of_day(date(2027, 3, 27)) == rome("2027-03-27 11:00")


def test_end_of_day_and_next_working_day():
    cal = calendar()
    assert cal.end_of_day(date(2027, 3, 22)) == rome("2027-03-22 17:00")
    # A Saturday due date means the end of Friday's work.
    assert cal.end_of_day(date(2027, 3, 27)) == rome("2027-03-26 17:00")
    assert cal.next_working_day(date(2027, 3, 26)) == date(2027, 3, 29)


def test_beyond_the_calendar_is_an_error():
    cal = calendar()
    with pytest.raises(CalendarError, match="No working time for 60 minutes after"):
        cal.add_minutes(rome("2027-04-02 16:30"), 60)
    with pytest.raises(CalendarError, match="before"):
        cal.subtract_minutes(rome("2027-03-22 09:00"), 120)
    assert WorkingCalendar([], "UTC").is_empty


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="no time zone"):
        calendar().add_minutes(datetime(2027, 3, 22, 8), 10)


def test_overlapping_intervals_are_merged():
    a = datetime(2027, 1, 4, 8, tzinfo=UTC)
    cal = WorkingCalendar(
        [(a, a.replace(hour=10)), (a.replace(hour=9), a.replace(hour=12))]
    )
    assert cal.intervals == [(a, a.replace(hour=12))]


def test_two_week_calendar_and_validity_dates():
    # 2027-03-22 is in week type 1 as Odoo counts it; 2027-03-29 in week type 0.
    assert (week_type(date(2027, 3, 22)), week_type(date(2027, 3, 29))) == (1, 0)
    slots = [
        Attendance(0, 8, 12, week_type=0),
        Attendance(0, 13, 17, week_type=1),
        Attendance(1, 8, 12, date_to=date(2027, 3, 23)),
    ]
    cal = WorkingCalendar.from_weekly(
        slots, "UTC", date(2027, 3, 22), date(2027, 3, 30)
    )
    per_day = cal.minutes_per_day()
    assert per_day == {
        date(2027, 3, 22): 240,
        date(2027, 3, 23): 240,
        date(2027, 3, 29): 240,
    }
    # Week type 1 works the afternoon, week type 0 the morning.
    assert cal.end_of_day(date(2027, 3, 22)).hour == 17
    assert cal.end_of_day(date(2027, 3, 29)).hour == 12
