# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from odoo.addons.queue_job.job import Job

from .common import TODAY, PlanningCommon, days

NOTHING_TO_GENERATE = (
    r"^Nothing to generate: load the candidates and choose at least one line\.$"
)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestSaleEligibility(PlanningCommon):
    """Each SPEC §5 rule that keeps a sale order line out of the candidates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_sale(
            cls.customer_a, [(cls.chair, 4)], commitment=days(20)
        )
        cls.sale_line = cls.order.order_line

    def _proposed(self, sale_line, **params):
        wizard = self._load(**params)
        return sale_line in wizard.sale_line_ids.sale_line_id

    def test_eligible_line_is_proposed(self):
        wizard = self._load()
        candidate = wizard.sale_line_ids.filtered(
            lambda c: c.sale_line_id == self.sale_line
        )
        self.assertEqual(len(candidate), 1)
        self.assertEqual(candidate.date, days(20))
        self.assertEqual(candidate.demand_qty, 4)
        self.assertEqual(candidate.product_qty, 4)
        self.assertEqual(candidate.partner_id, self.customer_a)
        self.assertTrue(candidate.selected)

    def test_ready_date_defaults_from_commitment_date(self):
        self.assertEqual(self.sale_line.pp_ready_date, days(20))
        self.order.commitment_date = "2027-04-15 10:00:00"
        self.assertEqual(str(self.sale_line.pp_ready_date), "2027-04-15")

    def test_ready_date_set_by_hand_survives_confirmation(self):
        draft = self._create_sale(self.customer_a, [(self.chair, 2)], confirm=False)
        draft.order_line.pp_ready_date = days(33)
        draft.action_confirm()
        self.assertEqual(draft.order_line.pp_ready_date, days(33))

    def test_ready_date_follows_the_confirmation_date(self):
        quotation = self._create_sale(self.customer_a, [(self.chair, 2)], confirm=False)
        quotation.write({"date_order": f"{days(-30)} 09:00:00"})
        quotation.order_line.customer_lead = 7
        self.assertEqual(quotation.order_line.pp_ready_date, days(-23))
        quotation.action_confirm()
        # Confirming moves the order date to today: the default follows it.
        self.assertEqual(quotation.order_line.pp_ready_date, days(7))

    def test_ready_date_in_the_salesperson_time_zone(self):
        self.env.user.tz = "UTC"
        salesperson = self.env["res.users"].create(
            {"name": "PP New York Seller", "login": "pp_ny", "tz": "America/New_York"}
        )
        self.order.write(
            {"user_id": salesperson.id, "commitment_date": f"{days(11)} 02:00:00"}
        )
        # 02:00 UTC is 21:00 the evening before in New York.
        self.assertEqual(self.sale_line.pp_ready_date, days(10))

    def test_ready_date_back_to_default_follows_the_order(self):
        self.sale_line.pp_ready_date = days(25)
        self.assertTrue(self.sale_line.pp_ready_date_manual)
        self.order.commitment_date = f"{days(30)} 12:00:00"
        self.assertEqual(self.sale_line.pp_ready_date, days(25))
        # Writing the default date back hands the date to the order again.
        self.sale_line.pp_ready_date = days(30)
        self.assertFalse(self.sale_line.pp_ready_date_manual)
        self.order.commitment_date = f"{days(32)} 12:00:00"
        self.assertEqual(self.sale_line.pp_ready_date, days(32))

    def test_unconfirmed_order_is_not_proposed(self):
        draft = self._create_sale(self.customer_a, [(self.chair, 2)], confirm=False)
        self.assertFalse(self._proposed(draft.order_line))

    def test_fully_delivered_line_is_not_proposed(self):
        self._set_stock(self.chair, 4)
        picking = self.order.picking_ids
        picking.action_assign()
        picking.move_ids.quantity = 4
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(self.sale_line.qty_delivered, 4)
        self.assertFalse(self._proposed(self.sale_line))

    def test_partly_delivered_line_proposes_the_rest(self):
        self._set_stock(self.chair, 1)
        picking = self.order.picking_ids
        picking.action_assign()
        picking.move_ids.quantity = 1
        picking.move_ids.picked = True
        picking.with_context(cancel_backorder=False)._action_done()
        wizard = self._load()
        candidate = wizard.sale_line_ids.filtered(
            lambda c: c.sale_line_id == self.sale_line
        )
        self.assertEqual(candidate.demand_qty, 3)

    def test_item_not_flagged_is_not_proposed(self):
        self.chair.pp_generate_job_orders = False
        self.assertFalse(self._proposed(self.sale_line))

    def test_line_with_job_order_is_not_proposed_again(self):
        self._generate()
        self.assertTrue(self.sale_line.pp_job_order_line_ids)
        self.assertFalse(self._proposed(self.sale_line))

    def test_line_of_cancelled_job_order_is_proposed_again(self):
        self._generate()
        self.sale_line.pp_job_order_line_ids.job_order_id.button_cancel()
        self.assertTrue(self._proposed(self.sale_line))

    def test_line_after_horizon_is_not_proposed(self):
        self.assertFalse(self._proposed(self.sale_line, date_to=days(10)))
        self.assertTrue(self._proposed(self.sale_line, date_to=days(20)))

    def test_other_site_is_not_proposed(self):
        other = self.env["stock.warehouse"].create({"name": "PP Site 2", "code": "PP2"})
        self.assertFalse(self._proposed(self.sale_line, warehouse_id=other.id))
        self.assertTrue(self._proposed(self.sale_line, warehouse_id=self.warehouse.id))


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestMissingDates(PlanningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_sale(
            cls.customer_a, [(cls.chair, 3)], commitment=days(5)
        )
        cls.sale_line = cls.order.order_line
        cls.sale_line.pp_ready_date = False

    def _candidate(self, wizard):
        return wizard.sale_line_ids.filtered(lambda c: c.sale_line_id == self.sale_line)

    def test_skip_mode_keeps_the_line_out(self):
        wizard = self._load(missing_date_mode="skip")
        candidate = self._candidate(wizard)
        self.assertFalse(candidate.selected)
        self.assertFalse(candidate.date)
        self._keep_only(wizard)
        with self.assertRaisesRegex(UserError, NOTHING_TO_GENERATE):
            wizard.action_generate()
        self.assertFalse(self.sale_line.pp_job_order_line_ids)

    def test_skip_mode_logs_a_line_forced_in(self):
        wizard = self._load(missing_date_mode="skip")
        self._keep_only(wizard)
        self._candidate(wizard).selected = True
        other = self._create_sale(
            self.customer_b, [(self.table, 2)], commitment=days(9)
        )
        wizard.action_load()
        self._keep_only(wizard)
        self._candidate(wizard).selected = True
        wizard.action_generate()
        self.assertFalse(self.sale_line.pp_job_order_line_ids)
        self.assertTrue(other.order_line.pp_job_order_line_ids)
        warnings = wizard.run_id.log_ids.filtered(lambda log: log.level == "warning")
        self.assertIn("no ready-goods date", " ".join(warnings.mapped("message")))
        self.assertEqual(wizard.run_id.count_skipped, 1)

    def test_end_date_mode_uses_the_given_date(self):
        wizard = self._load(missing_date_mode="end_date", missing_date=days(12))
        self.assertEqual(self._candidate(wizard).date, days(12))
        self._keep_only(wizard)
        wizard.action_generate()
        job_order = self.sale_line.pp_job_order_line_ids.job_order_id
        self.assertEqual(job_order.date_deadline, days(12))

    def test_start_date_mode_adds_the_lead_time(self):
        wizard = self._load(missing_date_mode="start_date", missing_date=days(12))
        candidate = self._candidate(wizard)
        self.assertEqual(candidate.date_start, days(12))
        # The chair's BOM has a manufacturing lead time of 3 days.
        self.assertEqual(candidate.date, days(15))

    def test_given_date_is_required(self):
        with self.assertRaisesRegex(
            UserError, r"^Give the date to use for lines without a date\.$"
        ):
            self._load(missing_date_mode="end_date")


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestGrouping(PlanningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_a = cls._create_sale(
            cls.customer_a, [(cls.chair, 5), (cls.table, 1)], commitment=days(14)
        )
        cls.order_b = cls._create_sale(
            cls.customer_b, [(cls.chair, 7)], commitment=days(7)
        )

    def _job_orders(self, wizard):
        return wizard.job_order_ids

    def test_mono_by_item_sums_and_takes_earliest_date(self):
        wizard = self._generate(job_type="mono", grouping="item")
        job_orders = wizard.job_order_ids
        self.assertEqual(len(job_orders), 2)
        chair_job = job_orders.filtered(lambda j: j.product_id == self.chair)
        self.assertEqual(chair_job.job_type, "mono")
        self.assertEqual(len(chair_job.line_ids), 1)
        self.assertEqual(chair_job.product_qty, 12)
        self.assertEqual(chair_job.date_deadline, days(7))
        self.assertEqual(
            chair_job.line_ids.sale_line_ids,
            (self.order_a | self.order_b).order_line.filtered(
                lambda line: line.product_id == self.chair
            ),
        )
        # Two customers: the job order belongs to none of them.
        self.assertFalse(chair_job.partner_id)
        self.assertEqual(chair_job.state, "not_examined")
        self.assertEqual(chair_job.date_start_estimated, days(7))
        self.assertEqual(chair_job.date_end_estimated, days(7))

    def test_mono_without_grouping_one_job_order_per_line(self):
        wizard = self._generate(job_type="mono", grouping="none")
        self.assertEqual(len(wizard.job_order_ids), 3)
        self.assertEqual(
            sorted(wizard.job_order_ids.mapped("product_qty")), [1.0, 5.0, 7.0]
        )

    def test_multi_by_customer(self):
        wizard = self._generate(
            job_type="multi", grouping="customer", type_id=self.job_type_multi.id
        )
        job_orders = wizard.job_order_ids
        self.assertEqual(len(job_orders), 2)
        job_a = job_orders.filtered(lambda j: j.partner_id == self.customer_a)
        self.assertEqual(job_a.job_type, "multi")
        self.assertEqual(job_a.line_ids.product_id, self.chair | self.table)
        self.assertEqual(job_a.line_ids.mapped("sequence"), [1, 2])
        self.assertEqual(job_a.date_deadline, days(14))
        job_b = job_orders.filtered(lambda j: j.partner_id == self.customer_b)
        self.assertEqual(job_b.line_ids.product_qty, 7)

    def test_multi_without_grouping_one_job_order(self):
        wizard = self._generate(job_type="multi", grouping="none")
        self.assertEqual(len(wizard.job_order_ids), 1)
        self.assertEqual(len(wizard.job_order_ids.line_ids), 3)

    def test_mono_refuses_customer_grouping(self):
        with self.assertRaisesRegex(
            UserError, r"^Mono-product job orders group by item or not at all\.$"
        ):
            self._load(job_type="mono", grouping="customer")

    def test_update_existing_adds_to_the_open_job_order(self):
        first = self._generate(job_type="mono", grouping="item", products=self.chair)
        chair_job = first.job_order_ids
        self.assertEqual(chair_job.product_qty, 12)
        order_c = self._create_sale(
            self.customer_a, [(self.chair, 3)], commitment=days(4)
        )
        second = self._generate(
            job_type="mono", grouping="item", update_existing=True, products=self.chair
        )
        self.assertEqual(second.job_order_ids, chair_job)
        self.assertEqual(second.run_id.count_created, 0)
        self.assertEqual(second.run_id.count_updated, 1)
        self.assertEqual(chair_job.product_qty, 15)
        self.assertEqual(chair_job.date_deadline, days(4))
        self.assertIn(order_c.order_line, chair_job.line_ids.sale_line_ids)

    def test_update_existing_multi_keeps_customers_apart(self):
        first = self._generate(job_type="multi", grouping="customer")
        job_b = first.job_order_ids.filtered(lambda j: j.partner_id == self.customer_b)
        order_c = self._create_sale(
            self.customer_a, [(self.table, 3)], commitment=days(4)
        )
        second = self._generate(
            job_type="multi", grouping="customer", update_existing=True
        )
        job_a = first.job_order_ids.filtered(lambda j: j.partner_id == self.customer_a)
        self.assertEqual(second.job_order_ids, job_a)
        self.assertIn(order_c.order_line, job_a.line_ids.sale_line_ids)
        self.assertEqual(len(job_b.line_ids), 1)
        self.assertEqual(job_a.line_ids.mapped("sequence"), [1, 2, 3])

    def test_without_update_existing_a_new_job_order_is_made(self):
        first = self._generate(job_type="mono", grouping="item", products=self.chair)
        self._create_sale(self.customer_a, [(self.chair, 3)], commitment=days(4))
        second = self._generate(job_type="mono", grouping="item", products=self.chair)
        self.assertNotEqual(second.job_order_ids, first.job_order_ids)
        self.assertEqual(second.job_order_ids.product_qty, 3)

    def test_lot_and_multiple_rounding(self):
        self.chair.write({"pp_economic_lot": 20, "pp_lot_multiple": 15})
        wizard = self._generate(
            job_type="mono",
            grouping="item",
            round_lot=True,
            round_multiple=True,
            products=self.chair,
        )
        # 12 demanded -> economic lot 20 -> multiple of 15 -> 30.
        self.assertEqual(wizard.job_order_ids.product_qty, 30)

    def test_bought_item_rounds_to_its_vendor_lot(self):
        lamp = self._create_product(
            "PP Resold Lamp",
            generate=True,
            policy="job_order",
            routes=self.route_buy,
            sellers=[
                {
                    "partner_id": self.vendor.id,
                    "min_qty": 50,
                    "pp_lot_multiple": 10,
                    "delay": 4,
                }
            ],
            pp_economic_lot=5,
        )
        self._create_sale(self.customer_a, [(lamp, 55)], commitment=days(6))
        self._create_sale(self.customer_b, [(lamp, 7)], commitment=days(8))
        wizard = self._generate(
            job_type="mono",
            grouping="none",
            round_lot=True,
            round_multiple=True,
            products=lamp,
        )
        self.assertEqual(sorted(wizard.job_order_ids.mapped("product_qty")), [50, 60])
        line = wizard.job_order_ids.line_ids[0]
        self.assertEqual(
            (
                line.procurement_type,
                line.economic_lot,
                line.lot_multiple,
                line.lead_time,
            ),
            ("purchase", 50, 10, 4),
        )

    def test_summary_quantity_and_date_are_used(self):
        wizard = self._load(job_type="mono", grouping="none")
        self._keep_only(wizard, self.table)
        wizard.action_summary()
        self.assertEqual(wizard.state, "summary")
        wizard.summary_line_ids.write({"product_qty": 9, "date": days(30)})
        wizard.action_generate()
        self.assertEqual(wizard.job_order_ids.product_qty, 9)
        self.assertEqual(wizard.job_order_ids.date_deadline, days(30))

    def test_run_is_recorded(self):
        wizard = self._generate(job_type="mono", grouping="item")
        run = wizard.run_id
        self.assertEqual(run.kind, "job_order_generation")
        self.assertEqual(run.state, "done")
        self.assertEqual(run.user_id, self.env.user)
        self.assertEqual(run.count_created, 2)
        self.assertEqual(run.job_order_ids, wizard.job_order_ids)
        self.assertEqual(run.parameters["grouping"], "item")
        self.assertTrue(run.date_end)
        self.assertIn(run, wizard.job_order_ids.run_ids)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestAvailability(PlanningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_stock(cls.chair, 8)
        cls.order_1 = cls._create_sale(
            cls.customer_a, [(cls.chair, 5)], commitment=days(3)
        )
        cls.order_2 = cls._create_sale(
            cls.customer_b, [(cls.chair, 6)], commitment=days(9)
        )

    def _by_order(self, wizard):
        lines = self._candidates(wizard, self.chair)
        return (
            lines.filtered(lambda c: c.sale_order_id == self.order_1),
            lines.filtered(lambda c: c.sale_order_id == self.order_2),
        )

    def test_without_availability_the_whole_demand(self):
        first, second = self._by_order(self._load())
        self.assertEqual((first.product_qty, second.product_qty), (5, 6))

    def test_show_availability_does_not_net(self):
        first, second = self._by_order(self._load(show_availability=True))
        self.assertEqual((first.available_qty, second.available_qty), (8, 3))
        self.assertEqual((first.product_qty, second.product_qty), (5, 6))

    def test_consider_availability_nets_in_date_order(self):
        first, second = self._by_order(self._load(consider_availability=True))
        self.assertEqual(first.product_qty, 0)
        self.assertFalse(first.selected)
        self.assertEqual(second.product_qty, 3)
        self.assertTrue(second.selected)

    def test_replenish_min_stock_reserves_it(self):
        self.chair.pp_min_stock = 4
        first, second = self._by_order(
            self._load(consider_availability=True, replenish_min_stock=True)
        )
        self.assertEqual((first.product_qty, second.product_qty), (1, 6))

    def test_incoming_receipt_counts_at_its_date(self):
        receipt_type = self.warehouse.in_type_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": receipt_type.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.stock_location.id,
                "scheduled_date": f"{days(5)} 10:00:00",
                "move_ids": [
                    Command.create(
                        {
                            "name": "PP receipt",
                            "product_id": self.chair.id,
                            "product_uom_qty": 4,
                            "product_uom": self.uom_unit.id,
                            "location_id": self.env.ref(
                                "stock.stock_location_suppliers"
                            ).id,
                            "location_dest_id": self.stock_location.id,
                            "date": f"{days(5)} 10:00:00",
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        first, second = self._by_order(self._load(consider_availability=True))
        # 8 on hand cover the first line; 3 left + 4 received on day 5 cover 7 of 6.
        self.assertEqual((first.product_qty, second.product_qty), (0, 0))

    def test_exclude_overdue_lines(self):
        overdue = self._create_sale(
            self.customer_a, [(self.chair, 8)], commitment=days(-2)
        )
        wizard = self._load(consider_availability=True, exclude_overdue=True)
        lines = self._candidates(wizard, self.chair)
        late = lines.filtered(lambda c: c.sale_order_id == overdue)
        self.assertEqual(late.product_qty, 8)
        first, second = self._by_order(wizard)
        self.assertEqual((first.product_qty, second.product_qty), (0, 3))
        # Without the option the overdue line takes all the stock first.
        wizard = self._load(consider_availability=True)
        first, second = self._by_order(wizard)
        self.assertEqual((first.product_qty, second.product_qty), (5, 6))


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestForecasts(PlanningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.forecast = cls.env["pp.forecast"].create(
            {
                "name": "PP Forecast",
                "period_type": "month",
                "line_ids": [
                    Command.create(
                        {
                            "product_id": cls.chair.id,
                            "date_start": "2027-04-01",
                            "product_qty": 100,
                        }
                    ),
                    Command.create(
                        {
                            "product_id": cls.table.id,
                            "partner_id": cls.customer_a.id,
                            "date_start": "2027-04-01",
                            "product_qty": 10,
                        }
                    ),
                    Command.create(
                        {
                            "product_id": cls.table.id,
                            "partner_id": cls.customer_b.id,
                            "date_start": "2027-04-01",
                            "product_qty": 15,
                        }
                    ),
                ],
            }
        )

    def _forecast_candidates(self, wizard, product):
        return wizard.forecast_line_ids.filtered(lambda c: c.product_id == product)

    def _load_forecasts(self, **params):
        defaults = {"use_sales": False, "use_forecasts": True}
        defaults.update(params)
        return self._load(**defaults)

    def test_period_end_is_computed(self):
        self.assertEqual(str(self.forecast.line_ids[0].date_end), "2027-04-30")

    def test_draft_forecast_is_not_used(self):
        wizard = self._load_forecasts()
        self.assertFalse(self._forecast_candidates(wizard, self.chair))

    def test_monthly_weekly_exact_dates(self):
        self.forecast.button_consolidate()
        wizard = self._load_forecasts(forecast_period_mode="monthly", forecast_day=10)
        self.assertEqual(
            str(self._forecast_candidates(wizard, self.chair).date), "2027-04-10"
        )
        wizard = self._load_forecasts(
            forecast_period_mode="weekly", forecast_weekday="4"
        )
        # 2027-04-01 is a Thursday: the Friday of its week is 2027-04-02.
        self.assertEqual(
            str(self._forecast_candidates(wizard, self.chair).date), "2027-04-02"
        )
        wizard = self._load_forecasts(forecast_period_mode="exact")
        self.assertEqual(
            str(self._forecast_candidates(wizard, self.chair).date), "2027-04-01"
        )

    def test_group_by_customer(self):
        self.forecast.button_consolidate()
        wizard = self._load_forecasts(group_forecast_by_customer=True)
        self.assertEqual(
            sorted(self._forecast_candidates(wizard, self.table).mapped("product_qty")),
            [10, 15],
        )
        wizard = self._load_forecasts(group_forecast_by_customer=False)
        merged = self._forecast_candidates(wizard, self.table)
        self.assertEqual(len(merged), 1)
        self.assertEqual(merged.product_qty, 25)
        self.assertEqual(len(merged.forecast_line_ids), 2)

    def test_forecast_is_consumed(self):
        self.forecast.button_consolidate()
        wizard = self._load_forecasts(job_type="mono", grouping="item")
        self._keep_only(wizard, self.chair)
        wizard.action_generate()
        job_order = wizard.job_order_ids
        chair_line = self.forecast.line_ids.filtered(
            lambda f: f.product_id == self.chair
        )
        self.assertEqual(job_order.product_qty, 100)
        self.assertEqual(job_order.line_ids.forecast_line_ids, chair_line)
        self.assertEqual(str(job_order.line_ids.forecast_date_start), "2027-04-01")
        self.assertEqual(str(job_order.line_ids.forecast_date_end), "2027-04-30")
        self.assertTrue(chair_line.used)
        wizard = self._load_forecasts()
        self.assertFalse(self._forecast_candidates(wizard, self.chair))
        with self.assertRaisesRegex(
            UserError,
            rf"^Forecast {self.forecast.display_name} already generated job orders "
            r"\(.+\); it cannot go back to draft\.$",
        ):
            self.forecast.button_draft()

    def _combined(self, mode, sale_qty):
        self.forecast.button_consolidate()
        order = self._create_sale(
            self.customer_a, [(self.chair, sale_qty)], commitment=days(40)
        )
        wizard = self._load(use_forecasts=True, combine_mode=mode)
        forecast = self._forecast_candidates(wizard, self.chair)
        sale = wizard.sale_line_ids.filtered(lambda c: c.sale_order_id == order)
        return forecast.product_qty, sale.product_qty

    def _plan_forecast_chairs(self):
        """Consolidate the forecast and turn its chairs into a job order."""
        self.forecast.button_consolidate()
        wizard = self._load_forecasts()
        self._keep_only(wizard, self.chair)
        wizard.action_generate()
        return wizard

    def _april_chair(self, wizard):
        return self._forecast_candidates(wizard, self.chair)

    def test_later_sales_consume_the_planned_forecast(self):
        self._plan_forecast_chairs()
        chair_line = self.forecast.line_ids.filtered(
            lambda f: f.product_id == self.chair
        )
        self.assertEqual(chair_line.qty_planned, 100)
        order_1 = self._create_sale(
            self.customer_a, [(self.chair, 60)], commitment=days(40)
        )
        wizard = self._load(use_forecasts=True, combine_mode="greater")
        sale_1 = wizard.sale_line_ids.filtered(lambda c: c.sale_order_id == order_1)
        # 60 sold fits under the 100 already planned from the forecast.
        self.assertEqual(sale_1.product_qty, 0)
        self.assertFalse(sale_1.selected)
        self.assertFalse(self._april_chair(wizard))
        order_2 = self._create_sale(
            self.customer_b, [(self.chair, 60)], commitment=days(50)
        )
        wizard = self._load(use_forecasts=True, combine_mode="greater")
        sales = wizard.sale_line_ids
        sale_1 = sales.filtered(lambda c: c.sale_order_id == order_1)
        sale_2 = sales.filtered(lambda c: c.sale_order_id == order_2)
        # 120 sold against 100 planned: 20 more, cut from the latest sale.
        self.assertEqual((sale_1.product_qty, sale_2.product_qty), (20, 0))

    def test_a_cut_sale_counts_only_what_was_planned(self):
        self._plan_forecast_chairs()
        order_a = self._create_sale(
            self.customer_a, [(self.chair, 120)], commitment=days(40)
        )
        wizard = self._load(use_forecasts=True, combine_mode="greater")
        self._keep_only(wizard, self.chair)
        sale_a = wizard.sale_line_ids.filtered(lambda c: c.sale_order_id == order_a)
        self.assertEqual(sale_a.product_qty, 20)
        wizard.action_generate()
        self.assertEqual(order_a.order_line.pp_qty_planned, 20)
        order_b = self._create_sale(
            self.customer_b, [(self.chair, 10)], commitment=days(45)
        )
        wizard = self._load(use_forecasts=True, combine_mode="greater")
        sale_b = wizard.sale_line_ids.filtered(lambda c: c.sale_order_id == order_b)
        # Demand 130 against 120 planned (100 forecast + 20 of the cut sale).
        self.assertEqual(sale_b.product_qty, 10)

    def test_cancelled_forecast_job_order_frees_the_forecast(self):
        first = self._plan_forecast_chairs()
        self.assertFalse(self._april_chair(self._load_forecasts()))
        first.job_order_ids.button_cancel()
        self.assertEqual(self._april_chair(self._load_forecasts()).product_qty, 100)

    def test_new_version_with_customer_and_generic_buckets(self):
        generic = self.forecast.line_ids.filtered(lambda f: f.product_id == self.chair)
        generic.copy({"partner_id": self.customer_a.id, "product_qty": 30})
        self._plan_forecast_chairs()
        version_2 = self.forecast.copy({"version": "2"})
        version_2.line_ids.filtered(
            lambda f: f.product_id == self.chair and not f.partner_id
        ).product_qty = 130
        version_2.button_consolidate()
        wizard = self._load_forecasts()
        chairs = {c.partner_id: c.product_qty for c in self._april_chair(wizard)}
        # Customer A's 30 was planned; the generic bucket grows from 100 to 130.
        self.assertEqual(chairs, {self.customer_a: 0, self.env["res.partner"]: 30})

    def test_forecast_taken_meanwhile_is_skipped(self):
        self.forecast.button_consolidate()
        first = self._load_forecasts()
        self._keep_only(first, self.chair)
        second = self._load_forecasts()
        self._keep_only(second, self.chair)
        first.action_generate()
        second.action_generate()
        self.assertFalse(second.job_order_ids)
        self.assertEqual(second.run_id.count_skipped, 1)

    def test_new_forecast_version_plans_the_difference(self):
        self._plan_forecast_chairs()
        version_2 = self.forecast.copy({"version": "2"})
        version_2.line_ids.filtered(
            lambda f: f.product_id == self.chair
        ).product_qty = 120
        version_2.button_consolidate()
        wizard = self._load_forecasts()
        chair = self._april_chair(wizard)
        self.assertEqual(chair.forecast_line_ids.forecast_id, version_2)
        self.assertEqual(chair.product_qty, 20)
        # The tables of version 1 are superseded by version 2 (not doubled).
        self.assertEqual(
            sorted(self._forecast_candidates(wizard, self.table).mapped("product_qty")),
            [10, 15],
        )

    def test_customer_sale_counts_once(self):
        self.forecast.button_consolidate()
        generic = self.env["pp.forecast"].create(
            {
                "name": "PP Generic",
                "line_ids": [
                    Command.create(
                        {
                            "product_id": self.table.id,
                            "date_start": "2027-04-01",
                            "product_qty": 50,
                        }
                    )
                ],
            }
        )
        generic.button_consolidate()
        self._create_sale(self.customer_a, [(self.table, 8)], commitment=days(40))
        wizard = self._load(use_forecasts=True, combine_mode="greater")
        tables = self._forecast_candidates(wizard, self.table)
        by_partner = {c.partner_id: c.product_qty for c in tables}
        # A: max(10, 8) - 8 = 2; B: 15; all customers: 50 (the sale is A's).
        self.assertEqual(
            by_partner,
            {
                self.customer_a: 2,
                self.customer_b: 15,
                self.env["res.partner"]: 50,
            },
        )

    def test_combine_greater(self):
        self.assertEqual(self._combined("greater", 30), (70, 30))

    def test_combine_sum(self):
        self.assertEqual(self._combined("sum", 30), (100, 30))

    def test_combine_smaller(self):
        self.assertEqual(self._combined("smaller", 130), (0, 100))

    def test_a_cut_sale_says_what_covers_it(self):
        self._combined("smaller", 130)
        wizard = self._load(use_forecasts=True, combine_mode="smaller")
        sale = self._candidates(wizard, self.chair).filtered(
            lambda c: c.source == "sale"
        )
        self.assertEqual(
            sale.note,
            "Cut from 130 to 100: the smaller of the forecast "
            f"{self.forecast.display_name} for 2027-04-01 – 2027-04-30 (100) and the "
            "period's sales (130) is 100, of which 0 is already in job orders.",
        )


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestSafetyStock(PlanningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Usage (40 - 10) / 10 = 3 a day.
        cls.kit = cls._create_product(
            "PP Spare Kit",
            policy="stock",
            bom_components=[cls.component],
            pp_min_stock=10,
            pp_reorder_level=40,
            pp_reorder_days=10,
        )
        cls._set_stock(cls.kit, 25)

    def _generate_stock(self):
        wizard = self._wizard(
            use_sales=False,
            use_safety_stock=True,
            stock_date_until=days(10),
            stock_date_horizon=days(19),
        )
        wizard.action_load()
        self._keep_only(wizard, self.kit)
        wizard.action_generate()
        return wizard

    def _load_stock(self, **params):
        defaults = {
            "use_sales": False,
            "use_safety_stock": True,
            "stock_date_until": days(10),
            "stock_date_horizon": days(19),
        }
        defaults.update(params)
        wizard = self._load(**defaults)
        return wizard.stock_line_ids.filtered(lambda c: c.product_id == self.kit)

    def test_stockout_day_and_quantity(self):
        line = self._load_stock()
        # 25 - 3 * (k + 1) < 10 first on day k = 5.
        self.assertEqual(line.date, days(5))
        self.assertEqual(line.on_hand, 25)
        self.assertEqual(line.initial_available, 25)
        self.assertEqual(line.average_daily_usage, 3)
        # Day 19: 25 - 60 = -35, lowest point; back to 10 needs 45.
        self.assertEqual(line.final_available, -35)
        self.assertEqual(line.minimum_available, -35)
        self.assertEqual(line.product_qty, 45)
        self.assertEqual(len(line.day_ids), 20)
        day5 = line.day_ids.filtered(lambda d: d.date == days(5))
        self.assertEqual(day5.available, 7)
        self.assertTrue(day5.below_minimum)

    def test_lot_and_multiple(self):
        self.kit.write({"pp_economic_lot": 50, "pp_lot_multiple": 20})
        self.assertEqual(
            self._load_stock(round_lot=True, round_multiple=True).product_qty, 60
        )
        self.assertEqual(self._load_stock(round_lot=True).product_qty, 50)

    def test_replenish_reorder_level(self):
        self.assertEqual(self._load_stock(replenish_reorder_level=True).product_qty, 75)

    def test_known_issues_are_projected(self):
        # A delivery of 10 on day 2 replaces that day's usage of 3.
        self.kit.sale_ok = True
        self._create_sale(self.customer_a, [(self.kit, 10)], commitment=days(2))
        line = self._load_stock()
        day2 = line.day_ids.filtered(lambda d: d.date == days(2))
        self.assertEqual((day2.issues, day2.usage, day2.available), (10, 0, 9))
        self.assertEqual(line.date, days(2))
        # Day 19: 25 - 10 - 3 * 19 = -42; back to 10 needs 52.
        self.assertEqual(line.product_qty, 52)

    def test_open_job_orders_are_supply(self):
        wizard = self._generate_stock()
        # The 45 proposed arrive on day 5: no stock-out any more.
        self.assertFalse(self._load_stock())
        job_order = wizard.job_order_ids
        self.env["mrp.production"].create(
            {
                "product_id": self.kit.id,
                "product_qty": 45,
                "pp_job_order_id": job_order.id,
            }
        )
        self.assertEqual(job_order.state, "launched")
        self.assertFalse(self._load_stock())
        job_order.button_historicize()
        self.assertTrue(self._load_stock())

    def test_reordering_rule_gives_the_levels(self):
        self.kit.write({"pp_min_stock": 0, "pp_reorder_level": 0})
        self.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": self.kit.id,
                "warehouse_id": self.warehouse.id,
                "location_id": self.stock_location.id,
                "product_min_qty": 10,
                "product_max_qty": 40,
                "trigger": "auto",
            }
        )
        line = self._load_stock()
        self.assertEqual((line.min_stock, line.reorder_level), (10, 40))
        self.assertEqual(line.date, days(5))
        self.assertEqual(line.product_qty, 45)

    def test_no_stockout_no_proposal(self):
        self._set_stock(self.kit, 100)
        self.assertFalse(self._load_stock())

    def test_generates_a_job_order(self):
        wizard = self._generate_stock()
        job_order = wizard.job_order_ids
        self.assertEqual(job_order.product_id, self.kit)
        self.assertEqual(job_order.product_qty, 45)
        self.assertEqual(job_order.date_deadline, days(5))


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestBadInput(PlanningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_sale(
            cls.customer_a, [(cls.chair, 4)], commitment=days(8)
        )
        cls.no_bom = cls._create_product(
            "PP Bespoke Cabinet", generate=True, policy="job_order"
        )
        cls.order_no_bom = cls._create_sale(
            cls.customer_b, [(cls.no_bom, 1)], commitment=days(8)
        )

    def test_non_positive_quantity_is_logged_and_skipped(self):
        wizard = self._load()
        self._keep_only(wizard, self.chair | self.no_bom)
        self._candidates(wizard, self.chair).product_qty = 0
        wizard.action_generate()
        self.assertFalse(self.order.order_line.pp_job_order_line_ids)
        self.assertEqual(wizard.run_id.count_skipped, 1)
        messages = wizard.run_id.log_ids.mapped("message")
        self.assertTrue(any("is not positive" in message for message in messages))

    def test_item_without_bom_is_a_warning(self):
        wizard = self._generate(products=self.no_bom)
        self.assertEqual(wizard.job_order_ids.product_id, self.no_bom)
        warning = wizard.run_id.log_ids.filtered(
            lambda log: log.level == "warning" and log.product_id == self.no_bom
        )
        self.assertIn("no bill of materials", warning.message)
        self.assertEqual(wizard.run_id.count_warnings, 1)

    def test_nothing_selected_is_refused(self):
        wizard = self._load()
        wizard.line_ids.selected = False
        with self.assertRaisesRegex(UserError, NOTHING_TO_GENERATE):
            wizard.action_generate()
        with self.assertRaisesRegex(
            UserError, r"^Choose at least one line to generate\.$"
        ):
            wizard.action_summary()

    def test_failure_writes_nothing_and_fails_the_run(self):
        wizard = self._load()
        self._keep_only(wizard)
        before = self.env["pp.job.order"].search_count([])
        job_order_model = type(self.env["pp.job.order"])
        original_create = job_order_model.create

        def create_then_crash(records, vals_list):
            original_create(records, vals_list)
            raise RuntimeError("disk on fire")

        with (
            patch.object(job_order_model, "create", create_then_crash),
            self.assertLogs(
                "odoo.addons.production_planning.models.pp_planning_run", level="ERROR"
            ),
        ):
            action = wizard.action_generate()
        self.assertEqual(self.env["pp.job.order"].search_count([]), before)
        run = wizard.run_id
        self.assertEqual(run.state, "failed")
        self.assertIn("disk on fire", run.error)
        self.assertEqual(
            run.log_ids.filtered(lambda log: log.level == "error").message,
            "disk on fire",
        )
        self.assertEqual(action["res_model"], "pp.planning.run")
        self.assertFalse(self.order.order_line.pp_job_order_line_ids)

    def test_demand_taken_meanwhile_is_skipped(self):
        first = self._load()
        self._keep_only(first, self.chair)
        second = self._load()
        self._keep_only(second, self.chair)
        first.action_generate()
        second.action_generate()
        self.assertEqual(len(self.order.order_line.pp_job_order_line_ids), 1)
        self.assertFalse(second.job_order_ids)
        self.assertEqual(second.run_id.count_skipped, 1)
        warning = second.run_id.log_ids.filtered(lambda log: log.level == "warning")
        self.assertIn("meanwhile", warning.message)

    def test_background_generation_from_the_wizard(self):
        wizard = self._load()
        self._keep_only(wizard)
        wizard.action_summary()
        action = wizard.with_context(pp_background=True).action_generate()
        run = wizard.run_id
        self.assertEqual((action["res_model"], action["res_id"]), (run._name, run.id))
        self.assertEqual(run.state, "queued")
        self.assertFalse(self.order.order_line.pp_job_order_line_ids)
        second = self._load()
        self._keep_only(second)
        second.action_summary()
        with self.assertRaisesRegex(UserError, "is already queued"):
            second.with_context(pp_background=True).action_generate()
        Job.load(self.env, run.queue_job_uuid).perform()
        run.invalidate_recordset()
        self.assertEqual(run.state, "done")
        lines = self.order.order_line.pp_job_order_line_ids
        self.assertEqual(run.job_order_ids, lines.job_order_id)
        self.assertTrue(lines)
        self.assertEqual(run.count_created, len(lines.job_order_id))

    def test_second_run_at_once_is_refused(self):
        wizard = self._load()
        self._keep_only(wizard)
        with self.env.registry.cursor() as other_cr:
            other_env = self.env(cr=other_cr)
            other_env["pp.planning.run"]._acquire_lock(
                "job_order_generation", self.company
            )
            with self.assertRaisesRegex(UserError, "already in progress"):
                wizard.action_generate()
            other_cr.rollback()
        self.assertFalse(self.order.order_line.pp_job_order_line_ids)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestForecastImport(PlanningCommon):
    def test_standard_import_of_forecast_lines(self):
        """Forecast lines load from a spreadsheet as Odoo's import sends them."""
        forecast = self.env["pp.forecast"].create(
            {"name": "PP Imported", "version": "2"}
        )
        result = self.env["pp.forecast.line"].load(
            ["forecast_id", "product_id", "partner_id", "date_start", "product_qty"],
            [
                [forecast.display_name, "PP Chair", "", "2027-05-01", "40"],
                [
                    forecast.display_name,
                    "PP Table",
                    "PP Customer A",
                    "2027-06-01",
                    "12.5",
                ],
            ],
        )
        self.assertFalse(result["messages"], result["messages"])
        lines = self.env["pp.forecast.line"].browse(result["ids"])
        self.assertEqual(lines.forecast_id, forecast)
        self.assertEqual(lines.mapped("product_qty"), [40, 12.5])
        self.assertEqual(str(lines[1].date_end), "2027-06-30")
        self.assertEqual(lines[1].partner_id, self.customer_a)

    def test_wizard_form_view(self):
        """The generation screen opens and saves with its view's rules."""
        form = Form(self.env["pp.job.order.generate"])
        form.job_type = "multi"
        self.assertEqual(form.grouping, "customer")
        form.missing_date_mode = "end_date"
        form.missing_date = days(3)
        wizard = form.save()
        wizard.action_load()
        self.assertEqual(wizard.state, "lines")
