# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Netting of demands against the projected availability of one product."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .safety_stock import StockEvent
from .stock_position import ItemPosition

_DIGITS = 6

# How much of the projection a demand may take: the minimum projected available
# from its date on (what stays free for later issues), or the projection at
# its date only.
AVAILABILITY_MODES = ("minimum", "at_date")


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
    return ItemPosition(on_hand=on_hand, events=events).available_at(day)


def net_demands(
    demands: list[Demand],
    on_hand: float,
    events: list[StockEvent],
    reserve: float = 0.0,
    today: date | None = None,
    exclude_overdue: bool = False,
    mode: str = "minimum",
) -> list[NettedDemand]:
    """Net the demands of ONE product against its availability, by date.

    Demands are handled in ``(date, str(key))`` order, earlier demands first;
    an undated demand counts as dated ``today`` (``date.max`` when ``today`` is
    None). Each demand sees ``free = max(0, base - reserve - consumed)`` and
    keeps ``max(0, quantity - free)`` to plan, consuming what it got. ``base``
    is, with ``mode="minimum"``, the lowest projected available from the
    demand's date on (stock a later issue needs is never offered) and, with
    ``mode="at_date"``, the projected available at the demand's date. With
    ``exclude_overdue`` (and ``today`` given) a demand dated before ``today``
    neither receives nor consumes availability: its full quantity is kept.
    The result follows the processing order.

    Raises ``ValueError`` for an unknown mode.
    """
    if mode not in AVAILABILITY_MODES:
        raise ValueError(f"Unknown availability mode: {mode!r}")
    position = ItemPosition(on_hand=on_hand, events=list(events))
    base_at = position.free_from if mode == "minimum" else position.available_at
    default_day = today if today is not None else date.max

    def effective_date(demand: Demand) -> date:
        return demand.date if demand.date is not None else default_day

    ordered = sorted(demands, key=lambda d: (effective_date(d), str(d.key)))
    consumed = 0.0
    result: list[NettedDemand] = []
    for demand in ordered:
        day = effective_date(demand)
        free = max(0.0, base_at(day) - reserve - consumed)
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
