# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bills of materials: low-level codes, cycle detection and explosion.

The Odoo layer loads the BOMs once (``mrp.bom`` and ``mrp.bom.line``), converts
line quantities into the component's unit (``factor``) and hands them over as
:class:`Bom` dataclasses keyed by the produced item.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_DIGITS = 6


class BomCycleError(ValueError):
    """A bill of materials contains its own product, directly or not.

    ``cycle`` is the list of item ids from the repeated item back to itself.
    """

    def __init__(self, cycle: list[int], names: dict[int, str] | None = None):
        self.cycle = cycle
        names = names or {}
        path = " → ".join(str(names.get(item, item)) for item in cycle)
        super().__init__(f"Bill of materials cycle: {path}")


@dataclass
class BomLine:
    """A component of a BOM.

    ``quantity`` is per ``Bom.quantity`` of the produced item, in the BOM line's
    unit; ``factor`` converts it into the component's own unit; ``scrap_rate``
    is in percent (5 means 5% more is consumed). ``alternatives`` are
    ``(component_id, ratio)`` pairs in priority order: ``ratio`` units of the
    alternative replace one unit of the component.
    """

    component_id: int
    quantity: float
    factor: float = 1.0
    scrap_rate: float = 0.0
    operation_key: object = None
    alternatives: list[tuple[int, float]] = field(default_factory=list)


@dataclass
class Bom:
    """How ``quantity`` of an item is made; a phantom (kit) BOM is exploded through."""

    product_id: int
    quantity: float = 1.0
    lines: list[BomLine] = field(default_factory=list)
    phantom: bool = False
    key: object = None


@dataclass
class Requirement:
    """A component need from an explosion.

    ``quantity`` is in the component's unit, scrap included; ``level`` counts
    from 1 under the exploded item; ``parent_id`` is the item that consumes it
    (phantom levels skipped); ``operation_key`` the phase it feeds;
    ``alternatives`` come from the BOM line.
    """

    product_id: int
    quantity: float
    level: int
    parent_id: int
    operation_key: object = None
    alternatives: list[tuple[int, float]] = field(default_factory=list)


def component_quantity(bom: Bom, line: BomLine, produced_qty: float) -> float:
    """Quantity of ``line``'s component to make ``produced_qty`` with ``bom``.

    ``produced_qty / bom.quantity * line.quantity * line.factor * (1 + scrap)``,
    rounded to 6 decimals. Raises ``ValueError`` for a BOM quantity <= 0.
    """
    if bom.quantity <= 0:
        raise ValueError(f"BOM of item {bom.product_id} has a quantity <= 0")
    quantity = (
        produced_qty
        / bom.quantity
        * line.quantity
        * line.factor
        * (1 + (line.scrap_rate or 0.0) / 100.0)
    )
    return round(quantity, _DIGITS)


def low_level_codes(
    boms: dict[int, Bom], names: dict[int, str] | None = None
) -> dict[int, int]:
    """The lowest level at which each item appears in any BOM structure.

    Finished items that are no one's component have code 0; a component gets
    one more than the deepest of its parents, so it is planned after all of
    them. Raises :class:`BomCycleError` naming the cycle.
    """
    codes: dict[int, int] = {}
    parents: dict[int, set[int]] = {}
    for bom in boms.values():
        for line in bom.lines:
            parents.setdefault(line.component_id, set()).add(bom.product_id)
    _check_cycles(boms, names)
    items = set(boms) | set(parents)

    def code(item: int) -> int:
        if item not in codes:
            above = parents.get(item, set())
            codes[item] = max((code(parent) + 1 for parent in above), default=0)
        return codes[item]

    for item in sorted(items):
        code(item)
    return codes


def _check_cycles(boms: dict[int, Bom], names: dict[int, str] | None) -> None:
    """Raise :class:`BomCycleError` for the first cycle found (depth first)."""
    state: dict[int, int] = {}  # 1 = on the current path, 2 = done
    for root in sorted(boms):
        if state.get(root):
            continue
        path = [root]
        stack = [iter(sorted({line.component_id for line in boms[root].lines}))]
        state[root] = 1
        while stack:
            child = next(stack[-1], None)
            if child is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            if state.get(child) == 1:
                start = path.index(child)
                raise BomCycleError([*path[start:], child], names)
            if state.get(child) == 2 or child not in boms:
                state.setdefault(child, 2)
                continue
            state[child] = 1
            path.append(child)
            stack.append(
                iter(sorted({line.component_id for line in boms[child].lines}))
            )


def explode(
    product_id: int,
    quantity: float,
    boms: dict[int, Bom],
    max_level: int | None = None,
    names: dict[int, str] | None = None,
    check_cycles: bool = True,
) -> list[Requirement]:
    """Every component need to make ``quantity`` of ``product_id``, level by level.

    Components with a BOM are exploded further (up to ``max_level`` levels
    when given); phantom BOMs are exploded through: their components take the
    kit's place, at the kit's level and for the kit's parent. The result is in
    explosion order (parents before their components). Raises
    :class:`BomCycleError` naming the cycle; a caller that checked the whole
    structure once (:func:`low_level_codes`) passes ``check_cycles=False``.
    """
    if check_cycles:
        _check_cycles(boms, names)
    result: list[Requirement] = []
    bom = boms.get(product_id)
    if bom is None:
        return result
    queue: list[tuple[Bom, float, int, int, object]] = [
        (bom, quantity, 1, product_id, None)
    ]
    while queue:
        bom, produced, level, parent_id, inherited_operation = queue.pop(0)
        for line in bom.lines:
            need = component_quantity(bom, line, produced)
            operation = (
                line.operation_key
                if inherited_operation is None
                else inherited_operation
            )
            child_bom = boms.get(line.component_id)
            if child_bom is not None and child_bom.phantom:
                queue.append((child_bom, need, level, parent_id, operation))
                continue
            result.append(
                Requirement(
                    product_id=line.component_id,
                    quantity=need,
                    level=level,
                    parent_id=parent_id,
                    operation_key=operation,
                    alternatives=list(line.alternatives),
                )
            )
            if child_bom is not None and (max_level is None or level < max_level):
                queue.append((child_bom, need, level + 1, line.component_id, None))
    return result
