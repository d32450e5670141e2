# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""General planning benchmark (SPEC §17): 1,000 job orders on a 5-level factory,
against what an Odoo user does instead (make-to-order sale orders).

Run with ``make bench-planning``, which calls this script twice:

* ``prepare``: generates the seeded factory of ``bench/blueprint.py`` and its
  job orders once in the benchmark database (kept for later runs);
* ``run``: plans the job orders with ``pp.job.order.planning.plan()``, as late
  as possible, availability and grouping (7 days, across job orders) on,
  inside a transaction rolled back afterwards; then, on ``BENCH_MTO_DB`` (a
  copy of the same database the Makefile made in between), confirms 100 sale
  orders of the same demands (one line each: the first 100 job orders' item,
  quantity and due date) with Odoo's make-to-order routes on every item
  (manufacture or buy), one order after the other as a user would.

It prints one JSON line: ``seconds`` (the ``plan()`` call, load to write) and
its ``seconds_load`` / ``seconds_engine`` / ``seconds_write``, ``queries``,
``job_orders``, ``planned_orders``, ``operations``, ``materials``; then
``seconds_odoo_mto_100``, ``queries_odoo_mto_100``, ``mos_odoo_mto_100``,
``purchase_lines_odoo_mto_100`` and ``ratio_per_job_order`` (Odoo's seconds per
order over ours).

