# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Quantities: the digits every engine module keeps, and the tolerance it uses.

Quantities are floats in the item's own unit. Sums of many small floats drift
(``0.1 * 3 != 0.3``), so every quantity a module hands on is rounded to
:data:`DIGITS` decimals, and comparisons allow :data:`EPSILON`.
"""

from __future__ import annotations

DIGITS = 6
EPSILON = 1e-9


def qty(value: float) -> float:
    """``value`` rounded to :data:`DIGITS` decimals (``-0.0`` becomes ``0.0``)."""
    return round(float(value), DIGITS) + 0.0


def positive(value: float) -> bool:
    """Whether ``value`` is more than the tolerance above zero."""
    return value > EPSILON


def clamp(value: float) -> float:
    """``value`` rounded, or ``0.0`` when it is not positive."""
    return qty(value) if value > EPSILON else 0.0
