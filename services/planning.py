# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""General planning at infinite capacity: job order lines become planned orders.

Each job order line (a :class:`Demand`) is exploded level by level through the
bills of materials into production, purchase and subcontract planned orders,
timed on the work centers' calendars as soon (ASAP) or as late (ALAP) as
possible, netted against availability and rounded to lots (SPEC §6).

Items are planned in low-level-code order, so every need of an item is known
before the item is planned: needs of the same item can be grouped across job
orders and netted in date order. ALAP times each order as it is created (a
component's need date is the start of the parent's phase that consumes it);
ASAP first builds the structure and then times it bottom-up (a parent starts
after the orders covering its materials end).

The Odoo layer loads :class:`Item`, :class:`WorkCenter` and :class:`Demand`
records in bulk, calls :func:`plan` and writes the :class:`PlannedOrder`
results in bulk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .bom import Bom, BomCycleError, explode, low_level_codes
from .calendar import CalendarError, WorkingCalendar
from .lots import Need, group_needs, round_quantity
from .safety_stock import StockEvent
from .stock_position import ItemPosition, StockPosition
from .timing import Phase, schedule_backward, schedule_forward

_DIGITS = 6
_EPSILON = 1e-9

DIRECTIONS = ("asap", "alap")
ORDER_TYPES = ("production", "purchase", "subcontract")
ALTERNATIVE_MODES = ("none", "when_short", "first")

__all__ = [
    "BomCycleError",
    "Demand",
    "Item",
    "PhaseSpec",
    "PlanOptions",
    "PlanResult",
    "PlannedOrder",
    "Reserved",
    "WorkCenter",
    "plan",
]


@dataclass
class WorkCenter:
    """A work center: its calendar, efficiency % and alternatives in priority order."""

    id: int
    calendar: WorkingCalendar
    efficiency: float = 100.0
    alternatives: list[int] = field(default_factory=list)


@dataclass
class PhaseSpec:
    """A routing operation of an item (times in minutes, see :class:`Phase`)."""

    key: object
    name: str
    workcenter_id: int
    sequence: int = 10
    time_setup: float = 0.0
    time_cycle: float = 0.0
    pieces_per_cycle: float = 1.0
    machines: int = 1
    overlap: str = "none"
    overlap_value: float = 0.0
    queue_minutes: float = 0.0
    is_external: bool = False


@dataclass
class Item:
    """What the planner needs to know about one item.

    ``procurement`` is ``production``, ``purchase`` or ``subcontract``;
    ``lead_days`` is the manufacturing lead time (production timed without
    phases) or the vendor's / subcontractor's delay in calendar days, of which
    ``shipping_days`` are travel (FOB = end - shipping days). ``economic_lot``
    and ``lot_multiple`` are the production lot sizes or the vendor's minimum
    and multiple. ``average_daily_usage`` and ``coverage_weeks`` give the
    coverage quantity; ``min_stock`` / ``reorder_level`` the stock kept.
    """

    product_id: int
    name: str = ""
    procurement: str = "production"
    bom: Bom | None = None
    phases: list[PhaseSpec] = field(default_factory=list)
    lead_days: float = 0.0
    shipping_days: float = 0.0
    partner_id: int | None = None
    economic_lot: float = 0.0
    lot_multiple: float = 0.0
    policy: str = "job_order"
    min_stock: float = 0.0
    reorder_level: float = 0.0
    average_daily_usage: float = 0.0
    coverage_weeks: float = 0.0


@dataclass
class Demand:
    """A job order line to plan.

    ``due`` is the due date (the end of that working day); ``bom`` overrides
    the item's BOM (the line's version); ``direction`` overrides the run's.
    """

    key: object
    job_order_id: int
    product_id: int
    quantity: float
    due: date | None
    warehouse_id: int = 0
    priority: int = 0
    bom: Bom | None = None
    direction: str | None = None


@dataclass
class Reserved:
    """Supply kept for a job order by re-planning (released or mandatory orders)."""

    job_order_id: int
    product_id: int
    quantity: float
    warehouse_id: int = 0