Options (environment): ``BENCH_DB`` (database), ``BENCH_MTO_DB`` (its copy;
empty: no comparison), ``BENCH_JOB_ORDERS`` (1000), ``BENCH_ITEMS`` (700),
``BENCH_LEVELS`` (5), ``BENCH_SEED`` (42), ``BENCH_MTO_ORDERS`` (100),
``BENCH_GROUP_DAYS`` (7; 0 plans without grouping),
``ODOO_RC`` (the odoo.conf the Makefile writes).
"""

import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from blueprint import VERSION
from factory import PREFIX, Factory

import odoo
from odoo import SUPERUSER_ID, Command, api, fields


def settings():
    return {
        "db": os.environ.get("BENCH_DB", "production_planning_bench"),
        "mto_db": os.environ.get("BENCH_MTO_DB", ""),
        "job_orders": int(os.environ.get("BENCH_JOB_ORDERS", "1000")),
        "items": int(os.environ.get("BENCH_ITEMS", "700")),
        "levels": int(os.environ.get("BENCH_LEVELS", "5")),
        "seed": int(os.environ.get("BENCH_SEED", "42")),
        "mto_orders": int(os.environ.get("BENCH_MTO_ORDERS", "100")),
        "group_days": int(os.environ.get("BENCH_GROUP_DAYS", "7")),
    }


def environment(cr):
    return api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})


def prepare(conf):
    """Generate the factory and its job orders unless the database has them."""
    registry = odoo.modules.registry.Registry(conf["db"])
    marker = (
        f"{PREFIX} factory v{VERSION} {conf['seed']}/{conf['items']}/"
        f"{conf['levels']}/{conf['job_orders']}"
    )
    with registry.cursor() as cr:
        env = environment(cr)
        params = env["ir.config_parameter"]
        if params.get_param("production_planning.bench_factory") == marker:
            return
        old = env["pp.job.order"].search(
            [("description", "like", f"{PREFIX} job order")]
        )
        old.planned_order_ids.unlink()
        old.unlink()
        factory = Factory(
            env, seed=conf["seed"], items=conf["items"], levels=conf["levels"]
        ).build()
        factory.make_job_orders(conf["job_orders"])
        params.set_param("production_planning.bench_factory", marker)
        params.set_param(
            "production_planning.bench_products", json.dumps(factory.products.ids)
        )
        cr.commit()


def job_orders(env):
    return env["pp.job.order"].search(
        [
            ("description", "like", f"{PREFIX} job order"),
            ("state", "=", "not_examined"),
        ],
        order="id",
    )


def run_planning(conf):
    registry = odoo.modules.registry.Registry(conf["db"])
    with registry.cursor() as cr:
        env = environment(cr)
        jobs = job_orders(env)
        env.invalidate_all()
        queries_before = cr.sql_log_count
        started = time.perf_counter()
        result = env["pp.job.order.planning"].plan(
            {
                "job_order_ids": jobs.ids,
                "direction": "alap",
                "consider_availability": True,
                "group_days": conf["group_days"],
                "group_across": True,
            }
        )
        seconds = time.perf_counter() - started
        queries = cr.sql_log_count - queries_before
        run = env["pp.planning.run"].browse(result["run_id"])
        line = {
            "benchmark": "general_planning",
            "seconds": round(seconds, 3),
            "seconds_load": round(run.duration_load, 3),
            "seconds_engine": round(run.duration_engine, 3),
            "seconds_write": round(run.duration_write, 3),
            "queries": queries,
            "job_orders": len(result["job_order_ids"]),
            "planned_orders": len(result["planned_order_ids"]),
            "operations": run.count_operations,
            "materials": env["pp.planned.order.material"].search_count(
                [("planned_order_id.run_id", "=", run.id)]
            ),
            "late": len(result["late_job_order_ids"]),
            "state": run.state,
            "warnings": run.count_warnings,
            "availability": True,
            "group_days": conf["group_days"],
            "items": conf["items"],
            "levels": conf["levels"],
            "seed": conf["seed"],
            "target_seconds": 5,
        }
        cr.rollback()
    return line


def run_mto(conf):
    """Odoo's make-to-order on the first sale orders of the same demands."""
    registry = odoo.modules.registry.Registry(conf["mto_db"])
    with registry.cursor() as cr:
        env = environment(cr)
        mto = env.ref("stock.route_warehouse0_mto")
        mto.active = True
        manufacture = env.ref("mrp.route_warehouse0_manufacture")
        buy = env.ref("purchase_stock.route_warehouse0_buy")
        products = env["product.product"].browse(
            json.loads(
                env["ir.config_parameter"].get_param(
                    "production_planning.bench_products"
                )
            )
        )
        bought = products.filtered(lambda p: buy in p.route_ids)
        bought.write({"route_ids": [Command.set((mto | buy).ids)]})
        (products - bought).write({"route_ids": [Command.set((mto | manufacture).ids)]})
        customer = env["res.partner"].create({"name": f"{PREFIX} MTO Customer"})
        jobs = job_orders(env)[: conf["mto_orders"]]
        now = fields.Datetime.now()
        today = fields.Date.context_today(jobs)
        orders = env["sale.order"].create(
            [
                {
                    "partner_id": customer.id,
                    "warehouse_id": job.warehouse_id.id,
                    "commitment_date": now
                    + timedelta(days=(job.date_deadline - today).days),
                    "order_line": [
                        Command.create(
                            {
                                "product_id": job.line_ids.product_id.id,
                                "product_uom_qty": job.line_ids.product_qty,
                            }
                        )
                    ],
                }
                for job in jobs
            ]
        )
        mos_before = env["mrp.production"].search_count([])
        lines_before = env["purchase.order.line"].search_count([])
        env.flush_all()
        env.invalidate_all()
        queries_before = cr.sql_log_count
        started = time.perf_counter()
        for order in orders:
            order.action_confirm()
        env.flush_all()
        seconds = time.perf_counter() - started
        result = {
            "seconds_odoo_mto_100": round(seconds, 3),
            "queries_odoo_mto_100": cr.sql_log_count - queries_before,
            "mos_odoo_mto_100": env["mrp.production"].search_count([]) - mos_before,
            "purchase_lines_odoo_mto_100": env["purchase.order.line"].search_count([])
            - lines_before,
            "orders_odoo_mto": len(orders),
        }
        cr.rollback()
    return result


def main():
    odoo.tools.config.parse_config(["-c", os.environ["ODOO_RC"], "--log-level=warn"])
    conf = settings()
    if sys.argv[1:] == ["prepare"]:
        prepare(conf)
        return
    line = run_planning(conf)
    if conf["mto_db"]:
        line.update(run_mto(conf))
        ours = line["seconds"] / line["job_orders"]
        theirs = line["seconds_odoo_mto_100"] / line["orders_odoo_mto"]
        line["ratio_per_job_order"] = round(theirs / ours, 1)
    print(json.dumps(line))


if __name__ == "__main__":
    main()
