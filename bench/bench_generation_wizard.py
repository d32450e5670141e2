# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Job order generation wizard benchmark: the server's side of each click.

Opens the generation wizard on an existing database (the demo data, or any
other) as its administrator and clicks *Load Candidates*, *Summary*, *Back*
and *Reload*: each click is the button's method followed by the ``web_read``
the web client sends to show the form again (every field of the form view,
the candidate lists with their columns, 40 lines each). Everything runs in a
transaction rolled back afterwards.

Run with the odoo.conf the Makefile writes (its addons path gives the code
measured)::

    ODOO_RC=<build>/odoo.conf BENCH_DB=production_planning \\
        python bench/bench_generation_wizard.py [--profile FILE]

It prints one JSON line: ``candidates`` and ``selected`` (lines loaded and
chosen), ``seconds`` (median of ``BENCH_REPEAT`` runs, 5, per click) and
``queries`` per click. Options (environment): ``BENCH_JOB_TYPE`` (multi),
``BENCH_GROUPING`` (customer), ``BENCH_REPEAT``. ``--profile FILE`` writes
a cProfile of the load and summary clicks of the last run.
"""

import cProfile
import json
import os
import statistics
import sys
import time

from lxml import etree

import odoo
from odoo import api

CLICKS = (
    ("load", "action_load"),
    ("summary", "action_summary"),
    ("back", "action_back"),
    ("reload", "action_load"),
)
PROFILED = ("load", "summary")


def read_spec(env, model, node):
    """The ``web_read`` specification of the fields under ``node`` (not those
    of a nested x2many view), as the web client builds it."""
    spec = {}
    for field_node in node.iter("field"):
        parent = field_node.getparent()
        while parent is not node and parent.tag != "field":
            parent = parent.getparent()
        if parent is not node:
            continue
        name = field_node.get("name")
        field = env[model]._fields[name]
        if field.type in ("one2many", "many2many") and len(field_node):
            spec[name] = {
                "fields": read_spec(env, field.comodel_name, field_node[0]),
                "limit": 40,
            }
        elif field.type in ("many2one", "one2many", "many2many"):
            spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    return spec


def run(registry, params, profiler=None):
    """One run of the clicks: ``{click: (seconds, queries)}`` and the counts."""
    with registry.cursor() as cr:
        admin = api.Environment(cr, odoo.SUPERUSER_ID, {}).ref("base.user_admin")
        env = api.Environment(cr, admin.id, admin.context_get())
        model = env["pp.job.order.generate"]
        arch = model.get_views([(False, "form")])["views"]["form"]["arch"]
        spec = read_spec(env, model._name, etree.fromstring(arch))
        wizard = model.create(params)
        env.flush_all()
        clicks = {}
        for label, method in CLICKS:
            env.invalidate_all()
            queries = cr.sql_log_count
            if profiler and label in PROFILED:
                profiler.enable()
            started = time.perf_counter()
            getattr(wizard, method)()
            env.flush_all()
            env.invalidate_all()
            wizard.web_read(spec)
            clicks[label] = (time.perf_counter() - started, cr.sql_log_count - queries)
            if profiler and label in PROFILED:
                profiler.disable()
        counts = (len(wizard.line_ids), len(wizard.summary_line_ids))
        cr.rollback()
    return clicks, counts


def main():
    odoo.tools.config.parse_config(["-c", os.environ["ODOO_RC"], "--log-level=warn"])
    registry = odoo.modules.registry.Registry(os.environ["BENCH_DB"])
    params = {
        "job_type": os.environ.get("BENCH_JOB_TYPE", "multi"),
        "grouping": os.environ.get("BENCH_GROUPING", "customer"),
    }
    repeat = int(os.environ.get("BENCH_REPEAT", "5"))
    profile = sys.argv[2] if sys.argv[1:2] == ["--profile"] else None
    # A first run fills the caches (views, translations) for the measured ones.
    run(registry, params)
    runs = []
    for index in range(repeat):
        profiler = cProfile.Profile() if profile and index == repeat - 1 else None
        clicks, counts = run(registry, params, profiler)
        runs.append(clicks)
        if profiler:
            profiler.dump_stats(profile)
    print(
        json.dumps(
            {
                "benchmark": "generation_wizard",
                "db": os.environ["BENCH_DB"],
                **params,
                "candidates": counts[0],
                "selected": counts[1],
                "seconds": {
                    label: round(statistics.median(r[label][0] for r in runs), 3)
                    for label, _method in CLICKS
                },
                "queries": {label: runs[-1][label][1] for label, _method in CLICKS},
            }
        )
    )


if __name__ == "__main__":
    main()
