# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""General planning at infinite capacity: job order lines become planned orders.

Each job order line (a :class:`JobOrderLine`) is exploded level by level
through the bills of materials into production, purchase and subcontract
planned orders, timed on the work centers' calendars as soon (ASAP) or as late
(ALAP) as possible, netted against availability and rounded to lots (SPEC §6).

Items are planned in low-level-code order (codes over every BOM the run may
explode: the items' own, the lines' versions, kits, alternatives), so every
need of an item is known before the item is planned. An item's needs are
served in one order, whatever their direction: need moment (ASAP needs at the
start), then priority, then job order. Each takes what stays free in the
time-phased :class:`~services.ledger.Ledger`; what is left is grouped into lots,
whose whole quantity the ledger receives at their end (the rest of a lot simply
stays there for later needs) and whose needs it issues at the moment of use.

ALAP times each order as it is created: a component's need is the start of
the parent's phase that consumes it. ASAP lots are received at
:data:`~services.ledger.DEFERRED` (their end is known only once their
components are): the needs they cover wait for them. A last bottom-up pass
times the ASAP orders after the orders that supply them, and computes for
every order the earliest end it can really have (an ALAP order that would
start before the start, or before its components are ready, ends later);
lateness is judged on that, for the supply each need actually received.

The Odoo layer loads :class:`Item`, :class:`WorkCenter` and
:class:`JobOrderLine` records in bulk, calls :func:`plan` and writes the
:class:`PlannedOrder` results in bulk.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from heapq import heappop, heappush

from .bom import Bom, BomCycleError, components, low_level_codes
from .calendar import CalendarError, WorkingCalendar, add_days
from .ledger import DEFERRED, Ledger, StockPosition
from .lots import round_quantity
from .quantities import EPSILON, clamp, qty
from .timing import Phase, schedule_alap, schedule_asap

DIRECTIONS = ("asap", "alap")
ORDER_TYPES = ("production", "purchase", "subcontract")
ALTERNATIVE_MODES = ("none", "when_short", "first")
# Times a run is planned again for job orders ATP finds late.
ATP_PASSES = 3

