# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""FCS against Odoo's own work order planning on a generated plant (SPEC §17).

Run with ``make bench-fcs`` (after the job-shop lines), which calls this script
twice:

* ``prepare``: builds the seeded factory of ``bench/blueprint.py`` (its work
  centers with one- and two-shift calendars, alternatives, setup and cleanup
  times, routings) in the benchmark database and confirms manufacturing orders
  of its produced items until they have about ``BENCH_FCS_OPERATIONS`` (2,000)
  work orders; their deadlines spread over three quarters of a horizon sized so
  that the busiest work center is loaded at ``BENCH_FCS_LOAD`` (85 %) of its
  working time, each at least twice the order's own work after the start:
  most orders could be on time, so tardiness measures sequencing, not
  overload. Kept for later runs.
* ``run``: inside a transaction rolled back afterwards, plans every MO with
  Odoo's ``button_plan`` one after the other in deadline order (what a planner
  does in Odoo), then schedules the same work orders from the same start with
  ``pp.fcs.procedure.schedule()`` (``BENCH_FCS_TIME_LIMIT`` s, 2 workers; the
  slots Odoo just planned are free for it). Both are measured the same way,
  from the work orders' dates: an MO ends with its last work order.

One JSON line: ``operations``, ``productions``, ``bottleneck_load``,
``horizon_days``, ``tardiness_ours`` / ``tardiness_odoo`` (hours summed over
the MOs), ``late_ours`` / ``late_odoo`` (MOs), ``makespan_ours`` /
``makespan_odoo`` (hours from the start), ``seconds_ours`` / ``seconds_odoo``,
the solver's ``status`` and ``gap``, and ``tardiness_reduction`` (percent).
Options (environment): ``BENCH_DB``, ``BENCH_SEED`` (42),
``BENCH_FCS_OPERATIONS`` (2000), ``BENCH_FCS_LOAD`` (0.85),
``BENCH_FCS_TIME_LIMIT`` (60), ``ODOO_RC``.
"""

import json
import math
import os
import random
import sys
import time
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from blueprint import SHIFTS, VERSION
from factory import PREFIX, Factory

import odoo
from odoo import SUPERUSER_ID, api

START = datetime(2027, 3, 1, 6, 0)  # a Monday, before every shift
DEADLINES = "v2"  # the rule of _set_deadlines
DAILY_MINUTES = {
    name: sum((end - start) * 60 for start, end in shifts)
    for name, shifts in SHIFTS.items()
}


def settings():
    return {
        "db": os.environ.get("BENCH_DB", "production_planning_bench_fcs"),
        "seed": int(os.environ.get("BENCH_SEED", "42")),
        "operations": int(os.environ.get("BENCH_FCS_OPERATIONS", "2000")),
        "load": float(os.environ.get("BENCH_FCS_LOAD", "0.85")),
        "time_limit": float(os.environ.get("BENCH_FCS_TIME_LIMIT", "60")),
    }


def environment(cr):
    return api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})


def marker(conf):
    sizes = f"{conf['seed']}/{conf['operations']}/{conf['load']}"
    return f"{PREFIX} fcs plant v{VERSION} {sizes}"


def prepare(conf):
    """Generate the plant and its MOs unless the database has them; (re)set
    their deadlines when their rule changed."""
    registry = odoo.modules.registry.Registry(conf["db"])
    with registry.cursor() as cr:
        env = environment(cr)
        params = env["ir.config_parameter"]
        productions = env["mrp.production"].search(
            [("origin", "=", f"{PREFIX} fcs"), ("state", "=", "confirmed")], order="id"
        )
        if params.get_param("production_planning.bench_fcs_plant") != marker(conf):
            factory = Factory(env, seed=conf["seed"], items=300, levels=3).build()
            productions = _create_productions(env, factory, conf)
            params.set_param("production_planning.bench_fcs_plant", marker(conf))
        if params.get_param("production_planning.bench_fcs_deadlines") != DEADLINES:
            _set_deadlines(env, productions, conf, random.Random(conf["seed"]))  # noqa: S311
            params.set_param("production_planning.bench_fcs_deadlines", DEADLINES)
        cr.commit()


def _create_productions(env, factory, conf):
    """Confirmed MOs of random produced items until they have the work orders."""
    rand = random.Random(conf["seed"])  # noqa: S311 (seeded data)
    boms = (
        env["mrp.bom"]
        .search(
            [("product_tmpl_id", "in", factory.products.product_tmpl_id.ids)],
            order="id",
        )
        .filtered("operation_ids")
    )
    vals_list, operations = [], 0
    while operations < conf["operations"]:
        bom = rand.choice(boms)
        vals_list.append(
            {
                "product_id": bom.product_tmpl_id.product_variant_id.id,
                "product_qty": rand.randint(1, 8),
                "bom_id": bom.id,
                "date_start": START,
                "origin": f"{PREFIX} fcs",
            }
        )
        operations += len(bom.operation_ids)
    productions = env["mrp.production"].create(vals_list)
    productions.action_confirm()
    return productions


def _set_deadlines(env, productions, conf, rand):
    """Deadlines spread over three quarters of the horizon that loads the
    busiest work center at ``load`` of its working time, each at least twice
    the order's own work after the start: the busiest work center's last
    orders cannot all be on time, most orders can, and which ones are late
    depends on the sequence."""
    load = defaultdict(float)
    for workorder in productions.workorder_ids:
        load[workorder.workcenter_id] += workorder.duration_expected
    days = (
        max(
            minutes
            / DAILY_MINUTES[center.resource_calendar_id.name.removeprefix(f"{PREFIX} ")]
            for center, minutes in load.items()
        )
        / conf["load"]
    )
    horizon = days * 7 / 5  # working days to calendar days
    env["ir.config_parameter"].set_param(
        "production_planning.bench_fcs_horizon", json.dumps(horizon)
    )
    for production in productions:
        own = sum(production.workorder_ids.mapped("duration_expected"))
        offset = 2 * own / 480 * 7 / 5 + rand.uniform(0.0, 0.75) * horizon
        production.date_deadline = START + timedelta(days=offset)


def _figures(productions, ends):
    """Tardiness (hours), late MOs and makespan (hours) of the MOs' ends."""
    tardiness, late, last = 0.0, 0, START
    for production in productions:
        end = ends[production.id]
        delay = (end - production.date_deadline).total_seconds() / 3600.0
        if delay > 1e-6:
            tardiness += delay
            late += 1
        last = max(last, end)
    return round(tardiness, 1), late, round((last - START).total_seconds() / 3600.0, 1)


