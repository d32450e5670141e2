# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""MRP: time-phased multi-level netting of every item of a site (SPEC §9).

MRP is the netting core of general planning (:mod:`services.planning`) run
over dated documents instead of job order lines: every demand
(:class:`MrpDemand`: undelivered sale lines, forecasts, job orders not yet
planned, components of planned orders and MOs) becomes a need of its item,
due at the end of its day; every existing supply (:class:`MrpSupply`: purchase
lines, MO outputs, subcontract orders, unreleased planned orders) is a firm
receipt of the time-phased :class:`~services.ledger.Ledger`, with the on hand.
Items are netted by low-level code; what the ledger cannot give becomes a
planned order ending at the need (its lead time earlier on its calendar),
sized by the lot rules (economic lot, multiple, maximum lot with split, N-day
grouping), whose components are the next levels' needs; minimum stock and
coverage are the ledger's thresholds.

With suggestions, existing supply is rescheduled as textbook MRP does: a
receipt arriving after a need the stock cannot serve is moved to the need
(*expedite*) instead of buying again; a need on the day of an open request
(not firm: an RFQ, a draft MO) *increases* it; after netting, a FIFO sweep
per item tells for each receipt how much of it is used and from when:
nothing (*cancel*), less than it brings (*decrease*), only on a later day
(*postpone*). Every event is sorted once per item, so a run grows linearly
with the documents.

:func:`plan_mrp` returns the planned orders (pegged to the demands they
cover), the suggestions and the time-phased table (:class:`MrpLine`); with
``two_pass`` a first pass on firm demand only gives each order's confirmed
quantity.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from operator import itemgetter

from .calendar import WorkingCalendar
from .ledger import FIRST, StockPosition
from .planning import (
    ORDER_TYPES,
    Item,
    JobOrderLine,
    Need,
    PlannedOrder,
    PlanOptions,
    PlanWarning,
    WorkCenter,
    _collector_paused,
    _Planner,
)
from .quantities import EPSILON, qty

SOURCES = (
    "inventory",
    "purchases",
    "subcontracting",
    "production",
    "sales",
    "forecasts",
    "planning",
)
ACTIONS = ("expedite", "postpone", "increase", "decrease", "cancel")
POLICIES = ("job_order", "stock", "mrp", "none")
# The document of the on hand and of the stock an item keeps.
ON_HAND = ("stock",)
# Planned orders handed to ``on_orders`` at once (at least; at item ends).
ORDER_BATCH = 5000


@dataclass
class MrpDemand:
    """A dated demand: ``key`` names its document (``("sale.order.line", 7)``).

    ``date`` is the day it is needed (None: undated); ``source`` one of
    :data:`SOURCES`; ``firm`` whether the document is confirmed (a two-pass
    run plans firm demand first).
    """

    key: object
    product_id: int
    quantity: float
    date: date | None
    warehouse_id: int = 0
    source: str = "sales"
    firm: bool = True
    priority: int = 0


@dataclass
class MrpSupply:
    """An existing receipt: a purchase line, an MO's output, a planned order.

    ``moment`` is when it arrives (UTC; None: undated). ``firm`` supply (a
    confirmed purchase, an MO) is a scheduled receipt; an open request (an
    RFQ, a draft MO) may also be increased. ``movable`` False: no suggestion
    is made on it (it is only counted).
    """

    key: object
    product_id: int
    quantity: float
    moment: datetime | None
    warehouse_id: int = 0
    source: str = "purchases"
    firm: bool = True
    movable: bool = True


@dataclass
class MrpOptions:
    """The options of an MRP run (SPEC §9).

    ``start`` is now (UTC) and ``calendar`` the company calendar; demand after
    ``date_until`` (None: no limit) is not planned and supply after it not
    counted. Without ``consider_past`` overdue documents count as of today;
    undated ones are skipped, or dated ``undated_date``. ``sources`` are the
    kinds of document considered; ``policies`` the item policies MRP makes
    planned orders for (the others are only netted). ``group_days`` is the
    grouping of items without their own. Production orders are timed on their
    lead days, as textbook MRP does; ``phases`` times them on their routing.
    The stock an item keeps (minimum stock, coverage) is kept on each site
    where it has stock or documents, else on ``stock_site`` (None: nowhere).
    """

    start: datetime
    calendar: WorkingCalendar
    date_until: date | None = None
    consider_past: bool = False
    undated_date: date | None = None
    sources: tuple[str, ...] = SOURCES
    policies: tuple[str, ...] = POLICIES
    order_types: tuple[str, ...] = ORDER_TYPES
    use_lot: bool = True
    use_multiple: bool = True
    use_max_lot: bool = True
    group_days: int = 0
    use_min_stock: bool = True
    use_coverage: bool = False
    phases: bool = False
    with_suggestions: bool = True
    two_pass: bool = False
    stock_site: int | None = None


