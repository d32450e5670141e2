# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a plant must not lose or double: released MOs keep their components
and material dates, released planned orders are never deleted by cascade,
rights are checked before the SQL writer runs, state changes only through
release and restoration, a concurrent update is retried, not failed.

Planned on ``DeskPlanningCommon``'s desk, and on a cabinet made in two phases
(Cut on the lathe, then Assemble, which consumes the top).
"""

from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2.errors import SerializationFailure

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.queue_job.job import Job

from ..models import pp_job_order_planning
from .common import TODAY, DeskPlanningCommon, dt


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestPlannedOrderTrust(DeskPlanningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"pp_release_vendor_fallback": "refuse", "pp_release_reuse_rfq": False}
        )
        cls.cabinet = cls._create_product("PP Cabinet")
        cls.cabinet_bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.cabinet.product_tmpl_id.id,
                "product_qty": 1,
                "operation_ids": [
                    Command.create(
                        {
                            "name": name,
                            "sequence": sequence,
                            "workcenter_id": workcenter.id,
                            "time_mode": "manual",
                            "time_cycle_manual": 240,
                        }
                    )
                    for sequence, name, workcenter in (
                        (10, "Cut", cls.lathe),
                        (20, "Assemble", cls.assembly),
                    )
                ],
            }
        )
        assemble = cls.cabinet_bom.operation_ids.filtered(
            lambda o: o.name == "Assemble"
        )
        cls.cabinet_bom.bom_line_ids = [
            Command.create({"product_id": cls.bar.id, "product_qty": 2}),
            Command.create(
                {
                    "product_id": cls.top.id,
                    "product_qty": 1,
                    "operation_id": assemble.id,
                }
            ),
        ]
        cls.planner = new_test_user(
            cls.env,
            login="pp_trust_planner",
            groups="production_planning.group_pp_user",
        )
        cls.mrp_user = new_test_user(
            cls.env, login="pp_trust_mrp_user", groups="mrp.group_mrp_user"
        )

    def _release(self, orders, **params):
        return self.env["pp.release.procedure"].release(
            {"planned_order_ids": orders.ids, **params}
        )

    def _runs(self):
        return self.env["pp.planning.run"].search_count([])

    # ------------------------------------------------------------------
    # Released MOs
    # ------------------------------------------------------------------
    def test_release_without_materials_keeps_the_bom_moves(self):
        job = self._job()
        self._plan(job, with_materials=False)
        desk = self._orders(job, self.desk)
        self.assertFalse(desk.material_ids)
        self._release(desk)
        moves = desk.production_id.move_raw_ids
        self.assertEqual(
            sorted((m.product_id.name, m.product_uom_qty) for m in moves),
            [("PP Leg", 8), ("PP Top", 2)],
        )

    def test_released_materials_keep_their_usage_date(self):
        job = self._create_job_order(self.cabinet, qty=1, deadline=date(2027, 3, 8))
        self._plan(job)
        cabinet = self._orders(job, self.cabinet)
        cut, assemble = cabinet.operation_ids.sorted("sequence")
        # Back from Monday 17:00: 30 min setup + 4 h assembling from 11:30
        # (lunch 12:00-13:00), 4 h cutting before it from Friday 16:30.
        self.assertEqual(
            (cut.date_start, assemble.date_start),
            (dt("2027-03-05 16:30"), dt("2027-03-08 11:30")),
        )
        # The bars from the start, the top when assembling starts.
        uses = {m.product_id: m.date_use for m in cabinet.material_ids}
        self.assertEqual(
            uses, {self.bar: dt("2027-03-05 16:30"), self.top: dt("2027-03-08 11:30")}
        )
        self._release(cabinet)
        production = cabinet.production_id
        self.assertEqual(production.state, "confirmed")
        self.assertEqual({m.product_id: m.date for m in production.move_raw_ids}, uses)
        self.assertEqual(
            {m.product_id: m.date_deadline for m in production.move_raw_ids}, uses
        )
        self.assertEqual(
            [(wo.name, wo.date_start) for wo in production.workorder_ids],
            [("Cut", cut.date_start), ("Assemble", assemble.date_start)],
        )

    def test_a_fresh_plan_is_covered_by_its_planned_orders(self):
        job = self._job()
        self._plan(job)
        desk, leg = self._orders(job, self.desk), self._orders(job, self.leg)
        # Nothing in stock: the legs and tops come from the plan's own orders.
        self.assertEqual(desk.feasibility, "planned")
        self.assertEqual(
            [
                (m.qty_feasible, m.qty_planned_cover, m.feasibility)
                for m in desk.material_ids
            ],
            [(0, 8, "planned"), (0, 2, "planned")],
        )
        self.assertEqual(leg.feasibility, "planned")
        # Half the tops in stock: firm first, the rest planned.
        self._set_stock(self.top, 1)
        self.env.invalidate_all()
        top = desk.material_ids.filtered(lambda m: m.product_id == self.top)
        self.assertEqual((top.qty_feasible, top.qty_planned_cover), (1, 1))
        # Without the planned order of the legs, they are missing.
        leg.unlink()
        self.env.invalidate_all()
        self.assertEqual(desk.feasibility, "red")

    def test_line_and_header_dates_agree(self):
        job = self._job()
        line = job.line_ids
        self.assertEqual(
            (line.date_start_estimated, line.date_end_estimated),
            (date(2027, 3, 8), date(2027, 3, 8)),
        )
        self._plan(job)
        # The bars are bought from Tuesday: the line starts then, as its job order.
        self.assertEqual(
            (job.date_start_estimated, job.date_end_estimated),
            (date(2027, 3, 2), date(2027, 3, 8)),
        )
        self.assertEqual(
            (line.date_start_estimated, line.date_end_estimated),
            (job.date_start_estimated, job.date_end_estimated),
        )

    def test_mo_opens_its_planned_orders_and_their_pegging(self):
        job = self._job()
        self._plan(job)
        desk = self._orders(job, self.desk)
        self._release(desk)
        production = desk.production_id
        self.assertEqual(production.pp_planned_order_count, 3)
        action = production.action_view_pp_planned_orders()
        self.assertEqual(
            self.env["pp.planned.order"].search(action["domain"]),
            desk | desk.child_ids,
        )

    def test_mo_deadline_is_the_ready_goods_date(self):
        job = self._job(deadline=date(2027, 3, 10))
        self._plan(job, direction="asap")
        desk, leg = self._orders(job, self.desk), self._orders(job, self.leg)
        self.assertLess(desk.date_end, datetime(2027, 3, 10))
        self._release(desk | leg)
        # The user's time zone is UTC here: the end of the ready-goods day.
        self.assertEqual(
            desk.production_id.date_deadline, datetime(2027, 3, 10, 23, 59, 59)
        )
        # A component is due when the order it supplies needs it.
        self.assertEqual(leg.production_id.date_deadline, leg.date_end)

    def test_dragging_a_phase_later_moves_the_order_and_the_next_phases(self):
        job = self._create_job_order(self.cabinet, qty=1, deadline=date(2027, 3, 8))
        self._plan(job)
        cabinet = self._orders(job, self.cabinet)
        cut, assemble = cabinet.operation_ids.sorted("sequence")
        # The timeline writes both dates of the bar, three days later.
        cut.write(
            {"date_start": dt("2027-03-10 08:00"), "date_end": dt("2027-03-10 12:00")}
        )
        self.assertEqual(
            (cut.date_start, cut.date_end),
            (dt("2027-03-10 08:00"), dt("2027-03-10 12:00")),
        )
        # Assembling follows: 30 min setup + 4 h after the cut.
        self.assertEqual(
            (assemble.date_start, assemble.date_end),
            (dt("2027-03-10 13:00"), dt("2027-03-11 08:30")),
        )
        self.assertEqual(
            (cabinet.date_start, cabinet.date_end),
            (dt("2027-03-10 08:00"), dt("2027-03-11 08:30")),
        )

    def test_a_move_that_breaks_material_timing_warns(self):
        job = self._job()
        self._plan(job)
        leg, desk = self._orders(job, self.leg), self._orders(job, self.desk)
        with patch.object(type(self.env.user), "_bus_send") as send:
            leg.operation_ids.write(
                {
                    "date_start": dt("2027-03-09 08:00"),
                    "date_end": dt("2027-03-09 17:00"),
                }
            )
        self.assertGreater(leg.date_end, desk.date_start)
        send.assert_called_once()
        message = send.call_args.args[1]["message"]
        self.assertIn(f"{leg.name} now ends after {desk.name} needs it", message)
        self.assertIn(
            f"{desk.name} now needs {leg.name} before it is ready",
            "\n".join(desk._get_timing_conflicts()),
        )

    def test_phase_without_work_center_is_named(self):
        job = self._job()
        self._plan(job)
        desk = self._orders(job, self.desk)
        desk.operation_ids.write({"workcenter_id": False, "name": "Hand Finish"})
        with self.assertRaisesRegex(UserError, "phase Hand Finish has no work center"):
            desk.action_recompute_dates()

    def test_availability_by_default_from_the_settings(self):
        self._set_stock(self.bar, 5)
        job = self._job()
        self._plan(job)
        self.assertEqual(self._orders(job, self.bar).product_qty, 8)
        settings = Form(self.env["pp.planning.settings"])
        settings.pp_default_consider_availability = True
        settings.pp_default_availability_mode = "minimum"
        settings.save()
        wizard = Form(
            self.env["pp.general.planning"].with_context(
                active_model="pp.job.order", active_ids=job.ids
            )
        )
        self.assertTrue(wizard.consider_availability)
        self.assertEqual(wizard.availability_mode, "minimum")
        self._plan(job)
        self.assertEqual(self._orders(job, self.bar).product_qty, 3)

    def test_planning_parameters_show_the_vendor_lot_of_bought_items(self):
        self.bar.seller_ids.write({"min_qty": 10, "pp_lot_multiple": 4})
        template = self.bar.product_tmpl_id
        self.assertEqual((template.pp_economic_lot, template.pp_lot_multiple), (0, 0))
        self.assertEqual((template.pp_lot_used, template.pp_multiple_used), (10, 4))
        self.leg.product_tmpl_id.pp_economic_lot = 6
        self.assertEqual(self.leg.product_tmpl_id.pp_lot_used, 6)

    def test_settings_offer_only_the_groupings_of_the_default_structure(self):
        settings = Form(self.env["pp.planning.settings"])
        settings.pp_default_job_type = "mono"
        settings.pp_default_grouping = "item"
        self.assertEqual(settings.pp_allowed_groupings, "item,none")
        settings.pp_default_job_type = "multi"
        # Switched to multi-product: By Item is no grouping of it any more.
        self.assertEqual(settings.pp_default_grouping, "customer")
        self.assertNotIn("item", settings.pp_allowed_groupings.split(","))
        settings.save()
        self.assertEqual(
            (self.company.pp_default_job_type, self.company.pp_default_grouping),
            ("multi", "customer"),
        )
        with self.assertRaisesRegex(ValidationError, "cannot be grouped"):
            self.env["pp.planning.settings"].create({"pp_default_grouping": "item"})

    def test_procurement_type_per_company(self):
        company_b = self.env["res.company"].create({"name": "PP Maker B"})
        # Company B makes the tops this company buys.
        self.env["mrp.bom"].create(
            {
                "product_tmpl_id": self.top.product_tmpl_id.id,
                "company_id": company_b.id,
                "bom_line_ids": [
                    Command.create({"product_id": self.bar.id, "product_qty": 1})
                ],
            }
        )
        self.assertEqual(self.top._pp_get_procurement_type(self.company), "purchase")
        self.assertEqual(self.top._pp_get_procurement_type(company_b), "production")
        job = self._job()
        self._plan(job)
        top = self._orders(job, self.top)
        self.assertEqual((top.order_type, top.partner_id), ("purchase", self.vendor))

    def test_a_released_job_order_is_counted_once_in_the_stock_position(self):
        job = self._job()
        self._plan(job)
        Position = self.env["pp.stock.position"]

        def desks():
            position = Position._load(self.company, self.desk, self.warehouse)
            on_hand, events = position.item_events([self.warehouse.id], self.desk.id)
            return on_hand + sum(event.quantity for event in events)

        self.assertEqual(desks(), 2)  # the job order itself
        self._release(self._orders(job, self.desk))
        self.assertEqual(job.state, "launched")
        self.assertEqual(desks(), 2)  # its MO, not the MO and the job order

    # ------------------------------------------------------------------
    # Nothing released deleted by cascade
    # ------------------------------------------------------------------
    def test_deleting_a_line_never_deletes_released_orders(self):
        job = self._job()
        self._plan(job)
        bar = self._orders(job, self.bar)
        self._release(bar)
        job.manual_state = "cancelled"
        with self.assertRaisesRegex(UserError, bar.name):
            job.line_ids.unlink()
        with self.assertRaisesRegex(UserError, bar.name):
            job.unlink()
        # The draft parent of a released order neither.
        with self.assertRaisesRegex(UserError, bar.name):
            self._orders(job, self.leg).unlink()
        self.assertTrue(bar.exists())
        self.assertEqual(bar.state, "released")

    def test_deleting_a_line_deletes_its_draft_orders(self):
        job = self._job()
        self._plan(job)
        orders = self._orders(job)
        self.assertEqual(len(orders), 4)
        job.manual_state = "cancelled"
        job.line_ids.unlink()
        self.assertFalse(orders.exists())

    # ------------------------------------------------------------------
    # Rights, state, double release
    # ------------------------------------------------------------------
    def test_planning_needs_the_planning_group_before_any_run(self):
        job = self._job()
        runs = self._runs()
        procedure = self.env["pp.job.order.planning"].with_user(self.mrp_user)
        with self.assertRaisesRegex(AccessError, "Only a Planning User"):
            procedure.plan({"job_order_ids": job.ids})
        with self.assertRaisesRegex(AccessError, "Only a Planning User"):
            procedure._enqueue_planning({"job_order_ids": job.ids})
        self.assertEqual(self._runs(), runs)
        self.assertFalse(self._orders(job))

    def test_planning_checks_every_written_table(self):
        job = self._job()
        runs = self._runs()
        access = self.env["ir.model.access"].search(
            [
                ("model_id.model", "=", "pp.planned.order.grouping"),
                ("group_id", "=", self.env.ref("production_planning.group_pp_user").id),
            ]
        )
        self.assertTrue(access)
        access.perm_create = False
        with self.assertRaises(AccessError):
            self.env["pp.job.order.planning"].with_user(self.planner).plan(
                {"job_order_ids": job.ids}
            )
        self.assertEqual(self._runs(), runs)
        self.assertFalse(self._orders(job))

    def test_state_changes_only_by_release_and_restoration(self):
        job = self._job()
        self._plan(job)
        desk = self._orders(job, self.desk)
        self._release(desk)
        production = desk.production_id
        for vals in (
            {"state": "draft"},
            {"production_id": False},
            {"state": "cancelled"},
        ):
            with self.assertRaisesRegex(UserError, "only by releasing or restoring"):
                desk.with_user(self.planner).write(vals)
        with self.assertRaisesRegex(UserError, "only by releasing or restoring"):
            self.env["pp.planned.order"].with_user(self.planner).create(
                {
                    "product_id": self.desk.id,
                    "product_qty": 1,
                    "date_start": dt("2027-03-02 08:00"),
                    "date_end": dt("2027-03-02 10:00"),
                    "state": "released",
                }
            )
        self.assertEqual((desk.state, desk.production_id), ("released", production))
        # A draft one created as such is fine.
        self.env["pp.planned.order"].create(
            {
                "product_id": self.desk.id,
                "date_start": dt("2027-03-02 08:00"),
                "date_end": dt("2027-03-02 10:00"),
                "state": "draft",
            }
        )

    def test_release_from_the_dialog_runs_in_the_background(self):
        job = self._job()
        self._plan(job)
        desk = self._orders(job, self.desk)
        wizard = self.env["pp.planned.order.release"].create(
            {"planned_order_ids": [Command.set(desk.ids)]}
        )
        action = wizard.with_context(pp_background=True).action_release()
        run = self.env["pp.planning.run"].browse(action["res_id"])
        self.assertEqual((run.kind, run.state), ("release", "queued"))
        self.assertEqual(desk.state, "draft")
        Job.load(self.env, run.queue_job_uuid).perform()
        run.invalidate_recordset()
        self.assertEqual(run.state, "done")
        self.assertEqual(
            (desk.state, run.production_ids), ("released", desk.production_id)
        )

    def test_background_release_refused_before_it_is_queued(self):
        job = self._job()
        self._plan(job)
        bar = self._orders(job, self.bar)
        bar.partner_id = False
        self.bar.seller_ids.unlink()
        runs = self._runs()
        with self.assertRaisesRegex(UserError, "has no vendor"):
            self.env["pp.release.procedure"]._enqueue_release(
                {"planned_order_ids": bar.ids, "vendor_fallback": "refuse"}
            )
        self.assertEqual(self._runs(), runs)

    def test_same_id_twice_releases_once(self):
        job = self._job()
        self._plan(job)
        desk = self._orders(job, self.desk)
        result = self.env["pp.release.procedure"].release(
            {"planned_order_ids": [desk.id, desk.id]}
        )
        self.assertEqual(len(result["production_ids"]), 1)
        self.assertEqual(
            self.env["mrp.production"].search_count([("pp_job_order_id", "=", job.id)]),
            1,
        )

    def test_planning_users_get_no_purchase_rights_of_their_own(self):
        group = self.env.ref("production_planning.group_pp_user")
        self.assertFalse(
            self.env["ir.model.access"].search(
                [
                    ("group_id", "=", group.id),
                    ("model_id.model", "in", ("purchase.order", "purchase.order.line")),
                ]
            )
        )
        # What they read of purchases is what an inventory user reads.
        stock_user = new_test_user(
            self.env, login="pp_trust_stock_user", groups="stock.group_stock_user"
        )
        for model in ("purchase.order", "purchase.order.line"):
            for mode in ("read", "write", "create", "unlink"):
                self.assertEqual(
                    self.env[model].with_user(self.planner).has_access(mode),
                    self.env[model].with_user(stock_user).has_access(mode),
                    f"{model} {mode}",
                )

    # ------------------------------------------------------------------
    # Retries
    # ------------------------------------------------------------------
    def _failing_plan(self, error):
        def fail(*args, **kwargs):
            raise error

        return patch.object(pp_job_order_planning, "plan", side_effect=fail)

    def test_concurrent_update_is_retried_not_failed(self):
        job = self._job()
        runs = self._runs()
        # The savepoint stands for the transaction the caller rolls back.
        with (
            self._failing_plan(SerializationFailure("concurrent update")),
            self.assertRaises(SerializationFailure),
            self.env.cr.savepoint(),
        ):
            self._plan(job)
        # No failed run: the caller tries the whole call again.
        self.assertEqual(self._runs(), runs)
        self.assertFalse(self.env["pp.planning.run"].search([("state", "=", "failed")]))
        self.assertEqual(job.state, "not_examined")
        result = self._plan(job)
        self.assertEqual(result["state"], "done")

    @mute_logger("odoo.addons.production_planning.models.pp_planning_run")
    def test_real_error_fails_the_run(self):
        job = self._job()
        with self._failing_plan(ZeroDivisionError("division by zero")):
            result = self._plan(job)
        run = self.env["pp.planning.run"].browse(result["run_id"])
        self.assertEqual(run.state, "failed")
        self.assertIn("division by zero", run.log_ids.message)
        self.assertFalse(self._orders(job))
