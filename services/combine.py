# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Combination of a forecast with the sale demand of the same item and period."""

from __future__ import annotations

from .quantities import qty

MODES = ("sum", "greater", "smaller")


def bucket_demand(mode: str, forecast_total: float, sales_total: float) -> float:
    """Return the demand of a bucket: forecast and sales combined by ``mode``.

    ``sum``: ``F + S``; ``greater``: ``max(F, S)``; ``smaller``: ``min(F, S)``.
    Raises ``ValueError`` for an unknown mode.
    """
    if mode == "sum":
        return forecast_total + sales_total
    if mode == "greater":
        return max(forecast_total, sales_total)
    if mode == "smaller":
        return min(forecast_total, sales_total)
    raise ValueError(f"Unknown forecast combination mode: {mode!r}")


def combine_forecast(
    forecast_qty: float,
    sale_qtys: list[float],
    mode: str,
    forecast_total: float | None = None,
    planned: float = 0.0,
    sales_planned: float = 0.0,
) -> tuple[float, list[float]]:
    """Return ``(forecast quantity to plan, sale quantities to plan)``.

    One bucket is one item, period (and customer) of a forecast. ``forecast_qty``
    is the part of the forecast not planned yet, ``forecast_total`` the whole
    forecast of the bucket (default: ``forecast_qty``), ``planned`` what earlier
    generations already planned for the bucket (job orders made from its
    forecast and from its sales), ``sales_planned`` the sales of the bucket
    already in job orders, and ``sale_qtys`` the new sales. With
    ``F = forecast_total`` and ``S = sales_planned + sum(sale_qtys)`` the
    bucket's total demand is:

    * ``sum``: ``F + S``;
    * ``greater``: ``max(F, S)``;
    * ``smaller``: ``min(F, S)``.

    What is still needed is ``max(total - planned, 0)``. New sales get it first
    (when they exceed it they are cut from the last one backwards, never below
    0), the unplanned forecast gets the rest, at most ``forecast_qty``. Without
    earlier generations this is the plain rule: ``greater`` plans the sales and
    ``max(F - S, 0)`` of forecast, ``smaller`` plans no forecast and cuts the
    sales down to ``F``, ``sum`` plans both whole.

    Raises ``ValueError`` for an unknown mode.
    """
    sales = [float(q) for q in sale_qtys]
    forecast_all = float(forecast_qty if forecast_total is None else forecast_total)
    total = bucket_demand(mode, forecast_all, sales_planned + sum(sales))
    needed = max(qty(total - planned), 0.0)
    excess = sum(sales) - needed
    for index in range(len(sales) - 1, -1, -1):
        if excess <= 0:
            break
        cut = min(max(sales[index], 0.0), excess)
        sales[index] = qty(sales[index] - cut)
        excess -= cut
    forecast = min(max(qty(needed - sum(sales)), 0.0), float(forecast_qty))
    return forecast, sales