@dataclass
class PlanOptions:
    """The options of a general planning run (SPEC §6).

    ``start`` is the ASAP start and the earliest moment an ALAP order may
    start (UTC); ``calendar`` the company calendar used for due dates of
    orders without phases and for the day between levels (``separate``).
    ``max_levels`` is the number of levels planned (0 = all; 1 = only the job
    order items). ``group_days`` groups needs of one item within that many
    days (0 = no grouping); ``group_across`` lets a group cover several job
    orders. ``availability`` nets needs against ``position`` (``at_date`` or
    ``minimum`` mode), from level 1 on unless ``first_level_availability``.
    ``workcenter_tolerance`` (percent, None = off) moves a phase to an
    alternative work center when its load would exceed capacity by more.
    """

    start: datetime
    calendar: WorkingCalendar
    direction: str = "alap"
    separate: bool = False
    order_types: tuple[str, ...] = ORDER_TYPES
    materials: bool = True
    phases: bool = True
    max_levels: int = 0
    use_lot: bool = True
    use_multiple: bool = True
    group_days: int = 0
    group_anchor: str = "earliest"
    group_across: bool = True
    availability: bool = False
    availability_mode: str = "at_date"
    first_level_availability: bool = False
    negative_availability: bool = False
    use_min_stock: bool = False
    use_coverage: bool = False
    alternatives: str = "none"
    workcenter_tolerance: float | None = None
    atp: bool = False


@dataclass
class PlannedMaterial:
    """A component of a production planned order."""

    product_id: int
    quantity: float
    qty_per_unit: float
    phase_key: object = None
    date_use: datetime | None = None
    qty_available: float = 0.0
    is_alternative: bool = False
    alternatives: list[tuple[int, float]] = field(default_factory=list)


@dataclass
class PlannedPhase:
    """A timed phase of a production planned order (minutes for the quantity)."""

    key: object
    sequence: int
    name: str
    workcenter_id: int
    time_setup: float
    time_run: float
    date_start: datetime
    date_end: datetime
    spec: PhaseSpec | None = None


@dataclass
class Cover:
    """A need a planned order covers: whose, for which parent, how much, when."""

    job_order_id: int
    demand_key: object
    parent_key: int | None
    quantity: float
    need: datetime | None = None


@dataclass
class PlannedOrder:
    """A planned order proposed by :func:`plan` (datetimes in UTC).

    ``job_order_id``, ``demand_key`` and ``parent_key`` come from the first
    need covered; ``covers`` lists every need (more than one when grouped).
    """

    key: int
    order_type: str
    origin: str
    product_id: int
    quantity: float
    level: int
    job_order_id: int
    demand_key: object
    parent_key: int | None
    warehouse_id: int = 0
    partner_id: int | None = None
    bom_key: object = None
    date_start: datetime | None = None
    date_end: datetime | None = None
    date_fob: datetime | None = None
    date_eta: datetime | None = None
    priority: int = 0
    direction: str = "alap"
    materials: list[PlannedMaterial] = field(default_factory=list)
    phases: list[PlannedPhase] = field(default_factory=list)
    covers: list[Cover] = field(default_factory=list)


@dataclass
class PlanWarning:
    """Something the planner should see; the branch it names was skipped.

    ``code``: ``no_bom``, ``no_routing`` (planned on its lead time),
    ``no_vendor``, ``no_subcontractor``, ``no_min_stock`` (not skipped),
    ``no_working_time``, ``bad_quantity``, ``no_item``.
    """

    code: str
    product_id: int | None = None
    job_order_id: int | None = None
    detail: str = ""


@dataclass
class PlanResult:
    """Planned orders, warnings, late / overdue job orders and suggested dates.

    ``late``: job orders that cannot be met (an ALAP order would start before
    the start, or an ASAP order ends after the due date); ``suggested``: the
    date the job orders planned ASAP (ATP) can be ready.
    """

    orders: list[PlannedOrder] = field(default_factory=list)
    warnings: list[PlanWarning] = field(default_factory=list)
    late: set[int] = field(default_factory=set)
    overdue: set[int] = field(default_factory=set)
    suggested: dict[int, date] = field(default_factory=dict)
    atp: set[int] = field(default_factory=set)


@dataclass
class _Need:
    product_id: int
    warehouse_id: int
    quantity: float
    moment: datetime | None
    job_order_id: int
    demand_key: object
    parent: PlannedOrder | None
    level: int
    direction: str
    priority: int
    bom: Bom | None = None