@dataclass
class Suggestion:
    """A proposed change of an existing supply (``action`` in :data:`ACTIONS`)."""

    supply_key: object
    product_id: int
    warehouse_id: int
    action: str
    date_current: datetime
    date_proposed: datetime
    qty_current: float
    qty_proposed: float


@dataclass
class MrpLine:
    """A row of an item's time-phased table, in date order.

    ``document`` is a demand's or supply's key, ``("planned_order", key)`` for
    a planned order of the run (its receipt, or the components it needs), or
    :data:`ON_HAND`; ``qty_available`` the projected available after the row;
    ``pegged`` the key of the planned order of the run that covers a demand
    row (its first, when several do).
    """

    product_id: int
    warehouse_id: int
    moment: datetime
    document: object
    qty_demand: float
    qty_supply: float
    qty_available: float
    pegged: int | None = None


@dataclass
class MrpResult:
    """Planned orders, suggestions, the time-phased table and warnings.

    ``qty_confirmed`` (two-pass runs) gives, by order key, how much of each
    planned order firm demand alone needs.
    """

    orders: list[PlannedOrder] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    lines: list[MrpLine] = field(default_factory=list)
    warnings: list[PlanWarning] = field(default_factory=list)
    qty_confirmed: dict[int, float] = field(default_factory=dict)


class _Receipt:
    """An existing supply while it is netted: where it is now, how much."""

    __slots__ = ("moment", "quantity", "supply")

    def __init__(self, supply: MrpSupply, moment: datetime):
        self.supply = supply
        self.moment = moment
        self.quantity = supply.quantity


