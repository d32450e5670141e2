# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import TODAY, PlanningCommon, days


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestPlannedOrder(PlanningCommon):
    def _planned(self, job_order, order_type="production", **vals):
        values = {
            "order_type": order_type,
            "origin": "independent",
            "job_order_id": job_order.id,
            "job_order_line_id": job_order.line_ids[:1].id,
            "product_id": job_order.line_ids[:1].product_id.id,
            "product_qty": 5,
            "date_start": datetime(2027, 3, 3, 8),
            "date_end": datetime(2027, 3, 5, 16),
        }
        values.update(vals)
        return self.env["pp.planned.order"].create(values)

    def test_number_unit_and_pegging(self):
        job_order = self._create_job_order(self.chair)
        parent = self._planned(job_order)
        child = self._planned(
            job_order,
            "purchase",
            origin="dependent",
            parent_id=parent.id,
            level=1,
            product_id=self.component.id,
            partner_id=self.vendor.id,
        )
        self.assertTrue(parent.name.startswith("PO/"))
        self.assertNotEqual(parent.name, child.name)
        self.assertEqual(child.product_uom_id, self.component.uom_id)
        self.assertEqual(parent.child_ids, child)
        self.assertEqual((parent.color, child.color), (10, 4))
        self.assertEqual(
            parent.job_order_line_id.display_name, f"{job_order.name}/1 PP Chair"
        )

    def test_job_order_states_follow_planned_orders(self):
        job_order = self._create_job_order(self.chair, deadline=days(10))
        self.assertEqual(job_order.state, "not_examined")
        planned = self._planned(job_order)
        self.assertEqual(job_order.state, "scheduled")
        self.assertEqual(job_order.planned_order_count, 1)
        # Estimated dates follow the planned orders (in the user's time zone).
        self.assertEqual(job_order.date_start_estimated, days(2))
        self.assertEqual(job_order.date_end_estimated, days(4))
        self.assertEqual(job_order.line_ids.date_start_estimated, days(2))
        planned.state = "released"
        self.assertEqual(job_order.state, "launched")
        purchase = self._planned(job_order, "purchase", product_id=self.component.id)
        purchase.state = "released"
        self.assertEqual(job_order.state, "executive")
        (planned | purchase).state = "cancelled"
        self.assertEqual(job_order.state, "not_examined")
        self.assertEqual(job_order.date_start_estimated, days(10))

    def test_released_planned_order_cannot_be_deleted(self):
        planned = self._planned(self._create_job_order(self.chair))
        planned.state = "released"
        with self.assertRaisesRegex(
            UserError,
            rf"^Planned order {planned.name} is released: restore it before "
            r"deleting it\.$",
        ):
            planned.unlink()

    def test_quantity_and_dates_are_checked(self):
        job_order = self._create_job_order(self.chair)
        for values in ({"product_qty": 0}, {"date_end": datetime(2027, 3, 1, 8)}):
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(IntegrityError),
                self.env.cr.savepoint(),
            ):
                self._planned(job_order, **values)

    def test_manual_planned_order_with_materials_and_phases(self):
        workcenter = self.env["mrp.workcenter"].create({"name": "PP Saw"})
        form = Form(self.env["pp.planned.order"])
        form.product_id = self.chair
        form.product_qty = 3
        form.date_start = datetime(2027, 3, 2, 8)
        form.date_end = datetime(2027, 3, 2, 16)
        with form.operation_ids.new() as phase:
            phase.name = "Cut"
            phase.workcenter_id = workcenter
            phase.time_run = 90
        with form.material_ids.new() as material:
            material.product_id = self.component
            material.product_qty = 6
        planned = form.save()
        self.assertEqual(planned.origin, "manual")
        self.assertEqual(planned.operation_ids.workcenter_id, workcenter)
        self.assertEqual(planned.material_ids.product_qty, 6)
        planned.material_ids.operation_id = planned.operation_ids
        self.assertEqual(planned.material_ids.company_id, self.company)

    def test_open_planned_orders_from_job_orders(self):
        job_orders = self._create_job_order(self.chair) | self._create_job_order(
            self.table
        )
        self._planned(job_orders[0])
        action = job_orders.action_view_planned_orders()
        self.assertEqual(action["res_model"], "pp.planned.order")
        self.assertEqual(action["domain"], [("job_order_id", "in", job_orders.ids)])
        self.assertTrue(action["context"]["search_default_group_job_order"])
        binding = self.env.ref("production_planning.pp_job_order_action_planned_orders")
        self.assertEqual(binding.binding_model_id.model, "pp.job.order")