class _Ledger:
    """Availability of items while a run consumes and adds to it."""

    def __init__(self, position: StockPosition | None, mode: str):
        self.position = position or StockPosition()
        self.mode = mode
        self.items: dict[tuple[int, int], ItemPosition] = {}

    def _item(self, warehouse_id: int, product_id: int) -> ItemPosition:
        key = (warehouse_id, product_id)
        if key not in self.items:
            source = self.position.item(warehouse_id, product_id)
            self.items[key] = ItemPosition(source.on_hand, list(source.events))
        return self.items[key]

    def level(self, warehouse_id: int, product_id: int, day: date) -> float:
        """What a need on ``day`` may take (negative: a shortage already)."""
        item = self._item(warehouse_id, product_id)
        if self.mode == "minimum":
            return item.free_from(day)
        return item.available_at(day)

    def add(self, warehouse_id: int, product_id: int, day: date, qty: float) -> None:
        """Record a receipt (``qty > 0``) or an issue on ``day``."""
        if abs(qty) > _EPSILON:
            self._item(warehouse_id, product_id).events.append(
                StockEvent(date=day, quantity=round(qty, _DIGITS))
            )


def _local_day(moment: datetime, calendar: WorkingCalendar) -> date:
    return moment.astimezone(calendar.tz).date()


