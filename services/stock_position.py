# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Stock position of items per site: on hand plus dated receipts and issues.

The Odoo layer (``pp.stock.position``) fills a :class:`StockPosition` from the
database in bulk; every procedure (job order generation, general planning, MRP,
release feasibility) reads its projections from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .safety_stock import StockEvent

_DIGITS = 6

# A position key: (warehouse_id, product_id).
Key = tuple[int, int]


@dataclass
class ItemPosition:
    """On hand and dated events of one item (on one site or several together)."""

    on_hand: float = 0.0
    events: list[StockEvent] = field(default_factory=list)

    def available_at(self, day: date) -> float:
        """Projected available at the end of ``day``.

        On hand plus every receipt and minus every issue dated up to ``day``.
        """
        total = self.on_hand + sum(e.quantity for e in self.events if e.date <= day)
        return round(total, _DIGITS)

    def free_from(self, day: date) -> float:
        """Projected available that stays free from ``day`` on.

        The minimum of the projection over ``day`` and every later event date:
        a unit needed by a later issue is not free at ``day`` even when it is in
        stock then. May be negative when later issues are not covered.
        """
        level = self.available_at(day)
        lowest = level
        for event in sorted(
            (e for e in self.events if e.date > day), key=lambda e: e.date
        ):
            level += event.quantity
            lowest = min(lowest, level)
        return round(lowest, _DIGITS)


@dataclass
class StockPosition:
    """On hand and dated events of many items, keyed by ``(warehouse_id, product_id)``.

    Quantities are in the item's own unit; receipts are positive, issues
    negative.
    """

    on_hand: dict[Key, float] = field(default_factory=dict)
    events: dict[Key, list[StockEvent]] = field(default_factory=dict)

    def add_on_hand(self, warehouse_id: int, product_id: int, quantity: float) -> None:
        """Add ``quantity`` to the on hand of the item on the site."""
        key = (warehouse_id, product_id)
        self.on_hand[key] = self.on_hand.get(key, 0.0) + quantity

    def add_event(
        self,
        warehouse_id: int,
        product_id: int,
        day: date,
        quantity: float,
        reference: str = "",
    ) -> None:
        """Record a receipt (``quantity > 0``) or an issue (``< 0``) on ``day``."""
        if not quantity:
            return
        self.events.setdefault((warehouse_id, product_id), []).append(
            StockEvent(date=day, quantity=quantity, reference=reference)
        )

    def item(self, warehouse_ids: int | list[int], product_id: int) -> ItemPosition:
        """The position of one item on one site, or on several sites summed."""
        if isinstance(warehouse_ids, int):
            warehouse_ids = [warehouse_ids]
        on_hand = 0.0
        events: list[StockEvent] = []
        for warehouse_id in warehouse_ids:
            key = (warehouse_id, product_id)
            on_hand += self.on_hand.get(key, 0.0)
            events.extend(self.events.get(key, []))
        events.sort(key=lambda e: e.date)
        return ItemPosition(on_hand=round(on_hand, _DIGITS), events=events)
