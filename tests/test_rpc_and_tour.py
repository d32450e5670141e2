# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import os
import re
from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

import odoo
from odoo import Command, fields, sql_db
from odoo.tests import HttpCase, get_db_name, tagged

README = Path(__file__).resolve().parents[1] / "README.md"
_test_cursor_commit = sql_db.TestCursor.commit


def _commit_delivering_bus(cr):
    """A test cursor's commit that runs the post-commit hooks it drops,
    among them the bus's NOTIFY that makes the websockets send their
    messages, as a real commit does."""
    cr.flush()
    cr.postcommit.run()
    _test_cursor_commit(cr)


def readme_example(marker="xmlrpc-example"):
    """Return the XML-RPC example of the README after ``<!-- marker -->``."""
    text = README.read_text(encoding="utf-8")
    match = re.search(
        rf"<!-- {marker} -->\s*```python\n(.*?)```", text, flags=re.DOTALL
    )
    assert match, "README.md lost its XML-RPC example"
    return match.group(1)


@tagged("post_install", "-at_install")
class TestRpcAndTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        # Odoo's own test runner serves HTTP already; pytest-odoo does not.
        server = odoo.service.server.server
        if server is not None and server.httpd is None:
            server.http_spawn()
        super().setUpClass()
        cls.chair = cls.env["product.product"].create(
            {
                "name": "PP Tour Chair",
                "type": "consu",
                "is_storable": True,
                "pp_generate_job_orders": True,
                "pp_planning_policy": "job_order",
                "route_ids": [
                    Command.set(cls.env.ref("mrp.route_warehouse0_manufacture").ids)
                ],
            }
        )
        cls.kit = cls.env["product.product"].create(
            {
                "name": "PP Tour Kit",
                "type": "consu",
                "is_storable": True,
                "pp_planning_policy": "stock",
                "pp_min_stock": 10,
                "route_ids": [
                    Command.set(cls.env.ref("mrp.route_warehouse0_manufacture").ids)
                ],
            }
        )
        partner = cls.env["res.partner"].create({"name": "PP Tour Customer"})
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "commitment_date": fields.Datetime.now() + timedelta(days=10),
                "order_line": [
                    Command.create({"product_id": cls.chair.id, "product_uom_qty": 6})
                ],
            }
        )
        cls.order.action_confirm()

    def _run_readme_example(self, marker, **environ):
        """Run a README client example against this test's server; its globals."""
        self.env.flush_all()
        namespace = {}
        environ.update(
            ODOO_URL=f"http://127.0.0.1:{self.http_port()}",
            ODOO_DB=get_db_name(),
            ODOO_USER="admin",
            ODOO_PASSWORD="admin",
        )
        with patch.dict(os.environ, environ), patch("builtins.print"):
            exec(compile(readme_example(marker), "README.md", "exec"), namespace)
        self.env.invalidate_all()
        return namespace

    def test_readme_xmlrpc_example(self):
        """The README's client example runs as written against a live server."""
        namespace = self._run_readme_example("xmlrpc-example", PP_DATE_TO="2099-12-31")
        job_orders = self.env["pp.job.order"].browse(
            namespace["result"]["job_order_ids"]
        )
        chair_job = job_orders.filtered(lambda job: job.product_id == self.chair)
        self.assertEqual(chair_job.product_qty, 6)
        self.assertEqual(chair_job.line_ids.sale_line_ids, self.order.order_line)
        self.assertEqual(namespace["run"]["state"], "done")
        self.assertEqual(namespace["run"]["count_created"], len(job_orders))
        # The sale line is taken: the wizard loaded afterwards does not offer it.
        self.assertNotIn(
            self.chair.id, [c["product_id"][0] for c in namespace["candidates"]]
        )

    def test_readme_xmlrpc_planning_example(self):
        """The README's planning example builds its own item and plans it."""
        namespace = self._run_readme_example("xmlrpc-planning-example")
        run = namespace["run"]
        self.assertEqual(run["state"], "done")
        self.assertEqual((run["count_created"], run["count_operations"]), (2, 1))
        self.assertEqual(namespace["result"]["state"], "done")
        planned = namespace["planned"]
        self.assertEqual(
            [
                (
                    o["order_type"],
                    o["origin"],
                    o["level"],
                    o["product_id"][1],
                    o["product_qty"],
                )
                for o in planned
            ],
            [
                ("production", "independent", 0, "Stool", 10),
                ("purchase", "dependent", 1, "Stool leg", 30),
            ],
        )
        stool, leg = planned
        self.assertEqual(leg["parent_id"][0], stool["id"])
        phase = namespace["phases"][0]
        # 15 min setup + 10 x 20 min: ASAP, the stools wait for the legs (4 days).
        self.assertEqual(
            (phase["name"], phase["time_setup"], phase["time_run"]),
            ("Assemble", 15, 200),
        )
        self.assertEqual(stool["date_start"], phase["date_start"])
        self.assertGreaterEqual(stool["date_start"], leg["date_end"])
        self.assertEqual(leg["date_eta"], leg["date_end"])
        [material] = namespace["materials"]
        self.assertEqual(
            (material["planned_order_id"][0], material["product_id"][1]),
            (stool["id"], "Stool leg"),
        )
        self.assertEqual(material["product_qty"], 30)
        self.assertEqual(material["date_use"], phase["date_start"])
        # Grouped across the two job orders: one stool order covers both.
        grouped = namespace["grouped"]
        stools = {
            g["planned_order_id"][0] for g in grouped if g["product_qty"] in (10, 6)
        }
        self.assertEqual(len(stools), 1)
        self.assertEqual(
            sorted(
                (g["job_order_id"][0], g["product_qty"])
                for g in grouped
                if g["planned_order_id"][0] in stools
            ),
            sorted([(namespace["job_id"], 10), (namespace["second_id"], 6)]),
        )
        second = namespace["second"]
        self.assertEqual(second["state"], "scheduled")
        self.assertEqual(second["covering_planned_order_ids"], sorted(stools))

    def test_readme_xmlrpc_release_example(self):
        """The README's release example plans, releases, reads and restores."""
        namespace = self._run_readme_example("xmlrpc-release-example")
        run = namespace["release_run"]
        self.assertEqual(run["state"], "done")
        self.assertEqual((len(run["production_ids"]), len(run["purchase_ids"])), (1, 1))
        self.assertEqual(
            sorted(f["feasibility"] for f in namespace["feasibility"]),
            ["green", "planned"],
        )
        mo = namespace["mo"]
        self.assertEqual((mo["state"], mo["product_qty"]), ("confirmed", 5))
        [component] = namespace["components"]
        self.assertEqual(
            (component["product_id"][1], component["product_uom_qty"]),
            ("Steel plate", 10),
        )
        [workorder] = namespace["workorders"]
        self.assertEqual(workorder["workcenter_id"][1], "Bracket press")
        line = namespace["rfq_line"]
        self.assertEqual(
            (line["partner_id"][1], line["product_qty"], line["price_unit"]),
            ("Plate Mill", 10, 12.5),
        )
        self.assertEqual(namespace["rfq"]["state"], "draft")
        self.assertEqual(namespace["restored"]["state"], "draft")
        self.assertFalse(
            self.env["purchase.order"].browse(namespace["rfq"]["id"]).exists()
        )

    def test_readme_xmlrpc_mrp_example(self):
        """The README's MRP example builds a lamp, sells it and runs MRP."""
        namespace = self._run_readme_example("xmlrpc-mrp-example")
        self.assertEqual(namespace["run"]["state"], "done")
        self.assertEqual(namespace["run"]["kind"], "mrp")
        self.assertEqual(
            [
                (o["product_id"][1], o["order_type"], o["product_qty"])
                for o in namespace["planned"]
            ],
            [("Desk lamp", "production", 4), ("Lamp shade", "purchase", 4)],
        )
        lamp, shade = namespace["planned"]
        self.assertEqual(shade["date_end"], lamp["date_start"])
        table = namespace["table"]
        self.assertEqual(
            [(row["kind"], row["qty_demand"], row["qty_supply"]) for row in table],
            [("planned", 0, 4), ("demand", 4, 0)],
        )
        self.assertTrue(table[1]["document_ref"].startswith("sale.order.line,"))
        self.assertEqual(namespace["suggestions"], [])

    def test_readme_xmlrpc_fcs_example(self):
        """The README's FCS example builds a plant, schedules two MOs, applies."""
        namespace = self._run_readme_example("xmlrpc-fcs-example")
        execution = namespace["execution"]
        self.assertEqual(execution["state"], "done")
        self.assertEqual(execution["solver_status"], "optimal")
        self.assertEqual(execution["late_count"], 0)
        # Saw 8-10 and 10-12 on Monday; welding 10-14, then 14-16 and Tuesday
        # 8-10 across the night: 26 hours from Monday 08:00.
        self.assertEqual(execution["makespan_hours"], 26.0)
        self.assertEqual(len(execution["task_ids"]), 4)
        spans = [
            (t["workcenter_id"][1], t["date_start"], t["date_end"])
            for t in namespace["tasks"]
        ]
        self.assertIn(("Welding", "2030-01-07 14:00:00", "2030-01-08 10:00:00"), spans)
        applied = [
            (w["workcenter_id"][1], w["date_start"], w["date_finished"])
            for w in namespace["workorders"]
        ]
        self.assertEqual(sorted(applied), sorted(spans))

    def test_readme_xmlrpc_costing_example(self):
        """The README's costing example plans a job order and costs it."""
        namespace = self._run_readme_example("xmlrpc-costing-example")
        costing = namespace["costing"]
        self.assertEqual(costing["estimated_material"], 120.0)
        self.assertEqual(costing["estimated_internal"], 120.0)
        self.assertEqual(costing["estimated_industrial"], 240.0)
        self.assertEqual(costing["estimated_total"], 264.0)
        self.assertEqual(costing["actual_total"], 0.0)
        kinds = sorted(line["kind"] or "" for line in namespace["lines"])
        self.assertEqual(kinds, ["", "", "internal", "material"])

    def test_job_order_generation_tour(self):
        """Open Job Order Generation, load sale lines, generate, see job orders."""
        # No job runner here: queue_job runs the queued generation at once.
        with patch.dict(os.environ, {"QUEUE_JOB__NO_DELAY": "1"}):
            self.start_tour(
                "/odoo/action-production_planning.pp_job_order_generate_action",
                "production_planning_job_order_generation",
                login="admin",
            )
        job_line = self.order.order_line.pp_job_order_line_ids
        self.assertEqual(job_line.product_qty, 6)
        self.assertEqual(job_line.job_order_id.state, "not_examined")

    def test_generation_grouping_tour(self):
        """Multi-product job orders are not offered grouping by item; their
        summary shows one job order per customer with its lines and units."""
        self.start_tour(
            "/odoo/action-production_planning.pp_job_order_generate_action",
            "production_planning_generation_grouping",
            login="admin",
        )
        self.assertFalse(self.order.order_line.pp_job_order_line_ids)

    def test_general_planning_tour(self):
        """Plan the demo job orders from their list, open the timeline."""
        demo = self.env.ref("production_planning.pp_job_order_bs2_demo", False)
        if not demo:
            self.fail("the demo job orders are missing: install with demo data")
        jobs = demo | self.env.ref("production_planning.pp_job_order_cp80_demo")
        # No job runner here: queue_job runs the queued planning at once.
        with patch.dict(os.environ, {"QUEUE_JOB__NO_DELAY": "1"}):
            self.start_tour(
                "/odoo/action-production_planning.pp_job_order_action",
                "production_planning_general_planning",
                login="admin",
            )
        self.assertEqual(set(jobs.mapped("state")), {"scheduled"})
        self.assertTrue(jobs.planned_order_ids.operation_ids)

    def test_mrp_tour(self):
        """Run MRP from its menu on the demo, open the table and the suggestions."""
        with patch.dict(os.environ, {"QUEUE_JOB__NO_DELAY": "1"}):
            self.start_tour(
                "/odoo/action-production_planning.pp_mrp_planning_action",
                "production_planning_mrp",
                login="admin",
            )
        run = self.env["pp.planning.run"].search([("kind", "=", "mrp")], limit=1)
        self.assertEqual(run.state, "done")
        self.assertTrue(run.mrp_line_ids and run.mrp_suggestion_ids)
        self.assertEqual(set(run.planned_order_ids.mapped("origin")), {"mrp"})

    def test_fcs_tour(self):
        """Schedule the demo plant from its menu, open the execution and its
        timeline, apply it."""
        with patch.dict(os.environ, {"QUEUE_JOB__NO_DELAY": "1"}):
            self.start_tour(
                "/odoo/action-production_planning.pp_fcs_planning_action",
                "production_planning_fcs",
                login="admin",
            )
        execution = self.env["pp.fcs.execution"].search([], limit=1)
        self.assertEqual(execution.state, "applied")
        self.assertTrue(execution.task_ids)
        for task in execution.task_ids.filtered("workorder_id"):
            self.assertEqual(task.workorder_id.date_start, task.date_start)

    def test_release_tour(self):
        """Plan the demo booster sets, release their production order, open the
        MO, restore the planned order."""
        job = self.env.ref("production_planning.pp_job_order_bs2_demo", False)
        if not job:
            self.fail("the demo job orders are missing: install with demo data")
        with patch.dict(os.environ, {"QUEUE_JOB__NO_DELAY": "1"}):
            self.start_tour(
                "/odoo/action-production_planning.pp_job_order_action",
                "production_planning_release",
                login="admin",
            )
        top = job.planned_order_ids.filtered(lambda order: order.level == 0)
        release, restoration = self.env["pp.planning.run"].search(
            [("released_planned_order_ids", "in", top.ids)], order="id"
        )
        self.assertEqual((release.kind, release.state), ("release", "done"))
        # Then restored: its MO deleted, the planned order a draft again.
        self.assertEqual((restoration.kind, restoration.state), ("restoration", "done"))
        [line] = restoration.log_ids
        self.assertRegex(
            line.message, rf"^{top.name} restored: manufacturing order .* deleted\.$"
        )
        self.assertEqual(restoration.count_removed, 1)
        self.assertFalse(release.production_ids.exists())
        self.assertEqual((top.state, job.state), ("draft", "scheduled"))

    def test_run_screens_reload_when_their_run_ends_tour(self):
        """A queued run's open form, and the runs list, show it done when its
        job ends, through the bus message its end sends."""
        demo = self.env.ref("production_planning.pp_job_order_bs2_demo", False)
        if not demo:
            self.fail("the demo job orders are missing: install with demo data")
        cp80 = self.env.ref("production_planning.pp_job_order_cp80_demo")
        Job = self.registry["queue.job"]
        original_create = Job.create

        def create_enqueued(records, vals_list):
            # What the job runner does before it calls /queue_job/runjob.
            jobs = original_create(records, vals_list)
            jobs.filtered(lambda job: job.model_name == "pp.planning.run").write(
                {"state": "enqueued"}
            )
            return jobs

        with (
            patch.object(Job, "create", create_enqueued),
            patch.object(sql_db.TestCursor, "commit", _commit_delivering_bus),
        ):
            self.start_tour(
                "/odoo/action-production_planning.pp_job_order_action",
                "production_planning_run_reload",
                login="admin",
            )
        runs = self.env["pp.planning.run"].search(
            [("kind", "=", "general_planning"), ("job_order_ids", "in", demo.ids)]
        )
        self.assertEqual(runs.mapped("state"), ["done"])
        self.assertEqual(set((demo | cp80).mapped("state")), {"scheduled"})

    def test_planner_screens_tour(self):
        """Job order list and form, the run's parameters, the forecast grid."""
        multi_type = self.env.ref("production_planning.pp_job_order_type_multi")
        table = self.env["product.product"].create(
            {"name": "PP Tour Table", "type": "consu", "is_storable": True}
        )
        job_order = self.env["pp.job.order"].create(
            {
                "type_id": multi_type.id,
                "date_deadline": fields.Date.today() + timedelta(days=20),
                "description": "PP Tour multi",
                "line_ids": [
                    Command.create({"product_id": self.chair.id, "product_qty": 3}),
                    Command.create({"product_id": table.id, "product_qty": 4}),
                ],
            }
        )
        result = self.env["pp.job.order.generation"].generate(
            {"use_forecasts": False, "use_safety_stock": False}
        )
        run = self.env["pp.planning.run"].browse(result["run_id"])
        forecast = self.env["pp.forecast"].create({"name": "PP Tour Forecast"})
        self.start_tour(
            f"/odoo/action-production_planning.pp_job_order_action/{job_order.id}",
            "production_planning_screens",
            login="admin",
        )
        self.assertEqual(
            job_order.product_summary, "PP Tour Chair × 3, PP Tour Table × 4"
        )
        self.assertTrue(run.parameters_html)
        self.assertEqual(
            forecast.line_ids.product_id, self.chair, "the tour added periods"
        )
        self.assertEqual(len(forecast.line_ids), 2)
