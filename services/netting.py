# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Netting of demands against the projected availability of one product."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .safety_stock import StockEvent

_DIGITS = 6


@dataclass
class Demand:
    """A demand to plan; ``key`` is an opaque identifier chosen by the caller."""

    key: object
    product_id: int
    quantity: float
    date: date | None
    partner_id: int | None = None
    project_id: int | None = None
    warehouse_id: int | None = None
    source: str = "sale"


@dataclass
class NettedDemand:
    """A demand after netting.

    ``available`` is the free availability the demand saw, ``quantity`` what is
    left to make or buy.
    """

    demand: Demand
    available: float
    quantity: float


def available_at(on_hand: float, events: list[StockEvent], day: date) -> float:
    """Return ``on_hand`` plus the quantities of the events dated up to ``day``."""
    return on_hand + sum(e.quantity for e in events if e.date <= day)


def net_demands(
    demands: list[Demand],
    on_hand: float,
    events: list[StockEvent],
    reserve: float = 0.0,
    today: date | None = None,
    exclude_overdue: bool = False,
) -> list[NettedDemand]:
    """Net the demands of ONE product against its availability, by date.

    Demands are handled in ``(date, str(key))`` order; an undated demand counts
    as dated ``today`` (``date.max`` when ``today`` is None). Each demand sees
    ``free = max(0, available_at(date) - reserve - consumed)`` and keeps
    ``max(0, quantity - free)`` to plan, consuming what it got. With
    ``exclude_overdue`` (and ``today`` given) a demand dated before ``today``
    neither receives nor consumes availability: its full quantity is kept.
    The result follows the processing order.
    """
    default_day = today if today is not None else date.max

    def effective_date(demand: Demand) -> date:
        return demand.date if demand.date is not None else default_day

    ordered = sorted(demands, key=lambda d: (effective_date(d), str(d.key)))
    consumed = 0.0
    result: list[NettedDemand] = []
    for demand in ordered:
        day = effective_date(demand)
        free = max(0.0, available_at(on_hand, events, day) - reserve - consumed)
        free = round(free, _DIGITS)
        if exclude_overdue and today is not None and day < today:
            result.append(
                NettedDemand(demand=demand, available=free, quantity=demand.quantity)
            )
            continue
        quantity = round(max(0.0, demand.quantity - free), _DIGITS)
        consumed += max(0.0, min(demand.quantity, free))
        result.append(NettedDemand(demand=demand, available=free, quantity=quantity))
    return result