class _MrpPlanner(_Planner):
    """The netting core with MRP's receipts, refills and policies."""

    group_same_day = True

    def __init__(self, items, workcenters, lines, plan_options, position, mrp):
        super().__init__(items, workcenters, lines, plan_options, position, None)
        self.mrp: MrpOptions = mrp
        self.receipts: dict[tuple[int, int], list[_Receipt]] = {}
        self.next_receipt: dict[tuple[int, int], int] = {}
        self.open_requests: dict[tuple[int, int, date], _Receipt] = {}
        self.item_needs: dict[int, list[Need]] = {}
        self.item_sites: dict[int, set[int]] = defaultdict(set)
        self.horizon_days: int | None = None
        self.on_orders = None
        self.on_table = None
        self.emitted = 0
        # Receipts' moment and quantity before netting (suggestions).
        self.initial: dict[int, tuple] = {}
        self.pending: list[int] = []  # items netted, not swept yet
        self.swept: set[tuple[int, int]] = set()
        self.sites_of: dict[int, set[int]] | None = None
        self.table: list[MrpLine] = []
        self.table_suggestions: list[Suggestion] = []

    def _code_done(self) -> None:
        """Hand the orders made since the last call to ``on_orders``, then the
        table and suggestions of the items netted since to ``on_table``: MRP
        times every order as late as possible when it makes it, and an
        item's documents are all there once it is netted, so nothing changes
        them afterwards."""
        batch = self.orders[self.emitted :]
        self.emitted = len(self.orders)
        if batch and self.on_orders is not None:
            self.on_orders(batch)
        products, self.pending = self.pending, []
        if not products:
            return
        suggestions, lines = self._sweep_items(products, batch)
        self.table_suggestions += suggestions
        self.table += lines
        if self.on_table is not None and (lines or suggestions):
            self.on_table(lines, suggestions)

    def add_receipts(self, receipts: list[_Receipt]) -> None:
        """Index the existing receipts per site and item, in date order."""
        for receipt in receipts:
            supply = receipt.supply
            key = (supply.warehouse_id, supply.product_id)
            self.receipts.setdefault(key, []).append(receipt)
            if not supply.firm and supply.movable:
                day = self._due_day(receipt.moment)
                self.open_requests[(*key, day)] = receipt
        for entries in self.receipts.values():
            entries.sort(key=lambda r: r.moment)

    # --- hooks of the netting core ---------------------------------------
    def _may_order(self, item: Item) -> bool:
        return super()._may_order(item) and item.policy in self.mrp.policies

    def _plan_item(self, product_id: int) -> None:  # pylint: disable=missing-return
        self.item_needs[product_id] = list(self.needs.get(product_id, ()))
        super()._plan_item(product_id)
        self.pending.append(product_id)
        # An item's orders are final once it is netted (items of one code
        # give each other no needs): hand them over by ORDER_BATCH.
        if len(self.orders) - self.emitted >= ORDER_BATCH:
            self._code_done()

    def _set_thresholds(self, item: Item, sites: set[int]) -> None:
        if self.options.use_coverage and item.coverage_weeks > 0:
            item = replace(item, average_daily_usage=self._daily_usage(item))
        return super()._set_thresholds(item, sites)

    def _due_day(self, moment: datetime) -> date:
        """The day a moment ends: the end of a day (midnight) belongs to it."""
        return self._day(moment - timedelta(microseconds=1))

    def _daily_usage(self, item: Item) -> float:
        """Average daily demand of ``item`` over the run's horizon (coverage)."""
        if self.horizon_days is None:
            today = self._day(self.options.start)
            last = self.mrp.date_until or max(
                (line.due for line in self.lines if line.due is not None),
                default=today,
            )
            self.horizon_days = max((last - today).days + 1, 1)
        needs = self.item_needs.get(item.product_id, ())
        total = sum(need.quantity for need in needs if not need.refill)
        return total / self.horizon_days

    def _serve(self, need: Need) -> float:
        left = super()._serve(need)
        if left > EPSILON and self.mrp.with_suggestions and not need.refill:
            left -= self._expedite(need, left)
        return qty(max(left, 0.0))

    def _expedite(self, need: Need, left: float) -> float:
        """Move the next receipts after ``need`` to it while it is short."""
        key = (need.warehouse_id, need.product_id)
        receipts = self.receipts.get(key)
        if not receipts:
            return 0.0
        at = self._at(need)
        index = self.next_receipt.get(key, 0)
        while index < len(receipts) and receipts[index].moment <= at:
            index += 1
        got = 0.0
        while index < len(receipts) and left - got > EPSILON:
            receipt = receipts[index]
            index += 1
            if not receipt.supply.movable:
                continue
            self.ledger.move(*key, receipt.quantity, receipt.moment, at)
            receipt.moment = at
            got += self._take(need, left - got, at)
        self.next_receipt[key] = index
        return got

    def _create_order(self, item: Item, group) -> None:
        if self.mrp.with_suggestions and group[0][0].direction == "alap":
            group = self._increase(item, group)
            if not group:
                return
        super()._create_order(item, group)

    def _increase(self, item: Item, group):
        """Serve ``group`` by increasing an open request of its first day.

        Returns what it could not serve (the whole group without a request).
        """
        first = group[0][0]
        due = min(need.moment for need, _left in group)
        receipt = self.open_requests.get(
            (first.warehouse_id, item.product_id, self._due_day(due))
        )
        if receipt is None or receipt.moment > due:
            return group
        site, product_id = first.warehouse_id, item.product_id
        needed = qty(sum(left for _need, left in group))
        extra = self.ledger.refill(site, product_id, due)
        self.ledger.receive(site, product_id, needed + extra, receipt.moment, True)
        receipt.quantity = qty(receipt.quantity + needed + extra)
        rest = []
        for need, left in group:
            short = qty(left - self._take(need, left, self._at(need)))
            if short > EPSILON:
                rest.append((need, short))
        return rest

    def run(self) -> list[PlannedOrder]:
        """Plan every item, refilling the stock kept where nothing else asks."""
        on_hand = self.ledger.position.on_hand
        for item in self.items.values():
            keeps = (self.mrp.use_min_stock and item.min_stock > EPSILON) or (
                self.mrp.use_coverage and item.coverage_weeks > 0
            )
            sites = self.item_sites.get(item.product_id)
            if not sites and keeps and self.mrp.stock_site is not None:
                sites = {self.mrp.stock_site}
            for site in sorted(sites or ()):
                if keeps or on_hand.get((site, item.product_id), 0.0) < -EPSILON:
                    self.needs[item.product_id].append(self._refill_need(item, site))
        return super().run()

    def _refill_need(self, item: Item, site: int) -> Need:
        """A need of nothing at the start: the lot it makes refills the stock."""
        return Need(
            product_id=item.product_id,
            warehouse_id=site,
            quantity=0.0,
            moment=self.options.start,
            job_order_id=0,
            demand_key=ON_HAND,
            parent=None,
            level=0,
            direction="alap",
            priority=0,
            day=self._day(self.options.start),
            refill=True,
        )

    # --- results -----------------------------------------------------------
    def sweep(self, orders: list[PlannedOrder]) -> tuple[list, list]:
        """Suggestions and time-phased table of every site and item not swept
        while netting (items only stocked or supplied, never netted), after
        those swept, in site and item order."""
        by_key = defaultdict(list)
        for order in orders:
            by_key[(order.warehouse_id, order.product_id)].append(order)
        keys = {
            key for key, q in self.ledger.position.on_hand.items() if abs(q) > EPSILON
        }
        keys.update(self.receipts)
        keys.update(by_key)
        for product_id, needs in self.item_needs.items():
            keys.update((need.warehouse_id, product_id) for need in needs)
        suggestions, lines = self._sweep_keys(sorted(keys - self.swept), by_key)
        return self.table_suggestions + suggestions, self.table + lines

    def _sweep_items(self, product_ids, orders) -> tuple[list, list]:
        """Suggestions and table of items just netted (``orders``: the orders
        made since the last sweep, theirs among them): nothing changes an
        item's documents, receipts or orders once it is netted."""
        if self.sites_of is None:
            self.sites_of = defaultdict(set)
            for site, product_id in self.ledger.position.on_hand:
                self.sites_of[product_id].add(site)
            for site, product_id in self.receipts:
                self.sites_of[product_id].add(site)
        by_key = defaultdict(list)
        for order in orders:
            by_key[(order.warehouse_id, order.product_id)].append(order)
        keys = []
        for product_id in product_ids:
            sites = set(self.sites_of.get(product_id, ()))
            sites.update(need.warehouse_id for need in self.item_needs[product_id])
            sites.update(site for site, item in by_key if item == product_id)
            keys += [(site, product_id) for site in sorted(sites)]
        return self._sweep_keys(keys, by_key)

    def _sweep_keys(self, keys, orders_by_key) -> tuple[list, list]:
        """One FIFO pass per site and item of ``keys``: its suggestions and
        its table (a key with no document gives none); the keys are swept."""
        start = self.options.start
        on_hand = self.ledger.position.on_hand
        suggestions, lines = [], []
        for key in keys:
            self.swept.add(key)
            site, product_id = key
            supplies = []
            quantity = on_hand.get(key, 0.0)
            if abs(quantity) > EPSILON:
                supplies.append((FIRST, 0, quantity, ON_HAND, None))
            supplies += [
                (receipt.moment, 1, receipt.quantity, receipt.supply.key, receipt)
                for receipt in self.receipts.get(key, ())
            ]
            orders = orders_by_key.get(key, ())
            supplies += [
                (order.date_end, 2, order.quantity, ("planned_order", order.key), None)
                for order in orders
            ]
            demands = [
                (
                    self._at(need),
                    need.quantity,
                    ("planned_order", need.parent.key)
                    if need.parent is not None
                    else need.demand_key,
                )
                for need in self.item_needs.get(product_id, ())
                if need.warehouse_id == site
                and not need.refill
                and (need.parent is None or need.parent.key not in self.failed)
            ]
            if not supplies and not demands:
                continue
            pegs = {}
            for order in orders:
                for cover in order.covers:
                    document = (
                        ("planned_order", cover.parent_key)
                        if cover.parent_key is not None
                        else cover.demand_key
                    )
                    pegs.setdefault((site, product_id, document), order.key)
            supplies.sort(key=lambda s: (s[0], s[1]))
            demands.sort(key=lambda d: d[0])
            threshold = self.ledger.thresholds.get(key)
            keep = threshold.keep if threshold is not None else 0.0
            use = self._fifo(supplies, demands, keep)
            if self.mrp.with_suggestions:
                suggestions += self._suggest(key, supplies, use, self.initial)
            lines += self._table(key, supplies, demands, start, pegs)
        return suggestions, lines

    @staticmethod
    def _fifo(supplies, demands, keep):
        """How much of each supply the demands use, and from when (FIFO)."""
        used = [0.0] * len(supplies)
        first_use: list[datetime | None] = [None] * len(supplies)
        index = 0
        wanted = [(FIRST, keep)] if keep > EPSILON else []
        wanted += [(moment, quantity) for moment, quantity, _doc in demands]
        for moment, quantity in wanted:
            while quantity > EPSILON and index < len(supplies):
                room = supplies[index][2] - used[index]
                if room <= EPSILON:
                    index += 1
                    continue
                taken = min(room, quantity)
                used[index] += taken
                quantity -= taken
                if first_use[index] is None:
                    first_use[index] = moment
        return list(zip(used, first_use, strict=True))

    def _suggest(self, key, supplies, use, initial):
        """The suggestions on the existing receipts of one site and item."""
        site, product_id = key
        result = []
        for (moment, _rank, quantity, document, receipt), (used, first) in zip(
            supplies, use, strict=True
        ):
            if receipt is None or not receipt.supply.movable:
                continue
            netted_at, current = initial[id(receipt)]
            dated = receipt.supply.moment or netted_at
            proposals = []
            if moment < netted_at:
                proposals.append(("expedite", moment, current))
            if quantity > current + EPSILON:
                proposals.append(("increase", dated, quantity))
            if used <= EPSILON:
                proposals.append(("cancel", dated, 0.0))
            else:
                if used < quantity - EPSILON:
                    proposals.append(("decrease", dated, used))
                later = (
                    first is not None
                    and first > moment
                    and self._due_day(first) > self._due_day(moment)
                )
                if moment >= netted_at and later:
                    proposals.append(("postpone", first, quantity))
            result += [
                Suggestion(
                    supply_key=document,
                    product_id=product_id,
                    warehouse_id=site,
                    action=action,
                    date_current=dated,
                    date_proposed=proposed,
                    qty_current=current,
                    qty_proposed=qty(quantity_proposed),
                )
                for action, proposed, quantity_proposed in proposals
            ]
        return result

    def _table(self, key, supplies, demands, start, pegs):
        site, product_id = key
        rows = [
            (max(moment, start), 0, document, 0.0, quantity)
            for moment, _rank, quantity, document, _receipt in supplies
        ]
        rows += [
            (max(moment, start), 1, document, quantity, 0.0)
            for moment, quantity, document in demands
        ]
        rows.sort(key=itemgetter(0, 1))
        available = 0.0
        lines = []
        for moment, _kind, document, demand, supply in rows:
            available += supply - demand
            lines.append(
                MrpLine(
                    product_id=product_id,
                    warehouse_id=site,
                    moment=moment,
                    document=document,
                    qty_demand=qty(demand) if demand else 0.0,
                    qty_supply=qty(supply) if supply else 0.0,
                    qty_available=qty(available),
                    pegged=pegs.get((site, product_id, document)) if demand else None,
                )
            )
        return lines


