# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Combination of a forecast with the sale demand of the same item and period."""

from __future__ import annotations

MODES = ("sum", "greater", "smaller")

_DIGITS = 6


def combine_forecast(
    forecast_qty: float, sale_qtys: list[float], mode: str
) -> tuple[float, list[float]]:
    """Return ``(forecast quantity to plan, sale quantities to plan)``.

    * ``sum``: forecast and sales are both planned as they are;
    * ``greater``: the total is ``max(F, S)`` (``S`` = sum of the sales): the
      forecast only plans ``max(F - S, 0)`` on top of the sales;
    * ``smaller``: the total is ``min(F, S)``: the forecast plans nothing and,
      when ``S > F``, sale quantities are cut from the last one backwards
      (never below 0) until their sum equals ``F``.

    Raises ``ValueError`` for an unknown mode.
    """
    sales = [float(q) for q in sale_qtys]
    total_sales = sum(sales)
    if mode == "sum":
        return float(forecast_qty), sales
    if mode == "greater":
        return round(max(forecast_qty - total_sales, 0.0), _DIGITS), sales
    if mode == "smaller":
        excess = total_sales - forecast_qty
        for index in range(len(sales) - 1, -1, -1):
            if excess <= 0:
                break
            cut = min(max(sales[index], 0.0), excess)
            sales[index] = round(sales[index] - cut, _DIGITS)
            excess -= cut
        return 0.0, sales
    raise ValueError(f"Unknown forecast combination mode: {mode!r}")
