# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Day-by-day projection of availability against the safety stock.

The projection is read from the time-phased :class:`~services.ledger.Ledger`
of the item (its stock position plus the expected usage of every day), so job
order generation, planning and MRP see the same availability.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from .ledger import Ledger, StockEvent, StockPosition
from .lots import round_quantity
from .quantities import qty

TARGETS = ("min_stock", "reorder_level")


@dataclass
class SafetyStockInput:
    """Everything needed to project the availability of one product.

    ``target`` is ``"min_stock"`` or ``"reorder_level"``: the level the
    proposed quantity must restore; ``tz`` the time zone days are counted in.
    """

    product_id: int
    on_hand: float
    min_stock: float
    reorder_level: float
    reorder_days: int
    date_from: date
    date_until: date
    date_horizon: date
    events: list[StockEvent] = field(default_factory=list)
    economic_lot: float = 0.0
    multiple: float = 0.0
    use_lot: bool = True
    use_multiple: bool = True
    target: str = "min_stock"
    tz: str = "UTC"


@dataclass
class DayAvailability:
    """Projected availability at the end of one day.

    ``issues`` and ``usage`` are positive numbers.
    """

    date: date
    receipts: float
    issues: float
    usage: float
    available: float


@dataclass
class SafetyStockProposal:
    """Result of the projection: stock-out day, quantity to propose and detail."""

    product_id: int
    stockout_date: date | None
    quantity: float
    initial_available: float
    final_available: float
    minimum_available: float
    average_daily_usage: float
    days: list[DayAvailability]


def average_daily_usage(
    min_stock: float, reorder_level: float, reorder_days: int
) -> float:
    """Return the daily usage implied by the reorder level.

    The stock between the reorder level and the minimum stock is assumed to be
    consumed in ``reorder_days`` days: ``(reorder_level - min_stock) /
    reorder_days``. Returns ``0.0`` when ``reorder_days <= 0`` or
    ``reorder_level <= min_stock``.
    """
    if reorder_days > 0 and reorder_level > min_stock:
        return (reorder_level - min_stock) / reorder_days
    return 0.0


def project_safety_stock(inp: SafetyStockInput) -> SafetyStockProposal:
    """Project the availability day by day and propose a replenishment.

    Every calendar day from ``date_from`` to ``max(date_until, date_horizon)``
    gets ``available = previous + receipts - max(issues, average usage)``
    (starting from ``on_hand``): the known issues of a day are part of the
    expected usage, so only the part of the average they do not cover is added
    (``DayAvailability.usage``). Events dated before ``date_from`` count on
    ``date_from``,
    events after the last day are ignored. The stock-out day is the first day
    up to ``date_until`` whose availability is below ``min_stock``. The proposed
    quantity is the largest shortage against the target (minimum stock
    or reorder level) from the stock-out day to ``date_horizon`` (or to the
    stock-out day itself when it falls after the horizon), rounded with the
    economic lot and the multiple.

    Raises ``ValueError`` when ``date_until`` or ``date_horizon`` is before
    ``date_from``, or when ``target`` is unknown.
    """
    if inp.date_horizon < inp.date_from:
        raise ValueError(
            f"Horizon date {inp.date_horizon} is before start date {inp.date_from}"
        )
    if inp.date_until < inp.date_from:
        raise ValueError(
            f"Stock-out search end date {inp.date_until} is before start date "
            f"{inp.date_from}"
        )
    if inp.target not in TARGETS:
        raise ValueError(f"Unknown safety stock target: {inp.target!r}")

    usage = average_daily_usage(inp.min_stock, inp.reorder_level, inp.reorder_days)
    last_day = max(inp.date_until, inp.date_horizon)
    position = StockPosition(tz=inp.tz)
    position.add_on_hand(0, inp.product_id, inp.on_hand)
    receipts: dict[date, float] = {}
    issues: dict[date, float] = {}
    for event in inp.events:
        day = max(position.day_of(event.moment), inp.date_from)
        if day > last_day or not event.quantity:
            continue
        position.add_event(0, inp.product_id, event.moment, event.quantity)
        if event.quantity > 0:
            receipts[day] = receipts.get(day, 0.0) + event.quantity
        else:
            issues[day] = issues.get(day, 0.0) - event.quantity
    ledger = Ledger(position)
    count = (last_day - inp.date_from).days + 1
    ends = [
        position.end_of_day(inp.date_from + timedelta(days=n)) for n in range(count)
    ]
    ledger.declare(0, inp.product_id, ends)

    days: list[DayAvailability] = []
    for index, end in enumerate(ends):
        day = inp.date_from + timedelta(days=index)
        day_issues = qty(issues.get(day, 0.0))
        # Known issues are part of the expected usage, not on top of it.
        day_usage = qty(max(usage - day_issues, 0.0))
        ledger.issue(0, inp.product_id, day_usage, end)
        days.append(
            DayAvailability(
                date=day,
                receipts=qty(receipts.get(day, 0.0)),
                issues=day_issues,
                usage=day_usage,
                available=ledger.projected(0, inp.product_id, end),
            )
        )

    until_horizon = [d for d in days if d.date <= inp.date_horizon]
    final_available = until_horizon[-1].available
    minimum_available = min(d.available for d in until_horizon)

    stockout_date = next(
        (
            d.date
            for d in days
            if d.date <= inp.date_until and d.available < inp.min_stock
        ),
        None,
    )

    quantity = 0.0
    if stockout_date is not None:
        restore = inp.min_stock if inp.target == "min_stock" else inp.reorder_level
        window_end = max(inp.date_horizon, stockout_date)
        raw = max(
            restore - d.available for d in days if stockout_date <= d.date <= window_end
        )
        quantity = round_quantity(
            qty(raw),
            inp.economic_lot,
            inp.multiple,
            inp.use_lot,
            inp.use_multiple,
        )

    return SafetyStockProposal(
        product_id=inp.product_id,
        stockout_date=stockout_date,
        quantity=quantity,
        initial_available=float(inp.on_hand),
        final_available=final_available,
        minimum_available=minimum_available,
        average_daily_usage=usage,
        days=days,
    )
