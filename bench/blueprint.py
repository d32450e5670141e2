# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The seeded factory every benchmark uses, as plain data (no Odoo import).

A :class:`Blueprint` draws, from one seed, a factory of ``items`` items over
``levels`` BOM levels: finished items on level 0, produced sub-assemblies
below, bought materials at the bottom (and a share of bought components on
every level, a third of the BOMs with a deeper shared part); work centers on
one- and two-shift calendars with alternatives; vendors; stock on hand; and
streams of job orders and sale orders. ``bench/factory.py`` creates it in an
Odoo database; ``bench/engine.py`` turns it into the engine's input directly.
The same seed always gives the same factory and the same demand.

The MRP benchmark adds, from streams of their own (so the factory above stays
the same for its seed): per item lot settings for MRP (:meth:`mrp_settings`:
minimum stock, lot multiple, maximum lot, grouping days) and a stream of sale
orders that reaches a given number of lines (:meth:`mrp_demand`).
"""

import random
from dataclasses import dataclass, field

# Working hours of the two calendars, Monday to Friday.
SHIFTS = {
    "One shift": ((8, 12), (13, 17)),
    "Two shifts": ((6, 12), (12.5, 22)),
}
VERSION = 2


@dataclass
class WorkCenterSpec:
    calendar: str
    time_start: int
    time_stop: int
    efficiency: int
    cost: int
    alternative: int | None = None


@dataclass
class ItemSpec:
    level: int
    index: int
    bought: bool
    standard_price: int
    vendor: int | None = None
    delay: int = 0
    min_qty: int = 0
    price: int = 0
    economic_lot: int = 0

    @property
    def name(self):
        return f"L{self.level} {'M' if self.bought else 'P'}{self.index:04d}"

    @property
    def code(self):
        return f"B{self.level}{self.index:04d}"


@dataclass
class BomSpec:
    item: int
    produce_delay: int
    lines: list[tuple[int, int]] = field(default_factory=list)
    operations: list[tuple[int, int, int]] = field(default_factory=list)


@dataclass
class MrpSpec:
    """MRP lot settings of one item (0 = none). ``lot_multiple`` is the item's
    own for a produced item, its vendor line's for a bought one; it divides the
    item's economic lot or vendor minimum and ``max_lot``."""

    min_stock: int = 0
    lot_multiple: int = 0
    max_lot: int = 0
    grouping_days: int = 0


@dataclass
class DemandSpec:
    item: int
    quantity: int
    due_days: int


