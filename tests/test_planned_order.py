# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
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

    def test_numbers_per_company_even_without_sequence(self):
        Order = self.env["pp.planned.order"]
        company_b = self.env["res.company"].create({"name": "PP Numbering B"})
        other = Order.with_company(company_b)._reserve_names(1, company_b)
        self.assertRegex(other[0], r"^PLO/2027/\d{5}$")
        # Company A's numbers do not move company B's.
        Order._reserve_names(2, self.company)
        self.assertEqual(
            Order._reserve_names(1, company_b)[0][-5:],
            f"{int(other[0][-5:]) + 1:05d}",
        )
        sequences = self.env["ir.sequence"].search([("code", "=", "pp.planned.order")])
        self.assertEqual(
            set(sequences.company_id.ids) - {False}, {self.company.id, company_b.id}
        )
        # A deleted sequence is made again: never "/" for every order.
        sequences.unlink()
        names = Order._reserve_names(3, self.company)
        self.assertEqual(names, ["PLO/2027/00001", "PLO/2027/00002", "PLO/2027/00003"])

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
        self.assertRegex(parent.name, r"^PLO/2027/\d{5}$")
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
        # Released documents launch it; only a confirmed purchase or work
        # started puts it in execution.
        self.assertEqual(job_order.state, "launched")
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

    def test_bulk_deletion_as_unlink(self):
        """``_unlink_in_bulk`` (MRP's replacement) deletes what ``unlink``
        would, refuses what it would, and the job order follows."""
        job_order = self._create_job_order(self.chair, deadline=days(10))
        parent = self._planned(job_order)
        child = self._planned(
            job_order,
            "purchase",
            parent_id=parent.id,
            level=1,
            product_id=self.component.id,
            partner_id=self.vendor.id,
        )
        grandchild = self._planned(
            job_order,
            "purchase",
            parent_id=child.id,
            level=2,
            product_id=self.component.id,
            partner_id=self.vendor.id,
        )
        material = self.env["pp.planned.order.material"].create(
            {
                "planned_order_id": child.id,
                "product_id": self.component.id,
                "product_qty": 2,
            }
        )
        grandchild.state = "released"
        with self.assertRaisesRegex(
            UserError, rf"^Planned order {grandchild.name} is released"
        ):
            parent._unlink_in_bulk()
        self.assertTrue(parent.exists() and child.exists() and material.exists())
        grandchild.state = "draft"
        self.assertEqual(job_order.state, "scheduled")
        parent._unlink_in_bulk()
        self.assertFalse((parent | child | grandchild).exists() or material.exists())
        self.assertEqual(job_order.state, "not_examined")
        self.assertFalse(job_order.planned_order_count)
        # The unlink rights apply: a user without them deletes nothing.
        other = self._planned(job_order)
        user = self.env["res.users"].create(
            {
                "name": "PP No Planner",
                "login": "pp_no_planner",
                "groups_id": [Command.set(self.env.ref("base.group_user").ids)],
            }
        )
        with self.assertRaises(AccessError):
            other.with_user(user)._unlink_in_bulk()
        self.assertTrue(other.exists())

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
        self.assertEqual(
            self.env["pp.planned.order"].search(action["domain"]),
            job_orders[0].planned_order_ids,
        )
        self.assertTrue(action["context"]["search_default_group_job_order"])
        binding = self.env.ref("production_planning.pp_job_order_action_planned_orders")
        self.assertEqual(binding.binding_model_id.model, "pp.job.order")


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestPlannedOrderDates(PlanningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        calendar = cls.env["resource.calendar"].create(
            {
                "name": "PP UTC shifts",
                "tz": "UTC",
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"{day} {hour_from}",
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": "morning" if hour_from < 12 else "afternoon",
                        }
                    )
                    for day in range(5)
                    for hour_from, hour_to in ((8, 12), (13, 17))
                ],
            }
        )
        cls.saw = cls.env["mrp.workcenter"].create(
            {"name": "PP Saw", "resource_calendar_id": calendar.id, "time_start": 30}
        )
        cls.component.pp_scrap_rate = 5
        cls.stool = cls._create_product("PP Stool", policy="job_order")
        cls.bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.stool.product_tmpl_id.id,
                "product_qty": 1,
                "operation_ids": [
                    Command.create(
                        {
                            "name": "Saw",
                            "workcenter_id": cls.saw.id,
                            "time_cycle_manual": 10,
                        }
                    )
                ],
            }
        )
        cls.bom.bom_line_ids = [
            Command.create(
                {
                    "product_id": cls.component.id,
                    "product_qty": 2,
                    "operation_id": cls.bom.operation_ids.id,
                }
            )
        ]

    def _order(self, **vals):
        values = {
            "product_id": self.stool.id,
            "product_qty": 10,
            "date_start": datetime(2027, 3, 1, 8),
            "date_end": datetime(2027, 3, 1, 8),
        }
        values.update(vals)
        return self.env["pp.planned.order"].create(values)

    def test_complete_from_bom_and_time_forward(self):
        order = self._order()
        order.action_complete_data()
        self.assertEqual(order.bom_id, self.bom)
        phase = order.operation_ids
        self.assertEqual((phase.name, phase.workcenter_id), ("Saw", self.saw))
        self.assertEqual((phase.time_setup, phase.time_run), (30, 100))
        self.assertEqual(phase.date_start, datetime(2027, 3, 1, 8))
        self.assertEqual(phase.date_end, datetime(2027, 3, 1, 10, 10))
        self.assertEqual(order.date_end, datetime(2027, 3, 1, 10, 10))
        material = order.material_ids
        # 10 stools × 2 tubes × 5% scrap, used when the saw starts.
        self.assertEqual(material.product_id, self.component)
        self.assertAlmostEqual(material.product_qty, 21.0)
        self.assertAlmostEqual(material.qty_per_unit, 2.1)
        self.assertEqual(material.operation_id, phase)
        self.assertEqual(material.date_use, datetime(2027, 3, 1, 8))
        # Twice the quantity: the end moves, the start stays.
        order.product_qty = 20
        order.action_recompute_dates()
        # 30 + 200 minutes from 08:00 end before the break.
        self.assertEqual(order.date_end, datetime(2027, 3, 1, 11, 50))
        # 30 + 300 minutes: through the lunch break.
        order.product_qty = 30
        order.action_recompute_dates()
        self.assertEqual(order.date_end, datetime(2027, 3, 1, 14, 30))

    def test_recompute_from_the_end_moves_the_start(self):
        order = self._order()
        order.action_complete_data()
        order.date_end = datetime(2027, 3, 1, 17)
        order.action_recompute_dates_from_end()
        self.assertEqual(order.date_start, datetime(2027, 3, 1, 14, 50))
        self.assertEqual(order.operation_ids.date_start, datetime(2027, 3, 1, 14, 50))

    def test_purchase_uses_the_vendor_delay(self):
        order = self._order(order_type="purchase", product_id=self.component.id)
        order.action_recompute_dates()
        self.assertEqual(order.date_end, datetime(2027, 3, 6, 8))
        # No shipping days: the vendor ships when the goods arrive.
        self.assertEqual(
            (order.date_fob, order.date_eta), (order.date_end, order.date_end)
        )

    def test_purchase_is_timed_on_its_own_vendor(self):
        """The order's vendor's line times it (not the item's first vendor's);
        FOB is the ETA minus that line's shipping days, as planning sets it."""
        vendor_2 = self.env["res.partner"].create({"name": "PP Vendor 2"})
        self.env["product.supplierinfo"].create(
            {
                "product_tmpl_id": self.component.product_tmpl_id.id,
                "partner_id": vendor_2.id,
                "sequence": 20,
                "price": 3.0,
                "delay": 8,
                "pp_shipping_days": 2,
            }
        )
        self.assertEqual(self.component._pp_first_seller().partner_id, self.vendor)
        order = self._order(
            order_type="purchase",
            product_id=self.component.id,
            partner_id=vendor_2.id,
        )
        order.action_recompute_dates()
        self.assertEqual(
            (order.date_start, order.date_fob, order.date_eta, order.date_end),
            (
                datetime(2027, 3, 1, 8),
                datetime(2027, 3, 7, 8),
                datetime(2027, 3, 9, 8),
                datetime(2027, 3, 9, 8),
            ),
        )
        order.date_end = datetime(2027, 3, 19, 16)
        self.assertEqual(
            (order.date_start, order.date_fob, order.date_eta),
            (
                datetime(2027, 3, 11, 16),
                datetime(2027, 3, 17, 16),
                datetime(2027, 3, 19, 16),
            ),
        )
        # Without a vendor, the item's first vendor line (5 days, no shipping).
        order.partner_id = False
        order.action_recompute_dates()
        self.assertEqual(
            (order.date_end, order.date_fob),
            (datetime(2027, 3, 16, 16), datetime(2027, 3, 16, 16)),
        )

    def test_missing_bom_and_working_time_are_named(self):
        with self.assertRaisesRegex(
            UserError, r"^Planned order .+: PP Steel Tube has no bill of materials\.$"
        ):
            self._order(product_id=self.component.id).action_complete_data()
        order = self._order()
        order.action_complete_data()
        self.saw.resource_calendar_id.attendance_ids.unlink()
        with self.assertRaisesRegex(
            UserError, r"phase Saw has no work center with working time\.$"
        ):
            order.action_recompute_dates()
