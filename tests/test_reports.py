# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reports: their content, rendered as Odoo renders them."""

from freezegun import freeze_time

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
