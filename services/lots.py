# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Economic lot and multiple rounding of quantities to produce or buy."""

from __future__ import annotations

import math

# Tolerance so that e.g. 30.000000001 / 10 is not rounded up to 40.
_EPSILON = 1e-9


def round_quantity(
    qty: float,
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
    if qty <= 0:
        return 0.0
    if use_lot and economic_lot > 0:
        qty = max(qty, economic_lot)
    if use_multiple and multiple > 0:
        qty = math.ceil(qty / multiple - _EPSILON) * multiple
    return round(float(qty), 6)


def format_qty(qty: float) -> str:
    """Return a quantity as short text: ``5.0`` -> ``"5"``, ``2.5`` -> ``"2.5"``."""
    return f"{qty:g}"
