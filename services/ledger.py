# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The time-phased ledger: the one place where availability is decided.

One ledger per site and item holds, at the moment each becomes real:

* **firm** events, loaded from the database into a :class:`StockPosition`: the
  on hand (at :data:`FIRST`), dated incoming and outgoing stock moves, open
  purchase lines, open job orders, planned orders of other job orders;
* **run** events, added by the procedure using the ledger: every lot it plans
  (a receipt of its whole quantity at its end) and every quantity it books for
  a need (an issue at the moment of use).

A need asks :meth:`Ledger.take` for a quantity at a moment and gets at most what
*stays free*: in ``minimum`` mode the lowest projected available from that
moment to the end (SPEC §5), so a receipt covers only needs at or after it and
a later promise is never broken; in ``at_date`` mode the projected available
at that moment, firm issues after it ignored but every booking of the run
counted, so no unit is ever issued twice. What a lot's own needs leave of it
simply stays in the ledger for later needs.

Minimum stock and the refill target (reorder level) are thresholds of an item's
ledger (:meth:`Ledger.set_threshold`): a need never takes the stock kept, and
:meth:`Ledger.refill` says how much a new lot adds to bring the free stock back
to the target.

Moments are timezone-aware datetimes (UTC). Each item keeps its moments as
sorted *slots* and, per view, a tree of prefix sums and minimum prefix sums
over them, so a query or a booking costs O(log n). The moments a procedure will
use are declared first (:meth:`Ledger.declare`: a rebuild, once per item and
pass); an undeclared moment is rounded to the safe side (a receipt to the next
slot, an issue or a query to the previous one), so the ledger may offer less
than exists, never more. :data:`DEFERRED` is the last slot: the moment of lots
whose end is not known yet (timed later, as soon as possible); only needs that
are pegged to them and wait for them book there.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .quantities import EPSILON, qty

MODES = ("minimum", "at_date")
# The moment of the on hand, before every dated event.
FIRST = datetime.min.replace(tzinfo=UTC)
# The moment of receipts whose date is not known yet, after every dated event.
DEFERRED = datetime.max.replace(tzinfo=UTC)

_INF = float("inf")
_FIRST_KEY = FIRST.timestamp()
_DEFERRED_KEY = DEFERRED.timestamp()

# Kinds of event and which views count them: firm receipts, firm issues, run
# receipts and the bookings of needs that do not consider the stock position,
# bookings of needs that do.
_FIRM_RECEIPT, _FIRM_ISSUE, _RUN, _RUN_FIRM = 0, 1, 2, 3
_VIEWS = {
    # Everything: what is physically projected.
    "total": (True, True, True, True),
    # Firm issues left out: "at the need date" ignores later firm issues.
    "hard": (True, False, True, True),
    # The run's own lots and what needs blind to the stock position took.
    "run": (False, False, True, False),
}

# A site and an item.
Key = tuple[int, int]


@dataclass(frozen=True)
class StockEvent:
    """A dated stock movement: ``quantity > 0`` a receipt, ``< 0`` an issue."""

    moment: datetime
    quantity: float
    reference: str = ""


