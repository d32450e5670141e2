# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""General planning benchmark (SPEC §17): 1,000 job orders on a 5-level factory.

Run with ``make bench-planning``. The factory is generated once (seeded) in the
benchmark database and kept; each run plans the job orders inside a
transaction that is rolled back, and prints one JSON line: ``seconds`` (the
``plan()`` call, load to write), ``queries``, ``job_orders``,
``planned_orders``, ``operations`` and the factory's size.

Options (environment): ``BENCH_DB`` (database), ``BENCH_JOB_ORDERS`` (1000),
``BENCH_ITEMS`` (700), ``BENCH_LEVELS`` (5), ``BENCH_SEED`` (42),
``ODOO_RC`` (the odoo.conf the Makefile writes).
"""

import json
import os
import sys
import time
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, api

sys.path.insert(0, str(Path(__file__).resolve().parent))
from factory import PREFIX, Factory


def main():
    db = os.environ.get("BENCH_DB", "production_planning_bench")
    job_count = int(os.environ.get("BENCH_JOB_ORDERS", "1000"))
    items = int(os.environ.get("BENCH_ITEMS", "700"))
    levels = int(os.environ.get("BENCH_LEVELS", "5"))
    seed = int(os.environ.get("BENCH_SEED", "42"))
    odoo.tools.config.parse_config(
        ["-c", os.environ["ODOO_RC"], "-d", db, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(db)
    marker = f"{PREFIX} factory {seed}/{items}/{levels}/{job_count}"
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        params = env["ir.config_parameter"]
        if params.get_param("production_planning.bench_factory") != marker:
            factory = Factory(env, seed=seed, items=items, levels=levels).build()
            factory.make_job_orders(job_count)
            params.set_param("production_planning.bench_factory", marker)
            cr.commit()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        jobs = env["pp.job.order"].search(
            [
                ("description", "like", f"{PREFIX} job order"),
                ("state", "=", "not_examined"),
            ]
        )
        env.invalidate_all()
        queries_before = cr.sql_log_count
        started = time.perf_counter()
        result = env["pp.job.order.planning"].plan(
            {"job_order_ids": jobs.ids, "direction": "alap"}
        )
        seconds = time.perf_counter() - started
        queries = cr.sql_log_count - queries_before
        run = env["pp.planning.run"].browse(result["run_id"])
        line = {
            "benchmark": "general_planning",
            "seconds": round(seconds, 3),
            "queries": queries,
            "job_orders": len(result["job_order_ids"]),
            "planned_orders": len(result["planned_order_ids"]),
            "operations": run.count_operations,
            "materials": env["pp.planned.order.material"].search_count(
                [("planned_order_id.run_id", "=", run.id)]
            ),
            "state": run.state,
            "warnings": run.count_warnings,
            "items": items,
            "levels": levels,
            "seed": seed,
            "target_seconds": 20,
        }
        cr.rollback()
    print(json.dumps(line))


if __name__ == "__main__":
    main()
