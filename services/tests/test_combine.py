# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import pytest

from services.combine import bucket_demand, combine_forecast

SALES = [4.0, 3.0]  # S = 7


def test_sum():
    assert combine_forecast(10, SALES, "sum") == (10.0, [4.0, 3.0])


def test_greater_forecast_bigger():
    # total max(10, 7) = 10: forecast plans 3 on top of the sales
    assert combine_forecast(10, SALES, "greater") == (3.0, [4.0, 3.0])


def test_greater_sales_bigger():
    # total max(5, 7) = 7: the sales cover it all
    assert combine_forecast(5, SALES, "greater") == (0.0, [4.0, 3.0])


def test_greater_equal():
    assert combine_forecast(7, SALES, "greater") == (0.0, [4.0, 3.0])


def test_greater_no_sales():
    assert combine_forecast(6, [], "greater") == (6.0, [])


def test_smaller_forecast_bigger_keeps_sales():
    # total min(10, 7) = 7 = the sales
    assert combine_forecast(10, SALES, "smaller") == (0.0, [4.0, 3.0])


def test_smaller_cuts_last_sale():
    # total min(5, 7) = 5: cut 2 from the last one -> [4, 1]
    assert combine_forecast(5, SALES, "smaller") == (0.0, [4.0, 1.0])


def test_smaller_cuts_backwards_over_several_sales():
    # total 2: cut 5 -> last 3 -> 0, then 2 from the first -> [2, 0]
    assert combine_forecast(2, SALES, "smaller") == (0.0, [2.0, 0.0])


def test_smaller_three_sales():
    # S = 10, F = 4.5: cut 5.5 -> [2, 3, 5] -> [2, 2.5, 0]
    assert combine_forecast(4.5, [2, 3, 5], "smaller") == (0.0, [2.0, 2.5, 0.0])


def test_smaller_zero_forecast():
    assert combine_forecast(0, SALES, "smaller") == (0.0, [0.0, 0.0])


def test_smaller_no_sales():
    assert combine_forecast(8, [], "smaller") == (0.0, [])


def test_input_list_not_modified():
    sales = [4.0, 3.0]
    combine_forecast(5, sales, "smaller")
    assert sales == [4.0, 3.0]
    _, result = combine_forecast(10, sales, "sum")
    assert result is not sales


def test_unknown_mode_raises():
    with pytest.raises(ValueError, match="average"):
        combine_forecast(5, SALES, "average")


# Forecast consumption across generations.


def test_later_sales_are_covered_by_the_planned_forecast():
    # Forecast 100 was planned whole; a new sale of 60 fits under it.
    forecast, sales = combine_forecast(
        0.0, [60.0], "greater", forecast_total=100.0, planned=100.0
    )
    assert (forecast, sales) == (0.0, [0.0])


def test_sales_beyond_the_planned_forecast_are_planned():
    # Sales 60 + 60 exceed the planned forecast of 100 by 20: cut from the last.
    forecast, sales = combine_forecast(
        0.0, [60.0, 60.0], "greater", forecast_total=100.0, planned=100.0
    )
    assert (forecast, sales) == (0.0, [20.0, 0.0])


def test_new_forecast_version_plans_the_difference():
    # v1 planned 100 (30 sold, 70 forecast); v2 says 120: 20 more of forecast.
    forecast, sales = combine_forecast(
        120.0,
        [],
        "greater",
        forecast_total=120.0,
        planned=100.0,
        sales_planned=30.0,
    )
    assert (forecast, sales) == (20.0, [])


def test_smaller_caps_new_sales_at_the_remaining_forecast():
    # Forecast 100, sales 70 already planned: new sales may add only 30.
    forecast, sales = combine_forecast(
        0.0,
        [50.0],
        "smaller",
        forecast_total=100.0,
        planned=70.0,
        sales_planned=70.0,
    )
    assert (forecast, sales) == (0.0, [30.0])


def test_sum_ignores_what_sales_planned():
    forecast, sales = combine_forecast(
        40.0, [10.0], "sum", forecast_total=140.0, planned=130.0, sales_planned=30.0
    )
    assert (forecast, sales) == (40.0, [10.0])


def test_greater_counts_planned_sales_in_the_demand():
    # Sales already planned (150) exceed the forecast (100): 150 + 20 new sold.
    forecast, sales = combine_forecast(
        0.0,
        [20.0],
        "greater",
        forecast_total=100.0,
        planned=150.0,
        sales_planned=150.0,
    )
    assert (forecast, sales) == (0.0, [20.0])


@pytest.mark.parametrize(
    "mode,expected", [("sum", 15.0), ("greater", 10.0), ("smaller", 5.0)]
)
def test_bucket_demand(mode, expected):
    assert bucket_demand(mode, 10.0, 5.0) == expected


def test_bucket_demand_unknown_mode():
    with pytest.raises(ValueError, match="Unknown forecast combination mode"):
        bucket_demand("avg", 1.0, 2.0)
