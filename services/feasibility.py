# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Feasibility of planned orders before release (SPEC §8).

Each material need of a planned order is checked against the time-phased
:class:`~services.ledger.Ledger` at its usage moment, "at the need date": on
hand plus the supply due by then, less the firm issues due by then and what
the needs served before it were promised (firm needs are already issues in the
position; the needs of planned orders starting earlier are served first here).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .ledger import Ledger, StockPosition
from .quantities import DIGITS, EPSILON

GREEN = "green"
AMBER = "amber"
RED = "red"


@dataclass
class MaterialNeed:
    """One material of one planned order, in the material's own unit."""

    key: int
    order_key: int
    warehouse_id: int
    product_id: int
    moment: datetime
    quantity: float


@dataclass
class MaterialCheck:
    """What the position gives one material need."""

    key: int
    order_key: int
    quantity: float
    available: float

    @property
    def colour(self) -> str:
        """Green when fully available, amber when partly, red when not at all."""
        return _colour(self.available / self.quantity if self.quantity > 0 else 1.0)


def _colour(ratio: float) -> str:
    if ratio >= 1.0 - 10**-DIGITS:
        return GREEN
    if ratio <= 10**-DIGITS:
        return RED
    return AMBER


def check_feasibility(
    position: StockPosition, needs: list[MaterialNeed]
) -> tuple[dict[int, str], dict[int, MaterialCheck]]:
    """Check material needs in their order of priority (first need served first).

    Each need gets what the ledger has free at its moment for it, after what
    earlier needs of the same item on the same site were promised; it never
    takes more than it needs.

    :param position: on hand and dated supply / firm issues, per site and item
    :param needs: the needs, sorted by priority (planned order start, then id)
    :return: ``({order_key: colour}, {need key: MaterialCheck})``; an order's
        colour is that of its producible fraction (the smallest share of any of
        its materials): green all of it, amber part, red none. Orders without
        needs are not in the first dict (nothing to check: green).
    """
    ledger = Ledger(position, mode="at_date")
    moments: dict[tuple[int, int], set[datetime]] = {}
    for need in needs:
        moments.setdefault((need.warehouse_id, need.product_id), set()).add(need.moment)
    for (site, product_id), item_moments in moments.items():
        ledger.declare(site, product_id, item_moments)
    checks: dict[int, MaterialCheck] = {}
    ratios: dict[int, float] = {}
    for need in needs:
        got = ledger.take(
            need.warehouse_id, need.product_id, max(need.quantity, 0.0), need.moment
        )
        checks[need.key] = MaterialCheck(need.key, need.order_key, need.quantity, got)
        ratio = got / need.quantity if need.quantity > EPSILON else 1.0
        ratios[need.order_key] = min(ratios.get(need.order_key, 1.0), ratio)
    return {key: _colour(ratio) for key, ratio in ratios.items()}, checks
