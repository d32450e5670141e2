# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""MRP benchmark (SPEC §17): our MRP against OCA's ``mrp_multi_level`` 18.0 on
the same seeded factory, in the same process, one after the other.

Run with ``make bench-mrp``, which installs OCA's three addons (``--no-deps``,
in a folder only the benchmark's addons path names), makes a database with
both addons, and calls this script per size:

* ``ready SIZE``: exits 0 when the database holds the factory of SIZE;
* ``prepare SIZE``: generates it once (kept for later runs): the factory of
  ``bench/blueprint.py`` (``Factory.build``), the blueprint's MRP lot settings
  on every item (``apply_mrp_settings``, every item on the MRP policy), its
  demand as confirmed sale orders (``make_mrp_demand``: Odoo makes their
  confirmed outgoing moves), then OCA's MRP area of the warehouse and one
  ``product.mrp.area`` per item with our settings mapped onto it
  (:func:`map_oca`);
* ``run SIZE``: times, each in a transaction rolled back afterwards, (1) the
  plain SQL read of what an MRP needs (``seconds_read``, the floor), (2) our
  MRP (:func:`run_ours`), (3) OCA's ``run_mrp_multi_level()`` (stopped after
  ``BENCH_OCA_TIMEOUT`` seconds, then ``oca_finished`` is false and its
  figures are those so far); and prints one JSON line.

