# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Economic lot and multiple rounding of quantities to produce or buy."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

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


@dataclass
class Need:
    """A dated quantity of one item; ``key`` identifies it for the caller."""

    key: object
    date: date
    quantity: float


@dataclass
class LotGroup:
    """Needs planned as one order, due on ``date`` for ``quantity``."""

    date: date
    quantity: float
    needs: list[Need] = field(default_factory=list)


def group_needs(
    needs: list[Need], days: int, anchor: str = "earliest"
) -> list[LotGroup]:
    """Group the needs of ONE item whose dates fall within ``days`` of the first.

    Needs are taken in date order; a group starts at a need and takes every
    following need dated at most ``days`` days after it. The group is due on
    its earliest need (``anchor="earliest"``, nothing is late) or its latest
    (``"latest"``). ``days <= 0`` makes one group per need. Quantities are
    summed, not rounded (round the group with :func:`round_quantity`).
    Raises ``ValueError`` for an unknown anchor.
    """
    if anchor not in ("earliest", "latest"):
        raise ValueError(f"Unknown grouping anchor: {anchor!r}")
    groups: list[LotGroup] = []
    for need in sorted(needs, key=lambda n: (n.date, str(n.key))):
        current = groups[-1] if groups else None
        if (
            current is not None
            and days > 0
            and (need.date - current.needs[0].date).days <= days
        ):
            current.needs.append(need)
            current.quantity = round(current.quantity + need.quantity, 6)
            if anchor == "latest":
                current.date = need.date
            continue
        groups.append(LotGroup(date=need.date, quantity=need.quantity, needs=[need]))
    return groups
