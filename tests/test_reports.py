# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reports: their content, rendered as Odoo renders them."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError

from .common import TODAY, DeskPlanningCommon


@freeze_time(TODAY)
class TestPlannedOrderReport(DeskPlanningCommon):
    def test_planned_orders_report_with_and_without_details(self):
        job = self._job(qty=2)
        self._plan(job)
        orders = self._orders(job)
        desk = orders.filtered(lambda o: o.product_id == self.desk)
        reports = self.env["ir.actions.report"]
        html, _kind = reports._render_qweb_html(
            "production_planning.report_pp_planned_order", orders.ids
        )
        html = html.decode()
        for order in orders:
            self.assertIn(order.name, html)
        self.assertIn(self.desk.display_name, html)
        self.assertNotIn("o_pp_report_material", html)
        html, _kind = reports._render_qweb_html(
            "production_planning.report_pp_planned_order_detail", desk.ids
        )
        html = html.decode()
        self.assertEqual(html.count("o_pp_report_material"), len(desk.material_ids))
        self.assertEqual(html.count("o_pp_report_phase"), len(desk.operation_ids))
        self.assertIn(desk.operation_ids[0].name, html)
        self.assertIn(self.assembly.name, html)
        # a real PDF, as the Print menu and RPC get it
        pdf, kind = reports.with_context(force_report_rendering=True)._render_qweb_pdf(
            "production_planning.report_pp_planned_order_detail", desk.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        # both are in the list's Print menu
        bound = reports.search(
            [("binding_model_id.model", "=", "pp.planned.order")]
        ).mapped("report_name")
        self.assertIn("production_planning.report_pp_planned_order", bound)
        self.assertIn("production_planning.report_pp_planned_order_detail", bound)

    def _progress_html(self, jobs, **options):
        # (a company without a document layout is first asked to choose one)
        self.env.company.external_report_layout_id = self.env.ref(
            "web.external_layout_standard"
        )
        wizard = self.env["pp.job.order.progress"].create(
            {"state_filter": "all", **options}
        )
        action = wizard.action_print()
        jobs_printed = self.env["pp.job.order"].browse(action["data"]["job_order_ids"])
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "production_planning.report_pp_job_order_progress",
            jobs_printed.ids,
            data=action["data"],
        )
        return jobs_printed, html.decode()

    def test_job_order_progress_report(self):
        planned_job = self._job(qty=2)
        self._plan(planned_job)
        released_job = self._job(qty=1)
        self._plan(released_job)
        desk_order = self._orders(released_job, self.desk)
        self.env["pp.release.procedure"].release({"planned_order_ids": desk_order.ids})
        production = desk_order.production_id
        self.assertEqual(production.state, "confirmed")
        jobs = planned_job | released_job
        printed, html = self._progress_html(jobs)
        self.assertLessEqual(jobs, printed)
        # analytic: each planned order light green (scheduled), the MO green
        for order in self._orders(planned_job):
            self.assertIn(order.name, html)
        self.assertIn(production.name, html)
        self.assertIn(production.workorder_ids[0].name, html)
        self.assertIn("o_pp_status_launched", html)
        self.assertIn("background-color: #2e9e44", html)  # launched: green
        self.assertIn("background-color: #c6efce", html)  # scheduled: light green
        # ordered by job order: the first job order before the second
        self.assertLess(html.index(planned_job.name), html.index(released_job.name))
        # synthetic: no document rows, the documents counted by status
        _printed, synthetic = self._progress_html(jobs, detail="synthetic")
        self.assertNotIn("o_pp_progress_document", synthetic)
        self.assertNotIn(production.name, synthetic)
        self.assertIn("o_pp_count_launched", synthetic)
        # without production documents: no MO, no planned production order
        _printed, purchases = self._progress_html(jobs, with_production=False)
        self.assertNotIn(production.name, purchases)
        leg_orders = self._orders(planned_job, self.leg)
        self.assertNotIn(leg_orders[0].name, purchases)
        # filters: by type and late/overdue; a filter matching nothing is refused
        late = self._job(qty=1, deadline=date(2027, 1, 1))  # before today
        printed, _html = self._progress_html(jobs | late, late_only=True)
        self.assertIn(late, printed)
        self.assertNotIn(planned_job, printed)
        with self.assertRaisesRegex(UserError, "No job order matches"):
            self._progress_html(jobs, date_to="2000-01-01")