@dataclass
class StockPosition:
    """Firm on hand and dated events of many items, keyed by ``(site, item)``.

    Quantities are in the item's own unit. ``tz`` is the time zone days are
    counted in (:meth:`end_of_day`, :meth:`day_of`).
    """

    on_hand: dict[Key, float] = field(default_factory=dict)
    events: dict[Key, list[StockEvent]] = field(default_factory=dict)
    tz: str = "UTC"

    def add_on_hand(self, warehouse_id: int, product_id: int, quantity: float) -> None:
        """Add ``quantity`` to the on hand of the item on the site."""
        key = (warehouse_id, product_id)
        self.on_hand[key] = self.on_hand.get(key, 0.0) + quantity

    def add_event(
        self,
        warehouse_id: int,
        product_id: int,
        moment: datetime,
        quantity: float,
        reference: str = "",
    ) -> None:
        """Record a receipt (``quantity > 0``) or an issue (``< 0``) at ``moment``."""
        if not quantity:
            return
        if moment.tzinfo is None:
            raise ValueError(f"{moment!r} has no time zone; the ledger works in UTC")
        self.events.setdefault((warehouse_id, product_id), []).append(
            StockEvent(moment=moment, quantity=quantity, reference=reference)
        )

    def item_events(
        self, warehouse_ids: list[int], product_id: int
    ) -> tuple[float, list[StockEvent]]:
        """On hand and events of one item over several sites, events sorted."""
        on_hand = 0.0
        events: list[StockEvent] = []
        for warehouse_id in warehouse_ids:
            on_hand += self.on_hand.get((warehouse_id, product_id), 0.0)
            events.extend(self.events.get((warehouse_id, product_id), ()))
        events.sort(key=lambda event: event.moment)
        return qty(on_hand), events

    def end_of_day(self, day: date) -> datetime:
        """The last instant of local ``day`` (UTC): a need *on* a day sees it all."""
        zone = ZoneInfo(self.tz)
        start = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
        return start.astimezone(UTC) - timedelta(microseconds=1)

    def day_of(self, moment: datetime) -> date:
        """The local day of ``moment``."""
        return moment.astimezone(ZoneInfo(self.tz)).date()


class _Tree:
    """Prefix sums and minimum prefix sums of values over slots, point updates.

    ``prefix(i)`` is the sum of values ``0..i`` (the projected available at slot
    ``i``); ``min_from(i)`` the lowest ``prefix(j)`` for ``j >= i``. Both and
    ``add`` cost O(log n).
    """

    __slots__ = ("mins", "size", "sums")

    def __init__(self, values: list[float]):
        size = 1
        while size < len(values):
            size *= 2
        sums = [0.0] * (2 * size)
        mins = [_INF] * (2 * size)
        sums[size : size + len(values)] = values
        mins[size : size + len(values)] = values
        for node in range(size - 1, 0, -1):
            left = 2 * node
            total = sums[left]
            sums[node] = total + sums[left + 1]
            right = total + mins[left + 1]
            mins[node] = mins[left] if mins[left] < right else right  # noqa: FURB136
        self.size, self.sums, self.mins = size, sums, mins

    def add(self, index: int, quantity: float) -> None:
        sums, mins = self.sums, self.mins
        node = index + self.size
        sums[node] += quantity
        mins[node] = sums[node]
        node >>= 1
        while node:
            left = 2 * node
            total = sums[left]
            sums[node] = total + sums[left + 1]
            right = total + mins[left + 1]
            mins[node] = mins[left] if mins[left] < right else right  # noqa: FURB136
            node >>= 1

    def prefix(self, index: int) -> float:
        sums = self.sums
        node = index + self.size
        total = sums[node]
        while node > 1:
            if node & 1:
                total += sums[node - 1]
            node >>= 1
        return total

    def min_from(self, index: int) -> float:
        if index >= self.size:
            return _INF
        sums, mins = self.sums, self.mins
        node = index + self.size
        before = 0.0
        running, lowest = sums[node], mins[node]
        while node > 1:
            if node & 1:
                before += sums[node - 1]
            else:
                candidate = running + mins[node + 1]
                if candidate < lowest:  # noqa: PLR1730 (hot path)
                    lowest = candidate
                running += sums[node + 1]
            node >>= 1
        return before + lowest


