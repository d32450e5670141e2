# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The COPY writer every procedure writes its rows with."""

from types import SimpleNamespace
from unittest.mock import patch

import psycopg2

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from ..models import pp_planning_run
from ..models.pp_job_order_planning import OrderRowsAhead
from ..models.pp_planning_run import CopyPipeline


@tagged("post_install", "-at_install")
class TestBulkInsert(TransactionCase):
    def test_rows_stream_whole_and_escaped_with_their_audit_columns(self):
        """More rows than one COPY message holds, with the characters COPY's
        text format escapes, come back whole, in order, with their ids."""
        run = self.env["pp.planning.run"].create({"kind": "mrp"})
        texts = [
            f"row {index}\ttab\nnew line \\ backslash\r é {'x' * (index % 300)}"
            for index in range(6000)
        ]
        ids = self.env["pp.planning.run"]._bulk_insert(
            "pp_planning_run_log",
            {"message": texts, "res_id": list(range(6000))},
            {"run_id": run.id, "level": "warning", "company_id": run.company_id.id},
        )
        self.assertEqual(len(ids), 6000)
        logs = self.env["pp.planning.run.log"].browse(ids)
        self.assertEqual(logs.mapped("message"), texts)
        self.assertEqual(logs.mapped("res_id"), list(range(6000)))
        self.assertEqual(set(logs.mapped("level")), {"warning"})
        self.assertEqual(logs.create_uid, self.env.user)

    def test_a_model_without_log_access_gets_no_audit_columns(self):
        """The time-phased table (no log access) is written without them."""
        run = self.env["pp.planning.run"].create({"kind": "mrp"})
        product = self.env["product.product"].create({"name": "Bulk item"})
        item = self.env["pp.mrp.item"].create(
            {"run_id": run.id, "product_id": product.id}
        )
        ids = self.env["pp.planning.run"]._bulk_insert(
            "pp_mrp_line",
            {"item_id": [item.id] * 3, "qty_demand": [1.0, 2.5, None]},
            {"kind": "demand"},
            audit=False,
        )
        lines = self.env["pp.mrp.line"].browse(ids)
        self.assertEqual(lines.mapped("qty_demand"), [1.0, 2.5, 0.0])
        # Run, company and item come from the row's head.
        self.assertEqual(lines.run_id, run)
        self.assertEqual(lines.company_id, run.company_id)
        self.assertEqual(lines.product_id, product)
        self.assertEqual(
            self.env["pp.mrp.line"].search([("run_id", "=", run.id)]), lines
        )
        self.assertEqual(run.mrp_line_count, 3)

    def test_pipeline_sends_tables_in_turn_and_raises_their_errors(self):
        """Rows queued on a pipeline are all there once it ends, in order; a
        table the server refuses raises at the next step, and nothing of the
        block stays once the caller rolls it back."""
        writer = self.env["pp.planning.run"]
        run = writer.create({"kind": "mrp"})
        product = self.env["product.product"].create({"name": "Pipeline item"})
        item = self.env["pp.mrp.item"].create(
            {"run_id": run.id, "product_id": product.id}
        )
        line_ids = writer._reserve_ids("pp_mrp_line", 5000)
        # A table whose column types the pipeline has not read yet (the log)
        # waits for the one before.
        log_ids = writer._reserve_ids("pp_planning_run_log", 2)
        with CopyPipeline(self.env.cr) as pipeline:
            writer._bulk_insert(
                "pp_mrp_line",
                {"item_id": [item.id] * 5000, "qty_demand": list(range(5000))},
                {"kind": "demand"},
                audit=False,
                ids=line_ids,
                pipeline=pipeline,
            )
            writer._bulk_insert(
                "pp_planning_run_log",
                {"message": ["first", "second"]},
                {"run_id": run.id, "level": "info", "company_id": run.company_id.id},
                ids=log_ids,
                pipeline=pipeline,
            )
        lines = self.env["pp.mrp.line"].browse(line_ids)
        self.assertEqual(lines.mapped("qty_demand"), list(map(float, range(5000))))
        self.assertEqual(
            self.env["pp.planning.run.log"].browse(log_ids).mapped("message"),
            ["first", "second"],
        )
        # A head that does not exist: the server refuses the table.
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.ForeignKeyViolation),
            self.env.cr.savepoint(),
            CopyPipeline(self.env.cr) as pipeline,
        ):
            writer._bulk_insert(
                "pp_mrp_line",
                {"item_id": [item.id, 0]},
                {"kind": "demand"},
                audit=False,
                ids=writer._reserve_ids("pp_mrp_line", 2),
                pipeline=pipeline,
            )
        self.assertEqual(run.mrp_line_count, 5000)

    def test_pipeline_splits_a_large_table_into_statements(self):
        """On a pipeline a table goes in statements of PIPELINE_ROWS rows (the
        server checks one while the next is formatted); rows pointing at
        earlier rows of the same table (a planned order's parent) find them."""
        writer = self.env["pp.planning.run"]
        run = writer.create({"kind": "mrp"})
        product = self.env["product.product"].create({"name": "Split item"})
        uom = product.uom_id.id
        count = 25
        ids = writer._reserve_ids("pp_planned_order", count)
        writer._column_types("pp_planned_order")
        with (
            patch.object(pp_planning_run, "PIPELINE_ROWS", 10),
            CopyPipeline(self.env.cr) as pipeline,
        ):
            before = self.env.cr.sql_log_count
            writer._bulk_insert(
                "pp_planned_order",
                {
                    "name": [f"SPLIT/{index}" for index in range(count)],
                    # Each order is the child of the one before it.
                    "parent_id": [None, *ids[:-1]],
                    "product_qty": [float(index + 1) for index in range(count)],
                },
                {
                    "product_id": product.id,
                    "product_uom_id": uom,
                    "company_id": run.company_id.id,
                    "run_id": run.id,
                    "state": "draft",
                    "order_type": "production",
                    "origin": "mrp",
                    "level": 0,
                    "date_start": fields.Datetime.now(),
                    "date_end": fields.Datetime.now(),
                },
                ids=ids,
                pipeline=pipeline,
            )
            self.assertEqual(self.env.cr.sql_log_count - before, 3)
        orders = self.env["pp.planned.order"].browse(ids)
        self.assertEqual(
            orders.mapped("product_qty"), [float(i + 1) for i in range(25)]
        )
        self.assertEqual(orders[1:].mapped("parent_id"), orders[:-1])

    def test_rows_numbered_by_the_server_keep_their_order(self):
        """With ``ids=False`` the server numbers the rows as they come (no
        id is reserved beforehand): nothing is returned, and the rows read
        in id order are the rows in the order sent."""
        writer = self.env["pp.planning.run"]
        run = writer.create({"kind": "mrp"})
        product = self.env["product.product"].create({"name": "Numbered item"})
        item = self.env["pp.mrp.item"].create(
            {"run_id": run.id, "product_id": product.id}
        )
        with CopyPipeline(self.env.cr) as pipeline:
            returned = writer._bulk_insert(
                "pp_mrp_line",
                {"qty_demand": [float(index) for index in range(50)]},
                {"item_id": item.id, "kind": "demand"},
                audit=False,
                ids=False,
                pipeline=pipeline,
            )
        self.assertEqual(returned, [])
        lines = self.env["pp.mrp.line"].search([("item_id", "=", item.id)], order="id")
        self.assertEqual(lines.mapped("qty_demand"), [float(i) for i in range(50)])

    def test_numbers_and_ids_reserved_ahead_come_back_on_the_pipeline(self):
        """With a block, half of it used queues the next on the pipeline: no
        wait for the statements queued after it, the numbers and ids keep
        coming, all distinct and in the sequences' order; a reservation
        queued after a refused statement raises that error."""
        writer = self.env["pp.planning.run"]
        run = writer.create({"kind": "mrp"})
        product = self.env["product.product"].create({"name": "Ahead item"})
        item = self.env["pp.mrp.item"].create(
            {"run_id": run.id, "product_id": product.id}
        )
        params = SimpleNamespace(company=self.env.company)
        planning = self.env["pp.job.order.planning"]
        with CopyPipeline(self.env.cr) as pipeline:
            ahead = OrderRowsAhead(planning, params, pipeline, block=10)
            ahead.prefetch()
            pipeline.column_types(writer, "pp_mrp_line")
            names, ids = [], []
            waits = []
            with patch.object(
                CopyPipeline, "wait", autospec=True, side_effect=waits.append
            ):
                for _index in range(6):
                    names += ahead.names(4)
                    ids += ahead.ids("pp_planned_order", 4)
                    # A statement queued between two reservations.
                    writer._bulk_insert(
                        "pp_mrp_line",
                        {"qty_demand": [1.0]},
                        {"item_id": item.id, "kind": "demand"},
                        audit=False,
                        ids=False,
                        pipeline=pipeline,
                    )
            self.assertEqual(waits, [], "a reservation waited for the pipeline")
        self.assertEqual(len(set(names)), 24)
        self.assertEqual(ids, sorted(ids))
        self.assertEqual(len(set(ids)), 24)
        self.assertEqual(
            self.env["pp.mrp.line"].search_count([("item_id", "=", item.id)]), 6
        )
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.ForeignKeyViolation),
            self.env.cr.savepoint(),
            CopyPipeline(self.env.cr) as pipeline,
        ):
            writer._bulk_insert(
                "pp_mrp_line",
                {"item_id": [0]},
                {"kind": "demand"},
                audit=False,
                ids=False,
                pipeline=pipeline,
            )
            writer._reserve_ids("pp_planned_order", 3, pipeline).result()

    def test_foreign_keys_are_checked_on_their_index_within_a_pipeline(self):
        """PostgreSQL keeps a session's plan of each foreign key check: one
        made while the table was small scans it, and a run writing thousands
        of rows would scan it again for each. Within a pipeline the checks
        are planned again (DISCARD PLANS), and what the pipeline sends is
        planned on the index even for a table of one row; the caller's own
        queries keep the session's setting."""
        cr = self.env.cr
        cr.execute("CREATE TEMP TABLE pp_test_head (id serial PRIMARY KEY)")
        cr.execute("INSERT INTO pp_test_head DEFAULT VALUES")
        cr.execute("ANALYZE pp_test_head")
        cr.execute("SET LOCAL enable_seqscan = on")
        check = SQL(
            "EXPLAIN SELECT 1 FROM ONLY pp_test_head x WHERE id = 1 FOR KEY SHARE"
        )

        def plan(rows):
            return " ".join(row[0] for row in rows)

        cr.execute(check)
        self.assertIn("Seq Scan", plan(cr.fetchall()), "no small table: no test")
        with (
            patch.object(cr, "execute", wraps=cr.execute) as spy,
            CopyPipeline(cr) as pipeline,
        ):
            sent = pipeline.fetch(check, plan).result()
            self.assertIn("Index", sent)
            self.assertNotIn("Seq Scan", sent)
            pipeline.wait()
            cr.execute(check)
            self.assertIn("Seq Scan", plan(cr.fetchall()))
        cr.execute("SHOW enable_seqscan")
        self.assertEqual(cr.fetchone()[0], "on")
        executed = [str(getattr(c.args[0], "code", c.args[0])) for c in spy.mock_calls]
        self.assertIn("DISCARD PLANS", executed, "the checks are not planned again")
