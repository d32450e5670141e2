# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""MRP over Odoo documents: sources, replacement, suggestions, history, runs.

Every test nets a site of its own (the demo's documents are elsewhere): a
desk (2 days of manufacturing lead time) of 4 legs and a top; legs are turned
from bars; tops are bought in 2 days, bars in 3.
"""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tools import mute_logger

from .common import TODAY, DeskPlanningCommon, days


@freeze_time(TODAY)
class TestMrp(DeskPlanningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.site = cls.env["stock.warehouse"].create(
            {"name": "PP MRP Site", "code": "PPMRP"}
        )
        cls.desk_bom.produce_delay = 2
        cls.leg_bom.produce_delay = 1
        for product in (cls.desk, cls.leg, cls.top, cls.bar):
            product.pp_planning_policy = "mrp"

    def _sell(self, product, qty, day):
        order = self._create_sale(
            self.customer_a, [(product, qty)], commitment=day, warehouse=self.site
        )
        return order.order_line

    def _mrp(self, **params):
        values = {"warehouse_ids": self.site.ids, **params}
        return self.env["pp.mrp.procedure"].run_mrp(values)

    def _mrp_orders(self, result, product=None):
        orders = self.env["pp.planned.order"].browse(result["planned_order_ids"])
        if product:
            orders = orders.filtered(lambda o: o.product_id == product)
        return orders

    def _quantities(self, result):
        return {
            o.product_id.name: o.product_qty
            for o in self._mrp_orders(result).sorted("level")
        }

    def _buy(self, product, qty, day, confirm=True):
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "picking_type_id": self.site.in_type_id.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_qty": qty,
                            "date_planned": datetime.combine(day, datetime.min.time())
                            + timedelta(hours=10),
                        }
                    )
                ],
            }
        )
        if confirm:
            order.button_confirm()
        return order.order_line

    # ------------------------------------------------------------------
    def test_sale_exploded_through_levels(self):
        self._sell(self.desk, 3, days(10))
        result = self._mrp()
        run = self.env["pp.planning.run"].browse(result["run_id"])
        self.assertEqual((run.kind, run.state), ("mrp", "done"))
        self.assertEqual(
            self._quantities(result),
            {"PP Desk": 3, "PP Leg": 12, "PP Top": 3, "PP Bar": 12},
        )
        orders = self._mrp_orders(result)
        self.assertEqual(set(orders.mapped("origin")), {"mrp"})
        self.assertEqual(orders.run_id, run)
        self.assertFalse(orders.job_order_id)
        desk = self._mrp_orders(result, self.desk)
        # Two days of lead time before the need, components due at its start.
        self.assertEqual(
            (desk.date_end - desk.date_start), timedelta(days=2), desk.date_start
        )
        leg = self._mrp_orders(result, self.leg)
        self.assertEqual(leg.date_end, desk.date_start)
        # Time-phased table of the desk: the sale, then the planned order.
        lines = run.mrp_line_ids.filtered(lambda line: line.product_id == self.desk)
        self.assertEqual(
            [(line.kind, line.qty_demand, line.qty_supply) for line in lines],
            [("planned", 0, 3), ("demand", 3, 0)],
        )
        self.assertEqual(lines[1].document_ref._name, "sale.order.line")
        self.assertEqual(lines[1].pegged_planned_order_id, desk)
        self.assertEqual(lines[0].document_ref, desk)
        self.assertEqual(lines.mapped("qty_available"), [3, 0])

    def test_sources_on_and_off(self):
        self._sell(self.desk, 3, days(10))
        self._set_stock(self.top, 2, self.site.lot_stock_id)
        self.assertEqual(self._quantities(self._mrp())["PP Top"], 1)
        self.assertEqual(self._quantities(self._mrp(use_inventory=False))["PP Top"], 3)
        self.assertFalse(self._mrp(use_sales=False)["planned_order_ids"])
        # Only report the needs: the table, no planned order.
        result = self._mrp(create_planned_orders=False)
        self.assertFalse(result["planned_order_ids"])
        self.assertTrue(result["count_lines"])
        # A confirmed purchase of tops is counted unless purchases are off.
        self._buy(self.top, 5, days(3))
        self.assertNotIn("PP Top", self._quantities(self._mrp()))
        self.assertEqual(self._quantities(self._mrp(use_purchases=False))["PP Top"], 1)

    def test_replacement_keeps_protected_planned_orders(self):
        self._sell(self.desk, 3, days(10))
        first = self._mrp_orders(self._mrp())
        mandatory = first.filtered(lambda o: o.product_id == self.top)
        mandatory.mandatory = True
        manual = self.env["pp.planned.order"].create(
            {
                "order_type": "purchase",
                "product_id": self.bar.id,
                "product_qty": 1,
                "partner_id": self.vendor.id,
                "warehouse_id": self.site.id,
                "date_start": fields.Datetime.to_datetime(days(1)),
                "date_end": fields.Datetime.to_datetime(days(4)),
            }
        )
        job = self._job(qty=1, warehouse_id=self.site.id)
        self._plan(job)
        job_orders = self._orders(job)
        second = self._mrp_orders(self._mrp())
        self.assertFalse((first - mandatory).exists())
        self.assertTrue(mandatory.exists())
        self.assertTrue(manual.exists())
        self.assertEqual(self._orders(job), job_orders)
        # The kept orders are supply: no second top, one bar less.
        self.assertFalse(second.filtered(lambda o: o.product_id == self.top))
        bars = second.filtered(lambda o: o.product_id == self.bar)
        self.assertEqual(sum(bars.mapped("product_qty")), 12 - 1)

    def test_suggestions_point_at_documents(self):
        self._sell(self.desk, 3, days(10))
        late = self._buy(self.top, 3, days(20))
        unused = self._buy(self.bar, 4, days(2), confirm=False)
        self._set_stock(self.bar, 12, self.site.lot_stock_id)
        result = self._mrp()
        run = self.env["pp.planning.run"].browse(result["run_id"])
        found = {(s.document_ref, s.action_type): s for s in run.mrp_suggestion_ids}
        self.assertIn((late, "expedite"), found)
        self.assertLess(
            found[(late, "expedite")].date_proposed,
            fields.Datetime.to_datetime(days(10)),
        )
        self.assertIn((unused, "cancel"), found)
        self.assertEqual(found[(unused, "cancel")].qty_proposed, 0)
        # The expedited purchase is not bought a second time.
        self.assertFalse(self._mrp_orders(result, self.top))
        self.assertFalse(self._mrp_orders(result, self.bar))
        # Without suggestions the late purchase stays late: tops are planned.
        plain = self._mrp(with_suggestions=False)
        self.assertEqual(self._mrp_orders(plain, self.top).product_qty, 3)
        self.assertEqual(plain["count_suggestions"], 0)

    def test_two_pass_confirmed_quantity(self):
        self._sell(self.top, 4, days(10))
        forecast = self.env["pp.forecast"].create(
            {
                "name": "PP MRP forecast",
                "warehouse_id": self.site.id,
                "line_ids": [
                    Command.create(
                        {
                            "product_id": self.top.id,
                            "date_start": days(10),
                            "date_end": days(10),
                            "product_qty": 10,
                        }
                    )
                ],
            }
        )
        forecast.state = "consolidated"
        result = self._mrp(two_pass=True)
        top = self._mrp_orders(result, self.top)
        # The forecast is consumed by the sale in its period: 10 in all.
        self.assertEqual((top.product_qty, top.qty_confirmed), (10, 4))

    def test_history_cleanup_deletes_old_runs(self):
        self._sell(self.desk, 3, days(10))
        run = self.env["pp.planning.run"].browse(self._mrp()["run_id"])
        lines, suggestions = run.mrp_line_ids, run.mrp_suggestion_ids
        self.assertTrue(lines)
        self.company.pp_run_history_days = 30
        run.sudo().date_start = fields.Datetime.now() - timedelta(days=31)
        self.env["pp.planning.run"]._gc_runs()
        self.assertFalse(run.exists() or lines.exists() or suggestions.exists())

    def test_history_reads_after_its_planned_orders_are_replaced(self):
        sale = self._sell(self.desk, 3, days(10))
        first = self._mrp()
        old_run = self.env["pp.planning.run"].browse(first["run_id"])
        old_desk = self._mrp_orders(first, self.desk)
        old_name = old_desk.name
        second = self._mrp()
        self.assertFalse(old_desk.exists())
        new_desk = self._mrp_orders(second, self.desk)
        self.env.invalidate_all()

        def desk_rows(run):
            return run.mrp_line_ids.filtered(lambda line: line.product_id == self.desk)

        # The old run's table still names its (replaced) order and its pegging.
        planned, demand = desk_rows(old_run)
        self.assertEqual((planned.kind, planned.document_name), ("planned", old_name))
        self.assertEqual(demand.document_ref, sale)
        self.assertEqual(demand.document_name, sale.order_id.name)
        self.assertEqual(demand.pegged_name, old_name)
        self.assertFalse(demand.pegged_planned_order_id)
        # The list reads it as the web client does, dangling references empty.
        values = desk_rows(old_run).web_read(
            {
                "document_ref": {"fields": {"display_name": {}}},
                "document_name": {},
                "pegged_name": {},
                "pegged_planned_order_id": {"fields": {"display_name": {}}},
            }
        )
        self.assertEqual(
            (values[0]["document_name"], values[0]["document_ref"]),
            (old_name, False),
        )
        self.assertEqual(values[1]["pegged_planned_order_id"], False)
        # The new run's rows are pegged to the new order, found by search too.
        planned, demand = desk_rows(
            self.env["pp.planning.run"].browse(second["run_id"])
        )
        self.assertEqual(demand.pegged_planned_order_id, new_desk)
        self.assertEqual(planned.document_name, new_desk.name)
        self.assertEqual(
            self.env["pp.mrp.line"].search(
                [("pegged_planned_order_id", "=", new_desk.id)]
            ),
            demand,
        )
        # Releasing from the old run's rows: nothing of theirs is left to release.
        with self.assertRaisesRegex(UserError, "no draft planned order"):
            desk_rows(old_run).action_release_planned_orders()

    def test_second_run_at_once_is_refused(self):
        with self.env.registry.cursor() as other_cr:
            self.env(cr=other_cr)["pp.planning.run"]._acquire_lock("mrp", self.company)
            with self.assertRaisesRegex(UserError, "already in progress"):
                self._mrp()
            other_cr.rollback()

    def test_split_per_site_jobs_share_the_company(self):
        """One background job per site on channel root.pp_mrp; sites run
        together, a run of the whole company excludes them."""
        other = self.env["stock.warehouse"].create(
            {"name": "PP MRP Site 2", "code": "PPM2"}
        )
        procedure = self.env["pp.mrp.procedure"]
        run_ids = procedure.enqueue_per_site({"warehouse_ids": (self.site | other).ids})
        runs = self.env["pp.planning.run"].browse(run_ids)
        self.assertEqual(runs.warehouse_id, self.site | other)
        self.assertEqual(set(runs.mapped("state")), {"queued"})
        jobs = self.env["queue.job"].search(
            [("uuid", "in", runs.mapped("queue_job_uuid"))]
        )
        self.assertEqual(set(jobs.mapped("channel")), {"root.pp_mrp"})
        with self.assertRaisesRegex(UserError, "already queued"):
            procedure._enqueue_mrp({"warehouse_ids": self.site.ids})
        with self.assertRaisesRegex(UserError, "already queued"):
            procedure.enqueue_per_site({"warehouse_ids": other.ids})
        # The database locks: a site's run excludes its site and the company's
        # whole runs, not another site.
        Run = self.env["pp.planning.run"]
        with self.env.registry.cursor() as other_cr:
            self.assertTrue(
                Run.with_env(self.env(cr=other_cr))._try_lock(
                    "mrp", self.company, self.site
                )
            )
            self.assertTrue(Run._try_lock("mrp", self.company, other))
            self.assertFalse(Run._try_lock("mrp", self.company, self.site))
            self.assertFalse(Run._try_lock("mrp", self.company))
            other_cr.rollback()

    def test_bom_cycle_stops_the_run_naming_it(self):
        self.env.cr.execute(
            "INSERT INTO mrp_bom_line (bom_id, product_id, product_qty, "
            "product_uom_id, company_id, sequence) VALUES (%s, %s, 1, %s, %s, 99)",
            (self.leg_bom.id, self.desk.id, self.uom_unit.id, self.company.id),
        )
        self.env.invalidate_all()
        self._sell(self.desk, 1, days(10))
        with mute_logger("odoo.addons.production_planning.models.pp_planning_run"):
            result = self._mrp()
        run = self.env["pp.planning.run"].browse(result["run_id"])
        self.assertEqual(run.state, "failed")
        self.assertIn(
            "Bill of materials cycle: PP Leg → PP Desk → PP Leg",
            run.log_ids.mapped("message"),
        )
        self.assertFalse(run.mrp_line_ids or run.planned_order_ids)

    def test_item_without_bom_or_vendor_is_logged_and_skipped(self):
        self.leg_bom.active = False
        self.top.seller_ids.unlink()
        self._sell(self.desk, 2, days(10))
        result = self._mrp()
        run = self.env["pp.planning.run"].browse(result["run_id"])
        self.assertEqual(run.state, "done")
        self.assertEqual(self._mrp_orders(result).product_id, self.desk)
        warnings = run.log_ids.filtered(lambda line: line.level == "warning")
        self.assertEqual(
            sorted(warnings.mapped("message")),
            [
                "PP Leg has no bill of materials: not planned.",
                "PP Top has no vendor: not planned.",
            ],
        )

    def test_wizard_runs_and_opens_the_run(self):
        self._sell(self.desk, 1, days(10))
        wizard = self.env["pp.mrp.planning"].create(
            {
                "warehouse_ids": [Command.set(self.site.ids)],
                "date_until": days(30),
                "with_suggestions": True,
                "create_planned_orders": True,
                "two_pass": False,
            }
        )
        action = wizard.action_run()
        run = self.env["pp.planning.run"].browse(action["res_id"])
        self.assertEqual((run.kind, run.state), ("mrp", "done"))
        self.assertEqual(set(run.planned_order_ids.mapped("origin")), {"mrp"})
        # A date past the horizon leaves the demand out.
        wizard.date_until = days(5)
        run = self.env["pp.planning.run"].browse(wizard.action_run()["res_id"])
        self.assertFalse(run.planned_order_ids)
        # From the table, the planned orders go to the release wizard.
        wizard.date_until = False
        run = self.env["pp.planning.run"].browse(wizard.action_run()["res_id"])
        action = run.mrp_line_ids.action_release_planned_orders()
        self.assertEqual(
            set(action["context"]["active_ids"]), set(run.planned_order_ids.ids)
        )

    def test_general_planning_runs_mrp_afterwards(self):
        """SPEC §6: MRP after general planning, for the items not planned by job
        order (the job order's own tree is general planning's)."""
        self.desk.pp_planning_policy = "job_order"
        self.leg.pp_planning_policy = "job_order"
        self._sell(self.top, 2, days(10))
        job = self._job(qty=1, warehouse_id=self.site.id)
        result = self._plan(job, mrp_after=True)
        mrp = self.env["pp.planning.run"].browse(result["mrp_run_id"])
        self.assertEqual((mrp.kind, mrp.state), ("mrp", "done"))
        self.assertFalse(result["release_run_id"])
        # The job order's top is planned by general planning; MRP buys the sold ones.
        self.assertEqual(self._orders(job, self.top).product_qty, 1)
        self.assertEqual(
            [(o.product_id, o.product_qty) for o in mrp.planned_order_ids],
            [(self.top, 2)],
        )
        self.assertFalse(self._plan(job)["mrp_run_id"])

    def test_planning_user_runs_mrp(self):
        """A Planning User (no administrator) runs MRP and replaces its orders."""
        user = self.env["res.users"].create(
            {
                "name": "PP MRP planner",
                "login": "pp_mrp_planner",
                "groups_id": [
                    Command.set(self.env.ref("production_planning.group_pp_user").ids)
                ],
            }
        )
        self._sell(self.desk, 3, days(10))
        procedure = self.env["pp.mrp.procedure"].with_user(user)
        first = procedure.run_mrp({"warehouse_ids": self.site.ids})
        second = procedure.run_mrp({"warehouse_ids": self.site.ids})
        self.assertEqual((first["state"], second["state"]), ("done", "done"))
        self.assertFalse(
            self.env["pp.planned.order"].browse(first["planned_order_ids"]).exists()
        )
        self.assertEqual(len(second["planned_order_ids"]), 4)

    def test_user_without_planning_group_cannot_run(self):
        user = self.env["res.users"].create(
            {
                "name": "PP MRP outsider",
                "login": "pp_mrp_outsider",
                "groups_id": [Command.set(self.env.ref("mrp.group_mrp_user").ids)],
            }
        )
        with self.assertRaisesRegex(Exception, "Planning User"):
            self.env["pp.mrp.procedure"].with_user(user).run_mrp(
                {"warehouse_ids": self.site.ids}
            )
