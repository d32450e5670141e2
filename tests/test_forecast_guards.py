# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Guards of forecast consumption: each test pins one line of the netting.

* Sales planned before their forecast was consolidated reduce the forecast
  proposal (``_planned_sales`` and the ``planned`` / ``sales_planned``
  arguments of ``combine_forecast`` in ``_combine_forecasts``).
* A new forecast version proposes its new total minus what was planned for the
  bucket, never more than its unplanned lines (``_planned_forecast_quantities``,
  ``_forecast_total`` and the cap of ``combine_forecast``).
"""

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import TODAY, PlanningCommon, days

# TODAY is 2027-03-01: days(30) is 31 March, days(31) 1 April, days(45)
# 15 April, days(60) 30 April and days(61) 1 May.
MARCH, APRIL, MAY = "2027-03-01", "2027-04-01", "2027-05-01"


class ForecastGuardCommon(PlanningCommon):
    @classmethod
    def _create_forecast(cls, lines, name="PP Guard Forecast", version="1"):
        """A monthly forecast; ``lines`` is a list of ``(start, qty, partner)``."""
        return cls.env["pp.forecast"].create(
            {
                "name": name,
                "version": version,
                "period_type": "month",
                "line_ids": [
                    Command.create(cls._forecast_line_vals(start, qty, partner))
                    for start, qty, partner in lines
                ],
            }
        )

    @classmethod
    def _forecast_line_vals(cls, start, qty, partner=None):
        return {
            "product_id": cls.chair.id,
            "partner_id": partner.id if partner else False,
            "date_start": start,
            "product_qty": qty,
        }

    def _chair_forecasts(self, wizard):
        return wizard.forecast_line_ids.filtered(lambda c: c.product_id == self.chair)

    def _chair_forecast(self, wizard, start=APRIL, partner=None):
        candidate = self._chair_forecasts(wizard).filtered(
            lambda c: (
                str(c.period_start) == start
                and c.partner_id == (partner or self.env["res.partner"])
            )
        )
        self.assertEqual(len(candidate), 1)
        return candidate

    def _chair_sales(self, wizard):
        return wizard.sale_line_ids.filtered(lambda c: c.product_id == self.chair)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestSalesPlannedBeforeTheForecast(ForecastGuardCommon):
    """Sales planned first, forecast consolidated afterwards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_first_day = cls._create_sale(
            cls.customer_a, [(cls.chair, 20)], commitment=days(31)
        )
        cls.order_dozen = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer_a.id,
                "commitment_date": f"{days(45)} 12:00:00",
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.chair.id,
                            "product_uom_qty": 1,
                            "product_uom": cls.uom_dozen.id,
                        }
                    )
                ],
            }
        )
        cls.order_dozen.action_confirm()
        cls.order_last_day = cls._create_sale(
            cls.customer_b, [(cls.chair, 10)], commitment=days(60)
        )
        cls.order_march = cls._create_sale(
            cls.customer_a, [(cls.chair, 7)], commitment=days(30)
        )
        cls.order_may = cls._create_sale(
            cls.customer_b, [(cls.chair, 9)], commitment=days(61)
        )
        cls.orders = (
            cls.order_first_day
            | cls.order_dozen
            | cls.order_last_day
            | cls.order_march
            | cls.order_may
        )

    def _plan_sales(self, edit=None):
        """Turn the chair sales into job orders (one each), forecasts off.

        ``edit`` maps a sale order to the quantity the planner keeps for it.
        """
        wizard = self._load(use_forecasts=False, job_type="mono", grouping="none")
        self._keep_only(wizard, self.chair)
        for order, qty in (edit or {}).items():
            self._chair_sales(wizard).filtered(
                lambda c, order=order: c.sale_order_id == order
            ).product_qty = qty
        wizard.action_generate()
        self.assertEqual(len(wizard.job_order_ids), 5)
        self.assertEqual(
            self.orders.order_line.mapped("pp_qty_planned"),
            [(edit or {}).get(order, qty) for order, qty in self._ordered_qtys()],
        )
        return wizard

    def _ordered_qtys(self):
        return [
            (self.order_first_day, 20),
            (self.order_dozen, 12),
            (self.order_last_day, 10),
            (self.order_march, 7),
            (self.order_may, 9),
        ]

    def _load_both(self, mode="greater", **params):
        return self._load(use_forecasts=True, combine_mode=mode, **params)

    def test_planned_sales_reduce_the_forecast_proposal(self):
        self._plan_sales()
        forecast = self._create_forecast([(APRIL, 100, None)])
        forecast.button_consolidate()
        # Only this forecast: its period bounds the search of planned sales.
        wizard = self._load_both(forecast_ids=[Command.set(forecast.ids)])
        self.assertFalse(self._chair_sales(wizard))
        candidate = self._chair_forecast(wizard)
        # max(100, 20 + 12 + 10) - 42 planned: 1 and 30 April count, the
        # 12 of the dozen in units; 31 March and 1 May are other periods.
        self.assertEqual(candidate.demand_qty, 100)
        self.assertEqual(candidate.product_qty, 58)
        self.assertTrue(candidate.selected)
        self._keep_only(wizard, self.chair)
        wizard.action_generate()
        self.assertEqual(wizard.job_order_ids.product_qty, 58)
        self.assertEqual(forecast.line_ids.qty_planned, 58)
        # The bucket is now planned whole: nothing more is proposed.
        self.assertFalse(self._chair_forecasts(self._load_both()))

    def test_planned_sales_net_their_own_period_only(self):
        self._plan_sales()
        forecast = self._create_forecast(
            [(MARCH, 50, None), (APRIL, 100, None), (MAY, 50, None)]
        )
        forecast.button_consolidate()
        wizard = self._load_both()
        self.assertEqual(
            [
                self._chair_forecast(wizard, start).product_qty
                for start in (MARCH, APRIL, MAY)
            ],
            [43, 58, 41],
        )

    def test_sum_adds_the_planned_sales_to_the_forecast(self):
        self._plan_sales()
        self._create_forecast([(APRIL, 100, None)]).button_consolidate()
        candidate = self._chair_forecast(self._load_both("sum"))
        # (100 + 42) - 42 planned: the whole forecast on top of the sales.
        self.assertEqual(candidate.product_qty, 100)

    def test_smaller_plans_no_forecast_over_planned_sales(self):
        self._plan_sales()
        self._create_forecast([(APRIL, 100, None)]).button_consolidate()
        candidate = self._chair_forecast(self._load_both("smaller"))
        self.assertEqual(candidate.product_qty, 0)
        self.assertFalse(candidate.selected)

    def test_partly_planned_sale_counts_what_was_planned(self):
        self._plan_sales(edit={self.order_first_day: 15})
        self._create_forecast([(APRIL, 100, None)]).button_consolidate()
        candidate = self._chair_forecast(self._load_both())
        # max(100, 42) - (15 + 12 + 10) planned.
        self.assertEqual(candidate.product_qty, 63)

    def test_customer_bucket_takes_its_planned_sales_first(self):
        self._plan_sales()
        self._create_forecast(
            [(APRIL, 50, self.customer_a), (APRIL, 100, None)]
        ).button_consolidate()
        wizard = self._load_both()
        # A: max(50, 20 + 12) - 32 = 18; all customers: only B's 10 is left,
        # max(100, 10) - 10 = 90 (A's sales are not counted twice).
        self.assertEqual(
            self._chair_forecast(wizard, partner=self.customer_a).product_qty, 18
        )
        self.assertEqual(self._chair_forecast(wizard).product_qty, 90)

    def test_sale_of_a_cancelled_job_order_is_not_planned(self):
        wizard = self._plan_sales()
        wizard.job_order_ids.filtered(
            lambda j: j.line_ids.sale_line_ids == self.order_last_day.order_line
        ).button_cancel()
        self._create_forecast([(APRIL, 100, None)]).button_consolidate()
        wizard = self._load_both()
        sale = self._chair_sales(wizard)
        self.assertEqual(sale.sale_line_id, self.order_last_day.order_line)
        self.assertEqual(sale.product_qty, 10)
        # max(100, 32 planned + 10 new) - 32 planned = 68: 10 to the sale,
        # 58 to the forecast.
        self.assertEqual(self._chair_forecast(wizard).product_qty, 58)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestNewForecastVersion(ForecastGuardCommon):
    """Version 1 planned, version 2 consolidated with changed and new lines."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.version_1 = cls._create_forecast(
            [(APRIL, 60, None), (APRIL, 40, None)], name="PP Versioned"
        )

    def _load_forecasts(self, **params):
        return self._load(use_sales=False, use_forecasts=True, **params)

    def _plan(self, edit_qty=None):
        """Generate the chair forecast candidate, at ``edit_qty`` if given."""
        wizard = self._load_forecasts()
        self._keep_only(wizard, self.chair)
        if edit_qty is not None:
            self._chair_forecast(wizard).product_qty = edit_qty
        wizard.action_generate()
        self.assertEqual(len(wizard.job_order_ids), 1)
        return wizard

    def _version_2(self, changes, new_lines):
        """Copy version 1; ``changes`` are the new quantities of its lines."""
        version_2 = self.version_1.copy({"version": "2"})
        for line, qty in zip(version_2.line_ids, changes, strict=True):
            line.product_qty = qty
        version_2.write(
            {
                "line_ids": [
                    Command.create(self._forecast_line_vals(APRIL, qty))
                    for qty in new_lines
                ]
            }
        )
        version_2.button_consolidate()
        return version_2

    def _plan_version_1(self):
        self.version_1.button_consolidate()
        wizard = self._plan()
        self.assertEqual(wizard.job_order_ids.product_qty, 100)
        self.assertEqual(self.version_1.line_ids.mapped("qty_planned"), [60, 40])

    def test_new_version_plans_its_total_minus_what_was_planned(self):
        self._plan_version_1()
        # 60 kept, 40 -> 60, 40 new: 160 in all, 100 planned by version 1.
        version_2 = self._version_2([60, 60], [40])
        wizard = self._load_forecasts()
        candidate = self._chair_forecast(wizard)
        self.assertEqual(candidate.forecast_line_ids, version_2.line_ids)
        self.assertEqual(candidate.demand_qty, 160)
        self.assertEqual(candidate.product_qty, 60)
        wizard = self._plan()
        self.assertEqual(wizard.job_order_ids.product_qty, 60)
        self.assertEqual(version_2.line_ids.mapped("qty_planned"), [22.5, 22.5, 15])
        self.assertFalse(self._chair_forecasts(self._load_forecasts()))

    def test_cancelled_plan_of_version_1_is_not_deducted(self):
        self._plan_version_1()
        self.version_1.line_ids.job_order_line_ids.job_order_id.button_cancel()
        version_2 = self._version_2([60, 60], [40])
        candidate = self._chair_forecast(self._load_forecasts())
        self.assertEqual(candidate.forecast_line_ids, version_2.line_ids)
        self.assertEqual(candidate.product_qty, 160)

    def test_smaller_new_version_plans_nothing(self):
        self._plan_version_1()
        self._version_2([50, 30], [10])
        candidate = self._chair_forecast(self._load_forecasts())
        self.assertEqual(candidate.product_qty, 0)
        self.assertFalse(candidate.selected)

    def test_line_added_to_a_planned_version_plans_only_itself(self):
        self._plan_version_1()
        version_2 = self._version_2([60, 60], [40])
        self._plan()
        # A partly new version: three lines planned (60), one line added.
        added = self.env["pp.forecast.line"].create(
            dict(self._forecast_line_vals(APRIL, 20), forecast_id=version_2.id)
        )
        candidate = self._chair_forecast(self._load_forecasts())
        self.assertEqual(candidate.forecast_line_ids, added)
        # 180 in all - (100 + 60) planned = 20.
        self.assertEqual(candidate.demand_qty, 20)
        self.assertEqual(candidate.product_qty, 20)
        self.assertTrue(candidate.selected)

    def test_proposal_never_exceeds_the_unplanned_lines(self):
        self._plan_version_1()
        version_2 = self._version_2([60, 90], [])
        self.assertEqual(self._chair_forecast(self._load_forecasts()).product_qty, 50)
        # The planner plans only 30 of the 50 more of version 2.
        self._plan(edit_qty=30)
        self.assertEqual(version_2.line_ids.mapped("qty_planned"), [12, 18])
        added = self.env["pp.forecast.line"].create(
            dict(self._forecast_line_vals(APRIL, 40), forecast_id=version_2.id)
        )
        candidate = self._chair_forecast(self._load_forecasts())
        self.assertEqual(candidate.forecast_line_ids, added)
        # 190 - (100 + 30) planned = 60, but only the new line's 40 is unplanned.
        self.assertEqual(candidate.product_qty, 40)
