# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A planned order grouped across job orders covers each of them, once.

Two job orders of 2 desks due Monday and Wednesday, planned with 5 grouping
days: one desk order of 4 owned by the first covers both (its grouping records).
"""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import TODAY, DeskPlanningCommon


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestGroupingCoverage(DeskPlanningCommon):
    def setUp(self):
        super().setUp()
        self.first = self._job(deadline=date(2027, 3, 8))
        self.second = self._job(deadline=date(2027, 3, 10))
        self.both = self.first | self.second

    def _all_desks(self):
        return self.env["pp.planned.order"].search(
            [("product_id", "=", self.desk.id), ("state", "!=", "cancelled")]
        )

    def _coverage(self):
        """Desks covering each job order: its own orders not grouped, plus its
        grouped quantity in any order."""
        covered = dict.fromkeys(self.both.ids, 0.0)
        for order in self._all_desks():
            if order.grouping_ids:
                for grouping in order.grouping_ids:
                    covered[grouping.job_order_id.id] += grouping.product_qty
            else:
                covered[order.job_order_id.id] += order.product_qty
        return [covered[job.id] for job in self.both]

    def test_every_covered_job_order_is_scheduled_and_shows_it(self):
        self._plan(self.both, group_days=5)
        desk = self._all_desks()
        self.assertEqual(desk.mapped("product_qty"), [4])
        self.assertEqual(desk.job_order_id, self.first)
        self.assertEqual(self.second.state, "scheduled")
        self.assertEqual(self.second.covering_planned_order_ids, desk)
        self.assertEqual(self.second.planned_order_count, 1)
        self.assertEqual(self.second.date_end_estimated, date(2027, 3, 8))
        action = self.second.action_view_planned_orders()
        self.assertEqual(self.env["pp.planned.order"].search(action["domain"]), desk)
        # The scheduled action plans what is not examined: nothing here.
        self.env["pp.job.order.planning"]._cron_plan()
        self.assertEqual(self._all_desks(), desk)

    def test_replanning_one_job_order_replans_the_group(self):
        self._plan(self.both, group_days=5)
        for job_order in self.both:
            result = self._plan(job_order, group_days=5)
            run = self.env["pp.planning.run"].browse(result["run_id"])
            self.assertEqual(run.job_order_ids, self.both)
            self.assertEqual(self._coverage(), [2, 2])
            self.assertEqual(self._all_desks().mapped("product_qty"), [4])
            self.assertEqual(self.both.mapped("state"), ["scheduled"] * 2)
            self.assertIn(
                "is planned again too",
                "\n".join(run.log_ids.mapped("message")),
            )

    def test_replanning_without_grouping_splits_the_group(self):
        self._plan(self.both, group_days=5)
        self._plan(self.second, group_days=0)
        self.assertEqual(self._coverage(), [2, 2])
        self.assertEqual(self._all_desks().mapped("product_qty"), [2, 2])
        self.assertEqual(self._orders(self.second, self.desk).product_qty, 2)
        self.assertFalse(self.second.covering_planned_order_ids)

    def test_kept_grouped_order_covers_the_others_once(self):
        self._plan(self.both, group_days=5)
        desk = self._all_desks()
        desk.action_set_mandatory()
        # The mandatory grouped order stays and still covers the second job
        # order: planning it again adds no desk.
        self._plan(self.second, group_days=0)
        self.assertEqual(self._all_desks(), desk)
        self.assertEqual(self._coverage(), [2, 2])
        self.assertEqual(self.second.state, "scheduled")

    def test_released_grouped_order_launches_every_job_order(self):
        self._plan(self.both, group_days=5)
        desk = self._all_desks()
        self.env["pp.release.procedure"].release({"planned_order_ids": desk.ids})
        self.assertEqual(desk.state, "released")
        self.assertEqual(self.both.mapped("state"), ["launched"] * 2)
        self._plan(self.second, group_days=0, replan_launched=True)
        self.assertEqual(self._all_desks(), desk)
        self.assertEqual(self._coverage(), [2, 2])

    def test_deleting_the_grouped_order_uncovers_the_others(self):
        self._plan(self.both, group_days=5)
        self.assertEqual(self.second.state, "scheduled")
        self._all_desks().unlink()
        self.assertEqual(self.second.state, "not_examined")
