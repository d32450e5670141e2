# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Job costing, estimated versus actual (SPEC §12): pure functions.

A costing is a tree of :class:`CostLine` (job order → planned orders, RFQ/PO
lines, MOs → work orders and materials), each with an estimated and an actual
cost, of one ``kind``: ``material``, ``internal`` (work on a work center) or
``external`` (subcontracted work); document lines (``kind`` None) only group
their children. :func:`roll_up` sums the tree; :func:`totals` builds the cost
sheet from the industrial cost with the cost elements, the mark-up, the
correction and the rounding.

**Unit costs.** Materials: the purchase price when a purchase line exists,
else the cost of the chosen type (``standard``, ``average`` or
``last_purchase``, falling back to the standard cost when the item has no such
history). Internal work: a unit cost set on the operation wins over time ×
the work center's cost per hour. A component made inside the job order (its own
planned order or MO) is not a material of its parent: its materials and work are
counted on its own document (:func:`material_cost` returns nothing for it).

**Cost sheet** (:func:`totals`), each step estimated and actual alike::

    industrial   = materials + internal + external
    direct costs = Σ direct elements (percent of industrial, or a value)
    direct cost  = industrial + direct costs
    mark-up      = percent of direct cost, or a value
    marked-up    = direct cost + mark-up
    general      = Σ general elements (percent of marked-up, or a value)
    other        = Σ other elements (percent of marked-up, or a value)
    total        = marked-up + general + other + correction, rounded up or
                   down to a multiple of 10^digits (the rounding is the
                   difference)
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

COST_TYPES = ("standard", "average", "last_purchase")
KINDS = ("material", "internal", "external")
CATEGORIES = ("direct", "general", "other")
ROUNDINGS = ("none", "up", "down")


class CostingError(ValueError):
    """Input the costing cannot use (names what is wrong)."""


@dataclass
class ItemCosts:
    """What an item may cost: standard, average of its stock valuation and
    last purchase price (None when it has no such history)."""

    standard: float = 0.0
    average: float | None = None
    last_purchase: float | None = None


@dataclass
class CostLine:
    """A node of the document tree; ``kind`` None for a document that only
    groups its children. ``estimated``/``actual`` are its own costs (children
    excluded)."""

    key: object
    parent: object = None
    kind: str | None = None
    estimated: float = 0.0
    actual: float = 0.0


@dataclass
class CostElement:
    """A cost element of the sheet: ``category`` direct / general / other,
    ``percent`` or ``value`` (a value counts once, estimated and actual)."""

    name: str
    category: str
    percent: float = 0.0
    value: float = 0.0


@dataclass
class Sheet:
    """The cost sheet of one side (estimated or actual)."""

    material: float = 0.0
    internal: float = 0.0
    external: float = 0.0
    industrial: float = 0.0
    direct_costs: float = 0.0
    direct: float = 0.0
    markup: float = 0.0
    marked_up: float = 0.0
    general: float = 0.0
    other: float = 0.0
    correction: float = 0.0
    rounding: float = 0.0
    total: float = 0.0


@dataclass
class Rollup:
    """Sums of a tree: per kind and per line (its own cost plus its
    descendants'), estimated and actual."""

    estimated: dict[str, float] = field(default_factory=dict)
    actual: dict[str, float] = field(default_factory=dict)
    line_estimated: dict[object, float] = field(default_factory=dict)
    line_actual: dict[object, float] = field(default_factory=dict)


def unit_cost(cost_type: str, costs: ItemCosts, purchase_price=None) -> float:
    """The estimated unit cost of a material (module docstring)."""
    if cost_type not in COST_TYPES:
        raise CostingError(f"Unknown cost type {cost_type!r}")
    if purchase_price is not None:
        return float(purchase_price)
    if cost_type == "average" and costs.average is not None:
        return float(costs.average)
    if cost_type == "last_purchase" and costs.last_purchase is not None:
        return float(costs.last_purchase)
    return float(costs.standard)


def material_cost(quantity: float, unit: float, made_inside: bool = False) -> float:
    """Cost of a material quantity; 0 for a component made inside the job
    order (counted where it is made)."""
    if made_inside:
        return 0.0
    return quantity * unit


def work_cost(minutes: float, cost_per_hour: float, quantity=0.0, unit=None):
    """Cost of internal work: ``quantity`` × the operation's unit cost when it
    has one (it wins), else ``minutes`` × the work center's cost per hour."""
    if unit:
        return quantity * unit
    return minutes / 60.0 * cost_per_hour


