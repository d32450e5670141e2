# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest

from services.safety_stock import (
    DayAvailability,
    SafetyStockInput,
    StockEvent,
    average_daily_usage,
    project_safety_stock,
)


def d(text):
    return date.fromisoformat(text)


def m(text):
    """Noon (UTC) of a day: when an event of that day happens."""
    return datetime.combine(d(text), time(12), tzinfo=UTC)


def test_average_daily_usage():
    # (50 - 20) / 10
    assert average_daily_usage(20, 50, 10) == 3.0
    assert average_daily_usage(0, 1, 4) == 0.25


@pytest.mark.parametrize(
    "min_stock,reorder_level,reorder_days",
    [(20, 50, 0), (20, 50, -3), (20, 20, 10), (50, 20, 10)],
)
def test_average_daily_usage_zero(min_stock, reorder_level, reorder_days):
    assert average_daily_usage(min_stock, reorder_level, reorder_days) == 0.0


def base_input(**overrides):
    """Scenario worked out by hand below.

    on_hand 100, min 20, reorder level 50 in 10 days -> usage 3/day.
    Events: -8 on 02-25 (before date_from: counts on 03-02), -63 on 03-04,
    +10 on 03-05, +1000 on 03-20 (after the last day: ignored).
    A day consumes max(issues, usage): known issues are part of the usage.

    day    rec  iss  use  available
    03-02    0    8    0   92
    03-03    0    0    3   89
    03-04    0   63    0   26
    03-05   10    0    3   33
    03-06                  30
    03-07                  27
    03-08                  24
    03-09                  21
    03-10                  18   < 20 -> stock-out (<= date_until 03-11)
    03-11                  15
    03-12                  12
    03-13                   9
    03-14                   6
    03-15                   3   horizon
    """
    values = {
        "product_id": 7,
        "on_hand": 100.0,
        "min_stock": 20.0,
        "reorder_level": 50.0,
        "reorder_days": 10,
        "date_from": d("2026-03-02"),
        "date_until": d("2026-03-11"),
        "date_horizon": d("2026-03-15"),
        "events": [
            StockEvent(m("2026-03-05"), 10.0, "PO1"),
            StockEvent(m("2026-03-04"), -63.0, "SO1"),
            StockEvent(m("2026-02-25"), -8.0, "SO0 late"),
            StockEvent(m("2026-03-20"), 1000.0, "PO far"),
        ],
    }
    values.update(overrides)
    return SafetyStockInput(**values)


EXPECTED_AVAILABLE = [92, 89, 26, 33, 30, 27, 24, 21, 18, 15, 12, 9, 6, 3]


def test_day_by_day_detail():
    result = project_safety_stock(base_input())
    assert [day.available for day in result.days] == EXPECTED_AVAILABLE
    assert len(result.days) == 14
    assert result.days[0] == DayAvailability(d("2026-03-02"), 0.0, 8.0, 0.0, 92.0)
    assert result.days[2] == DayAvailability(d("2026-03-04"), 0.0, 63.0, 0.0, 26.0)
    assert result.days[3] == DayAvailability(d("2026-03-05"), 10.0, 0.0, 3.0, 33.0)
    assert result.days[-1] == DayAvailability(d("2026-03-15"), 0.0, 0.0, 3.0, 3.0)
    assert result.days[1] == DayAvailability(d("2026-03-03"), 0.0, 0.0, 3.0, 89.0)
    # consecutive calendar days
    assert [day.date.day for day in result.days] == list(range(2, 16))


def test_summary_values():
    result = project_safety_stock(base_input())
    assert result.product_id == 7
    assert result.average_daily_usage == 3.0
    assert result.initial_available == 100.0
    assert result.final_available == 3.0
    assert result.minimum_available == 3.0
    assert result.stockout_date == d("2026-03-10")


def test_quantity_to_reach_min_stock_at_horizon():
    # max(20 - available) over 03-10..03-15 = 20 - 3
    assert project_safety_stock(base_input()).quantity == 17.0


def test_quantity_to_reach_reorder_level():
    # 50 - 3
    result = project_safety_stock(base_input(target="reorder_level"))
    assert result.quantity == 47.0
    assert result.stockout_date == d("2026-03-10")


def test_quantity_reorder_level_with_multiple():
    # 47 -> multiple 10 -> 50
    result = project_safety_stock(base_input(target="reorder_level", multiple=10))
    assert result.quantity == 50.0


