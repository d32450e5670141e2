# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Timing of the phases of one production order, forward (ASAP) or backward (ALAP).

Each phase works on its work center's :class:`~services.calendar.WorkingCalendar`.
Its duration is setup plus run time for the quantity; consecutive phases may
overlap (``total``: the next may start with this one; ``pieces``: once N pieces
are done; ``time``: after T working minutes) and a queue time may separate them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from .calendar import WorkingCalendar

OVERLAPS = ("none", "total", "pieces", "time")


@dataclass
class Phase:
    """One routing operation of an order.

    ``time_cycle`` minutes make ``pieces_per_cycle`` pieces on one machine at
    100% efficiency; ``machines`` work in parallel; ``efficiency`` is in
    percent. ``overlap``/``overlap_value`` say when the NEXT phase may start;
    ``queue_minutes`` is waiting time after this phase, in working minutes of
    this phase's calendar.
    """

    key: object
    calendar: WorkingCalendar
    time_setup: float = 0.0
    time_cycle: float = 0.0
    pieces_per_cycle: float = 1.0
    machines: int = 1
    efficiency: float = 100.0
    overlap: str = "none"
    overlap_value: float = 0.0
    queue_minutes: float = 0.0


@dataclass
class TimedPhase:
    """A phase with its minutes for the quantity and its dates (UTC)."""

    key: object
    time_setup: float
    time_run: float
    date_start: datetime
    date_end: datetime


def run_minutes(phase: Phase, quantity: float) -> float:
    """Run time of ``quantity`` pieces: cycles shared by the machines, at efficiency.

    Cycles are whole (``ceil(quantity / pieces_per_cycle)``) and so are the
    cycles each machine runs (``ceil(cycles / machines)``): one piece on two
    machines still takes a whole cycle. Raises ``ValueError`` for machines,
    efficiency or pieces per cycle <= 0, or an unknown overlap.
    """
    if phase.machines <= 0 or phase.efficiency <= 0 or phase.pieces_per_cycle <= 0:
        raise ValueError(
            f"Phase {phase.key}: machines, efficiency and pieces per cycle must be "
            "positive"
        )
    if phase.overlap not in OVERLAPS:
        raise ValueError(f"Phase {phase.key}: unknown overlap {phase.overlap!r}")
    cycles = math.ceil(quantity / phase.pieces_per_cycle - 1e-9) if quantity > 0 else 0
    rounds = math.ceil(cycles / phase.machines - 1e-9)
    minutes = rounds * phase.time_cycle / (phase.efficiency / 100.0)
    return round(minutes, 6)


def last_cycle_minutes(phase: Phase, quantity: float) -> float:
    """Minutes of the last cycle: what a phase still works after the one before it
    ends, when the two overlap."""
    if quantity <= 0:
        return 0.0
    return round(phase.time_cycle / (phase.efficiency / 100.0), 6)


def _overlap_minutes(phase: Phase, quantity: float) -> float | None:
    """Working minutes of ``phase`` after which the next phase may start.

    None means only when the phase ends (no overlap).
    """
    if phase.overlap == "total":
        return 0.0
    if phase.overlap == "pieces":
        return phase.time_setup + run_minutes(phase, min(phase.overlap_value, quantity))
    if phase.overlap == "time":
        return phase.overlap_value
    return None


def schedule_asap(
    phases: list[Phase], quantity: float, start: datetime
) -> list[TimedPhase]:
    """ASAP: each phase as early as its predecessor allows, from ``start``.

    A phase starts at the first working moment of its calendar after the
    previous phase ended (plus queue), or after the overlap point of the
    previous phase; an overlapping phase still works its last cycle after the
    previous one ends (the last piece reaches it then). Raises
    :class:`~services.calendar.CalendarError` when a calendar runs out.
    """
    result: list[TimedPhase] = []
    earliest = start
    previous: TimedPhase | None = None
    overlapped = False
    for phase in phases:
        run = run_minutes(phase, quantity)
        begin = phase.calendar.add_minutes(earliest, 0)
        end = phase.calendar.add_minutes(begin, phase.time_setup + run)
        if previous is not None and overlapped:
            end = max(
                end,
                phase.calendar.add_minutes(
                    previous.date_end, last_cycle_minutes(phase, quantity)
                ),
            )
        timed = TimedPhase(phase.key, phase.time_setup, run, begin, end)
        result.append(timed)
        overlap = _overlap_minutes(phase, quantity)
        overlapped = overlap is not None
        if overlap is None:
            earliest = phase.calendar.add_minutes(end, phase.queue_minutes)
        else:
            earliest = phase.calendar.add_minutes(begin, overlap + phase.queue_minutes)
        previous = timed
    return result


def schedule_alap(
    phases: list[Phase], quantity: float, end: datetime
) -> list[TimedPhase]:
    """ALAP: each phase as late as its successor allows, ending by ``end``.

    The last phase ends at the last working moment of its calendar at or
    before ``end``; each earlier phase ends at a working moment before its
    successor starts (less the queue) or, with an overlap, early enough that
    its overlap point is not after the successor's start and that the
    successor's last cycle comes after it. Raises
    :class:`~services.calendar.CalendarError` when a calendar runs out.
    """
    result: list[TimedPhase] = []
    following: TimedPhase | None = None
    following_phase: Phase | None = None
    for phase in reversed(phases):
        calendar = phase.calendar
        run = run_minutes(phase, quantity)
        duration = phase.time_setup + run
        overlap = _overlap_minutes(phase, quantity)
        if following is None:
            finish = calendar.subtract_minutes(end, 0)
        else:
            # A working moment (never the start of a shift after a break).
            limit = calendar.subtract_minutes(
                calendar.subtract_minutes(following.date_start, phase.queue_minutes),
                0,
            )
            if overlap is None:
                finish = limit
            else:
                # Overlapping: end before the next phase's last cycle, and start
                # early enough that the overlap point is not after its start.
                last = following_phase.calendar.subtract_minutes(
                    following.date_end, last_cycle_minutes(following_phase, quantity)
                )
                finish = calendar.subtract_minutes(last, 0)
                begin = calendar.subtract_minutes(finish, duration)
                if calendar.add_minutes(begin, overlap) > limit:
                    begin = calendar.subtract_minutes(limit, overlap)
                    if calendar.add_minutes(begin, overlap) > limit:
                        # The end of a shift is no start: begin a minute before.
                        begin = calendar.subtract_minutes(limit, overlap + 1.0)
                    finish = calendar.add_minutes(begin, duration)
        begin = calendar.subtract_minutes(finish, duration)
        timed = TimedPhase(phase.key, phase.time_setup, run, begin, finish)
        result.append(timed)
        following = timed
        following_phase = phase
    result.reverse()
    return result