class _Planner:
    """One planning pass over all demands (see :func:`plan`)."""

    def __init__(self, items, workcenters, demands, options, position, reserved):
        self.items: dict[int, Item] = items
        self.workcenters: dict[int, WorkCenter] = workcenters
        self.demands: list[Demand] = demands
        self.options: PlanOptions = options
        self.position = position
        self.reserved = {}
        for supply in reserved or ():
            key = (supply.job_order_id, supply.warehouse_id, supply.product_id)
            self.reserved[key] = self.reserved.get(key, 0.0) + supply.quantity
        self.ledger = _Ledger(
            position if options.availability else None, options.availability_mode
        )
        self.surplus: dict[tuple[int, int], list[PlannedOrder]] = {}
        self.surplus_qty: dict[int, float] = {}
        self.orders: list[PlannedOrder] = []
        self.warnings: list[PlanWarning] = []
        self.needs: dict[int, list[_Need]] = {}
        self.load: dict[tuple[int, date], float] = {}
        self.capacity: dict[int, dict[date, float]] = {}
        self.failed: set[int] = set()
        self.names = {item.product_id: item.name for item in items.values()}
        boms = {
            item.product_id: item.bom for item in items.values() if item.bom is not None
        }
        for demand in demands:
            if demand.bom is not None:
                boms.setdefault(demand.product_id, demand.bom)
        self.boms = boms
        self.codes = low_level_codes(boms, self.names)
        # A line's own version must not hide a cycle either.
        for demand in demands:
            if demand.bom is not None and demand.bom is not boms.get(demand.product_id):
                low_level_codes({**boms, demand.product_id: demand.bom}, self.names)

    # --- helpers ----------------------------------------------------------
    def warn(self, code, product_id=None, job_order_id=None, detail=""):
        self.warnings.append(PlanWarning(code, product_id, job_order_id, detail))

    def _day(self, moment: datetime | None) -> date:
        if moment is None:
            return _local_day(self.options.start, self.options.calendar)
        return _local_day(moment, self.options.calendar)

    def _phase_list(self, order: PlannedOrder, specs, workcenter_of=None):
        workcenter_of = workcenter_of or {}
        phases = []
        for spec in specs:
            workcenter = self.workcenters.get(
                workcenter_of.get(spec.key, spec.workcenter_id)
            )
            if workcenter is None or workcenter.calendar.is_empty:
                raise CalendarError(f"phase {spec.name} has no working time")
            phases.append(
                Phase(
                    key=spec.key,
                    calendar=workcenter.calendar,
                    time_setup=spec.time_setup,
                    time_cycle=spec.time_cycle,
                    pieces_per_cycle=spec.pieces_per_cycle or 1.0,
                    machines=spec.machines or 1,
                    efficiency=workcenter.efficiency or 100.0,
                    overlap=spec.overlap,
                    overlap_value=spec.overlap_value,
                    queue_minutes=spec.queue_minutes,
                )
            )
        return phases

    def _finishing_calendar(self, item: Item) -> WorkingCalendar:
        if item.procurement == "production" and item.phases and self.options.phases:
            workcenter = self.workcenters.get(item.phases[-1].workcenter_id)
            if workcenter is not None and not workcenter.calendar.is_empty:
                return workcenter.calendar
        return self.options.calendar

    # --- timing -----------------------------------------------------------
    def _time(self, order: PlannedOrder, item: Item, anchor: datetime, direction):
        """Time ``order`` forward from ``anchor`` (start) or backward (end)."""
        specs = (
            item.phases
            if (order.order_type == "production" and self.options.phases)
            else []
        )
        if specs:
            workcenter_of = {}
            timed = self._time_phases(order, specs, anchor, direction, workcenter_of)
            if self.options.workcenter_tolerance is not None:
                moved = self._balance(order, specs, timed, workcenter_of)
                if moved:
                    timed = self._time_phases(
                        order, specs, anchor, direction, workcenter_of
                    )
            by_key = {spec.key: spec for spec in specs}
            order.phases = [
                PlannedPhase(
                    key=t.key,
                    sequence=by_key[t.key].sequence,
                    name=by_key[t.key].name,
                    workcenter_id=workcenter_of.get(t.key, by_key[t.key].workcenter_id),
                    time_setup=t.time_setup,
                    time_run=t.time_run,
                    date_start=t.date_start,
                    date_end=t.date_end,
                    spec=by_key[t.key],
                )
                for t in timed
            ]
            order.date_start = timed[0].date_start
            order.date_end = timed[-1].date_end
            self._add_load(order.phases)
        else:
            delay = timedelta(days=item.lead_days or 0.0)
            if direction == "forward":
                order.date_start = anchor
                order.date_end = anchor + delay
            else:
                order.date_end = anchor
                order.date_start = anchor - delay
        if order.order_type == "purchase":
            order.date_eta = order.date_end
            order.date_fob = order.date_end - timedelta(days=item.shipping_days or 0)
            order.date_fob = max(order.date_fob, order.date_start)
        for material in order.materials:
            phase = next((p for p in order.phases if p.key == material.phase_key), None)
            material.date_use = phase.date_start if phase else order.date_start

    def _time_phases(self, order, specs, anchor, direction, workcenter_of):
        phases = self._phase_list(order, specs, workcenter_of)
        if direction == "forward":
            return schedule_forward(phases, order.quantity, anchor)
        return schedule_backward(phases, order.quantity, anchor)

    def _phase_days(self, workcenter_id, start, end):
        calendar = self.workcenters[workcenter_id].calendar
        day = _local_day(start, calendar)
        last = _local_day(end, calendar)
        result = {}
        while day <= last:
            begin = datetime.combine(day, datetime.min.time(), calendar.tz)
            minutes = calendar.minutes_between(
                max(start, begin), min(end, begin + timedelta(days=1))
            )
            if minutes > 0:
                result[day] = minutes
            day += timedelta(days=1)
        return result

    def _capacity(self, workcenter_id, day):
        if workcenter_id not in self.capacity:
            calendar = self.workcenters[workcenter_id].calendar
            self.capacity[workcenter_id] = calendar.minutes_per_day()
        return self.capacity[workcenter_id].get(day, 0.0)

    def _ratio(self, workcenter_id, days):
        ratios = []
        for day, minutes in days.items():
            capacity = self._capacity(workcenter_id, day)
            load = self.load.get((workcenter_id, day), 0.0) + minutes
            ratios.append(load / capacity if capacity else float("inf"))
        return max(ratios, default=0.0)

    def _balance(self, order, specs, timed, workcenter_of) -> bool:
        """Move phases over the tolerance to the least loaded alternative."""
        limit = 1 + (self.options.workcenter_tolerance or 0.0) / 100.0
        moved = False
        by_key = {spec.key: spec for spec in specs}
        for t in timed:
            spec = by_key[t.key]
            main = self.workcenters.get(spec.workcenter_id)
            if main is None or not main.alternatives:
                continue
            days = self._phase_days(spec.workcenter_id, t.date_start, t.date_end)
            if self._ratio(spec.workcenter_id, days) <= limit + _EPSILON:
                continue
            best, best_ratio = None, self._ratio(spec.workcenter_id, days)
            for alternative in main.alternatives:
                other = self.workcenters.get(alternative)
                if other is None or other.calendar.is_empty:
                    continue
                ratio = self._ratio(alternative, days)
                if ratio < best_ratio - _EPSILON:
                    best, best_ratio = alternative, ratio
            if best is not None:
                workcenter_of[spec.key] = best
                moved = True
        return moved

    def _add_load(self, phases: list[PlannedPhase]) -> None:
        if self.options.workcenter_tolerance is None:
            return
        for phase in phases:
            days = self._phase_days(
                phase.workcenter_id, phase.date_start, phase.date_end
            )
            total = sum(days.values())
            minutes = phase.time_setup + phase.time_run
            for day, share in days.items():
                key = (phase.workcenter_id, day)
                self.load[key] = self.load.get(key, 0.0) + (
                    minutes * share / total if total else 0.0
                )

    # --- needs and orders -------------------------------------------------
    def _add_need(self, need: _Need) -> None:
        self.needs.setdefault(need.product_id, []).append(need)

    def _top_needs(self) -> None:
        for demand in self.demands:
            item = self.items.get(demand.product_id)
            if item is None:
                self.warn("no_item", demand.product_id, demand.job_order_id)
                continue
            if demand.quantity <= 0:
                self.warn("bad_quantity", demand.product_id, demand.job_order_id)
                continue
            direction = demand.direction or self.options.direction
            moment = None
            if direction == "alap":
                if demand.due is None:
                    direction = "asap"
                else:
                    try:
                        moment = self._finishing_calendar(item).end_of_day(demand.due)
                    except CalendarError as error:
                        self.warn(
                            "no_working_time",
                            demand.product_id,
                            demand.job_order_id,
                            str(error),
                        )
                        continue
            self._add_need(
                _Need(
                    product_id=demand.product_id,
                    warehouse_id=demand.warehouse_id,
                    quantity=demand.quantity,
                    moment=moment,
                    job_order_id=demand.job_order_id,
                    demand_key=demand.key,
                    parent=None,
                    level=0,
                    direction=direction,
                    priority=demand.priority,
                    bom=demand.bom,
                )
            )

    def _net(self, need: _Need, item: Item) -> float:
        """Take what reserved supply and stock give; return the rest to plan."""
        left = need.quantity
        key = (need.job_order_id, need.warehouse_id, need.product_id)
        if self.reserved.get(key, 0.0) > _EPSILON:
            take = min(left, self.reserved[key])
            self.reserved[key] -= take
            left -= take
        if left <= _EPSILON:
            return 0.0
        day = self._day(need.moment) if need.direction == "alap" else self._day(None)
        options = self.options
        if options.availability and (
            need.level > 0 or options.first_level_availability
        ):
            level = self.ledger.level(need.warehouse_id, need.product_id, day)
            if options.use_min_stock:
                level -= item.min_stock
            take = min(left, max(level, 0.0))
            if take > _EPSILON:
                self.ledger.add(need.warehouse_id, need.product_id, day, -take)
                left -= take
            if level < -_EPSILON and options.negative_availability:
                # An existing shortage is planned with this need.
                shortage = -level
                self.ledger.add(need.warehouse_id, need.product_id, day, shortage)
                left += shortage
        return round(left, _DIGITS) if left > _EPSILON else 0.0

    def _take_surplus(self, need: _Need, left: float) -> float:
        lots = self.surplus.get((need.warehouse_id, need.product_id), [])
        for order in lots:
            if left <= _EPSILON:
                break
            free = self.surplus_qty.get(order.key, 0.0)
            if free <= _EPSILON or order.key in self.failed:
                continue
            if need.direction == "alap" and (
                order.direction != "alap"
                or need.moment is None
                or order.date_end is None
                or order.date_end > need.moment
            ):
                continue
            take = min(free, left)
            self.surplus_qty[order.key] = free - take
            order.covers.append(
                Cover(
                    need.job_order_id,
                    need.demand_key,
                    need.parent.key if need.parent else None,
                    round(take, _DIGITS),
                    need.moment,
                )
            )
            left -= take
        return left

    def _check_item(self, item: Item, need: _Need, bom: Bom | None) -> bool:
        if item.procurement == "production" and bom is None:
            self.warn("no_bom", item.product_id, need.job_order_id)
            return False
        if item.procurement == "purchase" and not item.partner_id:
            self.warn("no_vendor", item.product_id, need.job_order_id)
            return False
        if item.procurement == "subcontract" and not item.partner_id:
            self.warn("no_subcontractor", item.product_id, need.job_order_id)
            return False
        return True

    def _plan_item(self, product_id: int) -> None:
        item = self.items.get(product_id)
        needs = self.needs.get(product_id, [])
        if item is None:
            for need in needs:
                self.warn("no_item", product_id, need.job_order_id)
            return
        options = self.options
        if options.use_min_stock and item.policy == "stock" and item.min_stock <= 0:
            self.warn("no_min_stock", product_id)
        needs = [
            n for n in needs if n.parent is None or n.parent.key not in self.failed
        ]
        needs.sort(
            key=lambda n: (
                n.direction,
                n.moment or datetime.max.replace(tzinfo=options.start.tzinfo),
                -n.priority,
                n.job_order_id,
                str(n.demand_key),
            )
        )
        remaining: list[tuple[_Need, float]] = []
        for need in needs:
            left = self._net(need, item)
            if left > 0:
                remaining.append((need, left))
        if not remaining:
            return
        if item.procurement not in options.order_types:
            return
        for group in self._groups(remaining):
            # What an earlier lot of this run left over covers first.
            group = [(need, self._take_surplus(need, left)) for need, left in group]
            group = [(need, left) for need, left in group if left > _EPSILON]
            if group:
                self._create_order(item, group)

    def _groups(self, remaining):
        """Group the remaining needs: per warehouse, direction, version, job order."""
        options = self.options
        buckets: dict[tuple, list[tuple[_Need, float]]] = {}
        for need, left in remaining:
            key = (
                need.warehouse_id,
                need.direction,
                id(need.bom) if need.bom is not None else None,
                None
                if (options.group_across and need.direction == "alap")
                else need.job_order_id,
            )
            buckets.setdefault(key, []).append((need, left))
        groups = []
        for bucket in buckets.values():
            if options.group_days <= 0:
                groups.extend([[entry] for entry in bucket])
                continue
            by_index = dict(enumerate(bucket))
            lot_groups = group_needs(
                [
                    Need(index, self._day(need.moment), left)
                    for index, (need, left) in by_index.items()
                ],
                options.group_days,
                options.group_anchor,
            )
            for lot in lot_groups:
                groups.append(
                    sorted(
                        (by_index[n.key] for n in lot.needs),
                        key=lambda entry: (
                            entry[0].moment or options.start,
                            str(entry[0].demand_key),
                        ),
                    )
                )
        far = datetime.max.replace(tzinfo=options.start.tzinfo)
        groups.sort(
            key=lambda group: (
                group[0][0].moment or far,
                group[0][0].job_order_id,
                str(group[0][0].demand_key),
            )
        )
        return groups

    def _create_order(self, item: Item, group: list[tuple[_Need, float]]) -> None:
        options = self.options
        first = group[0][0]
        bom = first.bom or item.bom
        if not self._check_item(item, first, bom):
            for need, _left in group:
                if need is not first and need.job_order_id != first.job_order_id:
                    self._check_item(item, need, bom)
            return
        if item.procurement == "production" and not item.phases and options.phases:
            self.warn("no_routing", item.product_id, first.job_order_id)
        needed = round(sum(left for _need, left in group), _DIGITS)
        extra = 0.0
        if options.use_min_stock and options.availability and item.reorder_level > 0:
            day = (
                self._day(first.moment)
                if first.direction == "alap"
                else self._day(None)
            )
            level = self.ledger.level(first.warehouse_id, item.product_id, day)
            if level < item.reorder_level:
                extra = item.reorder_level - max(level, 0.0)
        if options.use_coverage and item.coverage_weeks > 0:
            extra += item.coverage_weeks * 7 * item.average_daily_usage
        quantity = round_quantity(
            needed + extra,
            item.economic_lot,
            item.lot_multiple,
            use_lot=options.use_lot,
            use_multiple=options.use_multiple,
        )
        moments = [need.moment for need, _left in group if need.moment is not None]
        if first.direction == "alap":
            due = min(moments) if options.group_anchor == "earliest" else max(moments)
        else:
            due = None
        order = PlannedOrder(
            key=len(self.orders) + 1,
            order_type=item.procurement,
            origin="independent" if first.parent is None else "dependent",
            product_id=item.product_id,
            quantity=quantity,
            level=first.level,
            job_order_id=first.job_order_id,
            demand_key=first.demand_key,
            parent_key=first.parent.key if first.parent else None,
            warehouse_id=first.warehouse_id,
            partner_id=item.partner_id if item.procurement != "production" else None,
            bom_key=bom.key
            if bom is not None and item.procurement != "purchase"
            else None,
            priority=max(need.priority for need, _left in group),
            direction=first.direction,
            covers=[
                Cover(
                    need.job_order_id,
                    need.demand_key,
                    need.parent.key if need.parent else None,
                    left,
                    need.moment,
                )
                for need, left in group
            ],
        )
        if item.procurement != "purchase" and bom is not None:
            order.materials = self._materials(order, bom)
        if first.direction == "alap":
            try:
                self._time(order, item, due, "backward")
            except CalendarError as error:
                self.warn(
                    "no_working_time", item.product_id, first.job_order_id, str(error)
                )
                return
        self._apply_availability(order)
        self.orders.append(order)
        surplus = quantity - needed
        stock_part = min(extra, surplus) if options.use_min_stock else 0.0
        if stock_part > _EPSILON:
            day = self._day(order.date_end) if order.date_end else self._day(None)
            self.ledger.add(order.warehouse_id, item.product_id, day, stock_part)
            surplus -= stock_part
        if surplus > _EPSILON:
            self.surplus.setdefault((order.warehouse_id, item.product_id), []).append(
                order
            )
            self.surplus_qty[order.key] = round(surplus, _DIGITS)
        self._child_needs(order)

    def _materials(self, order: PlannedOrder, bom: Bom) -> list[PlannedMaterial]:
        boms = dict(self.boms)
        boms[order.product_id] = bom
        requirements = explode(
            order.product_id, order.quantity, boms, max_level=1, check_cycles=False
        )
        per_unit = order.quantity or 1.0
        return [
            PlannedMaterial(
                product_id=requirement.product_id,
                quantity=requirement.quantity,
                qty_per_unit=round(requirement.quantity / per_unit, _DIGITS),
                phase_key=requirement.operation_key,
                alternatives=requirement.alternatives,
            )
            for requirement in requirements
        ]

    def _apply_availability(self, order: PlannedOrder) -> None:
        """Availability at usage date on each material; alternatives when short.

        With alternatives ``when_short`` the part of a material its own
        availability does not cover is taken from its alternatives' stock (in
        priority order); with ``first`` the alternatives are used first.
        """
        options = self.options
        if not options.availability:
            return
        lines = []
        for material in order.materials:
            day = (
                self._day(material.date_use)
                if order.direction == "alap"
                else self._day(None)
            )
            level = self.ledger.level(order.warehouse_id, material.product_id, day)
            material.qty_available = round(level, _DIGITS)
            lines.append(material)
            if options.alternatives == "none" or not material.alternatives:
                continue
            left = material.quantity
            if options.alternatives == "when_short":
                if level >= left - _EPSILON:
                    continue
                left -= max(level, 0.0)
            covered = 0.0
            for product_id, ratio in material.alternatives:
                if left <= _EPSILON or ratio <= 0:
                    break
                alt_level = self.ledger.level(order.warehouse_id, product_id, day)
                take = min(max(alt_level, 0.0) / ratio, left)
                if take <= _EPSILON:
                    continue
                self.ledger.add(order.warehouse_id, product_id, day, -take * ratio)
                lines.append(
                    PlannedMaterial(
                        product_id=product_id,
                        quantity=round(take * ratio, _DIGITS),
                        qty_per_unit=round(take * ratio / (order.quantity or 1.0), 6),
                        phase_key=material.phase_key,
                        date_use=material.date_use,
                        qty_available=round(alt_level, _DIGITS),
                        is_alternative=True,
                    )
                )
                left -= take
                covered += take
            material.quantity = round(material.quantity - covered, _DIGITS)
            material.qty_per_unit = round(
                material.quantity / (order.quantity or 1.0), _DIGITS
            )
            if material.quantity <= _EPSILON:
                lines.remove(material)
        order.materials = lines

    def _child_needs(self, order: PlannedOrder) -> None:
        options = self.options
        if options.max_levels and order.level + 1 >= options.max_levels:
            return
        for material in order.materials:
            if material.quantity <= _EPSILON or material.is_alternative:
                continue
            moment = None
            if order.direction == "alap":
                moment = material.date_use or order.date_start
                if options.separate:
                    day = _local_day(moment, options.calendar) - timedelta(days=1)
                    try:
                        moment = options.calendar.end_of_day(day)
                    except CalendarError as error:
                        self.warn(
                            "no_working_time",
                            material.product_id,
                            order.job_order_id,
                            str(error),
                        )
                        continue
            self._add_need(
                _Need(
                    product_id=material.product_id,
                    warehouse_id=order.warehouse_id,
                    quantity=material.quantity,
                    moment=moment,
                    job_order_id=order.job_order_id,
                    demand_key=order.demand_key,
                    parent=order,
                    level=order.level + 1,
                    direction=order.direction,
                    priority=order.priority,
                )
            )

    # --- ASAP -------------------------------------------------------------
    def _time_forward(self) -> None:
        """Time the ASAP orders bottom-up: a parent after its components' orders."""
        options = self.options
        ready: dict[int, datetime] = {}
        asap = [order for order in self.orders if order.direction == "asap"]
        asap.sort(key=lambda o: (-self.codes.get(o.product_id, 0), -o.level, o.key))
        for order in asap:
            if order.key in self.failed:
                continue
            start = max(options.start, ready.get(order.key, options.start))
            item = self.items[order.product_id]
            try:
                self._time(order, item, start, "forward")
            except CalendarError as error:
                self.warn(
                    "no_working_time", order.product_id, order.job_order_id, str(error)
                )
                self._fail(order)
                continue
            available = order.date_end
            if options.separate:
                try:
                    day = options.calendar.next_working_day(
                        _local_day(order.date_end, options.calendar)
                    )
                    available = options.calendar.add_minutes(
                        datetime.combine(day, datetime.min.time(), options.calendar.tz),
                        0,
                    )
                except CalendarError as error:
                    self.warn(
                        "no_working_time",
                        order.product_id,
                        order.job_order_id,
                        str(error),
                    )
            for cover in order.covers:
                if cover.parent_key is not None:
                    ready[cover.parent_key] = max(
                        ready.get(cover.parent_key, options.start), available
                    )

    def _fail(self, order: PlannedOrder) -> None:
        """Drop an order that cannot be timed, and every order below it."""
        todo = [order.key]
        while todo:
            key = todo.pop()
            if key in self.failed:
                continue
            self.failed.add(key)
            todo.extend(
                o.key
                for o in self.orders
                if o.parent_key == key and o.key not in self.failed
            )

    def run(self) -> list[PlannedOrder]:
        """Plan every demand; return the planned orders."""
        self._top_needs()
        for product_id in sorted(
            set(self.codes) | set(self.needs),
            key=lambda p: (self.codes.get(p, 0), p),
        ):
            if product_id in self.needs:
                self._plan_item(product_id)
        self._time_forward()
        orders = [order for order in self.orders if order.key not in self.failed]
        if not self.options.materials:
            for order in orders:
                order.materials = []
        return orders