@pytest.mark.parametrize(
    "overrides,expected",
    [
        ({"economic_lot": 25}, 25.0),  # max(17, 25)
        ({"multiple": 10}, 20.0),  # 17 -> 20
        ({"economic_lot": 25, "multiple": 10}, 30.0),  # 25 -> 30
        ({"economic_lot": 25, "multiple": 10, "use_lot": False}, 20.0),
        ({"economic_lot": 25, "multiple": 10, "use_multiple": False}, 25.0),
        ({"economic_lot": 10, "multiple": 0}, 17.0),  # lot smaller than need
    ],
)
def test_lot_and_multiple(overrides, expected):
    assert project_safety_stock(base_input(**overrides)).quantity == expected


def test_stockout_on_last_searched_day():
    # date_until 03-10: the stock-out day is exactly the last searched day
    result = project_safety_stock(base_input(date_until=d("2026-03-10")))
    assert result.stockout_date == d("2026-03-10")
    assert result.quantity == 17.0


def test_no_stockout_before_date_until():
    # available 03-02..03-09 is >= 21: below 20 only from 03-10
    result = project_safety_stock(base_input(date_until=d("2026-03-09")))
    assert result.stockout_date is None
    assert result.quantity == 0.0
    # the projection is still computed up to the horizon
    assert result.final_available == 3.0
    assert len(result.days) == 14


def test_available_equal_to_min_stock_is_not_a_stockout():
    # on_hand 21, usage 0, one issue of 1 -> exactly 20 = min stock
    result = project_safety_stock(
        base_input(
            on_hand=21.0,
            reorder_days=0,
            events=[StockEvent(m("2026-03-03"), -1.0)],
        )
    )
    assert result.average_daily_usage == 0.0
    assert result.minimum_available == 20.0
    assert result.stockout_date is None
    assert result.quantity == 0.0


def test_max_shortage_may_be_after_a_receipt():
    """Stock-out, then a receipt, then a bigger shortage before the horizon.

    on_hand 10, min 5, no usage.
    day1 10 | day2 -8 -> 2 (stock-out) | day3 2 | day4 +20 -> 22 | day5 22
    day6 -30 -> -8 | day7 -8
    shortages vs 5 from day2: 3, 3, -17, -17, 13, 13 -> 13
    """
    inp = SafetyStockInput(
        product_id=1,
        on_hand=10,
        min_stock=5,
        reorder_level=5,
        reorder_days=0,
        date_from=d("2026-01-01"),
        date_until=d("2026-01-03"),
        date_horizon=d("2026-01-07"),
        events=[
            StockEvent(m("2026-01-02"), -8),
            StockEvent(m("2026-01-04"), 20),
            StockEvent(m("2026-01-06"), -30),
        ],
    )
    result = project_safety_stock(inp)
    assert [x.available for x in result.days] == [10, 2, 2, 22, 22, -8, -8]
    assert result.stockout_date == d("2026-01-02")
    assert result.quantity == 13.0
    assert result.minimum_available == -8.0
    assert result.final_available == -8.0


def test_shortage_after_horizon_not_counted():
    """Same as above but the horizon is day 5: the issue of day 6 is ignored.

    shortages from day2 to day5: 3, 3, -17, -17 -> 3
    """
    inp = SafetyStockInput(
        product_id=1,
        on_hand=10,
        min_stock=5,
        reorder_level=5,
        reorder_days=0,
        date_from=d("2026-01-01"),
        date_until=d("2026-01-03"),
        date_horizon=d("2026-01-05"),
        events=[
            StockEvent(m("2026-01-02"), -8),
            StockEvent(m("2026-01-04"), 20),
            StockEvent(m("2026-01-06"), -30),
        ],
    )
    result = project_safety_stock(inp)
    assert len(result.days) == 5
    assert result.quantity == 3.0
    assert result.final_available == 22.0
    assert result.minimum_available == 2.0


def test_several_events_same_day_are_summed():
    inp = base_input(
        reorder_days=0,
        events=[
            StockEvent(m("2026-03-03"), 4),
            StockEvent(m("2026-03-03"), 6),
            StockEvent(m("2026-03-03"), -7),
            StockEvent(m("2026-03-03"), -2),
        ],
    )
    result = project_safety_stock(inp)
    day = result.days[1]
    assert (day.receipts, day.issues, day.usage, day.available) == (
        10.0,
        9.0,
        0.0,
        101.0,
    )


