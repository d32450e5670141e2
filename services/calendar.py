# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Working calendars: sorted working intervals in UTC and arithmetic on them.

The Odoo layer builds a :class:`WorkingCalendar` from a ``resource.calendar``
(attendances in the calendar's time zone, leaves, per-day capacity overrides)
with :meth:`WorkingCalendar.from_weekly`; planning then adds or subtracts
working minutes, measures working time and capacity per day.
All datetimes are timezone-aware UTC.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_MINUTE = timedelta(minutes=1)
# Working time shorter than this is noise from float arithmetic.
_EPSILON_MINUTES = 1e-6


def add_days(moment: datetime, days: float, tz: ZoneInfo) -> datetime:
    """``moment`` moved by ``days`` calendar days of local time in ``tz`` (UTC).

    Wall-clock days: across a daylight-saving change the local hour is kept,
    not the number of hours.
    """
    return (_utc(moment).astimezone(tz) + timedelta(days=days)).astimezone(UTC)


class CalendarError(ValueError):
    """The calendar cannot give the working time asked for."""


@dataclass(frozen=True)
class Attendance:
    """A weekly working slot: ``weekday`` 0=Monday, hours as floats (8.5 = 08:30).

    ``week_type`` (0 or 1) limits the slot to even or odd weeks of a two-week
    calendar, counted as Odoo does; ``date_from``/``date_to`` limit its validity.
    """

    weekday: int
    hour_from: float
    hour_to: float
    week_type: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    def applies(self, day: date) -> bool:
        """Whether the slot is worked on ``day``."""
        return (
            self.weekday == day.weekday()
            and self.hour_to > self.hour_from
            and (self.week_type is None or self.week_type == week_type(day))
            and (self.date_from is None or self.date_from <= day)
            and (self.date_to is None or day <= self.date_to)
        )


def week_type(day: date) -> int:
    """0 or 1: the week parity of a two-week calendar, as Odoo counts it."""
    return ((day.toordinal() - 1) // 7) % 2


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"{moment!r} has no time zone; calendars work in UTC")
    return moment.astimezone(UTC)


def _at_hour(day: date, hours: float, tz: ZoneInfo) -> datetime:
    """The UTC instant of ``hours`` (24 = next midnight) on local ``day``."""
    local_day = day + timedelta(days=int(hours // 24))
    minutes = round((hours % 24) * 60)
    local = datetime.combine(local_day, time(minutes // 60, minutes % 60), tzinfo=tz)
    return local.astimezone(UTC)


class WorkingCalendar:
    """Working time as sorted, non-overlapping UTC intervals.

    ``tz`` is the calendar's own time zone, used for day boundaries
    (capacity per day, end of a working day).
    """

    def __init__(self, intervals: list[tuple[datetime, datetime]], tz: str = "UTC"):
        """Keep ``intervals`` sorted and merged; empty or reversed ones are dropped."""
        self.tz = ZoneInfo(tz)
        cleaned = sorted(
            (_utc(start), _utc(end)) for start, end in intervals if end > start
        )
        merged: list[tuple[datetime, datetime]] = []
        for start, end in cleaned:
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        self.intervals = merged
        self._starts = [start for start, _end in merged]
        self._ends = [end for _start, end in merged]

    @classmethod
    def from_weekly(
        cls,
        attendances: list[Attendance],
        tz: str,
        date_from: date,
        date_to: date,
        leaves: list[tuple[datetime, datetime]] | None = None,
        overrides: dict[date, float] | None = None,
    ) -> WorkingCalendar:
        """Build the calendar of local days ``date_from``..``date_to``.

        Each attendance gives an interval on each matching weekday, in ``tz``
        (so a DST change moves the UTC times, not the local ones). ``leaves``
        (UTC) are cut out. ``overrides`` replace a day's working time by that
        many hours, from the day's first attendance (08:00 when it has none);
        0 hours makes the day a non-working day.
        """
        zone = ZoneInfo(tz)
        overrides = overrides or {}
        intervals: list[tuple[datetime, datetime]] = []
        day = date_from
        while day <= date_to:
            slots = sorted(
                (a.hour_from, a.hour_to) for a in attendances if a.applies(day)
            )
            if day in overrides:
                hours = max(0.0, float(overrides[day]))
                if hours:
                    first = slots[0][0] if slots else 8.0
                    intervals.append(
                        (
                            _at_hour(day, first, zone),
                            _at_hour(day, min(first + hours, 24.0), zone),
                        )
                    )
            else:
                intervals.extend(
                    (_at_hour(day, hour_from, zone), _at_hour(day, hour_to, zone))
                    for hour_from, hour_to in slots
                )
            day += timedelta(days=1)
        calendar = cls(intervals, tz)
        if leaves:
            calendar = calendar.without(leaves)
        return calendar

    def without(self, periods: list[tuple[datetime, datetime]]) -> WorkingCalendar:
        """A copy of the calendar with ``periods`` (UTC) removed."""
        cuts = sorted((_utc(start), _utc(end)) for start, end in periods if end > start)
        result: list[tuple[datetime, datetime]] = []
        for start, end in self.intervals:
            pieces = [(start, end)]
            for cut_start, cut_end in cuts:
                next_pieces = []
                for piece_start, piece_end in pieces:
                    if cut_end <= piece_start or cut_start >= piece_end:
                        next_pieces.append((piece_start, piece_end))
                        continue
                    if cut_start > piece_start:
                        next_pieces.append((piece_start, cut_start))
                    if cut_end < piece_end:
                        next_pieces.append((cut_end, piece_end))
                pieces = next_pieces
            result.extend(pieces)
        return WorkingCalendar(result, self.tz.key)

    @property
    def is_empty(self) -> bool:
        """True when the calendar has no working time at all."""
        return not self.intervals

    def add_minutes(self, start: datetime, minutes: float) -> datetime:
        """The moment ``minutes`` of working time after ``start``.

        Zero minutes give the next working moment at or after ``start``.
        Raises :class:`CalendarError` when the calendar ends first.
        """
        if minutes < 0:
            return self.subtract_minutes(start, -minutes)
        moment = _utc(start)
        index = bisect.bisect_right(self._ends, moment)
        left = float(minutes)
        while index < len(self.intervals):
            begin, end = self.intervals[index]
            begin = max(begin, moment)
            available = (end - begin) / _MINUTE
            if left <= available + _EPSILON_MINUTES:
                return begin + timedelta(minutes=left)
            left -= available
            index += 1
        raise CalendarError(
            f"No working time for {minutes:g} minutes after {start.isoformat()}"
        )

    def subtract_minutes(self, end: datetime, minutes: float) -> datetime:
        """The moment ``minutes`` of working time before ``end``.

        Zero minutes give the last working moment at or before ``end``.
        Raises :class:`CalendarError` when the calendar starts later.
        """
        if minutes < 0:
            return self.add_minutes(end, -minutes)
        moment = _utc(end)
        index = bisect.bisect_left(self._starts, moment) - 1
        left = float(minutes)
        while index >= 0:
            begin, finish = self.intervals[index]
            finish = min(finish, moment)
            available = (finish - begin) / _MINUTE
            if left <= available + _EPSILON_MINUTES:
                return finish - timedelta(minutes=left)
            left -= available
            index -= 1
        raise CalendarError(
            f"No working time for {minutes:g} minutes before {end.isoformat()}"
        )

    def minutes_between(self, start: datetime, end: datetime) -> float:
        """Working minutes from ``start`` to ``end`` (negative when reversed)."""
        start, end = _utc(start), _utc(end)
        if end < start:
            return -self.minutes_between(end, start)
        total = 0.0
        index = bisect.bisect_right(self._ends, start)
        while index < len(self.intervals) and self.intervals[index][0] < end:
            begin, finish = self.intervals[index]
            total += (min(finish, end) - max(begin, start)) / _MINUTE
            index += 1
        return total

    def minutes_per_day(self) -> dict[date, float]:
        """Working minutes of each local day that has any."""
        result: dict[date, float] = {}
        for start, end in self.intervals:
            moment = start
            while moment < end:
                local_day = moment.astimezone(self.tz).date()
                next_midnight = _at_hour(local_day, 24.0, self.tz)
                piece_end = min(end, next_midnight)
                result[local_day] = (
                    result.get(local_day, 0.0) + (piece_end - moment) / _MINUTE
                )
                moment = piece_end
        return result

    def end_of_day(self, day: date) -> datetime:
        """The end of the last working interval of local ``day``, or of the last
        working day before it.

        A due *date* means the end of that working day. Raises
        :class:`CalendarError` when there is no working time up to that day.
        """
        return self.subtract_minutes(_at_hour(day, 24.0, self.tz), 0)

    def next_working_day(self, day: date) -> date:
        """The first local day after ``day`` with working time."""
        moment = self.add_minutes(_at_hour(day, 24.0, self.tz), 0)
        return moment.astimezone(self.tz).date()
