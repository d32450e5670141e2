# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Economic lot and multiple rounding of quantities to produce or buy."""

from __future__ import annotations

import math

from .quantities import EPSILON, qty


def round_quantity(
    quantity: float,
    economic_lot: float = 0.0,
    multiple: float = 0.0,
    use_lot: bool = True,
    use_multiple: bool = True,
) -> float:
    """Round a needed quantity according to the economic lot and the multiple.

    A non-positive quantity gives ``0.0``. When ``use_lot`` is set and
    ``economic_lot`` is positive the quantity is raised to at least the lot.
    Then, when ``use_multiple`` is set and ``multiple`` is positive, it is
    rounded UP to the next multiple. The result is rounded to 6 decimals.
    """
    if quantity <= 0:
        return 0.0
    if use_lot and economic_lot > 0:
        quantity = max(quantity, economic_lot)
    if use_multiple and multiple > 0:
        quantity = math.ceil(quantity / multiple - EPSILON) * multiple
    return qty(quantity)


def format_qty(quantity: float) -> str:
    """Return a quantity as short text: ``5.0`` -> ``"5"``, ``2.5`` -> ``"2.5"``."""
    return f"{quantity:g}"