def test_overdue_events_count_on_first_day():
    inp = base_input(
        reorder_days=0,
        events=[
            StockEvent(m("2025-12-01"), -30),
            StockEvent(m("2026-03-01"), 5),
            StockEvent(m("2026-03-02"), -1),
        ],
    )
    result = project_safety_stock(inp)
    first = result.days[0]
    assert (first.receipts, first.issues, first.available) == (5.0, 31.0, 74.0)
    assert result.final_available == 74.0


def test_horizon_before_date_until():
    """Projection runs until date_until, summary values stop at the horizon.

    Base scenario, horizon 03-05: days 03-02..03-11 (10 days); values up to
    the horizon are 92, 89, 26, 33. The stock-out (03-10, available 18) is
    after the horizon: the window is the stock-out day alone -> 20 - 18 = 2.
    """
    result = project_safety_stock(base_input(date_horizon=d("2026-03-05")))
    assert len(result.days) == 10
    assert result.final_available == 33.0
    assert result.minimum_available == 26.0
    assert result.stockout_date == d("2026-03-10")
    assert result.quantity == 2.0


def test_single_day():
    inp = base_input(
        date_until=d("2026-03-02"), date_horizon=d("2026-03-02"), on_hand=22
    )
    # 22 - 5 - 3 = 14 < 20 -> 6
    result = project_safety_stock(inp)
    assert [x.available for x in result.days] == [14.0]
    assert result.stockout_date == d("2026-03-02")
    assert result.quantity == 6.0


def test_initial_stockout_with_negative_on_hand():
    inp = base_input(on_hand=-10, events=[], reorder_days=0)
    result = project_safety_stock(inp)
    assert result.stockout_date == d("2026-03-02")
    assert result.initial_available == -10.0
    assert result.quantity == 30.0  # 20 - (-10)


def test_no_float_noise_with_decimal_usage():
    """Usage 0.1/day: 1.0 reaches exactly 0.0 on day 10, below 0 on day 11."""
    inp = SafetyStockInput(
        product_id=1,
        on_hand=1.0,
        min_stock=0.0,
        reorder_level=1.0,
        reorder_days=10,
        date_from=d("2026-01-01"),
        date_until=d("2026-01-10"),
        date_horizon=d("2026-01-12"),
    )
    result = project_safety_stock(inp)
    assert result.days[9].available == 0.0
    assert result.stockout_date is None
    result = project_safety_stock(replace(inp, date_until=d("2026-01-11")))
    assert result.stockout_date == d("2026-01-11")
    # horizon 01-12: available -0.2 -> 0.2 to reach min stock 0
    assert result.quantity == 0.2
    assert result.final_available == -0.2


def test_events_list_not_shared_between_instances():
    a = SafetyStockInput(
        1, 0, 0, 0, 0, d("2026-01-01"), d("2026-01-01"), d("2026-01-01")
    )
    b = SafetyStockInput(
        2, 0, 0, 0, 0, d("2026-01-01"), d("2026-01-01"), d("2026-01-01")
    )
    a.events.append(StockEvent(m("2026-01-01"), 1))
    assert b.events == []
    assert b.target == "min_stock"
    assert (b.economic_lot, b.multiple, b.use_lot, b.use_multiple) == (
        0.0,
        0.0,
        True,
        True,
    )


def test_horizon_before_start_raises():
    with pytest.raises(ValueError, match=r"[Hh]orizon"):
        project_safety_stock(base_input(date_horizon=d("2026-03-01")))


def test_until_before_start_raises():
    with pytest.raises(ValueError, match="before start date"):
        project_safety_stock(base_input(date_until=d("2026-03-01")))


def test_unknown_target_raises():
    with pytest.raises(ValueError, match="max_stock"):
        project_safety_stock(base_input(target="max_stock"))


def test_small_issues_are_part_of_the_usage():
    """An issue below the daily usage is covered by it; a larger one replaces it."""
    result = project_safety_stock(
        base_input(
            events=[
                StockEvent(m("2026-03-02"), -2.0, "small"),
                StockEvent(m("2026-03-03"), -7.0, "large"),
            ]
        )
    )
    assert result.days[0] == DayAvailability(d("2026-03-02"), 0.0, 2.0, 1.0, 97.0)
    assert result.days[1] == DayAvailability(d("2026-03-03"), 0.0, 7.0, 0.0, 90.0)
    assert result.days[2].available == 87.0