def plan_mrp(
    items: dict[int, Item],
    workcenters: dict[int, WorkCenter],
    on_hand: dict[tuple[int, int], float],
    demands: list[MrpDemand],
    supplies: list[MrpSupply],
    options: MrpOptions,
    on_orders=None,
    on_table=None,
) -> MrpResult:
    """Net ``demands`` against ``on_hand`` and ``supplies`` over every item.

    ``on_hand`` is keyed by ``(warehouse_id, product_id)``, quantities in the
    item's unit. Raises :class:`~services.bom.BomCycleError` naming a BOM
    cycle (nothing planned).

    ``on_orders`` (optional) is called with the planned orders made so far,
    in batches of at least :data:`ORDER_BATCH` (cut where an item is netted)
    and at the end of each low-level code (an order's parent always comes
    in an earlier call): a caller can write them while the next items are
    netted. They are final, and ``result.orders`` holds them all again.
    ``on_table`` (optional) is called right after each of those calls with
    the time-phased lines and suggestions of the items netted since the
    last one (final too; ``result`` holds them all again, first those, then
    the items never netted, in site and item order). Neither with
    ``two_pass`` (the confirmed quantities are known after both passes).
    """
    if (on_orders is not None or on_table is not None) and options.two_pass:
        raise ValueError("on_orders and on_table cannot be used with two_pass")
    with _collector_paused():
        result = _run(
            items,
            workcenters,
            on_hand,
            demands,
            supplies,
            options,
            on_orders,
            on_table,
        )
        if options.two_pass:
            firm = [demand for demand in demands if demand.firm]
            first = _run(items, workcenters, on_hand, firm, supplies, options)
            result.qty_confirmed = _confirmed(first.orders, result.orders)
        return result


