# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""General planning through the one time-phased ledger, end to end in Odoo.

The desk of :class:`DeskPlanningCommon`: two-shift-free calendars Monday to
Friday 08-12 and 13-17 UTC, today Monday 2027-03-01. The datetimes are worked
out by hand in the comments.
"""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import TODAY, DeskPlanningCommon, dt


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestNettingCore(DeskPlanningCommon):
    def _run(self, result):
        return self.env["pp.planning.run"].browse(result["run_id"])

    def test_routing_machines_overlap_and_queue_reach_the_phases(self):
        # Desks: assembled (30 + 60 min each), then packed (30 setup + 10 each)
        # as soon as the first desk is assembled, the last one (10 min) packed
        # after the assembly ends.
        self.desk_bom.operation_ids.write(
            {"pp_overlap_type": "pieces", "pp_overlap_value": 1}
        )
        self.desk_bom.operation_ids = [
            Command.create(
                {
                    "name": "Pack",
                    "sequence": 200,
                    "workcenter_id": self.assembly.id,
                    "time_mode": "manual",
                    "time_cycle_manual": 10,
                }
            )
        ]
        # Legs: turned on 2 lathes at once, an hour of cooling, then deburred.
        turn = self.leg_bom.operation_ids
        turn.write(
            {"name": "Turn \\ cool\tdown", "pp_machines": 2, "pp_queue_minutes": 60}
        )
        self.leg_bom.operation_ids = [
            Command.create(
                {
                    "name": "Deburr",
                    "sequence": 200,
                    "workcenter_id": self.lathe_2.id,
                    "time_mode": "manual",
                    "time_cycle_manual": 15,
                }
            )
        ]
        job = self._job()
        self._plan(job)
        desk = self._orders(job, self.desk)
        self.assertEqual(
            [
                (p.name, p.overlap_type, p.date_start, p.date_end)
                for p in desk.operation_ids
            ],
            [
                # Ends 10 min before the packing does, starts 150 min earlier.
                ("Assemble", "pieces", dt("2027-03-08 14:20"), dt("2027-03-08 16:50")),
                ("Pack", "none", dt("2027-03-08 16:10"), dt("2027-03-08 17:00")),
            ],
        )
        leg = self._orders(job, self.leg)
        self.assertEqual(
            [
                (
                    p.name,
                    p.machines,
                    p.queue_minutes,
                    p.time_run,
                    p.date_start,
                    p.date_end,
                )
                for p in leg.operation_ids
            ],
            [
                # 8 legs on 2 lathes: 4 rounds of 60 min, ending an hour of
                # queue before the deburring; Friday 15:20 to Monday 10:20.
                (
                    "Turn \\ cool\tdown",
                    2,
                    60,
                    240,
                    dt("2027-03-05 15:20"),
                    dt("2027-03-08 10:20"),
                ),
                # 8 x 15 min back from the assembly start, over the lunch break.
                ("Deburr", 1, 0, 120, dt("2027-03-08 11:20"), dt("2027-03-08 14:20")),
            ],
        )

    def test_each_line_gets_its_own_suggested_date(self):
        job = self.env["pp.job.order"].create(
            {
                "type_id": self.job_type_multi.id,
                "warehouse_id": self.warehouse.id,
                "date_deadline": date(2027, 3, 2),
                "line_ids": [
                    Command.create({"product_id": self.desk.id, "product_qty": 2}),
                    Command.create({"product_id": self.top.id, "product_qty": 1}),
                ],
            }
        )
        result = self._plan(job, atp=True)
        self.assertEqual(result["late_job_order_ids"], job.ids)
        desk_line, top_line = job.line_ids.sorted("sequence")
        # Desks ready Friday (after the bars and legs), the bought top Wednesday.
        self.assertEqual(
            (desk_line.suggested_date, top_line.suggested_date),
            (date(2027, 3, 5), date(2027, 3, 3)),
        )
        self.assertEqual(job.suggested_date, date(2027, 3, 5))

    def test_latest_anchor_is_warned_and_the_early_job_order_late(self):
        first = self._job(deadline=date(2027, 3, 8))
        second = self._job(deadline=date(2027, 3, 10))
        run = self._run(self._plan(first | second, group_days=5, group_anchor="latest"))
        desks = self._orders(first | second, self.desk)
        self.assertEqual(desks.mapped("product_qty"), [4])
        self.assertEqual(desks.date_end, dt("2027-03-10 17:00"))
        self.assertEqual(desks.grouping_ids.mapped("job_order_id"), first | second)
        self.assertIn(
            "PP Desk: 1 needs grouped on their latest date get the planned order "
            "after they need it.",
            run.log_ids.mapped("message"),
        )
        self.assertEqual(run.late_job_order_ids, first)

    def test_a_version_s_own_components_are_planned(self):
        oak = self._create_product(
            "PP Oak Top",
            routes=self.route_buy,
            sellers=[{"partner_id": self.vendor.id, "delay": 2, "price": 20.0}],
        )
        version = self._create_bom(
            self.desk, [(self.leg, 4), (oak, 1)], self.assembly, "Glue", 0
        )
        version.sequence = 99  # not the default BOM
        job = self._job()
        job.line_ids.bom_id = version
        self._plan(job)
        oak_orders = self._orders(job, oak)
        self.assertEqual(
            (oak_orders.product_qty, oak_orders.parent_id.bom_id),
            (2, version),
        )
        self.assertEqual(
            self._orders(job, self.desk).operation_ids.mapped("name"), ["Glue"]
        )
        self.assertFalse(self._orders(job, self.top))

    def test_availability_is_promised_once_across_job_orders(self):
        # 8 bars in stock: the job order needing them first gets them, the
        # other one (due later) buys its own.
        self._set_stock(self.bar, 8)
        early = self._job(deadline=date(2027, 3, 8))
        late = self._job(deadline=date(2027, 3, 22))
        self._plan(late | early, consider_availability=True)
        self.assertFalse(self._orders(early, self.bar))
        self.assertEqual(self._orders(late, self.bar).product_qty, 8)

    def test_component_units_convert_without_rounding(self):
        # 250 g of glue per desk, glue kept in kilograms (rounded to 0.01 kg).
        kilogram = self.env.ref("uom.product_uom_kgm")
        gram = self.env.ref("uom.product_uom_gram")
        glue = self._create_product(
            "PP Glue",
            routes=self.route_buy,
            sellers=[{"partner_id": self.vendor.id, "delay": 1, "price": 4.0}],
        )
        glue.write({"uom_id": kilogram.id, "uom_po_id": kilogram.id})
        self.desk_bom.bom_line_ids = [
            Command.create(
                {"product_id": glue.id, "product_qty": 250, "product_uom_id": gram.id}
            )
        ]
        job = self._job(qty=3)
        self._plan(job)
        material = self._orders(job, self.desk).material_ids.filtered(
            lambda m: m.product_id == glue
        )
        self.assertAlmostEqual(material.product_qty, 0.75)
        self.assertAlmostEqual(self._orders(job, glue).product_qty, 0.75)

    def test_a_grouped_order_names_only_the_lines_it_makes_the_item_of(self):
        # Legs sold on their own (due Friday) and legs of desks (Monday), grouped:
        # the grouping row of the desks' job order has no line of its own.
        legs = self._create_job_order(self.leg, qty=8, deadline=date(2027, 3, 5))
        desks = self._job(deadline=date(2027, 3, 8))
        self._plan(legs | desks, group_days=5)
        order = self._orders(legs, self.leg)
        self.assertEqual(order.product_qty, 16)
        rows = {row.job_order_id: row for row in order.grouping_ids}
        self.assertEqual(rows[legs].job_order_line_id, legs.line_ids)
        self.assertFalse(rows[desks].job_order_line_id)
        self.assertEqual(rows[desks].parent_id, self._orders(desks, self.desk))