__all__ = [
    "BomCycleError",
    "Item",
    "JobOrderLine",
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
    """A routing operation (times in minutes, see :class:`~services.timing.Phase`).

    Phases run in ``sequence`` order (list order among equal sequences). An
    external phase (``is_external``) is done by the subcontractor
    ``partner_id``; it is timed like any other phase.
    """

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
    partner_id: int | None = None


@dataclass
class Item:
    """What the planner needs to know about one item.

    ``procurement`` is ``production``, ``purchase`` or ``subcontract``;
    ``phases`` the routing of its BOM (a BOM with ``phases`` of its own, such
    as a line's version, uses those); ``lead_days`` the manufacturing lead
    time (production timed without phases) or the vendor's / subcontractor's
    delay in calendar days, of which ``shipping_days`` are travel (FOB = end -
    shipping days). ``economic_lot`` and ``lot_multiple`` are the production
    lot sizes or the vendor's minimum and multiple. ``average_daily_usage`` and
    ``coverage_weeks`` give the coverage quantity; ``min_stock`` /
    ``reorder_level`` the stock kept (below the minimum, refilled up to the
    reorder level, or to the minimum without one). ``max_lot`` splits a lot
    above it into several orders (0 = no maximum); ``group_days`` overrides
    the run's grouping days for this item (None = the run's).
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
    max_lot: float = 0.0
    group_days: int | None = None


@dataclass
class JobOrderLine:
    """A job order line to plan, or any dated demand event.

    ``key`` names the demand (a job order line's id, or a document such as
    ``("sale.order.line", 11)``: covers and lateness refer to it);
    ``job_order_id`` is the job order it belongs to, 0 for demand no job order
    owns (MRP's). ``due`` is the due date (the end of that working day);
    ``bom`` overrides the item's BOM (the line's version); ``direction``
    overrides the run's.
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

    ``start`` is the ASAP start and the earliest moment an order can really
    start (UTC); ``calendar`` the company calendar used for due dates of
    orders without phases, for the day between levels (``separate``) and for
    lead days. ``max_levels`` is the number of levels planned (0 = all; 1 =
    only the job order items). ``group_days`` groups needs of one item within
    that many days of the first (0 = no grouping), due on the ``earliest`` or
    the ``latest`` of them; ``group_across`` lets a group cover several job
    orders. ``availability`` nets needs against the stock position
    (``at_date`` or ``minimum`` mode), from level 1 on unless
    ``first_level_availability``. ``workcenter_tolerance`` (percent, None =
    off) moves a phase to an alternative work center when its load would
    exceed capacity by more.
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
    use_max_lot: bool = True
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
    """A need a planned order covers: whose, for which parent, how much, when.

    ``need`` is when it is needed (None: as soon as possible); ``late``
    whether the order can really be there only after ``need``.
    """

    job_order_id: int
    demand_key: object
    parent_key: int | None
    quantity: float
    need: datetime | None = None
    late: bool = False


@dataclass
class PlannedOrder:
    """A planned order proposed by :func:`plan` (datetimes in UTC).

    ``job_order_id``, ``demand_key`` and ``parent_key`` come from the first
    need covered; ``covers`` lists every need it serves (its own group's and
    those served from what it has left). ``date_feasible`` is the earliest it
    can really end (its ``date_end`` unless it would start too early).
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
    date_feasible: datetime | None = None
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
    ``no_working_time``, ``bad_quantity``, ``no_item``, ``grouped_late`` (needs
    of a group due on its latest need served after they are needed; ``detail``
    their number; not skipped).
    """

    code: str
    product_id: int | None = None
    job_order_id: int | None = None
    detail: str = ""


@dataclass
class PlanResult:
    """Planned orders, warnings, late / overdue job orders and suggested dates.

    ``late``: job orders a line of which cannot be ready on time with the
    supply it received; ``suggested``: the day the job orders planned ASAP
    (ATP, or late ones) can be ready, per job order and per line
    (``suggested_lines``, by line key).
    """

    orders: list[PlannedOrder] = field(default_factory=list)
    warnings: list[PlanWarning] = field(default_factory=list)
    late: set[int] = field(default_factory=set)
    overdue: set[int] = field(default_factory=set)
    suggested: dict[int, date] = field(default_factory=dict)
    suggested_lines: dict[object, date] = field(default_factory=dict)
    atp: set[int] = field(default_factory=set)


@dataclass
class Need:
    """A quantity of an item a job order needs at a moment.

    ``moment`` is when it is needed (ALAP); None for ASAP needs, served from
    what is free at the start or from lots made as soon as possible.
    ``parent`` is the planned order that consumes it (None for a job order
    line); ``day`` the day grouping counts it on (ASAP: the line's due date).
    ``refill`` marks a need that only asks for the stock an item keeps: a lot
    is made for it even when nothing else is short (when the stock is low).
    """

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
    day: date
    bom: Bom | None = None
    refill: bool = False


class _Lots:
    """What the lots of one item have left, by end: who supplies a need (pegging).

    The ledger decides how much a need gets; this only tells which lots the
    quantity comes from (those ending at or before the need first), so the
    need is pegged to them and, planned as soon as possible, waits for them.
    """

    __slots__ = ("entries", "first", "left")

    def __init__(self):
        self.entries: list[list] = []  # [end timestamp, order, quantity left]
        self.first = 0
        self.left = 0.0

    def add(self, order: PlannedOrder, quantity: float, end: datetime) -> None:
        entry = [end.timestamp(), order, quantity]
        index = len(self.entries)
        while index > self.first and self.entries[index - 1][0] > entry[0]:
            index -= 1
        self.entries.insert(index, entry)
        self.left += quantity

    def peg(self, quantity: float, at: datetime) -> list[tuple[PlannedOrder, float]]:
        """Take ``quantity`` from the lots ending by ``at``, earliest first."""
        limit = at.timestamp()
        result = []
        index = self.first
        entries = self.entries
        while (
            quantity > EPSILON and index < len(entries) and entries[index][0] <= limit
        ):
            entry = entries[index]
            taken = min(entry[2], quantity)
            if taken > EPSILON:
                entry[2] = qty(entry[2] - taken)
                quantity -= taken
                self.left -= taken
                result.append((entry[1], qty(taken)))
            index += 1
        while self.first < len(entries) and entries[self.first][2] <= EPSILON:
            self.first += 1
        return result


class _Groups:
    """Needs of one item waiting for their lot: one open group per grouping key.

    A group takes the needs within ``group_days`` days of its first one; it is
    closed (its lot made) as soon as a need of the same direction comes later.
    """

    def __init__(self, planner: _Planner, item: Item):
        self.planner = planner
        self.item = item
        days = item.group_days
        self.days = planner.options.group_days if days is None else days
        self.open: dict[tuple, tuple[int, list]] = {}
        self.expiry: dict[str, list] = {direction: [] for direction in DIRECTIONS}
        self.count = 0

    def expire(self, need: Need) -> None:
        """Make the lots of the groups ``need`` comes too late for, so that what
        they leave is there when it is served."""
        heap = self.expiry[need.direction]
        while heap and heap[0][0] < need.day:
            _last, number, key = heappop(heap)
            current = self.open.get(key)
            if current is not None and current[0] == number:
                del self.open[key]
                self.planner._create_order(self.item, current[1])

    def add(self, need: Need, left: float) -> None:
        if self.days <= 0 and not self.planner.group_same_day:
            self.planner._create_order(self.item, [(need, left)])
            return
        key = self.planner._group_key(self.item, need)
        current = self.open.get(key)
        if current is not None:
            current[1].append((need, left))
            return
        self.count += 1
        self.open[key] = (self.count, [(need, left)])
        heappush(
            self.expiry[need.direction],
            (need.day + timedelta(days=self.days), self.count, key),
        )

    def close(self) -> None:
        for _number, group in sorted(self.open.values(), key=lambda g: g[0]):
            self.planner._create_order(self.item, group)
        self.open = {}


class _Planner:
    """One planning pass over all job order lines (see :func:`plan`)."""

    # Without grouping days, needs of one day still share a lot (MRP's periods).
    group_same_day = False

    def __init__(self, items, workcenters, lines, options, position, reserved):
        self.items: dict[int, Item] = items
        self.workcenters: dict[int, WorkCenter] = workcenters
        self.lines: list[JobOrderLine] = lines
        self.options: PlanOptions = options
        self.reserved: dict[tuple[int, int, int], float] = defaultdict(float)
        for supply in reserved or ():
            key = (supply.job_order_id, supply.warehouse_id, supply.product_id)
            self.reserved[key] += supply.quantity
        self.ledger = Ledger(
            position if options.availability else None, options.availability_mode
        )
        self.orders: list[PlannedOrder] = []
        self.warnings: list[PlanWarning] = []
        self.needs: dict[int, list[Need]] = defaultdict(list)
        self.dated: dict[tuple[int, int], _Lots] = {}
        self.deferred: dict[tuple[int, int], _Lots] = {}
        self.order_bom: dict[int, Bom | None] = {}
        self.order_day: dict[int, date] = {}
        self.taken: dict[int, float] = {}
        self.load: dict[tuple[int, date], float] = {}
        self.capacity: dict[int, dict[date, float]] = {}
        self.failed: set[int] = set()
        self._routings: dict[int, list[PhaseSpec]] = {}
        # Moments repeat (needs of one day, lead times of one item): their
        # local days and shifted moments are worked out once.
        self._days: dict[datetime, date] = {}
        self._shifted: dict[tuple[datetime, float], datetime] = {}
        self.names = {item.product_id: item.name for item in items.values()}
        self.kits = {
            item.product_id: item.bom
            for item in items.values()
            if item.bom is not None and item.bom.phantom
        }
        boms = [item.bom for item in items.values() if item.bom is not None]
        boms += [line.bom for line in lines if line.bom is not None]
        self.codes = low_level_codes(boms, self.names)

    # --- helpers ----------------------------------------------------------
    def warn(self, code, product_id=None, job_order_id=None, detail=""):
        self.warnings.append(PlanWarning(code, product_id, job_order_id, detail))

    def _day(self, moment: datetime) -> date:
        day = self._days.get(moment)
        if day is None:
            day = self._days[moment] = moment.astimezone(
                self.options.calendar.tz
            ).date()
        return day

    def _add_days(self, moment: datetime, days: float) -> datetime:
        """``moment`` moved by ``days`` local calendar days (:func:`add_days`)."""
        key = (moment, days)
        shifted = self._shifted.get(key)
        if shifted is None:
            shifted = self._shifted[key] = add_days(
                moment, days, self.options.calendar.tz
            )
        return shifted

    def _at(self, need: Need) -> datetime:
        """The moment a need is served at: its own (ALAP) or the start (ASAP)."""
        return need.moment if need.direction == "alap" else self.options.start

    def _firm(self, need: Need) -> bool:
        """Whether a need considers the stock position (else only the run's lots)."""
        options = self.options
        return (
            not options.availability
            or need.level > 0
            or options.first_level_availability
        )

    def _routing(self, item: Item, bom: Bom | None) -> list[PhaseSpec]:
        """The phases an order of ``item`` made with ``bom`` runs, in sequence."""
        if item.procurement != "production" or not self.options.phases:
            return []
        specs = (
            bom.phases if bom is not None and bom.phases is not None else item.phases
        )
        routing = self._routings.get(id(specs))
        if routing is None:
            routing = self._routings[id(specs)] = sorted(
                specs, key=lambda spec: spec.sequence
            )
        return routing

    def _finishing_calendar(self, item: Item, bom: Bom | None) -> WorkingCalendar:
        routing = self._routing(item, bom)
        if routing:
            workcenter = self.workcenters.get(routing[-1].workcenter_id)
            if workcenter is not None and not workcenter.calendar.is_empty:
                return workcenter.calendar
        return self.options.calendar

    def _phase_list(self, specs, workcenter_of):
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

    # --- timing -----------------------------------------------------------
    def _time(self, order, item, bom, anchor: datetime, direction: str) -> None:
        """Time ``order`` from ``anchor``: its start (ASAP) or its end (ALAP)."""
        specs = self._routing(item, bom) if order.order_type == "production" else []
        if specs:
            workcenter_of = {}
            timed = self._time_phases(order, specs, anchor, direction, workcenter_of)
            balance = self.options.workcenter_tolerance is not None
            if balance and self._balance(specs, timed, workcenter_of):
                timed = self._time_phases(
                    order, specs, anchor, direction, workcenter_of
                )
            order.phases = [
                PlannedPhase(
                    key=t.key,
                    sequence=spec.sequence,
                    name=spec.name,
                    workcenter_id=workcenter_of.get(t.key, spec.workcenter_id),
                    time_setup=t.time_setup,
                    time_run=t.time_run,
                    date_start=t.date_start,
                    date_end=t.date_end,
                    spec=spec,
                )
                for spec, t in zip(specs, timed, strict=True)
            ]
            order.date_start = timed[0].date_start
            order.date_end = timed[-1].date_end
            self._add_load(order.phases)
        else:
            order.date_start, order.date_end = self._lead_time(item, anchor, direction)
        if order.order_type == "purchase":
            order.date_eta = order.date_end
            order.date_fob = self._add_days(
                order.date_end, -(item.shipping_days or 0.0)
            )
            order.date_fob = max(order.date_fob, order.date_start)
        starts = {phase.key: phase.date_start for phase in order.phases}
        for material in order.materials:
            material.date_use = starts.get(material.phase_key, order.date_start)

    def _lead_time(self, item, anchor, direction):
        """Start and end of an order timed on its lead days (local calendar days)."""
        days = item.lead_days or 0.0
        if direction == "asap":
            return anchor, self._add_days(anchor, days)
        return self._add_days(anchor, -days), anchor

    def _time_phases(self, order, specs, anchor, direction, workcenter_of):
        phases = self._phase_list(specs, workcenter_of)
        if direction == "asap":
            return schedule_asap(phases, order.quantity, anchor)
        return schedule_alap(phases, order.quantity, anchor)

    def _feasible_end(self, order: PlannedOrder, ready: datetime) -> datetime:
        """When ``order`` ends if started as soon as ``ready`` allows (no change)."""
        item = self.items[order.product_id]
        specs = self._routing(item, self.order_bom.get(order.key))
        if order.order_type == "production" and specs:
            workcenter_of = {phase.key: phase.workcenter_id for phase in order.phases}
            timed = self._time_phases(order, specs, ready, "asap", workcenter_of)
            return timed[-1].date_end
        return self._lead_time(item, ready, "asap")[1]

    def _phase_days(self, workcenter_id, start, end):
        calendar = self.workcenters[workcenter_id].calendar
        day = start.astimezone(calendar.tz).date()
        last = end.astimezone(calendar.tz).date()
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

    def _balance(self, specs, timed, workcenter_of) -> bool:
        """Move phases over the tolerance to the least loaded alternative."""
        limit = 1 + (self.options.workcenter_tolerance or 0.0) / 100.0
        moved = False
        for spec, t in zip(specs, timed, strict=True):
            main = self.workcenters.get(spec.workcenter_id)
            if main is None or not main.alternatives:
                continue
            days = self._phase_days(spec.workcenter_id, t.date_start, t.date_end)
            best_ratio = self._ratio(spec.workcenter_id, days)
            if best_ratio <= limit + EPSILON:
                continue
            best = None
            for alternative in main.alternatives:
                other = self.workcenters.get(alternative)
                if other is None or other.calendar.is_empty:
                    continue
                ratio = self._ratio(alternative, days)
                if ratio < best_ratio - EPSILON:
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

    # --- needs ------------------------------------------------------------
    def _top_needs(self) -> None:
        options = self.options
        start_day = self._day(options.start)
        for line in self.lines:
            item = self.items.get(line.product_id)
            if item is None:
                self.warn("no_item", line.product_id, line.job_order_id)
                continue
            if line.quantity <= 0:
                self.warn("bad_quantity", line.product_id, line.job_order_id)
                continue
            direction = line.direction or options.direction
            moment = None
            if direction == "alap" and line.due is None:
                direction = "asap"
            if direction == "alap":
                try:
                    moment = self._finishing_calendar(item, line.bom).end_of_day(
                        line.due
                    )
                except CalendarError as error:
                    self.warn(
                        "no_working_time",
                        line.product_id,
                        line.job_order_id,
                        str(error),
                    )
                    continue
            self.needs[line.product_id].append(
                Need(
                    product_id=line.product_id,
                    warehouse_id=line.warehouse_id,
                    quantity=line.quantity,
                    moment=moment,
                    job_order_id=line.job_order_id,
                    demand_key=line.key,
                    parent=None,
                    level=0,
                    direction=direction,
                    priority=line.priority,
                    day=self._day(moment) if moment else (line.due or start_day),
                    bom=line.bom,
                )
            )

    def _group_key(self, item: Item, need: Need) -> tuple:
        bom = need.bom or item.bom
        return (
            need.warehouse_id,
            need.direction,
            bom.key if bom is not None else None,
            None if self.options.group_across else need.job_order_id,
        )

    def _set_thresholds(self, item: Item, sites: set[int]) -> None:
        options = self.options
        keep = target = 0.0
        if options.availability and options.use_min_stock:
            keep = item.min_stock
            target = max(item.min_stock, item.reorder_level)
        if options.use_coverage and item.coverage_weeks > 0:
            coverage = item.coverage_weeks * 7 * item.average_daily_usage
            keep += coverage
            target += coverage
        if keep > EPSILON or target > EPSILON:
            for site in sites:
                self.ledger.set_threshold(site, item.product_id, keep, target)

    def _serve(self, need: Need) -> float:
        """Serve ``need`` from reserved supply and the ledger; return what is left."""
        left = need.quantity
        reserved = (need.job_order_id, need.warehouse_id, need.product_id)
        if self.reserved.get(reserved, 0.0) > EPSILON:
            taken = min(left, self.reserved[reserved])
            self.reserved[reserved] -= taken
            left -= taken
        if left <= EPSILON:
            return 0.0
        site, product_id = need.warehouse_id, need.product_id
        firm = self._firm(need)
        left -= self._take(need, left, self._at(need), firm)
        lots = self.deferred.get((site, product_id))
        if need.direction == "asap" and left > EPSILON and lots and lots.left > EPSILON:
            taken = self.ledger.take(
                site, product_id, min(left, lots.left), DEFERRED, firm
            )
            if taken:
                self._cover(lots, need, taken, DEFERRED)
                left -= taken
        return clamp(left)

    def _take(self, need: Need, quantity: float, at, firm: bool = True) -> float:
        """Take from the ledger for ``need`` at ``at``; return what it got.

        What stays free without what the run's lots left is stock and is taken
        first; only the rest is pegged to the lots (the need then depends on
        them).
        """
        site, product_id = need.warehouse_id, need.product_id
        lots = self.dated.get((site, product_id))
        stock = 0.0
        free = None
        if lots is not None and lots.left > EPSILON:
            free = self.ledger.free(site, product_id, at, firm)
            stock = max(free - lots.left, 0.0)
        taken = self.ledger.take(site, product_id, quantity, at, firm, free)
        if taken > stock + EPSILON:
            self._cover(lots, need, taken - stock, at)
        return taken

    def _cover(self, lots: _Lots | None, need: Need, quantity: float, at) -> None:
        """Peg what ``need`` took to the lots it comes from (none: stock)."""
        if lots is None:
            return
        for order, taken in lots.peg(quantity, at):
            order.covers.append(
                Cover(
                    need.job_order_id,
                    need.demand_key,
                    need.parent.key if need.parent else None,
                    taken,
                    need.moment,
                )
            )

    def _check_item(self, item: Item, group, bom: Bom | None) -> bool:
        code = None
        if item.procurement == "production" and bom is None:
            code = "no_bom"
        elif item.procurement == "purchase" and not item.partner_id:
            code = "no_vendor"
        elif item.procurement == "subcontract" and not item.partner_id:
            code = "no_subcontractor"
        if code is None:
            return True
        for job_order_id in dict.fromkeys(need.job_order_id for need, _left in group):
            self.warn(code, item.product_id, job_order_id)
        return False

    def _plan_item(self, product_id: int) -> None:
        item = self.items.get(product_id)
        needs = self.needs.pop(product_id, [])
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
                self._at(n),
                n.day,
                -n.priority,
                n.job_order_id,
                str(n.demand_key),
            )
        )
        moments = defaultdict(set)
        for need in needs:
            moments[need.warehouse_id].add(self._at(need))
        self._set_thresholds(item, set(moments))
        for site, site_moments in moments.items():
            self.ledger.declare(site, product_id, site_moments)
        groups = _Groups(self, item)
        may_order = self._may_order(item)
        for need in needs:
            groups.expire(need)
            left = self._serve(need)
            if may_order and (left > EPSILON or need.refill):
                groups.add(need, left)
        groups.close()

    def _may_order(self, item: Item) -> bool:
        """Whether the run makes planned orders of ``item`` (else it only nets)."""
        return item.procurement in self.options.order_types

    # --- orders -----------------------------------------------------------
    def _create_order(self, item: Item, group: list[tuple[Need, float]]) -> None:
        options = self.options
        first = group[0][0]
        bom = first.bom or item.bom
        if not self._check_item(item, group, bom):
            return
        production = item.procurement == "production"
        if production and options.phases and not self._routing(item, bom):
            self.warn("no_routing", item.product_id, first.job_order_id)
        alap = first.direction == "alap"
        needed = qty(sum(left for _need, left in group))
        site = first.warehouse_id
        if alap:
            moments = [need.moment for need, _left in group]
            due = min(moments) if options.group_anchor == "earliest" else max(moments)
        else:
            due = options.start
        # Kept stock and shortages are measured where the lot is received: an
        # ASAP lot's end is not known yet, it counts with the earlier ASAP lots.
        receipt_at = due if alap else DEFERRED
        extra = self.ledger.refill(site, item.product_id, receipt_at)
        if options.negative_availability and options.availability and self._firm(first):
            extra += self.ledger.shortage(site, item.product_id, receipt_at)
        if needed + extra <= EPSILON:
            return
        for part, quantity in self._split_lot(item, group, needed + extra):
            self._make_order(item, part, quantity, bom, due)

    def _split_lot(self, item: Item, group, quantity: float):
        """The lots that cover ``quantity`` and the needs of ``group`` each serves.

        One lot rounded by the economic lot and the multiple; above the item's
        maximum lot, lots of the maximum and a last one of the rest (rounded,
        never above the maximum). Needs are served in order, a need split over
        two lots when it does not fit the first.
        """
        options = self.options

        def rounded(value):
            return round_quantity(
                value,
                item.economic_lot,
                item.lot_multiple,
                use_lot=options.use_lot,
                use_multiple=options.use_multiple,
            )

        maximum = item.max_lot if options.use_max_lot else 0.0
        total = rounded(quantity)
        if maximum <= EPSILON or total <= maximum + EPSILON:
            return [(group, total)]
        sizes = []
        rest = quantity
        while rest > maximum + EPSILON:
            sizes.append(qty(maximum))
            rest -= maximum
        if rest > EPSILON:
            sizes.append(min(rounded(rest), qty(maximum)))
        lots = []
        pending = [[need, left] for need, left in group]
        index = 0
        for size in sizes:
            part, room = [], size
            while index < len(pending) and room > EPSILON:
                need, left = pending[index]
                served = min(left, room)
                if served > EPSILON:
                    part.append((need, qty(served)))
                room -= served
                pending[index][1] = left - served
                if pending[index][1] <= EPSILON:
                    index += 1
            # A lot kept only for the stock still needs a need to belong to.
            lots.append((part or [(group[-1][0], 0.0)], size))
        return lots

    def _make_order(self, item, group, quantity, bom, due) -> None:
        """Create the planned order of ``quantity`` for ``group``, due at ``due``."""
        options = self.options
        first = group[0][0]
        alap = first.direction == "alap"
        site = first.warehouse_id
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
            warehouse_id=site,
            partner_id=item.partner_id if item.procurement != "production" else None,
            bom_key=bom.key
            if bom is not None and item.procurement != "purchase"
            else None,
            priority=max(need.priority for need, _left in group),
            direction=first.direction,
        )
        if item.procurement != "purchase" and bom is not None:
            order.materials = self._materials(order, bom)
        if alap:
            try:
                self._time(order, item, bom, due, "alap")
            except CalendarError as error:
                self.warn(
                    "no_working_time", item.product_id, first.job_order_id, str(error)
                )
                return
        self.orders.append(order)
        self.order_bom[order.key] = bom
        self.order_day[order.key] = first.day
        self._receive(order, group, due)
        if options.availability:
            self._apply_availability(order)
        self._child_needs(order)

    def _receive(self, order, group: list[tuple[Need, float]], due) -> None:
        """The ledger receives the lot and issues what its own needs use.

        A need the lot comes too late for (a group due on its latest need) is
        served at the group's due moment, after the lot.
        """
        alap = order.direction == "alap"
        receipt = order.date_end if alap else DEFERRED
        site, product_id = order.warehouse_id, order.product_id
        self.ledger.receive(site, product_id, order.quantity, receipt)
        late = 0
        for need, left in group:
            if left <= EPSILON:
                continue
            at = self._at(need)
            if alap and at < receipt:
                late += 1
            self.ledger.issue(site, product_id, left, max(at, due) if alap else receipt)
            order.covers.append(
                Cover(
                    need.job_order_id,
                    need.demand_key,
                    need.parent.key if need.parent else None,
                    left,
                    need.moment,
                )
            )
        if late:
            self.warn("grouped_late", product_id, order.job_order_id, str(late))
        leftover = order.quantity - sum(left for _need, left in group)
        if leftover > EPSILON:
            lots = (self.dated if alap else self.deferred).setdefault(
                (site, product_id), _Lots()
            )
            lots.add(order, qty(leftover), receipt)

    def _materials(self, order: PlannedOrder, bom: Bom) -> list[PlannedMaterial]:
        per_unit = order.quantity or 1.0
        return [
            PlannedMaterial(
                product_id=requirement.product_id,
                quantity=requirement.quantity,
                qty_per_unit=qty(requirement.quantity / per_unit),
                phase_key=requirement.operation_key,
                alternatives=requirement.alternatives,
            )
            for requirement in components(bom, order.quantity, self.kits)
        ]

    def _apply_availability(self, order: PlannedOrder) -> None:
        """Availability at usage on each material; alternatives from the ledger.

        With alternatives ``when_short`` a material takes what is free of its
        own item first (booked now, so a later order sees the promise) and the rest
        from its alternatives' free stock, in priority order; with ``first``
        the alternatives come first. What stays uncovered becomes the need of
        the material's own item.
        """
        options = self.options
        ledger = self.ledger
        site = order.warehouse_id
        lines = []
        for material in order.materials:
            at = material.date_use if order.direction == "alap" else options.start
            free = ledger.free(site, material.product_id, at)
            material.qty_available = free
            lines.append(material)
            if options.alternatives == "none" or not material.alternatives:
                continue
            left = material.quantity
            if options.alternatives == "when_short":
                # Booked now: the next order sees what this one promised.
                need = self._material_need(
                    order,
                    material,
                    left,
                    at if order.direction == "alap" else None,
                    self.order_day[order.key],
                )
                own = self._take(need, left, at)
                if own:
                    self.taken[id(material)] = own
                    left -= own
            covered = 0.0
            for product_id, ratio in material.alternatives:
                if left <= EPSILON or ratio <= 0:
                    break
                alt_free = ledger.free(site, product_id, at)
                taken = ledger.take(site, product_id, min(alt_free, left * ratio), at)
                if taken <= EPSILON:
                    continue
                lines.append(
                    PlannedMaterial(
                        product_id=product_id,
                        quantity=taken,
                        qty_per_unit=qty(taken / (order.quantity or 1.0)),
                        phase_key=material.phase_key,
                        date_use=material.date_use,
                        qty_available=alt_free,
                        is_alternative=True,
                    )
                )
                left -= taken / ratio
                covered += taken / ratio
            material.quantity = qty(material.quantity - covered)
            material.qty_per_unit = qty(material.quantity / (order.quantity or 1.0))
            if material.quantity <= EPSILON:
                lines.remove(material)
                self.taken.pop(id(material), None)
        order.materials = lines

    def _material_need(self, order, material, quantity, moment, day) -> Need:
        """The need of ``order`` for ``quantity`` of ``material``'s item."""
        return Need(
            product_id=material.product_id,
            warehouse_id=order.warehouse_id,
            quantity=qty(quantity),
            moment=moment,
            job_order_id=order.job_order_id,
            demand_key=order.demand_key,
            parent=order,
            level=order.level + 1,
            direction=order.direction,
            priority=order.priority,
            day=day,
        )

    def _child_needs(self, order: PlannedOrder) -> None:
        options = self.options
        if options.max_levels and order.level + 1 >= options.max_levels:
            return
        for material in order.materials:
            quantity = material.quantity - self.taken.pop(id(material), 0.0)
            if quantity <= EPSILON or material.is_alternative:
                continue
            moment = None
            day = self.order_day[order.key]
            if order.direction == "alap":
                moment = material.date_use or order.date_start
                if options.separate:
                    previous = self._day(moment) - timedelta(days=1)
                    try:
                        moment = options.calendar.end_of_day(previous)
                    except CalendarError as error:
                        self.warn(
                            "no_working_time",
                            material.product_id,
                            order.job_order_id,
                            str(error),
                        )
                        continue
                day = self._day(moment)
            self.needs[material.product_id].append(
                self._material_need(order, material, quantity, moment, day)
            )

    # --- bottom-up --------------------------------------------------------
    def _available(self, order: PlannedOrder) -> datetime:
        """When what ``order`` makes can be used: its feasible end (next working
        day with ``separate``)."""
        options = self.options
        moment = order.date_feasible
        if not options.separate:
            return moment
        try:
            day = options.calendar.next_working_day(self._day(moment))
            return options.calendar.add_minutes(
                datetime.combine(day, datetime.min.time(), options.calendar.tz), 0
            )
        except CalendarError as error:
            self.warn(
                "no_working_time", order.product_id, order.job_order_id, str(error)
            )
            return moment

    def _settle(self) -> None:
        """Bottom-up: time ASAP orders after their supply; feasible end of all.

        An ALAP order keeps its dates; when it would start before the start,
        or a supplier of it can only end after the moment it needs it, its
        feasible end is where it would end started as soon as possible.
        """
        options = self.options
        suppliers: dict[int, list[tuple[PlannedOrder, Cover]]] = defaultdict(list)
        for order in self.orders:
            for cover in order.covers:
                if cover.parent_key is not None:
                    suppliers[cover.parent_key].append((order, cover))
        ordered = sorted(
            self.orders,
            key=lambda o: (-self.codes.get(o.product_id, 0), -o.level, o.key),
        )
        for order in ordered:
            if order.key in self.failed:
                continue
            ready = options.start
            on_time = True
            for supplier, cover in suppliers.get(order.key, ()):
                if supplier.key in self.failed or supplier.date_feasible is None:
                    continue
                ready = max(ready, self._available(supplier))
                if cover.need is not None and supplier.date_feasible > cover.need:
                    on_time = False
            item = self.items[order.product_id]
            if order.direction == "asap":
                try:
                    self._time(order, item, self.order_bom[order.key], ready, "asap")
                except CalendarError as error:
                    self.warn(
                        "no_working_time",
                        order.product_id,
                        order.job_order_id,
                        str(error),
                    )
                    self._fail(order)
                    continue
                order.date_feasible = order.date_end
            elif on_time and order.date_start >= options.start:
                order.date_feasible = order.date_end
            else:
                try:
                    end = self._feasible_end(order, ready)
                except CalendarError:
                    end = DEFERRED  # not within the calendars at all: late
                order.date_feasible = max(order.date_end, end)

    def _fail(self, order: PlannedOrder) -> None:
        """Drop an order that cannot be timed, and every order below it."""
        children = defaultdict(list)
        for other in self.orders:
            if other.parent_key is not None:
                children[other.parent_key].append(other.key)
        todo = [order.key]
        while todo:
            key = todo.pop()
            if key in self.failed:
                continue
            self.failed.add(key)
            todo.extend(children.get(key, ()))

    def run(self) -> list[PlannedOrder]:
        """Plan every line; return the planned orders."""
        self._top_needs()
        code = None
        for product_id in sorted(
            set(self.codes) | set(self.needs),
            key=lambda p: (self.codes.get(p, 0), p),
        ):
            if self.codes.get(product_id, 0) != code:
                if code is not None:
                    self._code_done()
                code = self.codes.get(product_id, 0)
            if product_id in self.needs:
                self._plan_item(product_id)
        self._code_done()
        self._settle()
        orders = [order for order in self.orders if order.key not in self.failed]
        if not self.options.materials:
            for order in orders:
                order.materials = []
        return orders

    def _code_done(self) -> None:
        """Hook: every item of a low-level code is netted (the next code's
        items only get needs from the orders made so far)."""

    # --- results ----------------------------------------------------------
    def deliveries(self, orders: list[PlannedOrder]) -> dict[object, datetime]:
        """When each line's own supply is really there (lines with planned orders)."""
        result: dict[object, datetime] = {}
        for order in orders:
            for cover in order.covers:
                if cover.parent_key is None and order.date_feasible is not None:
                    moment = result.get(cover.demand_key, order.date_feasible)
                    result[cover.demand_key] = max(moment, order.date_feasible)
        return result

    def late(self, orders: list[PlannedOrder]) -> set[int]:
        """Job orders a line of which cannot be ready on time (covers marked late)."""
        by_key = {line.key: line for line in self.lines}
        late = set()
        for order in orders:
            for cover in order.covers:
                if order.date_feasible is None:
                    continue
                if cover.need is not None:
                    cover.late = order.date_feasible > cover.need
                if cover.parent_key is not None:
                    continue
                line = by_key.get(cover.demand_key)
                if line is None:
                    continue
                if cover.need is None and line.due is not None:
                    item = self.items[line.product_id]
                    calendar = self._finishing_calendar(item, line.bom)
                    day = order.date_feasible.astimezone(calendar.tz).date()
                    cover.late = day > line.due
                if cover.late:
                    late.add(cover.job_order_id)
        return late


