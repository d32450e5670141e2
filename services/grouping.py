# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Grouping of demands into job orders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .netting import Demand
from .quantities import qty

# The groupings each job order structure allows, its default first (SPEC §5):
# a mono-product job order is about one item, a multi-product one gathers the
# items of a customer, a project, both, or a whole site.
GROUPINGS: dict[str, tuple[str, ...]] = {
    "mono": ("item", "none"),
    "multi": ("customer", "project", "customer_project", "none"),
}


def grouping_for(job_type: str, grouping: str) -> str:
    """``grouping`` if the structure ``job_type`` allows it, else the
    structure's default one (an unknown structure keeps ``grouping``)."""
    allowed = GROUPINGS.get(job_type, ())
    return grouping if not allowed or grouping in allowed else allowed[0]


# Key of the group a demand belongs to, per (job_type, grouping).
_KEYS: dict[tuple[str, str], Callable[[Demand], tuple]] = {
    ("mono", "item"): lambda d: (d.warehouse_id, d.product_id),
    ("multi", "customer"): lambda d: (d.warehouse_id, d.partner_id),
    ("multi", "project"): lambda d: (d.warehouse_id, d.project_id),
    ("multi", "customer_project"): lambda d: (
        d.warehouse_id,
        d.partner_id,
        d.project_id,
    ),
    ("multi", "none"): lambda d: (d.warehouse_id,),
}


@dataclass
class DemandGroup:
    """Demands planned together.

    ``date`` is the earliest demand date (None if no demand is dated),
    ``quantity`` the sum of the demand quantities.
    """

    key: tuple
    demands: list[Demand]
    date: date | None
    quantity: float


def _demand_sort_key(demand: Demand) -> tuple:
    return (demand.date or date.max, str(demand.key))


def _make_group(key: tuple, demands: list[Demand]) -> DemandGroup:
    demands = sorted(demands, key=_demand_sort_key)
    dates = [d.date for d in demands if d.date is not None]
    return DemandGroup(
        key=key,
        demands=demands,
        date=min(dates) if dates else None,
        quantity=qty(sum(d.quantity for d in demands)),
    )


def group_demands(
    demands: list[Demand], job_type: str, grouping: str
) -> list[DemandGroup]:
    """Group demands according to the job type and the grouping criterion.

    * ``mono``: ``item`` groups by ``(warehouse_id, product_id)``, ``none``
      makes one group per demand (key ``(warehouse_id, product_id, key)``);
    * ``multi``: ``customer`` groups by ``(warehouse_id, partner_id)``,
      ``project`` by ``(warehouse_id, project_id)``, ``customer_project`` by
      ``(warehouse_id, partner_id, project_id)`` and ``none`` by
      ``(warehouse_id,)``.

    Demands in a group are sorted by ``(date, str(key))``; groups by
    ``(date, str(key))``, undated last. Raises ``ValueError`` for an unknown
    job type or a grouping not allowed for the job type (``GROUPINGS``).
    """
    if job_type not in GROUPINGS:
        raise ValueError(f"Unknown job type: {job_type!r}")
    if grouping not in GROUPINGS[job_type]:
        raise ValueError(f"Unknown grouping {grouping!r} for job type {job_type!r}")
    ordered = sorted(demands, key=_demand_sort_key)
    if job_type == "mono" and grouping == "none":
        groups = [
            _make_group((d.warehouse_id, d.product_id, d.key), [d]) for d in ordered
        ]
    else:
        key_of = _KEYS[(job_type, grouping)]
        buckets: dict[tuple, list[Demand]] = {}
        for demand in ordered:
            buckets.setdefault(key_of(demand), []).append(demand)
        groups = [_make_group(key, items) for key, items in buckets.items()]
    groups.sort(key=lambda g: (g.date or date.max, str(g.key)))
    return groups