def _plan_options(options: MrpOptions) -> PlanOptions:
    return PlanOptions(
        start=options.start,
        calendar=options.calendar,
        direction="alap",
        order_types=options.order_types,
        phases=options.phases,
        use_lot=options.use_lot,
        use_multiple=options.use_multiple,
        use_max_lot=options.use_max_lot,
        group_days=options.group_days,
        group_across=True,
        availability=True,
        availability_mode="minimum",
        first_level_availability=True,
        negative_availability=True,
        use_min_stock=options.use_min_stock,
        use_coverage=options.use_coverage,
    )


def _run(
    items,
    workcenters,
    on_hand,
    demands,
    supplies,
    options,
    on_orders=None,
    on_table=None,
) -> MrpResult:
    warnings: list[PlanWarning] = []
    lines = _demand_lines(demands, options, warnings)
    position = StockPosition(tz=str(options.calendar.tz))
    if "inventory" in options.sources:
        for (site, product_id), quantity in on_hand.items():
            if quantity:
                position.add_on_hand(site, product_id, quantity)
    receipts = _receipts(supplies, options, position, warnings)
    planner = _MrpPlanner(
        items, workcenters, lines, _plan_options(options), position, options
    )
    planner.initial = {
        id(receipt): (receipt.moment, receipt.quantity) for receipt in receipts
    }
    planner.add_receipts(receipts)
    planner.on_orders = on_orders
    planner.on_table = on_table
    for line in lines:
        planner.item_sites[line.product_id].add(line.warehouse_id)
    for site, product_id in position.on_hand:
        planner.item_sites[product_id].add(site)
    for receipt in receipts:
        planner.item_sites[receipt.supply.product_id].add(receipt.supply.warehouse_id)
    orders = planner.run()
    if on_orders is not None and len(orders) != planner.emitted:
        raise RuntimeError("an order handed to on_orders was dropped")
    planner.late(orders)
    suggestions, table = planner.sweep(orders)
    return MrpResult(
        orders=orders,
        suggestions=suggestions,
        lines=table,
        warnings=warnings + planner.warnings,
    )


