# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import pytest

from services.lots import format_qty, round_quantity


@pytest.mark.parametrize("qty", [0, 0.0, -1, -0.0001])
def test_non_positive_gives_zero(qty):
    # Even with a lot and a multiple nothing is proposed for no need.
    assert round_quantity(qty, economic_lot=50, multiple=10) == 0.0


def test_no_rounding_rules_keeps_quantity():
    assert round_quantity(17.25) == 17.25


def test_economic_lot_raises_small_quantity():
    assert round_quantity(17, economic_lot=25) == 25.0


def test_economic_lot_keeps_bigger_quantity():
    assert round_quantity(40, economic_lot=25) == 40.0


def test_multiple_rounds_up():
    # 17 / 10 = 1.7 -> 2 multiples -> 20
    assert round_quantity(17, multiple=10) == 20.0


def test_exact_multiple_is_not_rounded_up():
    assert round_quantity(30, multiple=10) == 30.0


def test_multiple_float_noise_tolerated():
    # 0.1 + 0.2 = 0.30000000000000004: still 3 multiples of 0.1
    assert round_quantity(0.1 + 0.2, multiple=0.1) == 0.3
    # 3 * 0.1 noise in the multiple too
    assert round_quantity(0.3, multiple=0.1) == 0.3


def test_lot_then_multiple():
    # max(17, 25) = 25 -> rounded up to multiple 10 -> 30
    assert round_quantity(17, economic_lot=25, multiple=10) == 30.0


def test_lot_disabled():
    # lot ignored: 17 -> 20
    assert round_quantity(17, economic_lot=25, multiple=10, use_lot=False) == 20.0


def test_multiple_disabled():
    # multiple ignored: 17 -> lot 25
    assert round_quantity(17, economic_lot=25, multiple=10, use_multiple=False) == 25.0


def test_both_disabled():
    assert (
        round_quantity(
            17, economic_lot=25, multiple=10, use_lot=False, use_multiple=False
        )
        == 17.0
    )


def test_fractional_multiple():
    # 1.3 / 0.25 = 5.2 -> 6 * 0.25 = 1.5
    assert round_quantity(1.3, multiple=0.25) == 1.5


def test_result_rounded_to_six_decimals_and_float():
    result = round_quantity(1, multiple=0.7)  # ceil(1.428..) = 2 -> 1.4
    assert result == 1.4
    assert isinstance(result, float)
    assert isinstance(round_quantity(3), float)


def test_format_qty():
    assert (format_qty(5.0), format_qty(2.5), format_qty(0.0)) == ("5", "2.5", "0")
