# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""FCS benchmark on the classic job-shop instances (SPEC §17, issue 16 §4).

Run with ``make bench-fcs``. For each instance (default ft10, la16-la20, abz5,
orb01 from ``shared/bench/jobshop``; ``INSTANCES="a b"`` for others, names in
``JOBSHOP_DIR`` or paths) three solvers get the same time limit and workers, one
after the other in this process:

* ours: :func:`services.fcs.schedule` on the instance read by
  :mod:`services.jobshop` (each machine a work center with one machine and an
  always-open calendar), with its dispatch hint and checker-grade extraction;
* a bare CP-SAT job-shop model (OR-Tools' sample: intervals, no-overlap per
  machine, precedence, minimize the makespan);
* PyJobShop 0.0.9 (a benchmark-only dependency the make target installs into
  the build directory, never into the addon's environment), makespan objective.

One JSON line per instance: ``instance``, ``makespan``, ``bare_makespan``,
``pyjobshop_makespan``, ``optimum`` (``bounds.json``), ``bound``, ``gap``,
``status``, ``seconds`` (ours) and the others' seconds. Our schedule is
validated by the engine tests' independent checker before it is reported.
Options (environment): ``FCS_TIME_LIMIT`` (30 s), ``FCS_WORKERS`` (2).
"""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT.parent / "services" / "tests"))

from fcs_checker import check_schedule
from ortools.sat.python import cp_model

from services.fcs import Options, schedule
from services.jobshop import jobshop_problem, read_jobshop

DEFAULT = "ft10 la16 la17 la18 la19 la20 abz5 orb01"


def bare_cpsat(jobs, time_limit, workers):
    """OR-Tools' plain job-shop model; returns (makespan, bound, seconds)."""
    model = cp_model.CpModel()
    horizon = sum(d for job in jobs for _m, d in job)
    per_machine = {}
    ends = []
    for j, job in enumerate(jobs):
        previous = None
        for k, (machine, duration) in enumerate(job):
            start = model.new_int_var(0, horizon, f"s{j}_{k}")
            end = model.new_int_var(0, horizon, f"e{j}_{k}")
            interval = model.new_interval_var(start, duration, end, f"i{j}_{k}")
            per_machine.setdefault(machine, []).append(interval)
            if previous is not None:
                model.add(start >= previous)
            previous = end
        ends.append(previous)
    for intervals in per_machine.values():
        model.add_no_overlap(intervals)
    makespan = model.new_int_var(0, horizon, "makespan")
    model.add_max_equality(makespan, ends)
    model.minimize(makespan)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    began = time.perf_counter()
    solver.solve(model)
    return (
        int(solver.objective_value),
        int(solver.best_objective_bound),
        round(time.perf_counter() - began, 2),
    )


def pyjobshop_makespan(jobs, time_limit, workers):
    """PyJobShop's makespan on the instance, or None when it is not installed."""
    try:
        from pyjobshop import Model
    except ImportError:
        return None, None
    model = Model()
    machines = {
        m: model.add_machine() for m in sorted({m for job in jobs for m, _d in job})
    }
    for job in jobs:
        owner = model.add_job()
        previous = None
        for machine, duration in job:
            task = model.add_task(job=owner)
            model.add_mode(task, machines[machine], duration)
            if previous is not None:
                model.add_end_before_start(previous, task)
            previous = task
    model.set_objective(weight_makespan=1)
    began = time.perf_counter()
    result = model.solve(
        "ortools", time_limit=time_limit, display=False, num_workers=workers
    )
    return int(result.objective), round(time.perf_counter() - began, 2)


def main():
    folder = Path(
        os.environ.get("JOBSHOP_DIR")
        or ROOT.parent.parent / "shared" / "bench" / "jobshop"
    )
    names = (os.environ.get("INSTANCES") or DEFAULT).split()
    time_limit = float(os.environ.get("FCS_TIME_LIMIT", "30"))
    workers = int(os.environ.get("FCS_WORKERS", "2"))
    bounds_file = folder / "bounds.json"
    bounds = json.loads(bounds_file.read_text()) if bounds_file.exists() else {}
    for name in names:
        path = Path(name) if Path(name).exists() else folder / name
        jobs = read_jobshop(path.read_text())
        instance = path.name
        problem = jobshop_problem(jobs, Options(time_limit=time_limit, workers=workers))
        began = time.perf_counter()
        result = schedule(problem)
        seconds = round(time.perf_counter() - began, 2)
        check_schedule(problem, result.tasks, result.dropped)
        bare, bare_bound, bare_seconds = bare_cpsat(jobs, time_limit, workers)
        pyjobshop, pyjobshop_seconds = pyjobshop_makespan(jobs, time_limit, workers)
        makespan = max(t.end for t in result.tasks)
        line = {
            "benchmark": "fcs_jobshop",
            "instance": instance,
            "jobs": len(jobs),
            "machines": len({m for job in jobs for m, _d in job}),
            "makespan": makespan,
            "bare_makespan": bare,
            "pyjobshop_makespan": pyjobshop,
            "optimum": bounds.get(instance, {}).get("optimum"),
            "bound": result.bound,
            "gap": round(result.gap, 4) if result.gap is not None else None,
            "status": result.status,
            "seconds": seconds,
            "bare_bound": bare_bound,
            "bare_seconds": bare_seconds,
            "pyjobshop_seconds": pyjobshop_seconds,
            "dispatch_makespan": result.dispatch_objective,
            "time_limit": time_limit,
            "workers": workers,
        }
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