def run(conf):
    registry = odoo.modules.registry.Registry(conf["db"])
    with registry.cursor() as cr:
        env = environment(cr)
        productions = env["mrp.production"].search(
            [("origin", "=", f"{PREFIX} fcs"), ("state", "=", "confirmed")],
            order="date_deadline, id",
        )
        horizon = json.loads(
            env["ir.config_parameter"].get_param(
                "production_planning.bench_fcs_horizon"
            )
        )
        workorders = productions.workorder_ids
        centers = workorders.workcenter_id
        busiest = defaultdict(float)
        for workorder in workorders:
            busiest[workorder.workcenter_id] += workorder.duration_expected
        # Odoo: button_plan on each MO in deadline order
        began = time.perf_counter()
        for production in productions:
            production.button_plan()
        env.flush_all()
        seconds_odoo = time.perf_counter() - began
        odoo_ends = {
            p.id: max(p.workorder_ids.mapped("date_finished")) for p in productions
        }
        tardiness_odoo, late_odoo, makespan_odoo = _figures(productions, odoo_ends)
        # Ours, from the same start
        began = time.perf_counter()
        result = env["pp.fcs.procedure"].schedule(
            {
                "date_start": START.isoformat(sep=" "),
                "horizon_days": math.ceil(2 * horizon) + 14,
                "time_limit": conf["time_limit"],
                "workers": 2,
                "use_planned_orders": False,
                "production_ids": productions.ids,
                "material_check": "none",
            }
        )
        seconds_ours = time.perf_counter() - began
        execution = env["pp.fcs.execution"].browse(result["execution_id"])
        ours_ends = defaultdict(lambda: START)
        for task in execution.task_ids:
            ours_ends[task.production_id.id] = max(
                ours_ends[task.production_id.id], task.date_end
            )
        tardiness_ours, late_ours, makespan_ours = _figures(productions, ours_ends)
        line = {
            "benchmark": "fcs_plant",
            "seed": conf["seed"],
            "operations": len(workorders),
            "productions": len(productions),
            "workcenters": len(centers),
            "load_target": conf["load"],
            "horizon_days": round(horizon, 1),
            "tardiness_ours": tardiness_ours,
            "tardiness_odoo": tardiness_odoo,
            "late_ours": late_ours,
            "late_odoo": late_odoo,
            "makespan_ours": makespan_ours,
            "makespan_odoo": makespan_odoo,
            "seconds_ours": round(seconds_ours, 1),
            "seconds_odoo": round(seconds_odoo, 1),
            "status": execution.solver_status,
            "gap": execution.gap,
            "scheduled_ours": len(execution.task_ids),
            "dropped_ours": execution.errors or "",
            "time_limit": conf["time_limit"],
            "tardiness_reduction": round(
                100.0 * (1 - tardiness_ours / tardiness_odoo), 1
            )
            if tardiness_odoo
            else None,
        }
        cr.rollback()
    return line


def main():
    odoo.tools.config.parse_config(["-c", os.environ["ODOO_RC"], "--log-level=warn"])
    conf = settings()
    if sys.argv[1:] == ["prepare"]:
        prepare(conf)
        return
    print(json.dumps(run(conf)), flush=True)


if __name__ == "__main__":
    main()