class _ItemLedger:
    """The events of one site and item, their slots and one tree per view."""

    __slots__ = ("at_date", "events", "has_firm", "slots", "trees")

    def __init__(self, on_hand: float, events: list[StockEvent], at_date: bool):
        self.events: list[tuple[float, float, int]] = []
        if on_hand:
            self.events.append((_FIRST_KEY, on_hand, _FIRM_RECEIPT))
        for event in events:
            kind = _FIRM_RECEIPT if event.quantity > 0 else _FIRM_ISSUE
            self.events.append((event.moment.timestamp(), event.quantity, kind))
        self.has_firm = bool(self.events)
        self.slots = sorted(
            {_FIRST_KEY, _DEFERRED_KEY, *(key for key, _q, _k in self.events)}
        )
        self.at_date = at_date
        self.trees: dict[str, _Tree] = {}

    def tree(self, view: str) -> _Tree:
        tree = self.trees.get(view)
        if tree is None:
            counted = _VIEWS[view]
            deltas = [0.0] * len(self.slots)
            for key, quantity, kind in self.events:
                if counted[kind]:
                    deltas[self.index(key, quantity)] += quantity
            tree = self.trees[view] = _Tree(deltas)
        return tree

    def index(self, key: float, quantity: float) -> int:
        """The slot of an event: its own, else the next (receipt) or previous."""
        slots = self.slots
        position = bisect_left(slots, key)
        if slots[position] == key or quantity > 0:
            return position
        return position - 1

    def floor(self, key: float) -> int:
        """The slot a query at ``key`` reads: its own, else the previous one."""
        return bisect_right(self.slots, key) - 1

    def declare(self, keys: set[float]) -> None:
        slots = self.slots
        new = {
            key
            for key in keys
            if slots[min(bisect_left(slots, key), len(slots) - 1)] != key
        }
        if not new:
            return
        self.slots = sorted(new.union(slots))
        views = list(self.trees)
        self.trees = {}
        for view in views:
            self.tree(view)

    def add(self, key: float, quantity: float, kind: int = _RUN) -> None:
        self.events.append((key, quantity, kind))
        index = self.index(key, quantity)
        counted = kind == _RUN
        for view, tree in self.trees.items():
            if counted or view != "run":
                tree.add(index, quantity)

    def projected(self, key: float) -> float:
        return self.tree("total").prefix(self.floor(key))

    def free(self, key: float, firm: bool) -> float:
        index = self.floor(key)
        if not firm and self.has_firm:
            # What the run's lots leave, and never more than is there.
            return min(self.tree("run").min_from(index), self.free(key, True))
        if not self.at_date:
            return self.tree("total").min_from(index)
        hard = self.tree("hard")
        later = hard.min_from(index + 1) - hard.prefix(index)
        return self.tree("total").prefix(index) + min(0.0, later)


@dataclass
class Threshold:
    """Stock an item keeps: needs never take ``keep``; a refill restores ``target``."""

    keep: float = 0.0
    target: float = 0.0