def plan(
    items: dict[int, Item],
    workcenters: dict[int, WorkCenter],
    demands: list[Demand],
    options: PlanOptions,
    position: StockPosition | None = None,
    reserved: list[Reserved] | None = None,
) -> PlanResult:
    """Plan ``demands`` into planned orders (SPEC §6).

    ``items`` holds every item that may be needed (the demands' items and
    their components, by product id); ``position`` the availability keyed by
    ``(warehouse_id, product_id)``; ``reserved`` the supply re-planning keeps
    for a job order. A job order that ALAP cannot meet (an order would start
    before ``options.start``) is late; with ``options.atp`` it is planned again
    ASAP from the start and gets a suggested date. Raises
    :class:`~services.bom.BomCycleError` naming a BOM cycle (nothing planned).
    """
    planner = _Planner(items, workcenters, demands, options, position, reserved)
    orders = planner.run()
    late = _late_job_orders(planner, orders)
    atp: set[int] = set()
    if options.atp and late:
        atp = {
            job
            for job in late
            if any(
                (d.direction or options.direction) == "alap"
                for d in demands
                if d.job_order_id == job
            )
        }
        if atp:
            demands = [
                Demand(**{**d.__dict__, "direction": "asap"})
                if d.job_order_id in atp
                else d
                for d in demands
            ]
            planner = _Planner(items, workcenters, demands, options, position, reserved)
            orders = planner.run()
            late = _late_job_orders(planner, orders)
    result = PlanResult(orders=orders, warnings=planner.warnings, late=late, atp=atp)
    today = _local_day(options.start, options.calendar)
    for demand in demands:
        if demand.due is not None and demand.due < today:
            result.overdue.add(demand.job_order_id)
    for order in orders:
        if order.origin != "independent" or order.direction != "asap":
            continue
        day = _local_day(
            order.date_end, planner._finishing_calendar(items[order.product_id])
        )
        job = order.job_order_id
        if job in atp or job in late:
            result.suggested[job] = max(result.suggested.get(job, day), day)
    return result


def _late_job_orders(planner: _Planner, orders: list[PlannedOrder]) -> set[int]:
    """Job orders an ALAP order of which starts too early, or ASAP ends too late."""
    options = planner.options
    due = {}
    for demand in planner.demands:
        if demand.due is not None:
            due[demand.key] = demand.due
    late = set()
    for order in orders:
        if order.direction == "alap" and order.date_start < options.start:
            late.update(cover.job_order_id for cover in order.covers)
        if order.direction == "asap" and order.origin == "independent":
            limit = due.get(order.demand_key)
            if limit is None:
                continue
            item = planner.items[order.product_id]
            if _local_day(order.date_end, planner._finishing_calendar(item)) > limit:
                late.add(order.job_order_id)
    return late
