# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bills of materials: low-level codes, cycle detection and explosion.

The Odoo layer loads the BOMs once (``mrp.bom`` and ``mrp.bom.line``), converts
line quantities into the component's unit (``factor``) and hands them over as
:class:`Bom` dataclasses keyed by the produced item.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .quantities import qty


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
    """How ``quantity`` of an item is made; a phantom (kit) BOM is exploded through.

    ``phases`` is the routing of this BOM (the planning's phase specifications)
    when it has its own; ``None`` leaves the item's routing.
    """

    product_id: int
    quantity: float = 1.0
    lines: list[BomLine] = field(default_factory=list)
    phantom: bool = False
    key: object = None
    phases: list | None = None


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
    return qty(quantity)


def low_level_codes(
    boms: Iterable[Bom], names: dict[int, str] | None = None
) -> dict[int, int]:
    """The lowest level at which each item appears in any of ``boms``.

    ``boms`` are every BOM a run may explode: each item's own, the versions of
    job order lines, kits, several per item if need be. An item no one uses
    has code 0; a component or an alternative material gets one more than the
    deepest of its parents, so it is planned after all of them. Raises
    :class:`BomCycleError` naming a cycle of components.
    """
    boms = list(boms)
    components: dict[int, set[int]] = {}
    alternatives: dict[int, set[int]] = {}
    for bom in boms:
        components.setdefault(bom.product_id, set()).update(
            line.component_id for line in bom.lines
        )
        alternatives.setdefault(bom.product_id, set()).update(
            alternative for line in bom.lines for alternative, _r in line.alternatives
        )
    _check_cycles(components, names)
    edges = {
        item: children | alternatives.get(item, set())
        for item, children in components.items()
    }
    codes = _longest_paths(edges)
    if codes is None:
        # Alternatives closing a loop (A replaces B, B replaces A): components only.
        codes = _longest_paths(components)
    return codes


def _longest_paths(edges: dict[int, set[int]]) -> dict[int, int] | None:
    """Longest path from a root to every node (Kahn's order); None on a cycle."""
    nodes = set(edges).union(*edges.values()) if edges else set()
    incoming = dict.fromkeys(nodes, 0)
    for children in edges.values():
        for child in children:
            incoming[child] += 1
    codes = dict.fromkeys(nodes, 0)
    ready = sorted(node for node, count in incoming.items() if not count)
    done = 0
    while ready:
        node = ready.pop()
        done += 1
        for child in edges.get(node, ()):
            codes[child] = max(codes[child], codes[node] + 1)
            incoming[child] -= 1
            if not incoming[child]:
                ready.append(child)
    return codes if done == len(nodes) else None


def _check_cycles(components: dict[int, set[int]], names: dict[int, str] | None):
    """Raise :class:`BomCycleError` for the first cycle found (depth first)."""
    state: dict[int, int] = {}  # 1 = on the current path, 2 = done
    for root in sorted(components):
        if state.get(root):
            continue
        path = [root]
        stack = [iter(sorted(components[root]))]
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
            if state.get(child) == 2 or child not in components:
                state.setdefault(child, 2)
                continue
            state[child] = 1
            path.append(child)
            stack.append(iter(sorted(components[child])))


def components(bom: Bom, quantity: float, kits: dict[int, Bom]) -> list[Requirement]:
    """The components to make ``quantity`` with ``bom``: one level, kits exploded.

    A component with a phantom BOM in ``kits`` is replaced by that kit's own
    components (for ``bom``'s item, on the phase of the kit's line). The
    result is in BOM order, a kit's components after the lines of its BOM.
    """
    result: list[Requirement] = []
    queue: list[tuple[Bom, float, object]] = [(bom, quantity, None)]
    index = 0
    while index < len(queue):
        current, produced, inherited = queue[index]
        index += 1
        for line in current.lines:
            need = component_quantity(current, line, produced)
            operation = line.operation_key if inherited is None else inherited
            kit = kits.get(line.component_id)
            if kit is not None and kit.phantom:
                queue.append((kit, need, operation))
                continue
            result.append(
                Requirement(
                    product_id=line.component_id,
                    quantity=need,
                    level=1,
                    parent_id=bom.product_id,
                    operation_key=operation,
                    alternatives=list(line.alternatives),
                )
            )
    return result


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
        _check_cycles(
            {item: {line.component_id for line in b.lines} for item, b in boms.items()},
            names,
        )
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
