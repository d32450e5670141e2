# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Engine benchmark (SPEC §17): general planning in pure Python, by size.

Run with ``make bench-engine``. Plans 1k, 5k, 10k and 20k job orders of the
seeded blueprint factory (700 items, 5 levels), availability on, without and
with grouping (7 days, across job orders), with no database: one JSON line per
size and variant with ``seconds`` and ``per_job_order_ms``; the lines at the
largest size also give ``ratio_to_smallest`` (the target: within 1.5).

Then MRP (``services.mrp.plan_mrp``) over the demand streams as sale order
lines of a larger blueprint factory (10,000 items, 5 levels), every item
MRP-planned, open purchase lines on one bought item in five, 7-day grouping:
one JSON line per number of demand lines with ``seconds``, ``per_demand_ms``,
``per_planned_order_ms`` and ``per_event_us`` (per row of the time-phased
tables: every demand, receipt and planned order netted, dependent demand
included); the line at the largest size gives their ratio to the smallest.

Options (environment): ``BENCH_SIZES`` (``1000,5000,10000,20000``),
``BENCH_ITEMS`` (700), ``BENCH_LEVELS`` (5), ``BENCH_SEED`` (42),
``BENCH_MRP_SIZES`` (``10000,50000,200000``; empty: no MRP lines),
``BENCH_MRP_ITEMS`` (10000), ``BENCH_MRP_GROUP_DAYS`` (7).
"""

import gc
import json
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent))

from blueprint import Blueprint
from engine_input import engine_input, mrp_input, start_of

from services.mrp import plan_mrp
from services.planning import plan


def main():
    sizes = [
        int(s)
        for s in os.environ.get("BENCH_SIZES", "1000,5000,10000,20000").split(",")
    ]
    items = int(os.environ.get("BENCH_ITEMS", "700"))
    levels = int(os.environ.get("BENCH_LEVELS", "5"))
    seed = int(os.environ.get("BENCH_SEED", "42"))
    blueprint = Blueprint(seed=seed, items=items, levels=levels)
    start = start_of(date(2027, 3, 1))
    smallest = {}
    for grouping in (False, True):
        for size in sizes:
            data = engine_input(blueprint, size, start, grouping=grouping)
            gc.collect()
            started = time.perf_counter()
            result = plan(*data)
            seconds = time.perf_counter() - started
            per_job = seconds / size * 1000
            smallest.setdefault(grouping, per_job)
            line = {
                "benchmark": "engine_planning",
                "job_orders": size,
                "grouping": grouping,
                "availability": True,
                "seconds": round(seconds, 3),
                "per_job_order_ms": round(per_job, 3),
                "planned_orders": len(result.orders),
                "late": len(result.late),
                "items": items,
                "levels": levels,
                "seed": seed,
            }
            if size == max(sizes):
                line["ratio_to_smallest"] = round(per_job / smallest[grouping], 3)
                line["target_ratio"] = 1.5
            print(json.dumps(line), flush=True)
    mrp_lines(levels, seed, start)


def mrp_lines(levels, seed, start):
    """One JSON line per number of MRP demand lines."""
    sizes = [
        int(s)
        for s in os.environ.get("BENCH_MRP_SIZES", "10000,50000,200000").split(",")
        if s.strip()
    ]
    items = int(os.environ.get("BENCH_MRP_ITEMS", "10000"))
    group_days = int(os.environ.get("BENCH_MRP_GROUP_DAYS", "7"))
    blueprint = Blueprint(seed=seed, items=items, levels=levels)
    smallest = None
    for size in sizes:
        data = mrp_input(blueprint, size, start, seed=seed)
        data[-1].group_days = group_days
        gc.collect()
        started = time.perf_counter()
        result = plan_mrp(*data)
        seconds = time.perf_counter() - started
        per_order = seconds / max(len(result.orders), 1) * 1000
        per_event = seconds / max(len(result.lines), 1) * 1e6
        smallest = smallest or (seconds / size * 1000, per_order, per_event)
        line = {
            "benchmark": "engine_mrp",
            "demand_lines": size,
            "items": items,
            "levels": levels,
            "group_days": group_days,
            "seconds": round(seconds, 3),
            "per_demand_ms": round(seconds / size * 1000, 4),
            "per_planned_order_ms": round(per_order, 4),
            "per_event_us": round(per_event, 2),
            "planned_orders": len(result.orders),
            "suggestions": len(result.suggestions),
            "table_lines": len(result.lines),
            "seed": seed,
        }
        if size == max(sizes) and len(sizes) > 1:
            line["ratio_per_demand_to_smallest"] = round(
                seconds / size * 1000 / smallest[0], 3
            )
            line["ratio_per_planned_order_to_smallest"] = round(
                per_order / smallest[1], 3
            )
            line["ratio_per_event_to_smallest"] = round(per_event / smallest[2], 3)
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
