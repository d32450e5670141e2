# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The standard job-shop format (``shared/bench/jobshop/README.md``) as FCS input.

Lines starting with ``#`` are comments; the first other line is
``<jobs> <machines>``; then one line per job of ``<machine> <time>`` pairs in
processing order. Each machine becomes a work center with one machine and an
always-open calendar, each job an order whose phases run one after the other.
"""

from __future__ import annotations

from .fcs import Mode, Options, Order, Phase, Problem, Workcenter


def read_jobshop(text: str) -> list[list[tuple[int, int]]]:
    """The jobs of an instance: per job its ``(machine, time)`` operations.

    Raises ``ValueError`` naming the line when the text is not in the format.
    """
    lines = [
        (number, line.split())
        for number, line in enumerate(text.splitlines(), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not lines:
        raise ValueError("No job-shop header line (<jobs> <machines>)")
    number, header = lines[0]
    if len(header) < 2:
        raise ValueError(f"Line {number}: expected '<jobs> <machines>'")
    jobs, machines = int(header[0]), int(header[1])
    if len(lines) - 1 < jobs:
        raise ValueError(f"{jobs} jobs announced, {len(lines) - 1} given")
    result = []
    for number, fields in lines[1 : jobs + 1]:
        if len(fields) % 2:
            raise ValueError(f"Line {number}: machine and time come in pairs")
        values = [int(v) for v in fields]
        operations = list(zip(values[0::2], values[1::2], strict=True))
        for machine, duration in operations:
            if not 0 <= machine < machines or duration < 0:
                raise ValueError(
                    f"Line {number}: bad operation ({machine}, {duration})"
                )
        result.append(operations)
    return result


def jobshop_problem(jobs, options: Options | None = None) -> Problem:
    """An FCS :class:`~services.fcs.Problem` of a job-shop instance.

    Time units become minutes; every machine works from 0 to the sum of all
    durations (no schedule without waiting is longer).
    """
    horizon = sum(duration for job in jobs for _machine, duration in job)
    machines = sorted({machine for job in jobs for machine, _d in job})
    workcenters = [
        Workcenter(f"M{m}", f"Machine {m}", [(0, max(horizon, 1))]) for m in machines
    ]
    orders = [
        Order(
            f"J{j}",
            f"Job {j}",
            [
                Phase((j, k), f"Job {j} op {k}", [Mode(f"M{machine}", duration)])
                for k, (machine, duration) in enumerate(job)
            ],
        )
        for j, job in enumerate(jobs)
    ]
    return Problem(workcenters, orders, options or Options())
