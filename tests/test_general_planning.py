# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""General planning in Odoo: a table of legs (turned from bars) and a top.

Every calendar works Monday to Friday 08:00-12:00 and 13:00-17:00 UTC; today
is Monday 2027-03-01. A table is assembled on work center Assembly (30 min
setup + 60 min per table), a leg turned on Lathe (60 min per leg); tops are
bought in 2 days, bars in 3 (1 of which shipping). The expected datetimes are
worked out by hand in the comments (same figures as the engine's test).
"""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.queue_job.job import Job

from ..models.pp_job_order_planning import PpJobOrderPlanning
from .common import TODAY, DeskPlanningCommon, dt


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestGeneralPlanning(DeskPlanningCommon):
    def test_alap_three_levels_across_weekend(self):
        job = self._job()
        result = self._plan(job, direction="alap")
        run = self.env["pp.planning.run"].browse(result["run_id"])
        self.assertEqual(run.state, "done", run.error)
        orders = self._orders(job)
        self.assertEqual(
            self._dates(orders),
            [
                # Due Monday 03-08: ends 17:00; 30 + 2 x 60 minutes back.
                ("PP Desk", 2, dt("2027-03-08 14:30"), dt("2027-03-08 17:00")),
                # 8 legs x 60 min back from the assembly start, over the weekend.
                ("PP Leg", 8, dt("2027-03-05 14:30"), dt("2027-03-08 14:30")),
                # Bought 2 calendar days before the assembly starts.
                ("PP Top", 2, dt("2027-03-06 14:30"), dt("2027-03-08 14:30")),
                ("PP Bar", 8, dt("2027-03-02 14:30"), dt("2027-03-05 14:30")),
            ],
        )
        desk, leg, top, bar = (
            self._orders(job, product)
            for product in (self.desk, self.leg, self.top, self.bar)
        )
        self.assertEqual(
            (desk.order_type, desk.origin, desk.level, desk.bom_id),
            ("production", "independent", 0, self.desk_bom),
        )
        self.assertEqual(desk.job_order_line_id, job.line_ids)
        self.assertEqual(
            (leg.parent_id, top.parent_id, bar.parent_id), (desk, desk, leg)
        )
        self.assertEqual(
            (bar.origin, bar.level, bar.job_order_id), ("dependent", 2, job)
        )
        self.assertEqual((bar.partner_id, bar.order_type), (self.vendor, "purchase"))
        self.assertEqual(
            (bar.date_fob, bar.date_eta), (dt("2027-03-04 14:30"), bar.date_end)
        )
        self.assertEqual(
            [(m.product_id, m.product_qty, m.date_use) for m in desk.material_ids],
            [
                (self.leg, 8, dt("2027-03-08 14:30")),
                (self.top, 2, dt("2027-03-08 14:30")),
            ],
        )
        self.assertEqual(
            [
                (p.name, p.workcenter_id, p.time_setup, p.time_run, p.date_start)
                for p in desk.operation_ids
            ],
            [("Assemble", self.assembly, 30, 120, dt("2027-03-08 14:30"))],
        )
        self.assertEqual(job.state, "scheduled")
        self.assertEqual(
            (job.date_start_estimated, job.date_end_estimated),
            (date(2027, 3, 2), date(2027, 3, 8)),
        )
        self.assertEqual((run.count_created, run.count_operations), (4, 2))
        self.assertEqual(run.planned_order_ids, orders)
        self.assertEqual(run.job_order_ids, job)
        self.assertFalse(run.late_job_order_ids)
        self.assertIn(
            f"{job.name}: 4 planned orders (Production 2, Purchase 2).",
            "\n".join(run.log_ids.mapped("message")),
        )

    def test_asap_from_start_date(self):
        job = self._job()
        self._plan(job, direction="asap")
        self.assertEqual(
            self._dates(self._orders(job)),
            [
                # After the legs, which wait for the bars: Friday first thing.
                ("PP Desk", 2, dt("2027-03-05 08:00"), dt("2027-03-05 10:30")),
                ("PP Leg", 8, dt("2027-03-04 08:00"), dt("2027-03-04 17:00")),
                ("PP Top", 2, dt("2027-03-01 08:00"), dt("2027-03-03 08:00")),
                ("PP Bar", 8, dt("2027-03-01 08:00"), dt("2027-03-04 08:00")),
            ],
        )
        later = self._job()
        self._plan(later, direction="asap", date_from="2027-03-08", separate=True)
        self.assertEqual(
            self._dates(self._orders(later, self.leg) | self._orders(later, self.desk)),
            [
                # One working day between levels: the bars arrive Thursday
                # 08:00, the legs are turned Friday, the desks made Monday.
                ("PP Desk", 2, dt("2027-03-15 08:00"), dt("2027-03-15 10:30")),
                ("PP Leg", 8, dt("2027-03-12 08:00"), dt("2027-03-12 17:00")),
            ],
        )

    def test_lead_times_without_routing(self):
        self.leg_bom.operation_ids.unlink()
        self.leg_bom.produce_delay = 1
        job = self._job()
        run = self.env["pp.planning.run"].browse(self._plan(job)["run_id"])
        leg = self._orders(job, self.leg)
        # No phases: the BOM's manufacturing lead time, one calendar day.
        self.assertEqual(
            (leg.date_start, leg.date_end),
            (dt("2027-03-07 14:30"), dt("2027-03-08 14:30")),
        )
        self.assertFalse(leg.operation_ids)
        self.assertIn(
            "PP Leg has no routing: timed on its manufacturing lead time.",
            run.log_ids.mapped("message"),
        )

    def test_vendor_lot_rules(self):
        self.bar.seller_ids.write({"min_qty": 10, "pp_lot_multiple": 4})
        job = self._job()
        self._plan(job)
        self.assertEqual(self._orders(job, self.bar).product_qty, 12)
        replanned = self._plan(job, use_lot=False, use_multiple=False)
        self.assertEqual(replanned["state"], "done")
        self.assertEqual(self._orders(job, self.bar).product_qty, 8)

    def test_grouping_across_job_orders(self):
        first = self._job(deadline=date(2027, 3, 8))
        second = self._job(deadline=date(2027, 3, 10))
        both = first | second
        self._plan(both, group_days=5)
        desks = self._orders(both, self.desk)
        self.assertEqual(desks.mapped("product_qty"), [4])
        self.assertEqual(desks.date_end, dt("2027-03-08 17:00"))
        self.assertEqual(
            [(g.job_order_id, g.product_qty) for g in desks.grouping_ids],
            [(first, 2), (second, 2)],
        )
        self.assertEqual(self._orders(both, self.leg).product_qty, 16)
        # Undoing the grouping: re-planned without it, the grouping records go.
        self._plan(both, group_days=0)
        desks = self._orders(both, self.desk)
        self.assertEqual(desks.mapped("product_qty"), [2, 2])
        self.assertFalse(
            self.env["pp.planned.order.grouping"].search(
                [("job_order_id", "in", both.ids)]
            )
        )

    def test_availability_sources_and_first_level(self):
        self._set_stock(self.bar, 5)
        self._set_stock(self.desk, 1)
        job = self._job()
        self._plan(job, consider_availability=True)
        self.assertEqual(self._orders(job, self.bar).product_qty, 3)
        leg = self._orders(job, self.leg)
        self.assertEqual(leg.material_ids.qty_available, 5)
        self.assertEqual(self._orders(job, self.desk).product_qty, 2)
        self._plan(job, consider_availability=True, first_level_availability=True)
        self.assertEqual(self._orders(job, self.desk).product_qty, 1)
        self.assertEqual(self._orders(job, self.leg).product_qty, 4)
        self.assertFalse(self._orders(job, self.bar))  # 4 of the 5 on hand
        # On hand not counted: everything planned.
        self._plan(job, consider_availability=True, availability_sources=["moves"])
        self.assertEqual(self._orders(job, self.bar).product_qty, 8)

    def test_planned_orders_source_nets_other_job_orders_surplus(self):
        self.bar.seller_ids.write({"min_qty": 20})
        first = self._job(deadline=date(2027, 3, 8))
        self._plan(first)
        self.assertEqual(self._orders(first, self.bar).product_qty, 20)
        second = self._job(deadline=date(2027, 3, 12))
        self._plan(
            second, consider_availability=True, availability_sources=["planned_orders"]
        )
        # 20 bought for 8: 12 free, 8 needed.
        self.assertFalse(self._orders(second, self.bar))
        third = self._job(deadline=date(2027, 3, 12))
        self._plan(third, consider_availability=True, availability_sources=["on_hand"])
        self.assertEqual(self._orders(third, self.bar).product_qty, 20)

    def test_atp_suggested_date(self):
        job = self._job(deadline=date(2027, 3, 2))
        run = self.env["pp.planning.run"].browse(self._plan(job)["run_id"])
        self.assertEqual(run.late_job_order_ids, job)
        self.assertFalse(job.suggested_date)
        result = self._plan(job, atp=True)
        # Still late for its date, now with the date it can make.
        self.assertEqual(result["late_job_order_ids"], job.ids)
        # As soon as possible from today: the desks are ready Friday.
        self.assertEqual(job.suggested_date, date(2027, 3, 5))
        self.assertEqual(job.line_ids.suggested_date, date(2027, 3, 5))
        self.assertEqual(self._orders(job, self.desk).date_end, dt("2027-03-05 10:30"))
        job.action_apply_suggested_date()
        self.assertEqual(job.date_deadline, date(2027, 3, 5))

    def test_overdue_job_order_is_logged(self):
        job = self._job(deadline=date(2027, 2, 26))
        run = self.env["pp.planning.run"].browse(self._plan(job)["run_id"])
        self.assertEqual(run.overdue_job_order_ids, job)
        self.assertIn(
            f"{job.name} is overdue: its ready-goods date 2027-02-26 is past.",
            run.log_ids.mapped("message"),
        )

    def test_replanning_keeps_released_and_mandatory(self):
        job = self._job()
        self._plan(job)
        leg = self._orders(job, self.leg)
        bar = self._orders(job, self.bar)
        top = self._orders(job, self.top)
        leg.action_set_mandatory()
        top.sudo().state = "released"
        desk = self._orders(job, self.desk)
        self.assertEqual(job.state, "launched")
        self._plan(job, direction="asap", replan_launched=True)
        orders = self._orders(job)
        # The mandatory leg order and its bar, and the released top stay as they were.
        self.assertIn(leg, orders)
        self.assertIn(bar, orders)
        self.assertIn(top, orders)
        self.assertNotIn(desk, orders)
        self.assertEqual(leg.date_end, dt("2027-03-08 14:30"))
        # Nothing planned twice: the kept orders cover their needs.
        self.assertEqual(len(self._orders(job, self.leg)), 1)
        self.assertEqual(len(self._orders(job, self.top)), 1)
        new_desk = self._orders(job, self.desk)
        self.assertEqual(len(new_desk), 1)
        # The kept orders are pegged to the new desk order.
        self.assertEqual((leg | top).parent_id, new_desk)

    def test_launched_job_orders_only_when_asked(self):
        job = self._job()
        self._plan(job)
        self._orders(job, self.desk).sudo().state = "released"
        self.assertEqual(job.state, "launched")
        result = self._plan(job)
        run = self.env["pp.planning.run"].browse(result["run_id"])
        self.assertEqual(run.count_skipped, 1)
        self.assertIn(
            f"{job.name} is Launched: not planned.", run.log_ids.mapped("message")
        )
        result = self._plan(job, replan_launched=True)
        self.assertEqual(result["job_order_ids"], job.ids)

    def test_bom_cycle_stops_the_run(self):
        # Odoo refuses a cycle in the form; it may still come in by import or SQL.
        self.env.cr.execute(
            "INSERT INTO mrp_bom_line (bom_id, product_id, product_qty, "
            "product_uom_id, company_id, sequence) VALUES (%s, %s, 1, %s, %s, 99)",
            (self.leg_bom.id, self.desk.id, self.uom_unit.id, self.company.id),
        )
        self.env.invalidate_all()
        job = self._job()
        with mute_logger("odoo.addons.production_planning.models.pp_planning_run"):
            result = self._plan(job)
        run = self.env["pp.planning.run"].browse(result["run_id"])
        self.assertEqual(run.state, "failed")
        self.assertIn(
            "Bill of materials cycle: PP Leg → PP Desk → PP Leg",
            run.log_ids.mapped("message"),
        )
        self.assertFalse(self._orders(job))
        self.assertEqual(job.state, "not_examined")

    def test_missing_bom_and_vendor_are_logged_and_skipped(self):
        self.leg_bom.active = False
        self.top.seller_ids.unlink()
        job = self._job()
        run = self.env["pp.planning.run"].browse(self._plan(job)["run_id"])
        self.assertEqual(run.state, "done")
        self.assertEqual(self._orders(job).product_id, self.desk)
        messages = run.log_ids.filtered(lambda line: line.level == "warning")
        self.assertEqual(
            sorted(messages.mapped("message")),
            [
                "PP Leg has no bill of materials: not planned.",
                "PP Top has no vendor: not planned.",
            ],
        )
        self.assertEqual(messages.job_order_id, job)
        self.assertEqual(messages.product_id, self.leg | self.top)

    def test_work_center_without_working_time(self):
        self.lathe.resource_calendar_id = self.env["resource.calendar"].create(
            {"name": "PP Never", "attendance_ids": [Command.clear()]}
        )
        job = self._job()
        run = self.env["pp.planning.run"].browse(self._plan(job)["run_id"])
        self.assertEqual(run.state, "done")
        self.assertEqual(self._orders(job).product_id, self.desk | self.top)
        self.assertTrue(
            any(
                message.startswith("PP Leg cannot be timed")
                for message in run.log_ids.mapped("message")
            )
        )

    def test_second_run_at_once_is_refused(self):
        job = self._job()
        with self.env.registry.cursor() as other_cr:
            other_env = self.env(cr=other_cr)
            other_env["pp.planning.run"]._acquire_lock("general_planning", self.company)
            with self.assertRaisesRegex(UserError, "already in progress"):
                self._plan(job)
            other_cr.rollback()
        self.assertFalse(self._orders(job))

    def test_failure_mid_run_leaves_nothing(self):
        job = self._job()
        original = PpJobOrderPlanning._log_results

        def crash(self, *args, **kwargs):
            original(self, *args, **kwargs)
            raise RuntimeError("disk full")

        with (
            patch.object(PpJobOrderPlanning, "_log_results", crash),
            mute_logger("odoo.addons.production_planning.models.pp_planning_run"),
        ):
            result = self._plan(job)
        run = self.env["pp.planning.run"].browse(result["run_id"])
        self.assertEqual(run.state, "failed")
        self.assertIn("disk full", run.error)
        self.assertFalse(self._orders(job))
        self.assertFalse(run.planned_order_ids)
        self.assertEqual(job.state, "not_examined")

    def test_bad_parameters_are_refused(self):
        job = self._job()
        with self.assertRaisesRegex(UserError, "Unknown general planning parameter"):
            self._plan(job, speed="fast")
        with self.assertRaisesRegex(UserError, "direction must be one of"):
            self._plan(job, direction="sideways")
        with self.assertRaisesRegex(UserError, "Choose the job orders to plan"):
            self.env["pp.job.order.planning"].plan({})

    def test_wizard_from_job_orders(self):
        job = self._job()
        action = job.action_plan()
        wizard = Form(
            self.env["pp.general.planning"].with_context(**action["context"])
        ).save()
        self.assertEqual(wizard.job_order_ids, job)
        self.assertEqual(wizard.direction, self.company.pp_default_direction)
        self.assertTrue(wizard.use_on_hand and wizard.use_planned_orders)
        wizard.use_planned_orders = False
        self.assertEqual(wizard.availability_sources, ["on_hand", "moves", "purchases"])
        result = wizard.action_plan()
        run = self.env["pp.planning.run"].browse(result["res_id"])
        self.assertEqual(
            (result["res_model"], run.kind), ("pp.planning.run", "general_planning")
        )
        self.assertEqual(len(run.planned_order_ids), 4)
        self.assertIn("As Late As Possible", run.parameters_html)

    def _perform_job(self, run):
        """Do what the job runner does with the run's queued job."""
        Job.load(self.env, run.queue_job_uuid).perform()

    def test_background_run_from_the_wizard(self):
        job = self._job()
        wizard = self.env["pp.general.planning"].create(
            {"job_order_ids": [Command.set(job.ids)]}
        )
        button = wizard.with_context(pp_background=True)
        action = button.action_plan()
        run = self.env["pp.planning.run"].browse(action["res_id"])
        self.assertEqual(run.state, "queued")
        self.assertFalse(self._orders(job))
        queued = self.env["queue.job"].search([("uuid", "=", run.queue_job_uuid)])
        self.assertEqual(queued.state, "pending")
        with self.assertRaisesRegex(UserError, "is already queued"):
            button.action_plan()
        # Once its job has started, the run shows as running with its progress.
        self.env["pp.planning.run.progress"].create({"run_id": run.id, "progress": 40})
        run.invalidate_recordset()
        self.assertEqual(
            (run.state, run.live_state, run.progress), ("queued", "running", 40)
        )
        self._perform_job(run)
        run.invalidate_recordset()
        self.assertEqual((run.state, run.progress), ("done", 100.0))
        self.assertEqual(len(run.planned_order_ids), 4)
        self.assertEqual(run.job_order_ids, job)
        self.assertEqual(job.state, "scheduled")

    def test_stale_queued_run_does_not_block(self):
        job = self._job()
        procedure = self.env["pp.job.order.planning"]
        run = procedure._enqueue_planning({"job_order_ids": job.ids})
        with self.assertRaisesRegex(UserError, "is already queued"):
            procedure._enqueue_planning({"job_order_ids": job.ids})
        # Its job was cancelled from the queue: the run no longer blocks.
        self.env["queue.job"].search(
            [("uuid", "=", run.queue_job_uuid)]
        ).state = "cancelled"
        again = procedure._enqueue_planning({"job_order_ids": job.ids})
        self.assertEqual(again.state, "queued")

    def test_background_run_refused_ends_failed(self):
        job = self._job()
        run = self.env["pp.job.order.planning"]._enqueue_planning(
            {"job_order_ids": job.ids}
        )
        with self.env.registry.cursor() as other_cr:
            self.env(cr=other_cr)["pp.planning.run"]._acquire_lock(
                "general_planning", self.company
            )
            self._perform_job(run)
            other_cr.rollback()
        run.invalidate_recordset()
        self.assertEqual(run.state, "failed")
        self.assertIn("already in progress", run.error)
        self.assertFalse(self._orders(job))

    def test_cron_plans_new_job_orders(self):
        job = self._job()
        self.env.ref(
            "production_planning.ir_cron_pp_general_planning"
        ).method_direct_trigger()
        self.assertEqual(job.state, "scheduled")

    def test_security(self):
        job = self._job()
        planner = new_test_user(
            self.env, "pp_planner", groups="production_planning.group_pp_user"
        )
        result = (
            self.env["pp.job.order.planning"]
            .with_user(planner)
            .plan({"job_order_ids": job.ids})
        )
        self.assertEqual(result["state"], "done")
        manager = new_test_user(
            self.env, "pp_boss", groups="production_planning.group_pp_manager"
        )
        result = (
            self.env["pp.job.order.planning"]
            .with_user(manager)
            .plan({"job_order_ids": job.ids, "direction": "asap"})
        )
        self.assertEqual(result["state"], "done")
        worker = new_test_user(self.env, "pp_worker", groups="mrp.group_mrp_user")
        with self.assertRaises(AccessError):
            self.env["pp.general.planning"].with_user(worker).create(
                {"job_order_ids": [Command.set(job.ids)]}
            )
        other_company = self.env["res.company"].create({"name": "PP Other Co"})
        outsider = new_test_user(
            self.env,
            "pp_outsider",
            groups="production_planning.group_pp_user",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        with self.assertRaises(AccessError):
            self.env["pp.job.order.planning"].with_user(outsider).with_company(
                other_company
            ).plan({"job_order_ids": job.ids})

    def test_moving_a_planned_order_times_it_again(self):
        job = self._job()
        self._plan(job)
        desk = self._orders(job, self.desk)
        # The timeline writes both dates of a moved bar: timed from the new start.
        desk.write(
            {"date_start": dt("2027-03-09 08:00"), "date_end": dt("2027-03-09 10:00")}
        )
        self.assertEqual(
            (desk.date_start, desk.date_end),
            (dt("2027-03-09 08:00"), dt("2027-03-09 10:30")),
        )
        self.assertEqual(desk.operation_ids.date_end, dt("2027-03-09 10:30"))
        self.assertEqual(desk.material_ids.mapped("date_use"), [desk.date_start] * 2)
        # A new end alone: timed backward.
        desk.date_end = dt("2027-03-10 17:00")
        self.assertEqual(desk.date_start, dt("2027-03-10 14:30"))
        # A phase moved on the work center timeline (to another lathe) moves its order.
        leg = self._orders(job, self.leg)
        leg.operation_ids.write(
            {"date_start": dt("2027-03-12 08:00"), "workcenter_id": self.lathe_2.id}
        )
        self.assertEqual(
            (leg.date_start, leg.date_end, leg.operation_ids.workcenter_id),
            (dt("2027-03-12 08:00"), dt("2027-03-12 17:00"), self.lathe_2),
        )
        # Purchase: the vendor's delay.
        bar = self._orders(job, self.bar)
        bar.date_start = dt("2027-03-02 09:00")
        self.assertEqual(bar.date_end, dt("2027-03-05 09:00"))

    def test_quantity_change_and_save_as_bom(self):
        job = self._job()
        self._plan(job)
        desk = self._orders(job, self.desk)
        desk.product_qty = 4
        # Materials follow the quantity; the phase takes 30 + 4 x 60 minutes.
        self.assertEqual(desk.material_ids.mapped("product_qty"), [16, 4])
        self.assertEqual(
            (desk.date_start, desk.date_end),
            (dt("2027-03-08 14:30"), dt("2027-03-09 10:00")),
        )
        # The planner changes the materials of this one-off and saves them.
        desk.material_ids.filtered(lambda m: m.product_id == self.top).product_qty = 8
        desk.bom_id = False
        action = desk.action_save_bom()
        bom = self.env["mrp.bom"].browse(action["res_id"])
        self.assertEqual(desk.bom_id, bom)
        self.assertNotEqual(bom, self.desk_bom)
        self.assertEqual(
            [(line.product_id, line.product_qty) for line in bom.bom_line_ids],
            [(self.leg, 4), (self.top, 2)],
        )
        self.assertEqual(
            [
                (op.name, op.workcenter_id, op.time_cycle_manual)
                for op in bom.operation_ids
            ],
            [("Assemble", self.assembly, 60)],
        )
        self.assertEqual(desk.action_open_bom()["res_model"], "mrp.bom")
        self.assertIn(bom, self.env["mrp.bom"].search(desk.action_open_bom()["domain"]))
        routing = desk.action_open_routing()
        self.assertEqual(
            self.env["mrp.routing.workcenter"].search(routing["domain"]),
            bom.operation_ids,
        )
        self.assertEqual(
            desk.action_open_planning_parameters()["domain"],
            [("id", "in", self.desk.product_tmpl_id.ids)],
        )

    def test_availability_minimum_mode_keeps_stock_for_later_needs(self):
        self._set_stock(self.bar, 10)
        later = self._job(deadline=date(2027, 3, 22))
        self._plan(later, consider_availability=True)
        # The later job order takes 8 of the 10 bars (its legs start 03-19).
        self.assertFalse(self._orders(later, self.bar))
        sources = ["on_hand", "planned_orders"]
        sooner = self._job(deadline=date(2027, 3, 8))
        self._plan(sooner, consider_availability=True, availability_sources=sources)
        # At the need date the 10 bars are still there.
        self.assertFalse(self._orders(sooner, self.bar))
        self._plan(
            sooner,
            consider_availability=True,
            availability_sources=sources,
            availability_mode="minimum",
        )
        # What stays free from then on: 10 - 8 = 2; 6 to buy.
        self.assertEqual(self._orders(sooner, self.bar).product_qty, 6)

    def test_queries_do_not_grow_with_job_orders(self):
        def queries(count):
            jobs = self.env["pp.job.order"].concat(
                *(
                    self._job(deadline=date(2027, 3, 8 + index % 5))
                    for index in range(count)
                )
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            result = self._plan(jobs)
            self.assertEqual(len(result["planned_order_ids"]), 4 * count)
            return self.env.cr.sql_log_count - before

        few, many = queries(2), queries(10)
        self.assertLessEqual(
            many, few + 5, f"{few} queries for 2 job orders, {many} for 10"
        )

    def test_release_production_into_a_confirmed_mo(self):
        job = self._job()
        self._plan(job)
        desk = self._orders(job, self.desk)
        production = desk._release_productions()
        self.assertEqual((desk.state, desk.production_id), ("released", production))
        self.assertEqual(
            (
                production.state,
                production.product_id,
                production.product_qty,
                production.bom_id,
                production.pp_job_order_id,
            ),
            ("confirmed", self.desk, 2, self.desk_bom, job),
        )
        self.assertEqual(production.origin, f"{job.name}, {desk.name}")
        self.assertEqual(
            (production.date_start, production.date_finished),
            (desk.date_start, desk.date_end),
        )
        self.assertEqual(
            sorted(
                (m.product_id.name, m.product_uom_qty, m.date)
                for m in production.move_raw_ids
            ),
            [
                ("PP Leg", 8, dt("2027-03-08 14:30")),
                ("PP Top", 2, dt("2027-03-08 14:30")),
            ],
        )
        workorder = production.workorder_ids
        self.assertEqual(
            (
                workorder.workcenter_id,
                workorder.duration_expected,
                workorder.date_start,
                workorder.date_finished,
            ),
            (
                self.assembly,
                150,
                desk.operation_ids.date_start,
                desk.operation_ids.date_end,
            ),
        )
        # Released and untouched: launched (in execution once worked on).
        self.assertEqual(job.state, "launched")