SIZE is ``small`` (1,000 items, 4 levels, 5,000 demand lines), ``large``
(10,000, 5, 50,000) or ``ITEMS/LEVELS/DEMANDS``. The line: ``items``,
``levels``, ``demands`` (outgoing moves), ``seconds_ours``, ``seconds_oca``,
``ratio`` (OCA's over ours), ``queries_ours``, ``queries_oca``,
``planned_orders_ours``, ``planned_orders_oca``, ``planned_orders_agree``
(ours and OCA's matched one to one on item, quantity within 1e-6 relative and
due day), ``seconds_read``, ``seconds_ours_phases`` (our run's load, engine
and write steps), ``seconds_ours_again`` and ``seconds_ours_again_phases``
(a second run right after, replacing the first's planned orders: the nightly
case), ``rows_written_ours`` (planned orders, their materials, the
time-phased table's lines, suggestions), ``seconds_oca_phases`` (OCA's run by step, and
the final flush), ``seconds_oca_sql`` (time in its queries),
``oca_finished``, ``oca_items_netted`` (items OCA netted, of ``oca_items_by_level``:
how far it got when stopped), ``seconds_prepare``, ``mapping`` (how many items OCA sees
with another lead time or supply method than ours: 0 expected). While
``pp.mrp.planning`` does not exist, ours is reported as null with
``"ours": "missing"``.

Options (environment): ``BENCH_DB``, ``BENCH_SEED`` (42), ``BENCH_HORIZON``
(120 days of demand), ``BENCH_OCA_TIMEOUT`` (900 seconds), ``BENCH_PROFILE``
(a file: OCA's run profiled with cProfile into it), ``ODOO_RC``.
"""

import cProfile
import json
import os
import sys
import threading
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from blueprint import VERSION
from factory import PREFIX, Factory

import odoo
from odoo import SUPERUSER_ID, api, fields

SIZES = {"small": (1000, 4, 5000), "large": (10000, 5, 50000)}
# Bump when the MRP factory (settings, demand, mapping) changes.
MRP_VERSION = 1
PARAM = "production_planning.bench_mrp"


def settings(size):
    items, levels, demands = SIZES.get(size) or map(int, size.split("/"))
    return {
        "size": size,
        "db": os.environ.get("BENCH_DB", "production_planning_bench_mrp"),
        "items": items,
        "levels": levels,
        "demands": demands,
        "seed": int(os.environ.get("BENCH_SEED", "42")),
        "horizon": int(os.environ.get("BENCH_HORIZON", "120")),
        "oca_timeout": float(os.environ.get("BENCH_OCA_TIMEOUT", "900")),
    }


def marker(conf):
    return (
        f"{PREFIX} mrp factory v{VERSION}.{MRP_VERSION} {conf['seed']}/"
        f"{conf['items']}/{conf['levels']}/{conf['demands']}/{conf['horizon']}"
    )


def environment(cr):
    return api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})


def stored(env):
    """What ``prepare`` kept: marker, warehouse, products, timings, mapping."""
    return json.loads(env["ir.config_parameter"].get_param(PARAM) or "{}")


# ----------------------------------------------------------------------
# Prepare
# ----------------------------------------------------------------------
def ready(conf):
    registry = odoo.modules.registry.Registry(conf["db"])
    with registry.cursor() as cr:
        return stored(environment(cr)).get("marker") == marker(conf)


def prepare(conf):
    """Generate the factory, its MRP settings and demand, and OCA's areas."""
    registry = odoo.modules.registry.Registry(conf["db"])
    with registry.cursor() as cr:
        env = environment(cr)
        if stored(env).get("marker") == marker(conf):
            return
        if env["product.product"].search_count(
            [("default_code", "=like", "B%"), ("name", "=like", f"{PREFIX} %")]
        ):
            raise SystemExit(
                f"{conf['db']} holds another factory: drop it (make bench-mrp "
                "copies a fresh one from the database with the addons)"
            )
        seconds = {}
        started = time.perf_counter()
        factory = Factory(
            env, seed=conf["seed"], items=conf["items"], levels=conf["levels"]
        ).build()
        seconds["factory"] = time.perf_counter() - started
        mark = time.perf_counter()
        factory.apply_mrp_settings()
        seconds["settings"] = time.perf_counter() - mark
        mark = time.perf_counter()
        factory.make_mrp_demand(conf["demands"], horizon_days=conf["horizon"])
        seconds["demand"] = time.perf_counter() - mark
        mark = time.perf_counter()
        products = factory.products.browse(factory.products.ids)
        area, mapping = map_oca(env, factory.warehouse, products)
        seconds["oca_areas"] = time.perf_counter() - mark
        seconds["total"] = time.perf_counter() - started
        env["ir.config_parameter"].set_param(
            PARAM,
            json.dumps(
                {
                    "marker": marker(conf),
                    "warehouse_id": factory.warehouse.id,
                    "mrp_area_id": area.id,
                    "product_ids": products.ids,
                    "seconds_prepare": {k: round(v, 1) for k, v in seconds.items()},
                    "mapping": mapping,
                }
            ),
        )
        cr.commit()


def oca_nbr_days(grouping_days):
    """OCA's ``mrp_nbr_days`` for our grouping days: OCA closes a group at the
    first need on or after first + N days, ours keeps the needs up to first +
    grouping days, so N = grouping days + 1 (0 stays 0: no grouping)."""
    return grouping_days + 1 if grouping_days > 0 else 0


def map_oca(env, warehouse, products):
    """OCA's MRP area of ``warehouse`` (its stock location) and one
    ``product.mrp.area`` per product with our settings: minimum stock, the lot
    and multiple planning uses (``_pp_get_lot_sizes``: the vendor line's for
    a bought item), maximum lot, grouping days. Lead times are not mapped:
    OCA reads the same BOM ``produce_delay`` and vendor ``delay`` we do;
    returns the area and how many items OCA sees otherwise than we do."""
    area = env["mrp.area"].search(
        [
            ("warehouse_id", "=", warehouse.id),
            ("location_id", "=", warehouse.lot_stock_id.id),
        ],
        limit=1,
    ) or env["mrp.area"].create(
        {
            "name": warehouse.lot_stock_id.complete_name,
            "warehouse_id": warehouse.id,
            "location_id": warehouse.lot_stock_id.id,
        }
    )
    vals_list = []
    for product in products:
        template = product.product_tmpl_id
        lot, multiple = product._pp_get_lot_sizes()
        vals_list.append(
            {
                "mrp_area_id": area.id,
                "product_id": product.id,
                "mrp_minimum_stock": template.pp_min_stock,
                "mrp_minimum_order_qty": lot,
                # 0 = no rounding for both (OCA's default 1.0 rounds to units
                # as soon as a minimum or maximum is set).
                "mrp_qty_multiple": multiple,
                "mrp_maximum_order_qty": template.pp_maximum_lot,
                "mrp_nbr_days": oca_nbr_days(template.pp_grouping_days),
            }
        )
    parameters = env["product.mrp.area"].create(vals_list)
    supply = {"production": "manufacture", "purchase": "buy"}
    lead, method = 0, 0
    for parameter in parameters:
        product = parameter.product_id
        if parameter.mrp_lead_time != product._pp_get_lead_time():
            lead += 1
        if parameter.supply_method != supply.get(product._pp_get_procurement_type()):
            method += 1
    env.flush_all()
    return area, {"lead_time_differs": lead, "supply_method_differs": method}


# ----------------------------------------------------------------------
# Run
# ----------------------------------------------------------------------
def read_inputs(cr, warehouse_id):
    """Read with plain SQL what an MRP of the warehouse needs: items and their
    settings, vendor lines, BOMs and their lines, stock on hand, open moves in
    and out of the warehouse's stock, open purchase and sale lines. Returns
    the rows read per source."""
    cr.execute(
        """SELECT l.id FROM stock_location l, stock_warehouse w
            JOIN stock_location s ON s.id = w.lot_stock_id
           WHERE w.id = %s AND l.parent_path LIKE s.parent_path || '%%'""",
        [warehouse_id],
    )
    locations = [row[0] for row in cr.fetchall()]
    queries = {
        "items": """
            SELECT p.id, t.pp_planning_policy, t.pp_min_stock, t.pp_economic_lot,
                   t.pp_lot_multiple, t.pp_maximum_lot, t.pp_grouping_days,
                   t.pp_procurement_type, t.uom_id
              FROM product_product p JOIN product_template t
                ON t.id = p.product_tmpl_id
             WHERE p.active AND t.is_storable""",
        "vendors": """
            SELECT product_tmpl_id, product_id, partner_id, sequence, min_qty,
                   pp_lot_multiple, delay
              FROM product_supplierinfo ORDER BY sequence, min_qty DESC, price, id""",
        "bom_lines": """
            SELECT b.id, b.product_tmpl_id, b.product_id, b.product_qty,
                   b.produce_delay, b.type, l.product_id, l.product_qty
              FROM mrp_bom b JOIN mrp_bom_line l ON l.bom_id = b.id
             WHERE b.active ORDER BY b.sequence, b.id""",
        "stock": """
            SELECT product_id, sum(quantity) FROM stock_quant
             WHERE location_id = ANY(%(locations)s) GROUP BY product_id""",
        "moves": """
            SELECT id, product_id, product_qty, date,
                   location_id = ANY(%(locations)s) AS outgoing,
                   sale_line_id, purchase_line_id, production_id,
                   raw_material_production_id
              FROM stock_move
             WHERE state NOT IN ('done', 'cancel')
               AND (location_id = ANY(%(locations)s))
                   <> (location_dest_id = ANY(%(locations)s))""",
        "purchase_lines": """
            SELECT l.id, l.product_id, l.product_qty - l.qty_received,
                   l.date_planned, o.state
              FROM purchase_order_line l JOIN purchase_order o
                ON o.id = l.order_id
              JOIN stock_picking_type k ON k.id = o.picking_type_id
             WHERE o.state IN ('draft', 'sent', 'to approve', 'purchase')
               AND k.default_location_dest_id = ANY(%(locations)s)
               AND l.product_qty > l.qty_received""",
        "sale_lines": """
            SELECT l.id, l.product_id, l.product_uom_qty - l.qty_delivered,
                   coalesce(o.commitment_date, o.date_order)
              FROM sale_order_line l JOIN sale_order o ON o.id = l.order_id
             WHERE o.state = 'sale' AND o.warehouse_id = %(warehouse)s
               AND l.product_uom_qty > l.qty_delivered""",
    }
    rows = {}
    for name, query in queries.items():
        cr.execute(query, {"locations": locations, "warehouse": warehouse_id})
        rows[name] = len(cr.fetchall())
    return rows


def time_read(registry, prepared):
    with registry.cursor() as cr:
        started = time.perf_counter()
        rows = read_inputs(cr, prepared["warehouse_id"])
        seconds = time.perf_counter() - started
        cr.rollback()
    return seconds, rows


def run_ours(env, warehouse, date_until=None):
    """Our MRP of ``warehouse`` until ``date_until`` (default: 150 days from
    today, past the demand's 120); returns its run."""
    date_until = date_until or fields.Date.today() + timedelta(days=150)
    action = (
        env["pp.mrp.planning"]
        .create(
            {
                "warehouse_ids": [(6, 0, warehouse.ids)],
                "date_until": date_until,
                "with_suggestions": True,
                "create_planned_orders": True,
                "two_pass": False,
            }
        )
        .action_run()
    )
    env.flush_all()
    return env["pp.planning.run"].browse(action["res_id"])


def planned_orders(cr, run):
    """The planned orders of our ``run`` as ``(product_id, quantity, due day)``,
    read after the timing (as OCA's are)."""
    cr.execute(
        "SELECT product_id, product_qty, date_end::date FROM pp_planned_order "
        "WHERE run_id = %s",
        [run.id],
    )
    return cr.fetchall()


def time_ours(registry, prepared, conf):
    """``run_ours`` timed, with its queries, rolled back; None without our MRP."""
    with registry.cursor() as cr:
        env = environment(cr)
        if "pp.mrp.planning" not in env:
            return None
        warehouse = env["stock.warehouse"].browse(prepared["warehouse_id"])
        date_until = fields.Date.today() + timedelta(days=conf["horizon"] + 30)
        env.invalidate_all()
        queries_before = cr.sql_log_count
        started = time.perf_counter()
        run = run_ours(env, warehouse, date_until)
        seconds = time.perf_counter() - started
        queries = cr.sql_log_count - queries_before
        orders = planned_orders(cr, run)
        phases = {
            step: round(run[f"duration_{step}"], 3)
            for step in ("load", "engine", "write")
        }
        cr.execute(
            "SELECT count(*) FROM pp_planned_order_material m "
            "JOIN pp_planned_order o ON o.id = m.planned_order_id WHERE o.run_id = %s",
            [run.id],
        )
        rows = {
            "planned_orders": len(orders),
            "materials": cr.fetchone()[0],
            "table_lines": run.mrp_line_count,
            "suggestions": run.mrp_suggestion_count,
        }
        # The nightly case: the next run replaces this one's planned orders.
        env.invalidate_all()
        started = time.perf_counter()
        again = run_ours(env, warehouse, date_until)
        seconds_again = time.perf_counter() - started
        phases_again = {
            step: round(again[f"duration_{step}"], 3)
            for step in ("load", "engine", "write")
        }
        cr.rollback()
    return {
        "seconds": seconds,
        "queries": queries,
        "orders": orders,
        "phases": phases,
        "rows": rows,
        "seconds_again": seconds_again,
        "phases_again": phases_again,
    }


class OcaTimeout(Exception):
    """OCA's run passed the time allowed."""


OCA_STEPS = (
    "_mrp_cleanup",
    "_low_level_code_calculation",
    "_calculate_mrp_applicable",
    "_mrp_initialisation",
    "_mrp_calculation",
    "_mrp_final_process",
)
# OCA nets one item (product.mrp.area) per call of either, level by level.
OCA_NETTING = ("_init_mrp_move_non_grouped_demand", "_init_mrp_move_grouped_demand")


def time_oca(registry, prepared, conf):
    """OCA's ``run_mrp_multi_level()`` on the factory's area, timed by step
    (its methods wrapped for the run), with its queries; a query hook stops it
    once ``oca_timeout`` seconds have passed. Rolled back."""
    with registry.cursor() as cr:
        env = environment(cr)
        area = env["mrp.area"].browse(prepared["mrp_area_id"])
        wizard = env["mrp.multi.level"].create({"mrp_area_ids": [(6, 0, area.ids)]})
        env.flush_all()
        env.invalidate_all()
        model_class = type(wizard)
        steps = {}
        netted = {"items": 0}
        originals = {
            name: model_class.__dict__.get(name) for name in OCA_STEPS + OCA_NETTING
        }

        def timed(name, method):
            def wrapper(self, *args, **kwargs):
                mark = time.perf_counter()
                try:
                    return method(self, *args, **kwargs)
                finally:
                    steps[name.lstrip("_")] = round(time.perf_counter() - mark, 3)

            return wrapper

        def counted(method):
            def wrapper(self, *args, **kwargs):
                netted["items"] += 1
                return method(self, *args, **kwargs)

            return wrapper

        for name in OCA_STEPS:
            setattr(model_class, name, timed(name, getattr(model_class, name)))
        for name in OCA_NETTING:
            setattr(model_class, name, counted(getattr(model_class, name)))
        deadline = time.perf_counter() + conf["oca_timeout"]

        sql = {"seconds": 0.0}

        def stop_at_deadline(_cr, _query, _params, _start, delay):
            sql["seconds"] += delay
            if time.perf_counter() > deadline:
                raise OcaTimeout

        thread = threading.current_thread()
        hooks = getattr(thread, "query_hooks", ())
        thread.query_hooks = (*hooks, stop_at_deadline)
        queries_before = cr.sql_log_count
        started = time.perf_counter()
        profile = cProfile.Profile() if os.environ.get("BENCH_PROFILE") else None
        try:
            if profile:
                profile.enable()
            wizard.run_mrp_multi_level()
            mark = time.perf_counter()
            env.flush_all()
            steps["flush"] = round(time.perf_counter() - mark, 3)
            finished = True
        except OcaTimeout:
            finished = False
        finally:
            seconds = time.perf_counter() - started
            queries = cr.sql_log_count - queries_before
            thread.query_hooks = hooks
            if profile:
                profile.disable()
                profile.dump_stats(os.environ["BENCH_PROFILE"])
            for name, original in originals.items():
                if original is None:
                    delattr(model_class, name)
                else:
                    setattr(model_class, name, original)
        # By the item's product.mrp.area: the stored related fields (area,
        # product) of what OCA created are still unwritten after a timeout.
        cr.execute(
            """SELECT a.product_id, o.mrp_qty, o.due_date
                 FROM mrp_planned_order o JOIN product_mrp_area a
                   ON a.id = o.product_mrp_area_id
                WHERE a.mrp_area_id = %s""",
            [area.id],
        )
        orders = [(product, qty, due) for product, qty, due in cr.fetchall()]
        cr.execute(
            """SELECT count(*) FROM mrp_move m JOIN product_mrp_area a
                ON a.id = m.product_mrp_area_id WHERE a.mrp_area_id = %s""",
            [area.id],
        )
        moves = cr.fetchone()[0]
        # Items per low-level code (OCA nets level 0 first, then 1, ...).
        cr.execute(
            """SELECT p.llc, count(*) FROM product_product p JOIN product_mrp_area a
                ON a.product_id = p.id WHERE a.mrp_area_id = %s
                GROUP BY p.llc ORDER BY p.llc""",
            [area.id],
        )
        by_level = [count for _llc, count in cr.fetchall()]
        cr.rollback()
    return {
        "seconds": seconds,
        "queries": queries,
        "orders": orders,
        "finished": finished,
        "steps": steps,
        "seconds_sql": sql["seconds"],
        "mrp_moves": moves,
        "items_netted": netted["items"],
        "items_by_level": by_level,
    }


def agreement(ours, theirs, tolerance=1e-6):
    """How many planned orders match one to one on item, due day and quantity
    (within ``tolerance`` relative)."""
    left = defaultdict(list)
    for product, quantity, due in theirs:
        left[product, due].append(quantity)
    matched = 0
    for product, quantity, due in ours:
        candidates = left.get((product, due), [])
        for index, other in enumerate(candidates):
            if abs(quantity - other) <= tolerance * max(abs(quantity), abs(other), 1):
                del candidates[index]
                matched += 1
                break
    return matched


def run(conf):
    registry = odoo.modules.registry.Registry(conf["db"])
    with registry.cursor() as cr:
        prepared = stored(environment(cr))
        if prepared.get("marker") != marker(conf):
            raise SystemExit(f"{conf['db']} has no {conf['size']} factory: prepare")
        cr.execute(
            """SELECT count(*) FROM stock_move m JOIN stock_location l
                ON l.id = m.location_dest_id
                WHERE l.usage = 'customer' AND m.state NOT IN ('done', 'cancel')"""
        )
        demands = cr.fetchone()[0]
    seconds_read, rows = time_read(registry, prepared)
    ours = time_ours(registry, prepared, conf)
    oca = time_oca(registry, prepared, conf)
    line = {
        "benchmark": "mrp",
        "size": conf["size"],
        "items": conf["items"],
        "levels": conf["levels"],
        "demands": demands,
        "seed": conf["seed"],
        "ours": "ok" if ours else "missing",
        "seconds_ours": round(ours["seconds"], 3) if ours else None,
        "seconds_oca": round(oca["seconds"], 3),
        "ratio": round(oca["seconds"] / ours["seconds"], 1) if ours else None,
        "queries_ours": ours["queries"] if ours else None,
        "queries_oca": oca["queries"],
        "planned_orders_ours": len(ours["orders"]) if ours else None,
        "planned_orders_oca": len(oca["orders"]),
        "planned_orders_agree": (
            agreement(ours["orders"], oca["orders"]) if ours else None
        ),
        "seconds_read": round(seconds_read, 3),
        "seconds_ours_phases": ours["phases"] if ours else None,
        "rows_written_ours": ours["rows"] if ours else None,
        "seconds_ours_again": round(ours["seconds_again"], 3) if ours else None,
        "seconds_ours_again_phases": ours["phases_again"] if ours else None,
        "rows_read": rows,
        "oca_finished": oca["finished"],
        "oca_timeout": conf["oca_timeout"],
        "seconds_oca_phases": oca["steps"],
        "seconds_oca_sql": round(oca["seconds_sql"], 3),
        "mrp_moves_oca": oca["mrp_moves"],
        "oca_items_netted": oca["items_netted"],
        "oca_items_by_level": oca["items_by_level"],
        "seconds_prepare": prepared["seconds_prepare"],
        "mapping": prepared["mapping"],
        "today": date.today().isoformat(),
    }
    print(json.dumps(line), flush=True)


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("ready", "prepare", "run"):
        raise SystemExit("usage: bench_mrp.py ready|prepare|run small|large|I/L/D")
    odoo.tools.config.parse_config(["-c", os.environ["ODOO_RC"], "--log-level=warn"])
    conf = settings(sys.argv[2])
    if sys.argv[1] == "ready":
        sys.exit(0 if ready(conf) else 1)
    if sys.argv[1] == "prepare":
        prepare(conf)
    else:
        run(conf)


if __name__ == "__main__":
    main()
