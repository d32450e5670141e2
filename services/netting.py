# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Netting of independent demands against availability, through the ledger.

Job order generation nets the sale order lines and forecasts it proposes
against the same time-phased :class:`~services.ledger.Ledger` as general
planning: each demand takes what stays free on its day, earlier demands
first, and what it takes is booked so no later demand gets it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .ledger import DEFERRED, Ledger
from .quantities import clamp, qty


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


def net_demands(
    demands: list[Demand],
    ledger: Ledger,
    reserve: float = 0.0,
    today: date | None = None,
    exclude_overdue: bool = False,
) -> list[NettedDemand]:
    """Net the demands of ONE item on ONE site against ``ledger``, by date.

    Demands are handled in ``(date, str(key))`` order, earlier demands first;
    a demand on a day sees everything of that day (the end of the day in the
    ledger's time zone); an undated demand counts as dated ``today`` (after
    every dated event when ``today`` is None). Each sees what the ledger keeps
    free for it (by the ledger's mode) above ``reserve`` and keeps
    ``max(0, quantity - free)`` to plan; what it got is booked. With
    ``exclude_overdue`` (and ``today`` given) a demand dated before ``today``
    neither receives nor books anything: its full quantity is kept. The result
    follows the processing order.
    """
    if not demands:
        return []
    site = demands[0].warehouse_id or 0
    product_id = demands[0].product_id
    position = ledger.position

    def moment(demand: Demand):
        day = demand.date or today
        return position.end_of_day(day) if day is not None else DEFERRED

    ordered = sorted(demands, key=lambda d: (moment(d), str(d.key)))
    ledger.declare(site, product_id, {moment(d) for d in ordered})
    if reserve:
        ledger.set_threshold(site, product_id, reserve)
    result: list[NettedDemand] = []
    for demand in ordered:
        at = moment(demand)
        free = clamp(ledger.free(site, product_id, at))
        if exclude_overdue and today is not None and (demand.date or today) < today:
            result.append(NettedDemand(demand, free, demand.quantity))
            continue
        taken = ledger.take(site, product_id, demand.quantity, at)
        result.append(NettedDemand(demand, free, qty(demand.quantity - taken)))
    return result
