# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""External phases: a routing operation done by a subcontractor, from its form
through general planning and *Complete from BOM* to the RFQ a release asks of
the subcontractor; that RFQ does not make the job order in execution.

The desk of ``DeskPlanningCommon`` gets a second operation, *Paint*, on a paint
shop working the same calendar, done by PP Painter.
"""

from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import TODAY, DeskPlanningCommon


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestExternalPhases(DeskPlanningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.painter = cls.env["res.partner"].create({"name": "PP Painter"})
        cls.paint_shop = cls.env["mrp.workcenter"].create(
            {"name": "PP Paint Shop", "resource_calendar_id": cls.calendar.id}
        )
        cls.service = cls.env["product.product"].create(
            {
                "name": "PP Painting Service",
                "type": "service",
                "purchase_ok": True,
                "seller_ids": [
                    Command.create({"partner_id": cls.painter.id, "price": 4})
                ],
            }
        )
        cls.company.write(
            {
                "pp_release_vendor_fallback": "refuse",
                "pp_release_merge_days": 0,
                "pp_release_reuse_rfq": True,
                "pp_release_external_phases": False,
                "pp_external_service_id": cls.service.id,
            }
        )

    def _add_paint_operation(self):
        """Add *Paint* to the desk's routing from the operation form."""
        form = Form(self.env["mrp.routing.workcenter"])
        form.bom_id = self.desk_bom
        form.name = "Paint"
        form.workcenter_id = self.paint_shop
        form.time_mode = "manual"
        form.time_cycle_manual = 30
        form.pp_is_external = True
        # The subcontractor is required once the operation is external.
        with self.assertRaisesRegex(AssertionError, "pp_partner_id is a required"):
            form.save()
        form.pp_partner_id = self.painter
        return form.save()

    def _release(self, orders, **params):
        return self.env["pp.release.procedure"].release(
            {"planned_order_ids": orders.ids, **params}
        )

    def test_operation_needs_its_subcontractor(self):
        paint = self._add_paint_operation()
        self.assertEqual(
            (paint.pp_is_external, paint.pp_partner_id), (True, self.painter)
        )
        with self.assertRaisesRegex(
            ValidationError,
            r"^Operation .*Paint is an external phase: choose its subcontractor\.$",
        ):
            paint.pp_partner_id = False
        # An internal operation needs none.
        assemble = self.desk_bom.operation_ids - paint
        self.assertFalse(assemble.pp_is_external or assemble.pp_partner_id)

    def test_planning_and_release_buy_the_external_phase(self):
        paint = self._add_paint_operation()
        job = self._job()
        self._plan(job)
        desk = self._orders(job, self.desk)
        self.assertEqual(
            [
                (phase.name, phase.operation_id, phase.is_external, phase.partner_id)
                for phase in desk.operation_ids
            ],
            [
                (
                    "Assemble",
                    self.desk_bom.operation_ids - paint,
                    False,
                    self.painter.browse(),
                ),
                ("Paint", paint, True, self.painter),
            ],
        )
        painting = desk.operation_ids.filtered("is_external")
        wizard = Form(
            self.env["pp.planned.order.release"].with_context(
                active_model="pp.planned.order", active_ids=desk.ids
            )
        )
        self.assertFalse(wizard.external_phases)
        wizard.external_phases = True
        wizard.save().action_release()
        line = desk.external_purchase_line_ids
        self.assertEqual(
            (
                line.partner_id,
                line.product_id,
                line.product_qty,
                line.price_unit,
                line.date_planned,
                line.pp_external_phase_id,
                line.order_id.state,
            ),
            (self.painter, self.service, 2, 4.0, painting.date_end, painting, "draft"),
        )
        # The MO is untouched and the phase only asked for a quotation.
        self.assertEqual(line.pp_job_order_id, job)
        self.assertEqual(job.state, "launched")
        # Even confirmed, the external phase's purchase follows its MO.
        line.order_id.button_confirm()
        self.assertEqual(line.order_id.state, "purchase")
        self.assertEqual(job.state, "launched")
        desk.production_id.workorder_ids[:1].button_start()
        self.assertEqual(job.state, "executive")

    def test_complete_from_bom_takes_the_external_phase(self):
        paint = self._add_paint_operation()
        form = Form(self.env["pp.planned.order"])
        form.product_id = self.desk
        form.product_qty = 1
        form.date_start = datetime(2027, 3, 2, 8)
        form.date_end = datetime(2027, 3, 2, 8)
        order = form.save()
        order.action_complete_data()
        self.assertEqual(
            [
                (phase.operation_id, phase.is_external, phase.partner_id)
                for phase in order.operation_ids
            ],
            [
                (self.desk_bom.operation_ids - paint, False, self.painter.browse()),
                (paint, True, self.painter),
            ],
        )
        # Assembly 30 + 60 minutes from 08:00, then painting 30 minutes.
        self.assertEqual(order.date_end, datetime(2027, 3, 2, 10))
