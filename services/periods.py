# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Period helpers: where a forecast of a period is due."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

MODES = ("monthly", "weekly", "exact")


def forecast_due_date(
    date_start: date,
    date_end: date,
    mode: str,
    day_of_month: int = 1,
    weekday: int = 0,
) -> date:
    """Return the due date of a forecast covering ``date_start``..``date_end``.

    * ``monthly``: day ``day_of_month`` (1..31, clamped to the last day of the
      month) of the month of ``date_start``;
    * ``weekly``: the day ``weekday`` (0=Monday..6=Sunday) of the ISO week
      (Monday..Sunday) containing ``date_start``;
    * ``exact``: ``date_start`` itself.

    Raises ``ValueError`` for an unknown mode, a ``day_of_month`` outside
    1..31 or a ``weekday`` outside 0..6.
    """
    if not 1 <= day_of_month <= 31:
        raise ValueError(f"day_of_month must be between 1 and 31, got {day_of_month}")
    if not 0 <= weekday <= 6:
        raise ValueError(f"weekday must be between 0 and 6, got {weekday}")
    if mode == "monthly":
        last_day = calendar.monthrange(date_start.year, date_start.month)[1]
        return date_start.replace(day=min(day_of_month, last_day))
    if mode == "weekly":
        monday = date_start - timedelta(days=date_start.weekday())
        return monday + timedelta(days=weekday)
    if mode == "exact":
        return date_start
    raise ValueError(f"Unknown forecast due date mode: {mode!r}")


def period_contains(date_start: date, date_end: date, day: date) -> bool:
    """Tell whether ``day`` lies in ``date_start``..``date_end`` (both included)."""
    return date_start <= day <= date_end
