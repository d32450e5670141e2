# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Job costing in Odoo: estimated and actual costs of a job order's documents,
cross-checked with Odoo's own MO overview."""

from freezegun import freeze_time

from odoo import Command

from .common import TODAY, DeskPlanningCommon


@freeze_time(TODAY)
class TestJobCosting(DeskPlanningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.assembly.costs_hour = 60.0
        cls.leg.standard_price = 4.0
        cls.top.standard_price = 25.0
        cls.bar.standard_price = 1.5

    def _done_mo(self, qty=2, minutes=150.0):
        """An MO of desks from stock, its work order worked ``minutes``."""
        self._set_stock(self.leg, 4 * qty)
        self._set_stock(self.top, qty)
        production = self._mo(qty)
        production.action_assign()
        workorder = production.workorder_ids
        workorder.button_start()
        workorder.duration = minutes
        production.qty_producing = qty
        production.move_raw_ids.picked = True
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        return production

    def _mo(self, qty):
        production = self.env["mrp.production"].create(
            {"product_id": self.desk.id, "product_qty": qty, "bom_id": self.desk_bom.id}
        )
        production.action_confirm()
        return production

    def _subcontracted_frame(self):
        """A painter and the frame it paints from a bar (a subcontract BOM)."""
        subcontractor = self.env["res.partner"].create({"name": "PP Painter"})
        frame = self._create_product("PP Painted Frame")
        self.env["mrp.bom"].create(
            {
                "product_tmpl_id": frame.product_tmpl_id.id,
                "type": "subcontract",
                "subcontractor_ids": [Command.set(subcontractor.ids)],
                "bom_line_ids": [Command.create({"product_id": self.bar.id})],
            }
        )
        return subcontractor, frame

    def _costing(self, job, **vals):
        costing = self.env["pp.job.costing"].create({"job_order_id": job.id, **vals})
        costing.action_compute()
        return costing

    def test_finished_mo_actual_cost_equals_odoo_mo_overview(self):
        production = self._done_mo()
        # the top's cost changed after it was consumed: actual stays at its
        # valuation (25), the estimate takes the new standard cost (40)
        self.top.standard_price = 40.0
        job = self._job(qty=2)
        production.pp_job_order_id = job
        costing = self._costing(job)
        overview = self.env["report.mrp.report_mo_overview"]._get_report_data(
            production.id
        )["extras"]
        self.assertAlmostEqual(
            costing.actual_material, overview["total_real_cost_components"], places=2
        )
        self.assertAlmostEqual(
            costing.actual_internal, overview["total_real_cost_operations"], places=2
        )
        self.assertAlmostEqual(
            costing.actual_material + costing.actual_internal,
            overview["total_real_cost"],
            places=2,
        )
        # by hand: 8 legs x 4 + 2 tops x 25 = 82; 150 min x 60/h = 150
        self.assertEqual((costing.actual_material, costing.actual_internal), (82, 150))
        # estimated: 8 legs x 4 + 2 tops x 40; 30 + 2 x 60 min at 60/h
        self.assertEqual(costing.estimated_material, 112)
        self.assertEqual(costing.estimated_internal, 150)
        self.assertEqual(costing.estimated_industrial, 262)
        self.top.standard_price = 25.0

    def test_cost_types_for_materials(self):
        production = self._mo(1)
        job = self._job(qty=1)
        production.pp_job_order_id = job
        # average: incoming valuation of tops at 20 and 30 -> 25; last purchase 28
        self.env["stock.valuation.layer"].create(
            [
                {
                    "product_id": self.top.id,
                    "company_id": self.env.company.id,
                    "quantity": qty,
                    "unit_cost": price,
                    "value": qty * price,
                }
                for qty, price in ((1, 20.0), (3, 30.0))
            ]
        )
        standard = self._costing(job, cost_type="standard")
        average = self._costing(job, cost_type="average")
        # 4 legs x 4 + 1 top at its cost; legs have no history: standard
        self.assertEqual(standard.estimated_material, 16 + 25)
        self.assertEqual(average.estimated_material, 16 + 27.5)
        self.assertEqual(standard.actual_material, 0)
        self.assertEqual(standard.name, f"{job.name} / 1")
        self.assertEqual(average.name, f"{job.name} / 2")

    def test_cost_elements_proposed_markup_and_rounding(self):
        self.env["pp.cost.element"].create(
            [
                {"name": "Packaging", "category": "direct", "percent": 10.0},
                {"name": "Overheads", "category": "general", "value": 7.0},
            ]
        )
        production = self._done_mo()
        job = self._job(qty=2)
        production.pp_job_order_id = job
        costing = self._costing(
            job, markup_percent=20.0, rounding_method="up", rounding_digits=1
        )
        self.assertEqual(
            sorted(costing.element_ids.mapped("name")), ["Overheads", "Packaging"]
        )
        # 232 + 23.2 = 255.2; x 1.2 = 306.24; + 7 = 313.24 -> 320
        self.assertAlmostEqual(costing.estimated_direct, 255.2)
        self.assertAlmostEqual(costing.estimated_marked_up, 306.24)
        self.assertEqual(costing.estimated_total, 320)
        self.assertAlmostEqual(costing.estimated_rounding, 6.76)
        self.assertFalse(costing.actual_over_estimate)
        # edited per costing, then computed again: lines replaced, not added
        lines = len(costing.line_ids)
        costing.element_ids.filtered(lambda e: e.name == "Overheads").value = 100.0
        costing.action_compute()
        self.assertEqual(len(costing.line_ids), lines)
        self.assertEqual(costing.estimated_total, 410)  # 406.24 up

    def test_document_tree_and_component_made_inside(self):
        # the legs are made by their own MO in the job order: not a material of
        # the desk MO, their bars and turning counted on the leg MO
        self.lathe.costs_hour = 30.0
        job = self._job(qty=1)
        desk = self._mo(1)
        leg = self.env["mrp.production"].create(
            {"product_id": self.leg.id, "product_qty": 4, "bom_id": self.leg_bom.id}
        )
        leg.action_confirm()
        (desk | leg).pp_job_order_id = job
        costing = self._costing(job)
        lines = costing.line_ids
        root = lines.filtered(lambda line: not line.parent_id)
        self.assertEqual(len(root), 1)
        self.assertEqual(root.document_ref, job)
        desk_line = lines.filtered(lambda line: line.document_ref == desk)
        leg_moves = lines.filtered(
            lambda line: line.parent_id == desk_line and line.product_id == self.leg
        )
        self.assertEqual(leg_moves.estimated_cost, 0.0)
        # desk: 1 top (25) + 90 min assembly (90); legs: 4 bars (6) + 4 h turning (120)
        self.assertEqual(desk_line.estimated_subtotal, 25 + 90)
        leg_line = lines.filtered(lambda line: line.document_ref == leg)
        self.assertEqual(leg_line.estimated_subtotal, 6 + 120)
        self.assertEqual(root.estimated_subtotal, costing.estimated_industrial)
        self.assertEqual(costing.estimated_industrial, 25 + 90 + 6 + 120)
        self.assertEqual(job.costing_count, 1)

    def test_work_on_another_work_center_gets_its_own_row(self):
        self.lathe.costs_hour = 30.0
        production = self._mo(2)
        workorder = production.workorder_ids
        loss = self.env["mrp.workcenter.productivity.loss"].search(
            [("loss_type", "=", "productive")], limit=1
        )
        self.env["mrp.workcenter.productivity"].create(
            [
                {
                    "workorder_id": workorder.id,
                    "workcenter_id": center.id,
                    "loss_id": loss.id,
                    "date_start": f"2027-03-01 {start}:00",
                    "date_end": f"2027-03-01 {end}:00",
                }
                for center, start, end in (
                    (self.assembly, "08:00", "09:00"),
                    (self.lathe, "09:00", "09:30"),
                )
            ]
        )
        job = self._job(qty=2)
        production.pp_job_order_id = job
        costing = self._costing(job)
        rows = costing.line_ids.filtered(lambda line: line.kind == "internal")
        self.assertEqual(
            sorted(
                (r.workcenter_id.name, r.estimated_cost, r.actual_cost) for r in rows
            ),
            [(self.assembly.name, 150.0, 60.0), (self.lathe.name, 0.0, 15.0)],
        )
        self.assertEqual(
            (costing.estimated_internal, costing.actual_internal), (150, 75)
        )

    def test_analysis_breakdowns_add_up(self):
        self.env["pp.cost.element"].create(
            {"name": "Overheads", "category": "general", "percent": 10.0}
        )
        production = self._done_mo()
        job = self._job(qty=2)
        production.pp_job_order_id = job
        costing = self._costing(job, markup_percent=5.0, correction=3.0)
        self.env.flush_all()
        rows = self.env["pp.job.costing.analysis"].search(
            [("costing_id", "=", costing.id)]
        )
        for side in ("estimated", "actual"):
            mine = rows.filtered(lambda r, s=side: r.side == s)
            synthetic = sum(
                mine.filtered(lambda r: r.breakdown == "synthetic").mapped("amount")
            )
            analytic = sum(
                mine.filtered(lambda r: r.breakdown == "analytic").mapped("amount")
            )
            self.assertAlmostEqual(synthetic, costing[f"{side}_total"], places=2)
            self.assertAlmostEqual(analytic, costing[f"{side}_industrial"], places=2)
        material = rows.filtered(
            lambda r: r.component == "material" and r.side == "actual"
        )
        self.assertEqual(material.amount, 82.0)
        action = costing.action_view_analysis()
        self.assertEqual(action["res_model"], "pp.job.costing.analysis")

    def test_operation_unit_cost_wins_over_time(self):
        self.desk_bom.operation_ids.pp_unit_cost = 12.5
        production = self._mo(2)
        job = self._job(qty=2)
        production.pp_job_order_id = job
        costing = self._costing(job)
        # 2 desks x 12.5, not (30 + 120 min) x 60/h
        self.assertEqual(costing.estimated_internal, 25.0)

    def test_last_purchase_price_and_a_purchase_line_price(self):
        vendor = self.env["res.partner"].create({"name": "PP Top Vendor"})
        order = self.env["purchase.order"].create(
            {
                "partner_id": vendor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.top.id,
                            "product_qty": 5,
                            "price_unit": 28.0,
                        }
                    )
                ],
            }
        )
        order.button_confirm()
        production = self._mo(1)
        job = self._job(qty=1)
        production.pp_job_order_id = job
        last = self._costing(job, cost_type="last_purchase")
        # 4 legs at standard (no purchase) + the top at its last price 28
        self.assertEqual(last.estimated_material, 16 + 28)
        # a purchase line of the job order for the top: its price, any cost type
        vendor_order = self.env["purchase.order"].create(
            {
                "partner_id": vendor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.top.id,
                            "product_qty": 1,
                            "price_unit": 21.0,
                            "pp_job_order_id": job.id,
                        }
                    )
                ],
            }
        )
        standard = self._costing(job, cost_type="standard")
        self.assertEqual(standard.estimated_material, 16 + 21)
        # not counted a second time as a document of its own
        self.assertFalse(
            standard.line_ids.filtered(
                lambda line: line.document_ref == vendor_order.order_line
            )
        )

    def test_external_work_from_a_subcontract_line(self):
        subcontractor, frame = self._subcontracted_frame()
        job = self._job(qty=1)
        order = self.env["purchase.order"].create(
            {
                "partner_id": subcontractor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": frame.id,
                            "product_qty": 3,
                            "price_unit": 20.0,
                            "pp_job_order_id": job.id,
                        }
                    )
                ],
            }
        )
        order.button_confirm()
        costing = self._costing(job)
        (line,) = costing.line_ids.filtered(lambda line: line.kind == "external")
        self.assertEqual(line.document_ref, order.order_line)
        self.assertEqual((line.estimated_cost, line.actual_cost), (60.0, 0.0))
        order.order_line.qty_received = 2
        costing.action_compute()
        self.assertEqual(
            (costing.estimated_external, costing.actual_external), (60, 40)
        )

    def test_subcontract_planned_order_at_the_subcontractor_price(self):
        subcontractor, frame = self._subcontracted_frame()
        self.env["product.supplierinfo"].create(
            {
                "partner_id": subcontractor.id,
                "product_tmpl_id": frame.product_tmpl_id.id,
                "price": 18.0,
            }
        )
        job = self._job(qty=1)
        self.env["pp.planned.order"].create(
            {
                "product_id": frame.id,
                "product_qty": 2,
                "order_type": "subcontract",
                "partner_id": subcontractor.id,
                "job_order_id": job.id,
                "date_start": "2027-03-02 08:00:00",
                "date_end": "2027-03-05 17:00:00",
            }
        )
        costing = self._costing(job)
        self.assertEqual(costing.estimated_external, 36.0)  # 2 x 18
        self.assertEqual(costing.estimated_material, 0.0)

    def test_multi_product_job_order(self):
        job = self._create_job_order(
            self.desk,
            qty=1,
            type_id=self.job_type_multi.id,
            line_ids=[
                Command.create({"product_id": self.desk.id, "product_qty": 1}),
                Command.create({"product_id": self.leg.id, "product_qty": 2}),
            ],
        )
        self._plan(job)
        costing = self._costing(job)
        planned = costing.line_ids.filtered(
            lambda line: (
                line.document_ref
                and line.document_ref._name == "pp.planned.order"
                and not line.kind
            )
        )
        products = planned.mapped("product_id")
        self.assertIn(self.desk, products)
        self.assertIn(self.leg, products)
        self.assertAlmostEqual(
            sum(
                costing.line_ids.filtered(lambda line: line.kind).mapped(
                    "estimated_cost"
                )
            ),
            costing.estimated_industrial,
        )
        self.assertGreater(costing.estimated_industrial, 0)
