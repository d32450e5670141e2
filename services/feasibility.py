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
PLANNED = "planned"
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
    """What the position gives one material need: ``available`` from firm
    stock and supply, ``planned`` from draft planned orders for the rest."""

    key: int
    order_key: int
    quantity: float
    available: float
    planned: float = 0.0

    @property
    def colour(self) -> str:
        """Green when fully available, planned when draft planned orders cover
        the rest, amber when partly covered, red when not at all."""
        if self.quantity <= 0:
            return GREEN
        return _colour(
            self.available / self.quantity,
            (self.available + self.planned) / self.quantity,
        )


def _colour(firm: float, covered: float) -> str:
    """Colour of the firm and of the covered (firm + planned) share of a need."""
    if firm >= 1.0 - 10**-DIGITS:
        return GREEN
    if covered >= 1.0 - 10**-DIGITS:
        return PLANNED
    if covered <= 10**-DIGITS:
        return RED
    return AMBER


def check_feasibility(
    position: StockPosition,
    needs: list[MaterialNeed],
    planned: StockPosition | None = None,
) -> tuple[dict[int, str], dict[int, MaterialCheck]]:
    """Check material needs in their order of priority (first need served first).

    Each need gets what the ledger has free at its moment for it, after what
    earlier needs of the same item on the same site were promised; it never
    takes more than it needs. What firm stock and supply leave short is taken
    from ``planned``, the draft planned orders' receipts (their own ledger:
    they cover a need, they are not there yet).

    :param position: on hand and dated supply / firm issues, per site and item
    :param needs: the needs, sorted by priority (planned order start, then id)
    :param planned: the receipts of draft planned orders, if they count
    :return: ``({order_key: colour}, {need key: MaterialCheck})``; an order's
        colour is that of its scarcest material: green all available, planned
        the rest covered by planned orders, amber part, red none. Orders
        without needs are not in the first dict (nothing to check: green).
    """
    ledgers = [Ledger(position, mode="at_date")]
    if planned is not None:
        ledgers.append(Ledger(planned, mode="at_date"))
    moments: dict[tuple[int, int], set[datetime]] = {}
    for need in needs:
        moments.setdefault((need.warehouse_id, need.product_id), set()).add(need.moment)
    for (site, product_id), item_moments in moments.items():
        for ledger in ledgers:
            ledger.declare(site, product_id, item_moments)
    checks: dict[int, MaterialCheck] = {}
    shares: dict[int, tuple[float, float]] = {}
    for need in needs:
        wanted = max(need.quantity, 0.0)
        firm = ledgers[0].take(need.warehouse_id, need.product_id, wanted, need.moment)
        more = 0.0
        if len(ledgers) > 1 and wanted - firm > EPSILON:
            more = ledgers[1].take(
                need.warehouse_id, need.product_id, wanted - firm, need.moment
            )
        checks[need.key] = MaterialCheck(
            need.key, need.order_key, need.quantity, firm, more
        )
        if need.quantity > EPSILON:
            ratio = (firm / need.quantity, (firm + more) / need.quantity)
        else:
            ratio = (1.0, 1.0)
        low = shares.get(need.order_key, (1.0, 1.0))
        shares[need.order_key] = (min(low[0], ratio[0]), min(low[1], ratio[1]))
    return {key: _colour(*share) for key, share in shares.items()}, checks