def internal_rows(planned, logs, quantity=0.0, unit=None):
    """Rows of a work order's internal work, ``[(work center, estimated,
    actual)]``: ``planned`` is ``(work center, minutes, cost per hour)``,
    ``logs`` the time recorded ``[(work center, minutes, cost per hour)]``.
    The planned work center's row carries the estimate and the time recorded
    on it; a work center actually used instead gets a row of its own (actual
    only), each at its own cost per hour. An operation unit cost wins on both
    sides (actual: in proportion of the time recorded on each work center)."""
    center, minutes, rate = planned
    worked = defaultdict(lambda: [0.0, 0.0])  # center -> [minutes, cost]
    order = [center]
    for log_center, log_minutes, log_rate in logs:
        if log_center not in worked and log_center != center:
            order.append(log_center)
        worked[log_center][0] += log_minutes
        worked[log_center][1] += work_cost(log_minutes, log_rate)
    total_minutes = sum(m for m, _c in worked.values())
    rows = []
    for row_center in order:
        row_minutes, row_cost = worked.get(row_center, (0.0, 0.0))
        if unit:
            row_cost = (
                quantity * unit * row_minutes / total_minutes if total_minutes else 0.0
            )
        estimated = (
            work_cost(minutes, rate, quantity, unit) if row_center == center else 0.0
        )
        rows.append((row_center, estimated, row_cost))
    return rows


def roll_up(lines: list[CostLine]) -> Rollup:
    """Sum the tree per kind and per line (a line's total includes its
    descendants). Raises :class:`CostingError` on an unknown parent, kind, or a
    cycle."""
    by_key, children = _tree(lines)
    result = Rollup(
        estimated=dict.fromkeys(KINDS, 0.0), actual=dict.fromkeys(KINDS, 0.0)
    )
    for line in lines:
        if line.kind is not None:
            result.estimated[line.kind] += line.estimated
            result.actual[line.kind] += line.actual
    for key in _post_order(list(by_key), children):
        line = by_key[key]
        result.line_estimated[key] = line.estimated + sum(
            result.line_estimated[c] for c in children[key]
        )
        result.line_actual[key] = line.actual + sum(
            result.line_actual[c] for c in children[key]
        )
    return result


def _tree(lines):
    """``{key: line}`` and ``{key: [child keys]}``, checked."""
    by_key = {}
    for line in lines:
        if line.key in by_key:
            raise CostingError(f"Two cost lines have the key {line.key!r}")
        if line.kind is not None and line.kind not in KINDS:
            raise CostingError(f"Cost line {line.key!r}: unknown kind {line.kind!r}")
        by_key[line.key] = line
    children = defaultdict(list)
    for line in lines:
        if line.parent is None:
            continue
        if line.parent not in by_key:
            raise CostingError(
                f"Cost line {line.key!r}: unknown parent {line.parent!r}"
            )
        children[line.parent].append(line.key)
    return by_key, children


def _post_order(keys, children):
    """Every key once, its children before it (iterative depth-first)."""
    state, order = {}, []
    for root in keys:
        stack = [(root, False)]
        while stack:
            key, leaving = stack.pop()
            if leaving:
                state[key] = "done"
                order.append(key)
            elif state.get(key) == "open":
                raise CostingError(f"Cost line {key!r} is its own ancestor")
            elif key not in state:
                state[key] = "open"
                stack.append((key, True))
                stack.extend((child, False) for child in children[key])
    return order


def _elements(elements, category, base):
    return sum(
        base * e.percent / 100.0 + e.value for e in elements if e.category == category
    )


def round_total(amount: float, direction: str, digits: int) -> float:
    """``amount`` rounded up or down to a multiple of ``10 ** digits``
    (``none``: unchanged)."""
    if direction not in ROUNDINGS:
        raise CostingError(f"Unknown rounding {direction!r}")
    if direction == "none":
        return amount
    step = 10.0**digits
    scaled = round(amount / step, 9)  # 1234.0000001 / 10 is not above 123.4
    value = math.ceil(scaled) if direction == "up" else math.floor(scaled)
    return round(value * step, 6)


def sheet(
    kinds: dict[str, float],
    elements: list[CostElement],
    markup_percent=0.0,
    markup_value=0.0,
    correction=0.0,
    rounding="none",
    digits=0,
) -> Sheet:
    """The cost sheet of one side from its costs per kind (module docstring)."""
    for element in elements:
        if element.category not in CATEGORIES:
            raise CostingError(
                f"Cost element {element.name}: unknown category {element.category!r}"
            )
    result = Sheet(
        material=kinds.get("material", 0.0),
        internal=kinds.get("internal", 0.0),
        external=kinds.get("external", 0.0),
    )
    result.industrial = result.material + result.internal + result.external
    result.direct_costs = _elements(elements, "direct", result.industrial)
    result.direct = result.industrial + result.direct_costs
    result.markup = result.direct * markup_percent / 100.0 + markup_value
    result.marked_up = result.direct + result.markup
    result.general = _elements(elements, "general", result.marked_up)
    result.other = _elements(elements, "other", result.marked_up)
    result.correction = correction
    before = result.marked_up + result.general + result.other + correction
    result.total = round_total(before, rounding, digits)
    result.rounding = result.total - before
    return result


def totals(rollup: Rollup, elements, **options) -> tuple[Sheet, Sheet]:
    """Estimated and actual cost sheets of a rolled-up tree (``options`` as
    :func:`sheet`; the correction and values count on both sides)."""
    return (
        sheet(rollup.estimated, elements, **options),
        sheet(rollup.actual, elements, **options),
    )