def _demand_lines(demands, options, warnings) -> list[JobOrderLine]:
    """The demand documents as the netting core's dated demand (job order 0):
    sources chosen, undated ones skipped or dated, none after the horizon,
    overdue ones today unless the past is considered."""
    today = options.start.astimezone(options.calendar.tz).date()
    lines = []
    for demand in demands:
        if demand.source not in options.sources:
            continue
        day = demand.date if demand.date is not None else options.undated_date
        if day is None:
            warnings.append(
                PlanWarning("undated", demand.product_id, detail=str(demand.key))
            )
            continue
        if options.date_until is not None and day > options.date_until:
            continue
        if day < today and not options.consider_past:
            day = today
        lines.append(
            JobOrderLine(
                key=demand.key,
                job_order_id=0,
                product_id=demand.product_id,
                quantity=demand.quantity,
                due=day,
                warehouse_id=demand.warehouse_id,
                priority=demand.priority,
                direction="alap",
            )
        )
    return lines


def _receipts(supplies, options, position, warnings) -> list[_Receipt]:
    """The existing supply as firm receipts of ``position`` (same rules as the
    demand: sources, undated, horizon, past)."""
    tz = options.calendar.tz
    horizon_end = None
    if options.date_until is not None:
        horizon_end = datetime.combine(
            options.date_until + timedelta(days=1), datetime.min.time(), tz
        )
    receipts = []
    for supply in supplies:
        if supply.source not in options.sources or supply.quantity <= EPSILON:
            continue
        moment = supply.moment
        if moment is None:
            if options.undated_date is None:
                warnings.append(
                    PlanWarning("undated", supply.product_id, detail=str(supply.key))
                )
                continue
            moment = datetime.combine(options.undated_date, datetime.min.time(), tz)
        if horizon_end is not None and moment >= horizon_end:
            continue
        if moment < options.start and not options.consider_past:
            moment = options.start
        position.add_event(
            supply.warehouse_id,
            supply.product_id,
            moment,
            supply.quantity,
            str(supply.key),
        )
        receipts.append(_Receipt(supply, moment))
    return receipts


def _confirmed(firm_orders, orders) -> dict[int, float]:
    """Spread, per site and item, what firm demand needs over the orders (FIFO)."""
    firm = defaultdict(float)
    for order in firm_orders:
        firm[(order.warehouse_id, order.product_id)] += order.quantity
    result = {}
    for order in sorted(orders, key=lambda o: (o.date_end, o.key)):
        key = (order.warehouse_id, order.product_id)
        confirmed = min(order.quantity, firm[key])
        firm[key] = qty(firm[key] - confirmed)
        result[order.key] = qty(confirmed)
    return result