class Blueprint:
    """The factory drawn from ``seed`` (see the module)."""

    def __init__(
        self,
        seed=42,
        items=700,
        levels=5,
        components=(2, 3),
        bought_share=0.5,
        workcenters=12,
        operations=(1, 3),
        vendors=8,
    ):
        self.seed = seed
        self.item_count = items
        self.levels = levels
        self.vendor_count = vendors
        rand = random.Random(seed)  # noqa: S311 (seeded data, not secrets)
        self.workcenters = [
            WorkCenterSpec(
                calendar=list(SHIFTS)[index % 2],
                time_start=rand.choice((0, 10, 15, 30)),
                time_stop=rand.choice((0, 5, 10)),
                efficiency=rand.choice((80, 90, 100, 110)),
                cost=rand.randint(30, 90),
                alternative=index - 1 if index and index % 4 == 0 else None,
            )
            for index in range(workcenters)
        ]
        self.items: list[ItemSpec] = []
        self.by_level: list[list[int]] = [[] for _level in range(levels)]
        for level, size in enumerate(self._level_sizes()):
            for index in range(size):
                bottom = level == levels - 1
                bought = bottom or (level > 0 and rand.random() < bought_share / 2)
                spec = ItemSpec(level, index, bought, rand.randint(1, 200))
                if bought:
                    spec.vendor = rand.randrange(vendors)
                    spec.delay = rand.randint(2, 15)
                    spec.min_qty = rand.choice((0, 0, 10, 50))
                    spec.price = rand.randint(1, 100)
                else:
                    spec.economic_lot = rand.choice((0, 0, 5, 10))
                self.by_level[level].append(len(self.items))
                self.items.append(spec)
        self.boms: list[BomSpec] = []
        for level in range(levels - 1):
            below = self.by_level[level + 1]
            further = [i for lower in self.by_level[level + 1 :] for i in lower]
            for item in self.by_level[level]:
                if self.items[item].bought:
                    continue
                count = rand.randint(*components)
                chosen = rand.sample(below, min(count, len(below)))
                if level + 2 < levels and rand.random() < 0.3:
                    chosen.append(rand.choice(further))
                steps = rand.randint(*operations)
                bom = BomSpec(item, rand.randint(1, 5))
                bom.lines = [
                    (c, rand.choice((1, 1, 2, 4))) for c in dict.fromkeys(chosen)
                ]
                bom.operations = [
                    (
                        step * 10,
                        rand.randrange(workcenters),
                        rand.choice((5, 10, 15, 30, 60)),
                    )
                    for step in range(1, steps + 1)
                ]
                self.boms.append(bom)
        self.stock = [
            (index, rand.randint(0, 200))
            for index, spec in enumerate(self.items)
            if spec.bought and rand.random() < 0.6
        ]

    def _level_sizes(self):
        """Items per level: the finished level smallest, the bottom largest."""
        weights = [1 + level for level in range(self.levels)]
        total = sum(weights)
        sizes = [max(1, self.item_count * weight // total) for weight in weights]
        sizes[-1] += self.item_count - sum(sizes)
        return sizes

    def job_orders(self, count, horizon_days=120):
        """The first ``count`` job orders: one finished item each, due in days."""
        rand = random.Random(f"{self.seed}/job orders")  # noqa: S311
        finished = self.by_level[0]
        return [
            DemandSpec(
                rand.choice(finished),
                rand.randint(1, 20),
                rand.randint(10, horizon_days),
            )
            for _index in range(count)
        ]

    def sale_orders(self, count, lines=(1, 5), horizon_days=120):
        """The first ``count`` sale orders, each a list of demands."""
        rand = random.Random(f"{self.seed}/sale orders")  # noqa: S311
        finished = self.by_level[0]
        return [
            [
                DemandSpec(
                    rand.choice(finished),
                    rand.randint(1, 10),
                    rand.randint(5, horizon_days),
                )
                for _line in range(rand.randint(*lines))
            ]
            for _index in range(count)
        ]

    def mrp_settings(
        self, stock_share=0.2, multiple_share=0.2, max_share=0.15, grouping_share=0.3
    ):
        """MRP lot settings of every item (:class:`MrpSpec`, one per item).

        A share of the items gets each setting: a minimum stock of 5-50, a lot
        multiple (5 for produced items, 5 or 10 for bought ones: a divisor of
        their economic lot and vendor minimum), a maximum lot of 50, 100 or 200
        (a multiple of the multiple, above the economic lot), grouping days of
        3, 7 or 14.
        """
        rand = random.Random(f"{self.seed}/mrp settings")  # noqa: S311
        specs = []
        for item in self.items:
            spec = MrpSpec()
            if rand.random() < stock_share:
                spec.min_stock = rand.randint(5, 50)
            if rand.random() < multiple_share:
                spec.lot_multiple = rand.choice((5, 10)) if item.bought else 5
            if rand.random() < max_share:
                spec.max_lot = rand.choice((50, 100, 200))
            if rand.random() < grouping_share:
                spec.grouping_days = rand.choice((3, 7, 14))
            specs.append(spec)
        return specs

    def mrp_demand(self, count, lines=(1, 5), horizon_days=120, spare_share=0.1):
        """Sale orders of ``count`` lines in all: ``[(due_days, [DemandSpec])]``.

        Each order has 1-5 lines due on its own day within ``horizon_days``,
        of a finished item or, for ``spare_share`` of the lines, of any item
        below (spare parts and bought materials sold as they are).
        """
        rand = random.Random(f"{self.seed}/mrp demand")  # noqa: S311
        finished = self.by_level[0]
        below = [index for level in self.by_level[1:] for index in level]
        orders = []
        left = count
        while left > 0:
            due_days = rand.randint(1, horizon_days)
            demands = []
            for _line in range(min(left, rand.randint(*lines))):
                pool = below if below and rand.random() < spare_share else finished
                demands.append(
                    DemandSpec(rand.choice(pool), rand.randint(1, 10), due_days)
                )
            left -= len(demands)
            orders.append((due_days, demands))
        return orders
