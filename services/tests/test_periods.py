# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

import pytest

from services.periods import forecast_due_date, period_contains


def d(text):
    return date.fromisoformat(text)


class TestMonthly:
    def test_given_day(self):
        assert forecast_due_date(d("2026-04-01"), d("2026-04-30"), "monthly", 15) == d(
            "2026-04-15"
        )

    def test_default_first_day_even_if_period_starts_later(self):
        assert forecast_due_date(d("2026-05-20"), d("2026-05-31"), "monthly") == d(
            "2026-05-01"
        )

    def test_feb_30_clamped_to_28(self):
        assert forecast_due_date(d("2026-02-01"), d("2026-02-28"), "monthly", 30) == d(
            "2026-02-28"
        )

    def test_feb_31_clamped_to_29_in_leap_year(self):
        assert forecast_due_date(d("2028-02-01"), d("2028-02-29"), "monthly", 31) == d(
            "2028-02-29"
        )

    def test_april_31_clamped_to_30(self):
        assert forecast_due_date(d("2026-04-01"), d("2026-04-30"), "monthly", 31) == d(
            "2026-04-30"
        )

    def test_day_31_kept_in_long_month(self):
        assert forecast_due_date(d("2026-01-01"), d("2026-01-31"), "monthly", 31) == d(
            "2026-01-31"
        )


class TestWeekly:
    # 2026-03-04 is a Wednesday; its ISO week is Mon 2026-03-02 .. Sun 2026-03-08
    def test_monday(self):
        assert forecast_due_date(
            d("2026-03-04"), d("2026-03-08"), "weekly", weekday=0
        ) == d("2026-03-02")

    def test_default_weekday_is_monday(self):
        assert forecast_due_date(d("2026-03-04"), d("2026-03-08"), "weekly") == d(
            "2026-03-02"
        )

    def test_friday(self):
        assert forecast_due_date(
            d("2026-03-04"), d("2026-03-08"), "weekly", weekday=4
        ) == d("2026-03-06")

    def test_sunday(self):
        assert forecast_due_date(
            d("2026-03-04"), d("2026-03-08"), "weekly", weekday=6
        ) == d("2026-03-08")

    def test_start_on_monday(self):
        assert forecast_due_date(
            d("2026-03-02"), d("2026-03-08"), "weekly", weekday=2
        ) == d("2026-03-04")

    def test_week_crossing_month(self):
        # 2026-04-01 is a Wednesday: Monday of its week is 2026-03-30
        assert forecast_due_date(
            d("2026-04-01"), d("2026-04-05"), "weekly", weekday=0
        ) == d("2026-03-30")

    def test_start_on_sunday_uses_its_own_week(self):
        # 2026-03-08 is a Sunday: its week starts on 2026-03-02
        assert forecast_due_date(
            d("2026-03-08"), d("2026-03-08"), "weekly", weekday=0
        ) == d("2026-03-02")


def test_exact():
    assert forecast_due_date(d("2026-03-17"), d("2026-03-31"), "exact", 5, 3) == d(
        "2026-03-17"
    )


def test_unknown_mode_named_in_error():
    with pytest.raises(ValueError, match="yearly"):
        forecast_due_date(d("2026-03-01"), d("2026-03-31"), "yearly")


@pytest.mark.parametrize("day", [0, 32, -1])
def test_bad_day_of_month(day):
    with pytest.raises(ValueError, match="day_of_month"):
        forecast_due_date(d("2026-03-01"), d("2026-03-31"), "monthly", day)


@pytest.mark.parametrize("weekday", [-1, 7])
def test_bad_weekday(weekday):
    with pytest.raises(ValueError, match="weekday"):
        forecast_due_date(d("2026-03-01"), d("2026-03-31"), "weekly", weekday=weekday)


@pytest.mark.parametrize(
    "day,expected",
    [
        ("2026-02-28", False),
        ("2026-03-01", True),
        ("2026-03-15", True),
        ("2026-03-31", True),
        ("2026-04-01", False),
    ],
)
def test_period_contains_inclusive(day, expected):
    assert period_contains(d("2026-03-01"), d("2026-03-31"), d(day)) is expected


def test_period_contains_single_day():
    assert period_contains(d("2026-03-01"), d("2026-03-01"), d("2026-03-01"))
