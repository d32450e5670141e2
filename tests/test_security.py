# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import TODAY, PlanningCommon, days


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestSecurity(PlanningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "PP Other Co"})
        cls.planner = new_test_user(
            cls.env,
            login="pp_planner",
            groups="production_planning.group_pp_user",
            company_id=cls.company.id,
        )
        cls.manager = new_test_user(
            cls.env,
            login="pp_manager",
            groups="production_planning.group_pp_manager",
            company_id=cls.company.id,
        )
        cls.other_planner = new_test_user(
            cls.env,
            login="pp_other_planner",
            groups="production_planning.group_pp_user",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        cls.portal = new_test_user(
            cls.env, login="pp_portal", groups="base.group_portal"
        )
        cls.salesman = new_test_user(
            cls.env, login="pp_salesman", groups="sales_team.group_sale_salesman"
        )
        cls.order = cls._create_sale(
            cls.customer_a, [(cls.chair, 3)], commitment=days(9)
        )

    def test_planner_generates_and_edits_job_orders(self):
        env = self.env(user=self.planner)
        wizard = env["pp.job.order.generate"].create(
            {"use_forecasts": False, "use_safety_stock": False}
        )
        wizard.action_load()
        wizard.line_ids.filtered(
            lambda c: c.sale_line_id != self.order.order_line
        ).selected = False
        wizard.action_generate()
        job_order = wizard.job_order_ids
        self.assertEqual(job_order.product_id, self.chair)
        job_order.description = "Checked by the planner"
        self.assertEqual(wizard.run_id.user_id, self.planner)
        # A user reads runs but only a manager deletes them; nobody rewrites them.
        self.assertEqual(wizard.run_id.state, "done")
        with self.assertRaises(AccessError):
            wizard.run_id.unlink()
        with self.assertRaises(AccessError):
            wizard.run_id.write({"count_created": 99})
        with self.assertRaises(AccessError):
            wizard.run_id.log_ids[:1].write({"message": "forged"})
        with self.assertRaises(AccessError):
            self.env["pp.planning.run"].with_user(self.manager).create({"kind": "mrp"})
        wizard.run_id.with_user(self.manager).unlink()

    def test_planner_cannot_configure(self):
        with self.assertRaises(AccessError):
            self.env["pp.job.order.type"].with_user(self.planner).create(
                {"name": "Nope"}
            )
        with self.assertRaises(AccessError):
            self.env["pp.procurement.priority"].with_user(self.planner).create(
                {"name": "Nope"}
            )
        job_type = (
            self.env["pp.job.order.type"]
            .with_user(self.manager)
            .create({"name": "Manager's type"})
        )
        self.assertTrue(job_type.sequence_id)

    def test_other_company_is_kept_apart(self):
        job_order = self._create_job_order(self.chair)
        with self.assertRaises(AccessError):
            job_order.with_user(self.other_planner).read(["name"])
        self.assertFalse(
            self.env["pp.job.order"]
            .with_user(self.other_planner)
            .search([("id", "=", job_order.id)])
        )
        self.assertEqual(
            self.env["pp.job.order"]
            .with_user(self.planner)
            .search([("id", "=", job_order.id)]),
            job_order,
        )

    def test_generation_never_mixes_companies(self):
        """A planner of both companies generating in B sees only B's demand."""
        both = new_test_user(
            self.env,
            login="pp_both_planner",
            groups="production_planning.group_pp_user",
            company_id=self.other_company.id,
            company_ids=[Command.set((self.company | self.other_company).ids)],
        )
        forecast_a = self.env["pp.forecast"].create(
            {
                "name": "PP Forecast A",
                "line_ids": [
                    Command.create(
                        {
                            "product_id": self.chair.id,
                            "date_start": days(20),
                            "product_qty": 9,
                        }
                    )
                ],
            }
        )
        forecast_a.button_consolidate()
        forecast_b = (
            self.env["pp.forecast"]
            .with_company(self.other_company)
            .create(
                {
                    "name": "PP Forecast B",
                    "company_id": self.other_company.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.chair.id,
                                "date_start": days(20),
                                "product_qty": 4,
                            }
                        )
                    ],
                }
            )
        )
        forecast_b.button_consolidate()
        model = (
            self.env["pp.job.order.generate"]
            .with_user(both)
            .with_company(self.other_company)
            .with_context(allowed_company_ids=[self.other_company.id, self.company.id])
        )
        wizard = model.create({"use_forecasts": True, "use_safety_stock": False})
        self.assertEqual(wizard.company_id, self.other_company)
        wizard.action_load()
        self.assertNotIn(self.order.order_line, wizard.line_ids.sale_line_id)
        self.assertEqual(
            wizard.forecast_line_ids.forecast_line_ids.forecast_id, forecast_b
        )
        self.assertEqual(wizard.forecast_line_ids.product_qty, 4)
        wizard.action_generate()
        self.assertEqual(wizard.job_order_ids.company_id, self.other_company)
        self.assertEqual(wizard.run_id.company_id, self.other_company)
        self.assertEqual(wizard.job_order_ids.type_id.company_id, self.other_company)

    def test_portal_has_no_access(self):
        job_order = self._create_job_order(self.chair)
        with self.assertRaises(AccessError):
            job_order.with_user(self.portal).read(["name"])
        with self.assertRaises(AccessError):
            self.env["pp.job.order.generate"].with_user(self.portal).create({})
        with self.assertRaises(AccessError):
            self.env["pp.forecast"].with_user(self.portal).search([])

    def test_salesman_reads_but_does_not_write(self):
        job_order = self._create_job_order(self.chair)
        job_order.with_user(self.salesman).read(["name", "state"])
        with self.assertRaises(AccessError):
            job_order.with_user(self.salesman).write({"mandatory": True})