@contextmanager
def _collector_paused():
    """Pause Python's cycle collector while a run builds its objects.

    A run keeps hundreds of thousands of live objects (needs, orders, covers)
    and creates no garbage cycles; the collector would scan all of them again
    and again, making the run grow faster than its input. Reference counting
    still frees everything as usual; collection resumes when the run ends.
    The collector is the interpreter's: in a threaded server other requests
    collect no cycles for those seconds either (nothing is lost, only delayed).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def plan(
    items: dict[int, Item],
    workcenters: dict[int, WorkCenter],
    lines: list[JobOrderLine],
    options: PlanOptions,
    position: StockPosition | None = None,
    reserved: list[Reserved] | None = None,
) -> PlanResult:
    """Plan job order ``lines`` into planned orders (SPEC §6).

    ``items`` holds every item that may be needed (the lines' items and their
    components, by product id); ``position`` the firm stock position keyed by
    ``(warehouse_id, product_id)``; ``reserved`` the supply re-planning keeps
    for a job order. A job order a line of which cannot be ready on time with
    the supply it gets is late; with ``options.atp`` its lines are planned
    again ASAP from the start (up to :data:`ATP_PASSES` times, as long as new
    job orders turn late) and get a suggested date. Raises
    :class:`~services.bom.BomCycleError` naming a BOM cycle (nothing planned).
    """
    with _collector_paused():
        return _plan(items, workcenters, lines, options, position, reserved)


def _plan(items, workcenters, lines, options, position, reserved) -> PlanResult:
    planner = _Planner(items, workcenters, lines, options, position, reserved)
    orders = planner.run()
    late = planner.late(orders)
    atp: set[int] = set()
    for _attempt in range(ATP_PASSES):
        alap = {
            line.job_order_id
            for line in lines
            if (line.direction or options.direction) == "alap"
        }
        new = (late & alap) - atp
        if not (options.atp and new):
            break
        atp |= new
        lines = [
            replace(line, direction="asap") if line.job_order_id in atp else line
            for line in lines
        ]
        planner = _Planner(items, workcenters, lines, options, position, reserved)
        orders = planner.run()
        late = planner.late(orders)
    result = PlanResult(orders=orders, warnings=planner.warnings, late=late, atp=atp)
    today = planner._day(options.start)
    for line in lines:
        if line.due is not None and line.due < today:
            result.overdue.add(line.job_order_id)
    deliveries = planner.deliveries(orders)
    for line in lines:
        direction = line.direction or options.direction
        if direction != "asap" or not (line.job_order_id in atp | late):
            continue
        item = items.get(line.product_id)
        if item is None:
            continue
        moment = deliveries.get(line.key, options.start)
        calendar = planner._finishing_calendar(item, line.bom)
        day = moment.astimezone(calendar.tz).date()
        result.suggested_lines[line.key] = day
        job = line.job_order_id
        result.suggested[job] = max(result.suggested.get(job, day), day)
    return result