class Ledger:
    """Availability of every site and item while a procedure promises and adds to it.

    ``position`` gives the firm events (none: only the run's own lots and
    bookings count); ``mode`` is ``minimum`` or ``at_date`` (see the module).
    """

    def __init__(self, position: StockPosition | None = None, mode: str = "minimum"):
        if mode not in MODES:
            raise ValueError(f"Unknown availability mode: {mode!r}")
        self.position = position or StockPosition()
        self.mode = mode
        self.thresholds: dict[Key, Threshold] = {}
        self._items: dict[Key, _ItemLedger] = {}

    def _item(self, warehouse_id: int, product_id: int) -> _ItemLedger:
        key = (warehouse_id, product_id)
        item = self._items.get(key)
        if item is None:
            item = self._items[key] = _ItemLedger(
                self.position.on_hand.get(key, 0.0),
                self.position.events.get(key, ()),
                self.mode == "at_date",
            )
        return item

    def declare(self, warehouse_id: int, product_id: int, moments) -> None:
        """Make ``moments`` exact slots of the item (before booking at them)."""
        self._item(warehouse_id, product_id).declare(
            {moment.timestamp() for moment in moments}
        )

    def set_threshold(
        self, warehouse_id: int, product_id: int, keep: float, target: float = 0.0
    ) -> None:
        """Keep ``keep`` in stock; a refill brings it back to ``max(keep, target)``."""
        self.thresholds[(warehouse_id, product_id)] = Threshold(
            max(keep, 0.0), max(keep, target, 0.0)
        )

    def receive(
        self,
        warehouse_id: int,
        product_id: int,
        quantity: float,
        at: datetime,
        firm: bool = False,
    ) -> None:
        """Record a receipt of the run (a planned lot) at ``at``; ``firm``: more
        of an existing document (a purchase increased), counted as firm supply."""
        if quantity > EPSILON:
            self._item(warehouse_id, product_id).add(
                at.timestamp(), quantity, _FIRM_RECEIPT if firm else _RUN
            )

    def move(
        self,
        warehouse_id: int,
        product_id: int,
        quantity: float,
        source: datetime,
        target: datetime,
    ) -> None:
        """Move a firm receipt of ``quantity`` from ``source`` to ``target``.

        Moving a receipt earlier (expediting it) only raises what is free
        between the two moments, so no promise made before is broken.
        """
        if quantity > EPSILON:
            item = self._item(warehouse_id, product_id)
            item.add(source.timestamp(), -quantity, _FIRM_RECEIPT)
            item.add(target.timestamp(), quantity, _FIRM_RECEIPT)

    def issue(
        self, warehouse_id: int, product_id: int, quantity: float, at: datetime
    ) -> None:
        """Book ``quantity`` for a need at ``at``, whatever is free."""
        if quantity > EPSILON:
            self._item(warehouse_id, product_id).add(at.timestamp(), -quantity)

    def projected(self, warehouse_id: int, product_id: int, at: datetime) -> float:
        """The projected available at ``at``: everything received minus issued."""
        return qty(self._item(warehouse_id, product_id).projected(at.timestamp()))

    def free(
        self, warehouse_id: int, product_id: int, at: datetime, firm: bool = True
    ) -> float:
        """What a need at ``at`` may take (negative: a shortage already).

        ``firm=False`` is for needs that do not consider the stock position:
        they get what the run's own lots leave (never more than is there), no
        threshold applies.
        """
        item = self._item(warehouse_id, product_id)
        free = item.free(at.timestamp(), firm)
        if firm:
            threshold = self.thresholds.get((warehouse_id, product_id))
            if threshold is not None:
                free -= threshold.keep
        return qty(free)

    def take(
        self,
        warehouse_id: int,
        product_id: int,
        quantity: float,
        at: datetime,
        firm: bool = True,
        free: float | None = None,
    ) -> float:
        """Book at most ``quantity`` of what stays free at ``at``; return it.

        ``free``: what :meth:`free` just said for the same moment and ``firm``,
        when the caller asked it first (not asked again).
        """
        if quantity <= EPSILON:
            return 0.0
        if free is None:
            free = self.free(warehouse_id, product_id, at, firm)
        taken = qty(min(quantity, free))
        if taken <= EPSILON:
            return 0.0
        self._item(warehouse_id, product_id).add(
            at.timestamp(), -taken, _RUN_FIRM if firm else _RUN
        )
        return taken

    def refill(self, warehouse_id: int, product_id: int, at: datetime) -> float:
        """What a receipt at ``at`` must add for the kept stock (0 when it is kept).

        When the free stock at ``at`` is down to the threshold's ``keep`` (or
        below) it is brought back to its ``target`` (an existing shortage below
        zero is not counted: see :meth:`shortage`).
        """
        threshold = self.thresholds.get((warehouse_id, product_id))
        if threshold is None or threshold.target <= EPSILON:
            return 0.0
        free = self._item(warehouse_id, product_id).free(at.timestamp(), True)
        if free > threshold.keep + EPSILON:
            return 0.0
        return qty(threshold.target - max(free, 0.0))

    def shortage(self, warehouse_id: int, product_id: int, at: datetime) -> float:
        """How far the free stock at ``at`` is below zero (firm issues not covered)."""
        free = self._item(warehouse_id, product_id).free(at.timestamp(), True)
        return qty(-free) if free < -EPSILON else 0.0
