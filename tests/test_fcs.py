# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Finite capacity scheduling in Odoo: planned order phases and MO work orders
scheduled, applied, explained; the wizard, rights and concurrent runs."""

from datetime import date, datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from .common import TODAY, DeskPlanningCommon

MONDAY_8 = datetime(2027, 3, 1, 8, 0)


@freeze_time(TODAY)
class TestFcs(DeskPlanningCommon):
    def _schedule(self, **params):
        values = {
            "date_start": "2027-03-01 08:00:00",
            "horizon_days": 21,
            "time_limit": 10,
            "workers": 2,
            # only the orders of the test, whatever else the database holds
            "use_planned_orders": "planned_order_ids" in params,
            "use_productions": "production_ids" in params,
            **params,
        }
        result = self.env["pp.fcs.procedure"].schedule(values)
        self.assertEqual(result["state"], "done")
        return self.env["pp.fcs.execution"].browse(result["execution_id"])

    def _mo(self, product, qty, deadline=None):
        form = Form(self.env["mrp.production"])
        form.product_id = product
        form.product_qty = qty
        production = form.save()
        if deadline:
            production.date_deadline = deadline
        production.action_confirm()
        return production

    def _assert_in_working_time(self, tasks):
        """Every task starts and ends on Monday-Friday 8-12 or 13-17 (UTC)."""
        for task in tasks:
            for moment, is_end in ((task.date_start, False), (task.date_end, True)):
                hour = moment.hour + moment.minute / 60.0
                self.assertLess(moment.weekday(), 5, task.name)
                if is_end:
                    self.assertTrue(
                        8 < hour <= 12 or 13 < hour <= 17, (task.name, moment)
                    )
                else:
                    self.assertTrue(
                        8 <= hour < 12 or 13 <= hour < 17, (task.name, moment)
                    )

    def _assert_one_at_a_time(self, tasks):
        by_center = {}
        for task in tasks.sorted("date_start"):
            previous = by_center.get(task.workcenter_id)
            if previous:
                self.assertLessEqual(previous.date_end, task.date_start, task.name)
            by_center[task.workcenter_id] = task

    def test_planned_orders_scheduled_at_finite_capacity_and_applied(self):
        jobs = self._job(qty=2) | self._job(
            qty=3, deadline=datetime(2027, 3, 10).date()
        )
        self._plan(jobs)
        orders = self._orders(jobs).filtered(lambda o: o.order_type == "production")
        phases = orders.operation_ids
        execution = self._schedule(planned_order_ids=orders.ids)
        self.assertEqual(execution.solver_status, "optimal")
        tasks = execution.task_ids
        self.assertEqual(tasks.operation_id, phases)
        self.assertEqual(execution.task_count, len(phases))
        self._assert_in_working_time(tasks)
        self._assert_one_at_a_time(tasks)
        # a leg order ends before the desk order it is a component of starts
        for task in tasks.filtered(lambda t: t.product_id == self.leg):
            parent = task.planned_order_id.parent_id
            parent_start = min(
                tasks.filtered(lambda t, p=parent: t.planned_order_id == p).mapped(
                    "date_start"
                )
            )
            self.assertLessEqual(task.date_end, parent_start)
        # nothing moved before apply
        before = {p.id: (p.date_start, p.date_end) for p in phases}
        self.assertEqual({p.id: (p.date_start, p.date_end) for p in phases}, before)
        execution.action_apply()
        self.assertEqual(execution.state, "applied")
        for task in tasks:
            self.assertEqual(
                (task.operation_id.date_start, task.operation_id.date_end),
                (task.date_start, task.date_end),
            )
        for order in orders:
            mine = tasks.filtered(lambda t, o=order: t.planned_order_id == o)
            self.assertEqual(order.date_start, min(mine.mapped("date_start")))
            self.assertEqual(order.date_end, max(mine.mapped("date_end")))
        with self.assertRaisesRegex(UserError, "is applied already"):
            execution.action_apply()

    def test_work_orders_of_an_mo_scheduled_and_applied(self):
        production = self._mo(self.desk, 3)
        self.assertTrue(production.workorder_ids)
        execution = self._schedule(production_ids=[production.id])
        (task,) = execution.task_ids
        self.assertEqual(task.workorder_id, production.workorder_ids)
        # 30 min setup + 3 x 60 min, from Monday 8:00, the lunch break skipped
        self.assertEqual(task.date_start, MONDAY_8)
        self.assertEqual(task.date_end, datetime(2027, 3, 1, 11, 30))
        execution.action_apply()
        workorder = production.workorder_ids
        self.assertEqual(
            (workorder.date_start, workorder.date_finished),
            (task.date_start, task.date_end),
        )
        self.assertEqual(production.date_finished, task.date_end)

    def test_late_order_explained_on_the_execution_and_the_mo(self):
        # Two MOs of 8 desks (510 minutes each) on Assembly, both due Monday
        # evening: one must wait for the other.
        due = datetime(2027, 3, 1, 17, 0)
        first = self._mo(self.desk, 8, deadline=due)
        second = self._mo(self.desk, 8, deadline=due)
        # each MO makes a job order whose line serves a sale order line
        partner = self.env["res.partner"].create({"name": "PP FCS Customer"})
        sale = self._create_sale(
            partner, [(self.desk, 8), (self.desk, 8)], confirm=False
        )
        jobs = {}
        for production, sale_line in zip(first | second, sale.order_line, strict=True):
            jobs[production] = self._job(
                line_ids=[
                    Command.create(
                        {
                            "product_id": self.desk.id,
                            "product_qty": 8,
                            "sale_line_ids": [Command.set(sale_line.ids)],
                        }
                    )
                ]
            )
            production.pp_job_order_id = jobs[production]
        execution = self._schedule(production_ids=(first | second).ids)
        self.assertEqual(
            (execution.sale_line_count, execution.sale_line_late_count), (2, 2)
        )
        self.assertEqual(execution.sale_line_late_percent, 100.0)
        self.assertEqual(
            (execution.sale_line_delay_max_hours, execution.sale_line_delay_avg_hours),
            (execution.delay_max_hours, execution.delay_avg_hours),
        )
        self.assertEqual(execution.late_count, 2)  # 510 minutes > one day each
        late = execution.task_ids.sorted("date_start")[-1]
        self.assertTrue(late.is_late)
        self.assertRegex(
            late.late_reason, r"^Waited [\d.]+ h for work center PP Assembly$"
        )
        self.assertEqual(execution.late_percent, 100.0)
        self.assertEqual(execution.late_task_ids.production_id, first | second)
        kpi = execution.workcenter_kpi_ids.filtered(
            lambda k: k.workcenter_id == self.assembly
        )
        self.assertEqual(kpi.task_count, 2)
        # 1,020 minutes of work: 60 setup, 960 run
        self.assertEqual((kpi.setup_hours, kpi.run_hours), (1.0, 16.0))
        job = jobs[late.production_id]
        self.assertFalse(job.pp_late_reason)
        execution.action_apply()
        self.assertEqual(late.production_id.pp_late_reason, late.late_reason)
        job.invalidate_recordset(["pp_late_reason"])
        self.assertEqual(job.pp_late_reason, late.late_reason)

    def test_started_work_order_continues_with_its_remaining_time(self):
        production = self._mo(self.desk, 3)
        workorder = production.workorder_ids
        workorder.button_start()
        workorder.duration = 90.0  # 90 of 210 minutes worked
        execution = self._schedule(production_ids=[production.id])
        (task,) = execution.task_ids
        self.assertEqual(task.date_start, MONDAY_8)
        self.assertEqual(task.duration_minutes, 120)
        self.assertEqual(task.setup_minutes, 0)

    def test_phase_on_a_work_center_without_working_time_is_reported(self):
        self.lathe.resource_calendar_id = self.env["resource.calendar"].create(
            {"name": "PP Never", "attendance_ids": [Command.clear()]}
        )
        production = self._mo(self.leg, 2)
        execution = self._schedule(production_ids=[production.id])
        self.assertEqual(execution.solver_status, "infeasible")
        self.assertIn("work center PP Lathe has no working time", execution.errors)
        self.assertFalse(execution.task_ids)

    def test_alternative_work_center_takes_a_phase_when_the_main_one_is_busy(self):
        self.lathe.alternative_workcenter_ids = self.lathe_2
        legs = self._mo(self.leg, 4) | self._mo(self.leg, 4)
        execution = self._schedule(production_ids=legs.ids)
        self.assertEqual(
            sorted(execution.task_ids.workcenter_id.mapped("name")),
            ["PP Lathe", "PP Lathe 2"],
        )
        self.assertEqual(execution.makespan_hours, 4.0)

    def test_changeovers_between_setup_families_are_kept_and_reduced(self):
        # Desks painted red or blue on Assembly; a change of colour takes 45
        # minutes. Three MOs red, blue, red run red, red, blue: one change.
        self.env["pp.workcenter.changeover"].create(
            [
                {
                    "workcenter_id": self.assembly.id,
                    "family_from": a,
                    "family_to": b,
                    "minutes": 45,
                }
                for a, b in (("red", "blue"), ("blue", "red"))
            ]
        )
        blue_desk = self._create_product("PP Blue Desk")
        self._create_bom(blue_desk, [(self.top, 1)], self.assembly, "Assemble blue", 0)
        self.desk_bom.operation_ids.pp_setup_family = "red"
        blue_desk.bom_ids.operation_ids.pp_setup_family = "blue"
        mos = self._mo(self.desk, 1) | self._mo(blue_desk, 1) | self._mo(self.desk, 1)
        execution = self._schedule(production_ids=mos.ids)
        tasks = execution.task_ids.sorted("date_start")
        families = [t.workorder_id.operation_id.pp_setup_family for t in tasks]
        self.assertIn(families, (["red", "red", "blue"], ["blue", "red", "red"]))
        self.assertEqual(sum(tasks.mapped("changeover_minutes")), 45)
        change = next(i for i in range(1, 3) if families[i] != families[i - 1])
        gap = tasks[change].date_start - tasks[change - 1].date_end
        self.assertGreaterEqual(gap, timedelta(minutes=45))

    def test_batching_skips_the_setup_of_a_phase_of_the_same_grouping_code(self):
        # Assembly: 30 min setup + 60 min per desk; a blue desk in between
        self.assembly.pp_batch_hours = 1.0
        blue_desk = self._create_product("PP Blue Desk")
        self._create_bom(blue_desk, [(self.top, 1)], self.assembly, "Assemble blue", 0)
        self.desk_bom.operation_ids.pp_batch_code = "varnish"
        blue_desk.bom_ids.operation_ids.pp_batch_code = "paint"
        mos = self._mo(self.desk, 2) | self._mo(blue_desk, 1) | self._mo(self.desk, 2)
        execution = self._schedule(production_ids=mos.ids)
        tasks = execution.task_ids.sorted("date_start")
        codes = [t.workorder_id.operation_id.pp_batch_code for t in tasks]
        self.assertIn(
            codes, (["varnish", "varnish", "paint"], ["paint", "varnish", "varnish"])
        )
        batched = tasks.filtered("batched")
        self.assertEqual(len(batched), 1)
        self.assertEqual(batched.workorder_id.operation_id.pp_batch_code, "varnish")
        self.assertEqual((batched.setup_minutes, batched.duration_minutes), (0, 120))
        before = tasks[list(tasks).index(batched) - 1]
        # right after it: nothing between but, at most, the lunch break
        self.assertLessEqual(batched.date_start - before.date_end, timedelta(hours=1))
        # 90 + 150 + 120 working minutes from Monday 8:00 (lunch 12-13)
        self.assertEqual(tasks[-1].date_end, datetime(2027, 3, 1, 15, 0))
        # without a window every desk pays its setup
        self.assertEqual(sum(tasks.mapped("setup_minutes")), 60)
        self.assembly.pp_batch_hours = 0.0
        execution = self._schedule(production_ids=mos.ids)
        self.assertFalse(execution.task_ids.filtered("batched"))
        self.assertEqual(sum(execution.task_ids.mapped("setup_minutes")), 90)

    def test_critical_job_order_goes_first(self):
        first, second = self._job(qty=2), self._job(qty=2)
        self._plan(first | second)
        desks = self._orders(first | second, self.desk)
        execution = self._schedule(
            planned_order_ids=desks.ids,
            critical_job_order_ids=second.ids,
            material_check="none",
        )
        assembly = execution.task_ids.sorted("date_start")
        self.assertEqual(assembly[0].planned_order_id.job_order_id, second)

    def test_tie_break_orders_equal_due_dates(self):
        # same item, quantity and deadline: only the tie-break list decides
        due = datetime(2027, 3, 12, 17, 0)
        first, second = self._mo(self.desk, 3, due), self._mo(self.desk, 3, due)
        for tie_break, expected in (("id asc", first), ("id desc", second)):
            execution = self._schedule(
                production_ids=(first | second).ids, tie_break=tie_break, workers=1
            )
            self.assertEqual(
                execution.task_ids.sorted("date_start")[0].production_id,
                expected,
                tie_break,
            )
        with self.assertRaisesRegex(UserError, "Tie-break 'size asc'"):
            self._schedule(production_ids=first.ids, tie_break="size asc")

    def test_material_check_holds_an_order_until_its_bought_components_arrive(self):
        job = self._job(qty=2, deadline=date(2027, 3, 19))
        self._plan(job)
        bar_receipt = max(self._orders(job, self.bar).mapped("date_end"))
        self.assertGreater(bar_receipt, datetime(2027, 3, 5))

        def leg_start(**params):
            execution = self._schedule(
                planned_order_ids=self._orders(job).ids, release_lead_days=30, **params
            )
            legs = execution.task_ids.filtered(lambda t: t.product_id == self.leg)
            return min(legs.mapped("date_start"))

        self.assertEqual(leg_start(material_check="none"), MONDAY_8)
        self.assertGreaterEqual(leg_start(material_check="all"), bar_receipt)
        # only critical components: the bar is not one, until its BOM line says so
        self.assertEqual(leg_start(material_check="critical"), MONDAY_8)
        self.leg_bom.bom_line_ids.pp_critical = True
        self.assertGreaterEqual(leg_start(material_check="critical"), bar_receipt)
        # a receipt after the end of the check is not waited for
        self.assertEqual(
            leg_start(material_check="all", material_until="2027-03-01"),
            datetime(2027, 3, 2, 8, 0),
        )

    def test_material_check_holds_an_mo_until_its_released_purchase_arrives(self):
        # legs and bars released: an MO of legs and a purchase line of bars,
        # pegged through the planned orders they were released from
        job = self._job(qty=2, deadline=date(2027, 3, 19))
        self._plan(job)
        legs, bars = self._orders(job, self.leg), self._orders(job, self.bar)
        self.env["pp.release.procedure"].release(
            {"planned_order_ids": (legs | bars).ids}
        )
        productions = legs.production_id
        lines = bars.purchase_line_id
        self.assertTrue(productions and lines)
        receipt = max(lines.mapped("date_planned"))
        self.assertGreater(receipt, datetime(2027, 3, 5))

        def leg_start(**params):
            execution = self._schedule(
                production_ids=productions.ids, horizon_days=60, **params
            )
            return min(execution.task_ids.mapped("date_start"))

        self.assertEqual(leg_start(material_check="none"), MONDAY_8)
        self.assertGreaterEqual(leg_start(material_check="all"), receipt)
        self.assertGreaterEqual(
            leg_start(material_check="all", purchase_delay_days=2),
            receipt + timedelta(days=2),
        )
        self.assertEqual(leg_start(material_check="critical"), MONDAY_8)

    def test_compare_two_executions(self):
        production = self._mo(self.desk, 2)
        one = self._schedule(production_ids=[production.id])
        two = self._schedule(
            production_ids=[production.id], date_start="2027-03-02 08:00:00"
        )
        action = (one | two).action_compare()
        self.assertEqual(action["domain"], [("id", "in", (one | two).ids)])
        self.assertEqual(action["res_model"], "pp.fcs.execution")
        self.assertEqual(
            two.task_ids.date_start - one.task_ids.date_start, timedelta(days=1)
        )
        self.assertEqual(two.makespan_hours, one.makespan_hours)
        with self.assertRaisesRegex(UserError, "Select two executions"):
            one.action_compare()

    def test_wizard_schedules_and_opens_the_execution(self):
        production = self._mo(self.desk, 1)
        form = Form(self.env["pp.fcs.planning"])
        self.assertEqual(
            (form.horizon_days, form.time_limit, form.workers), (30, 30.0, 2)
        )
        form.date_start = MONDAY_8
        form.time_limit = 5
        form.production_ids.add(production)
        action = form.save().action_schedule()
        self.assertEqual(action["res_model"], "pp.fcs.execution")
        execution = self.env["pp.fcs.execution"].browse(action["res_id"])
        self.assertEqual(execution.task_ids.production_id, production)
        self.assertEqual(execution.run_id.kind, "fcs")

    def test_scheduled_action_schedules_with_the_company_defaults(self):
        production = self._mo(self.desk, 2)
        procedure = type(self.env["pp.fcs.procedure"])
        defaults = procedure._default_parameters

        def quick(model, company):
            return {**defaults(model, company), "time_limit": 5.0}

        cron = self.env.ref("production_planning.ir_cron_pp_fcs")
        self.assertFalse(cron.active)  # inactive until a planner turns it on
        before = self.env["pp.fcs.execution"].search([])
        with patch.object(procedure, "_default_parameters", quick):
            cron.method_direct_trigger()
        created = self.env["pp.fcs.execution"].search([]) - before
        # one execution per company of the cron's user
        self.assertEqual(
            created.company_id, cron.user_id.company_ids & created.company_id
        )
        execution = created.filtered(lambda e: e.company_id == self.env.company)
        self.assertEqual(len(execution), 1)
        self.assertIn(execution.solver_status, ("optimal", "feasible"))
        self.assertIn(production.workorder_ids, execution.task_ids.workorder_id)

    def test_second_run_at_once_is_refused(self):
        production = self._mo(self.desk, 1)
        before = self.env["pp.fcs.execution"].search([])
        with self.env.registry.cursor() as other_cr:
            other_env = self.env(cr=other_cr)
            other_env["pp.planning.run"]._acquire_lock("fcs", self.company)
            with self.assertRaisesRegex(UserError, "already in progress"):
                self._schedule(production_ids=[production.id])
            other_cr.rollback()
        self.assertEqual(self.env["pp.fcs.execution"].search([]), before)

    def test_outsider_is_refused(self):
        outsider = self.env["res.users"].create(
            {
                "name": "PP Outsider",
                "login": "pp_fcs_outsider",
                "groups_id": [Command.set(self.env.ref("mrp.group_mrp_user").ids)],
            }
        )
        with self.assertRaisesRegex(AccessError, "Only a Planning User"):
            self.env["pp.fcs.procedure"].with_user(outsider).schedule({})
