# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from ..models import pp_job_order_generation as generation_module
from ..services.ledger import Ledger
from .common import TODAY, PlanningCommon, days


class HardeningCommon(PlanningCommon):
    @classmethod
    def _create_picking(cls, product, qty, day, incoming=True, hour=10):
        """A confirmed receipt (or delivery) of ``qty`` dated ``day`` at ``hour`` UTC."""
        outside = cls.env.ref(
            "stock.stock_location_suppliers"
            if incoming
            else "stock.stock_location_customers"
        )
        src, dest = (
            (outside, cls.stock_location) if incoming else (cls.stock_location, outside)
        )
        picking_type = (
            cls.warehouse.in_type_id if incoming else cls.warehouse.out_type_id
        )
        moment = f"{day} {hour:02d}:30:00"
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": src.id,
                "location_dest_id": dest.id,
                "scheduled_date": moment,
                "move_ids": [
                    Command.create(
                        {
                            "name": "PP move",
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "location_id": src.id,
                            "location_dest_id": dest.id,
                            "date": moment,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids.date = moment
        return picking

    @classmethod
    def _create_rfq(cls, product, qty, day):
        return cls.env["purchase.order"].create(
            {
                "partner_id": cls.vendor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_qty": qty,
                            "date_planned": f"{day} 12:00:00",
                        }
                    )
                ],
            }
        )

    def _position(self, products, warehouses=None, **options):
        return self.env["pp.stock.position"]._load(
            self.company, products, warehouses or self.warehouse, **options
        )

    def _projected(self, position, product, day, warehouse=None):
        """What the ledger built on ``position`` projects at the end of ``day``."""
        site = (warehouse or self.warehouse).id
        return Ledger(position).projected(site, product.id, position.end_of_day(day))


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestStockPositionLoader(HardeningCommon):
    def test_on_hand_per_site(self):
        other = self.env["stock.warehouse"].create({"name": "PP East", "code": "PPE"})
        self._set_stock(self.chair, 7)
        self._set_stock(self.chair, 2, other.lot_stock_id)
        position = self._position(self.chair, self.warehouse | other)
        self.assertEqual(position.on_hand[(self.warehouse.id, self.chair.id)], 7)
        self.assertEqual(position.on_hand[(other.id, self.chair.id)], 2)
        self.assertEqual(
            position.item_events([self.warehouse.id, other.id], self.chair.id)[0], 9
        )

    def test_moves_rfqs_and_job_orders_by_day(self):
        receipt = self._create_picking(self.chair, 4, days(5))
        delivery = self._create_picking(self.chair, 3, days(6), incoming=False)
        rfq = self._create_rfq(self.chair, 6, days(7))
        job_order = self._create_job_order(self.chair, qty=2, deadline=days(8))
        self._create_job_order(
            self.chair, qty=50, deadline=days(8)
        ).button_historicize()
        position = self._position(self.chair)
        events = sorted(
            (position.day_of(e.moment), e.quantity, e.reference)
            for e in position.events[(self.warehouse.id, self.chair.id)]
        )
        self.assertEqual(
            events,
            [
                (days(5), 4, receipt.name),
                (days(6), -3, delivery.name),
                (days(7), 6, rfq.name),
                (days(8), 2, job_order.name),
            ],
        )
        # A confirmed purchase counts once, through its receipt.
        rfq.button_confirm()
        position = self._position(self.chair)
        self.assertEqual(self._projected(position, self.chair, days(30)), 4 - 3 + 6 + 2)

    def test_only_the_asked_sources(self):
        self._set_stock(self.chair, 5)
        self._create_rfq(self.chair, 6, days(7))
        position = self._position(self.chair, sources=("on_hand",))
        self.assertEqual(
            position.item_events([self.warehouse.id], self.chair.id), (5, [])
        )
        with self.assertRaisesRegex(UserError, "Unknown stock position source: nope"):
            self._position(self.chair, sources=("nope",))

    def test_days_in_the_planning_time_zone(self):
        # 23:30 UTC on day 4 is already day 5 in Rome.
        self._create_picking(self.chair, 4, days(4), hour=23)
        loader = self.env["pp.stock.position"]
        utc = loader.with_context(tz="UTC")._load(
            self.company, self.chair, self.warehouse
        )
        rome = loader.with_context(tz="Europe/Rome")._load(
            self.company, self.chair, self.warehouse
        )
        key = (self.warehouse.id, self.chair.id)
        self.assertEqual(utc.day_of(utc.events[key][0].moment), days(4))
        self.assertEqual(rome.day_of(rome.events[key][0].moment), days(5))
        # The same moment either way; only the day it falls on differs.
        self.assertEqual(utc.events[key][0].moment, rome.events[key][0].moment)

    def test_sale_deliveries_excluded_and_overdue(self):
        late = self._create_sale(
            self.customer_a, [(self.chair, 2)], commitment=days(-1)
        )
        due = self._create_sale(self.customer_b, [(self.chair, 3)], commitment=days(4))
        full = self._position(self.chair)
        self.assertEqual(self._projected(full, self.chair, days(30)), -5)
        without_due = self._position(
            self.chair, exclude_sale_line_ids=due.order_line.ids
        )
        self.assertEqual(self._projected(without_due, self.chair, days(30)), -2)
        without_late = self._position(self.chair, exclude_overdue=True)
        self.assertEqual(self._projected(without_late, self.chair, days(30)), -3)
        self.assertTrue(late.order_line.move_ids)

    def test_site_of_another_company_is_refused(self):
        company = self.env["res.company"].create({"name": "PP Other Plant"})
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", company.id)]
        )
        with self.assertRaises(UserError) as caught:
            self._position(self.chair, warehouse)
        self.assertEqual(
            caught.exception.args[0],
            f"Site {warehouse.display_name} does not belong to "
            f"{self.company.display_name}.",
        )

    def test_queries_do_not_grow_with_items(self):
        products = [
            self._create_product(f"PP Item {index}", generate=True)
            for index in range(6)
        ]
        for product in products:
            self._set_stock(product, 3)
            self._create_picking(product, 1, days(3))
            self._create_rfq(product, 1, days(4))
            self._create_job_order(product, qty=1, deadline=days(5))
        loader = self.env["pp.stock.position"]

        def count(records):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            position = loader._load(self.company, records, self.warehouse)
            return self.env.cr.sql_log_count - before, position

        few, _position = count(products[0])
        many, position = count(self.env["product.product"].concat(*products))
        self.assertEqual(few, many)
        self.assertEqual(self._projected(position, products[5], days(9)), 6)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestNettingHardening(HardeningCommon):
    def _chair_candidate(self, wizard, order):
        return wizard.sale_line_ids.filtered(
            lambda c: c.sale_line_id == order.order_line
        )

    def test_stock_promised_to_a_later_delivery_is_not_offered(self):
        self._set_stock(self.chair, 8)
        self._create_picking(self.chair, 5, days(9), incoming=False)
        order = self._create_sale(
            self.customer_a, [(self.chair, 5)], commitment=days(3)
        )
        candidate = self._chair_candidate(self._load(consider_availability=True), order)
        # 8 in stock, 5 of them leave on day 9: only 3 are free on day 3.
        self.assertEqual((candidate.available_qty, candidate.product_qty), (3, 2))
        at_date = self._chair_candidate(
            self._load(consider_availability=True, availability_mode="at_date"), order
        )
        self.assertEqual((at_date.available_qty, at_date.product_qty), (8, 0))

    def test_open_job_orders_and_rfqs_are_supply(self):
        self._create_job_order(self.chair, qty=4, deadline=days(2))
        self._create_rfq(self.chair, 3, days(2))
        order = self._create_sale(
            self.customer_a, [(self.chair, 9)], commitment=days(3)
        )
        candidate = self._chair_candidate(self._load(consider_availability=True), order)
        self.assertEqual((candidate.available_qty, candidate.product_qty), (7, 2))

    def test_sale_in_dozens_of_an_item_in_units(self):
        self._set_stock(self.chair, 5)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer_a.id,
                "commitment_date": f"{days(4)} 12:00:00",
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.chair.id,
                            "product_uom_qty": 1,
                            "product_uom": self.uom_dozen.id,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        wizard = self._load(consider_availability=True)
        candidate = self._chair_candidate(wizard, order)
        self.assertEqual(candidate.product_uom_id, self.uom_unit)
        self.assertEqual((candidate.demand_qty, candidate.product_qty), (12, 7))
        self._keep_only(wizard, self.chair)
        wizard.action_generate()
        job_line = order.order_line.pp_job_order_line_ids
        self.assertEqual(
            (job_line.product_qty, job_line.product_uom_id), (7, self.uom_unit)
        )

    def test_stock_item_generating_from_sales_is_proposed_once(self):
        self.chair.write({"pp_planning_policy": "stock", "pp_min_stock": 2})
        self._set_stock(self.chair, 2)
        order = self._create_sale(
            self.customer_a, [(self.chair, 5)], commitment=days(3)
        )
        wizard = self._load(use_safety_stock=True)
        self.assertEqual(self._chair_candidate(wizard, order).product_qty, 5)
        # The sale's job order replaces what its delivery takes: no stock-out.
        self.assertFalse(
            wizard.stock_line_ids.filtered(lambda c: c.product_id == self.chair)
        )
        # Without the sale candidate the same delivery makes a stock-out.
        alone = self._load(use_sales=False, use_safety_stock=True)
        stock_line = alone.stock_line_ids.filtered(lambda c: c.product_id == self.chair)
        self.assertEqual((stock_line.date, stock_line.product_qty), (days(3), 5))

    def test_two_wizards_do_not_both_make_the_safety_stock(self):
        self.chair.write({"pp_planning_policy": "stock", "pp_min_stock": 5})
        params = {"use_sales": False, "use_safety_stock": True}
        first, second = self._load(**params), self._load(**params)
        for wizard in (first, second):
            self._keep_only(wizard, self.chair)
            self.assertEqual(self._candidates(wizard, self.chair).product_qty, 5)
        first.action_generate()
        second.action_generate()
        self.assertEqual(len(first.job_order_ids), 1)
        self.assertFalse(second.job_order_ids)
        self.assertEqual(second.run_id.count_skipped, 1)
        warning = second.run_id.log_ids.filtered(lambda log: log.level == "warning")
        self.assertIn(first.job_order_ids.name, warning.message)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestUpdateExisting(HardeningCommon):
    def _generate_chair(self, **params):
        return self._generate(
            products=self.chair, job_type="mono", grouping="item", **params
        )

    def test_rounds_the_whole_need(self):
        self.chair.pp_economic_lot = 20
        self._create_sale(self.customer_a, [(self.chair, 12)], commitment=days(6))
        job_order = self._generate_chair(round_lot=True).job_order_ids
        self.assertEqual(job_order.product_qty, 20)
        self._create_sale(self.customer_a, [(self.chair, 3)], commitment=days(8))
        second = self._generate_chair(round_lot=True, update_existing=True)
        self.assertEqual(second.job_order_ids, job_order)
        self.assertEqual(
            (job_order.product_qty, job_order.line_ids.demand_qty), (20, 15)
        )
        self._create_sale(self.customer_a, [(self.chair, 6)], commitment=days(8))
        self._generate_chair(round_lot=True, update_existing=True)
        self.assertEqual(
            (job_order.product_qty, job_order.line_ids.demand_qty), (21, 21)
        )

    def test_never_merges_into_another_customers_job_order(self):
        self._create_sale(self.customer_b, [(self.chair, 2)], commitment=days(6))
        job_b = self._generate_chair().job_order_ids
        self.assertEqual(job_b.partner_id, self.customer_b)
        self._create_sale(self.customer_a, [(self.chair, 3)], commitment=days(6))
        second = self._generate_chair(update_existing=True)
        self.assertNotEqual(second.job_order_ids, job_b)
        self.assertEqual(second.job_order_ids.partner_id, self.customer_a)
        self.assertEqual(job_b.product_qty, 2)

    def test_never_merges_into_a_job_order_already_examined(self):
        self._create_sale(self.customer_a, [(self.chair, 2)], commitment=days(6))
        first = self._generate_chair().job_order_ids
        first.button_historicize()
        self._create_sale(self.customer_a, [(self.chair, 3)], commitment=days(6))
        second = self._generate_chair(update_existing=True)
        self.assertNotEqual(second.job_order_ids, first)
        self.assertEqual(second.run_id.count_created, 1)
        self.assertEqual(first.product_qty, 2)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestGivenStartDate(HardeningCommon):
    def test_lead_time_of_the_procurement_type(self):
        bought = self._create_product(
            "PP Bought Stool",
            generate=True,
            routes=self.route_buy,
            sellers=[{"partner_id": self.vendor.id, "delay": 9, "price": 1.0}],
        )
        order = self._create_sale(
            self.customer_a, [(self.chair, 1), (bought, 1)], commitment=days(5)
        )
        order.order_line.pp_ready_date = False
        wizard = self._load(missing_date_mode="start_date", missing_date=days(2))
        by_item = {c.product_id: c for c in wizard.sale_line_ids}
        self.assertEqual(by_item[self.chair].date, days(2 + 3))
        self.assertEqual(by_item[bought].date, days(2 + 9))
        self._keep_only(wizard, self.chair | bought)
        wizard.action_generate()
        for job_order in wizard.job_order_ids:
            self.assertEqual(job_order.date_start_given, days(2))
            self.assertEqual(job_order.line_ids.date_start_given, days(2))


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestProcedureWithoutWizard(HardeningCommon):
    def test_generate_from_plain_values(self):
        order = self._create_sale(
            self.customer_a, [(self.chair, 4)], commitment=days(6)
        )
        result = self.env["pp.job.order.generation"].generate(
            {
                "use_forecasts": False,
                "use_safety_stock": False,
                "job_type": "mono",
                "grouping": "item",
                "warehouse_id": self.warehouse.id,
                "date_to": str(days(30)),
                "round_lot": False,
            }
        )
        self.assertEqual(result["state"], "done")
        job_line = order.order_line.pp_job_order_line_ids
        self.assertIn(job_line.job_order_id.id, result["job_order_ids"])
        self.assertEqual(job_line.product_qty, 4)
        run = self.env["pp.planning.run"].browse(result["run_id"])
        self.assertEqual(run.parameters["warehouse_id"], self.warehouse.display_name)
        self.assertFalse(self.env["pp.job.order.generate"].search([]))

    def test_bad_parameters_are_refused_by_name(self):
        procedure = self.env["pp.job.order.generation"]
        with self.assertRaisesRegex(
            UserError, r"Unknown job order generation parameter\(s\): colour\."
        ):
            procedure.generate({"colour": "red"})
        with self.assertRaisesRegex(
            UserError, "Mono-product job orders group by item or not at all."
        ):
            procedure.generate({"job_type": "mono", "grouping": "customer"})


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestStatesAndConstraints(HardeningCommon):
    def _produce(self, production, qty):
        self._set_stock(self.component, 100)
        production.action_assign()
        form = Form(production)
        form.qty_producing = qty
        production = form.save()
        production.move_raw_ids.picked = True
        return production

    def _mo(self, job_order, product, qty):
        production = self.env["mrp.production"].create(
            {
                "product_id": product.id,
                "product_qty": qty,
                "pp_job_order_id": job_order.id,
            }
        )
        production.action_confirm()
        return production

    def test_multi_product_closes_when_every_item_is_made(self):
        job_order = self._create_job_order(
            self.chair,
            type_id=self.job_type_multi.id,
            line_ids=[
                Command.create({"product_id": self.chair.id, "product_qty": 1}),
                Command.create({"product_id": self.table.id, "product_qty": 1}),
            ],
        )
        chair_mo = self._mo(job_order, self.chair, 1)
        table_mo = self._mo(job_order, self.table, 1)
        self._produce(chair_mo, 1).button_mark_done()
        self.assertEqual(job_order.state, "executive")
        self._produce(table_mo, 1).button_mark_done()
        self.assertEqual(job_order.state, "closed")

    def test_open_backorder_keeps_it_executive(self):
        job_order = self._create_job_order(self.chair, qty=10)
        production = self._produce(self._mo(job_order, self.chair, 10), 6)
        action = production.button_mark_done()
        Form(
            self.env["mrp.production.backorder"].with_context(**action["context"])
        ).save().action_backorder()
        backorder = job_order.production_ids - production
        self.assertEqual(production.state, "done")
        self.assertEqual(backorder.product_qty, 4)
        self.assertEqual(job_order.state, "executive")
        self._produce(backorder, 4).button_mark_done()
        self.assertEqual(job_order.state, "closed")

    def test_mono_rule_holds_for_lines_created_directly(self):
        job_order = self._create_job_order(self.chair)
        with self.assertRaisesRegex(
            ValidationError,
            f"Mono-product job order {job_order.name} must have exactly one line "
            r"\(it has 2\)\.",
        ):
            self.env["pp.job.order.line"].create(
                {"job_order_id": job_order.id, "product_id": self.table.id}
            )
        other = self._create_job_order(self.table)
        with self.assertRaisesRegex(ValidationError, "exactly one line"):
            other.line_ids.job_order_id = job_order

    def test_warehouse_rule_holds_after_creation_and_on_lines(self):
        other = self.env["stock.warehouse"].create({"name": "PP South", "code": "PPS"})
        order = self._create_sale(
            self.customer_a, [(self.chair, 2)], commitment=days(6)
        )
        job_order = self._create_job_order(self.chair, qty=2)
        job_order.line_ids.sale_line_ids = order.order_line
        message = (
            f"Job order {job_order.name} is produced in PP South but its sale order "
            f"line {order.order_line.display_name} ships from "
            f"{self.warehouse.display_name}."
        )
        with self.assertRaises(ValidationError) as caught:
            job_order.warehouse_id = other
        self.assertEqual(caught.exception.args[0], message)
        moved = self._create_job_order(self.table, warehouse_id=other.id)
        with self.assertRaises(ValidationError):
            moved.line_ids.sale_line_ids = order.order_line


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestUserTimeZone(HardeningCommon):
    def test_overdue_cut_off_in_the_users_time_zone(self):
        """A delivery due at 23:30 UTC yesterday is due today in Rome: not overdue."""
        self._set_stock(self.chair, 4)
        sale = self._create_sale(self.customer_a, [(self.chair, 3)], commitment=days(6))
        sale.order_line.move_ids.date = f"{days(-1)} 23:30:00"
        loader = self.env["pp.stock.position"]
        rome = loader.with_context(tz="Europe/Rome")._load(
            self.company, self.chair, self.warehouse, exclude_overdue=True
        )
        utc = loader.with_context(tz="UTC")._load(
            self.company, self.chair, self.warehouse, exclude_overdue=True
        )
        self.assertEqual(self._projected(rome, self.chair, days(9)), 1)
        self.assertEqual(self._projected(utc, self.chair, days(9)), 4)


@tagged("post_install", "-at_install")
class TestPlanningSettings(HardeningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="pp_settings_manager",
            groups="production_planning.group_pp_manager",
            company_id=cls.company.id,
        )
        cls.planner = new_test_user(
            cls.env,
            login="pp_settings_planner",
            groups="production_planning.group_pp_user",
            company_id=cls.company.id,
        )

    def test_planning_manager_changes_the_settings(self):
        self.assertFalse(self.manager.has_group("base.group_system"))
        env = self.env(user=self.manager)
        form = Form(env["pp.planning.settings"])
        self.assertEqual(form.pp_default_grouping, self.company.pp_default_grouping)
        form.pp_default_grouping = "none"
        form.pp_planning_horizon_months = 9
        form.pp_color_closed = "danger"
        form.save().action_save()
        self.assertEqual(
            (
                self.company.pp_default_grouping,
                self.company.pp_planning_horizon_months,
                self.company.pp_color_closed,
            ),
            ("none", 9, "danger"),
        )
        # The defaults of the next generation follow.
        wizard = env["pp.job.order.generate"].create({})
        self.assertEqual(wizard.grouping, "none")

    def test_planning_user_cannot_change_them(self):
        with self.assertRaises(AccessError):
            self.env["pp.planning.settings"].with_user(self.planner).create(
                {"pp_planning_horizon_months": 2}
            )
        self.assertNotEqual(self.company.pp_planning_horizon_months, 2)

    def test_settings_reachable_from_manufacturing_configuration(self):
        menu = self.env.ref("production_planning.pp_mrp_settings_menu")
        self.assertEqual(
            menu.parent_id.parent_id, self.env.ref("mrp.menu_mrp_configuration")
        )
        visible = self.env["ir.ui.menu"].with_user(self.manager)._visible_menu_ids()
        self.assertIn(menu.id, visible)
        self.assertNotIn(
            menu.id, self.env["ir.ui.menu"].with_user(self.planner)._visible_menu_ids()
        )


@tagged("post_install", "-at_install")
class TestJobOrderFormButtons(HardeningCommon):
    def test_unsaved_job_order_offers_no_state_buttons(self):
        """Change, Historicize and Cancel need a saved job order."""
        arch = self.env["pp.job.order"].get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        tree = etree.fromstring(arch)
        for name in ("action_change", "button_historicize", "button_cancel"):
            button = tree.xpath(f"//header/button[@name='{name}']")[0]
            self.assertTrue(
                button.get("invisible", "").startswith("not id"), (name, button.attrib)
            )


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestNewTypesNumbering(HardeningCommon):
    def test_two_new_types_never_give_the_same_number(self):
        types = self.env["pp.job.order.type"].create(
            [{"name": "PP Prototypes"}, {"name": "PP Repairs"}]
        )
        first = self._create_job_order(self.chair, type_id=types[0].id)
        second = self._create_job_order(self.chair, type_id=types[1].id)
        standard = self._create_job_order(self.chair)
        self.assertEqual(first.name, f"JO{types[0].id}/2027/00001")
        self.assertEqual(second.name, f"JO{types[1].id}/2027/00001")
        self.assertEqual(len({first.name, second.name, standard.name}), 3)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestListingsAndRuns(HardeningCommon):
    def test_multi_product_job_orders_show_items_and_quantities(self):
        extra = [self._create_product(f"PP Shelf {i}") for i in range(2)]
        job_order = self._create_job_order(
            self.chair,
            type_id=self.job_type_multi.id,
            line_ids=[
                Command.create({"product_id": self.chair.id, "product_qty": 2}),
                Command.create(
                    {
                        "product_id": self.table.id,
                        "product_qty": 1,
                        "product_uom_id": self.uom_dozen.id,
                    }
                ),
            ],
        )
        self.assertEqual(job_order.product_summary, "PP Chair × 2, PP Table × 1")
        self.assertEqual(job_order.product_qty, 14)
        job_order.write(
            {
                "line_ids": [
                    Command.create({"product_id": p.id, "product_qty": 1})
                    for p in extra
                ]
            }
        )
        self.assertEqual(
            job_order.product_summary,
            "PP Chair × 2, PP Table × 1, PP Shelf 0 × 1, +1 more",
        )
        mono = self._create_job_order(self.chair, qty=5)
        self.assertEqual((mono.product_summary, mono.product_qty), ("PP Chair", 5))
        # The analysis by item counts the lines of both kinds.
        groups = self.env["pp.job.order.line"]._read_group(
            [("job_order_id", "in", (job_order | mono).ids)],
            ["product_id"],
            ["product_qty:sum"],
        )
        self.assertEqual(dict(groups)[self.chair], 7)

    def test_run_counts_add_up_and_say_why(self):
        self._set_stock(self.chair, 10)
        covered = self._create_sale(
            self.customer_a, [(self.chair, 4)], commitment=days(3)
        )
        made = self._create_sale(self.customer_b, [(self.table, 2)], commitment=days(3))
        wizard = self._load(consider_availability=True)
        self._keep_only(wizard)
        wizard.action_generate()
        run = wizard.run_id
        self.assertEqual(
            run.count_candidates,
            run.count_used + run.count_skipped + run.count_unselected,
        )
        self.assertEqual(run.count_used, 1)
        messages = run.log_ids.mapped("message")
        self.assertIn("PP Chair: not chosen (Covered by availability).", messages)
        created = run.log_ids.filtered(lambda log: log.job_order_id)
        self.assertEqual(created.product_id, self.table)
        self.assertIn(made.order_line, wizard.job_order_ids.line_ids.sale_line_ids)
        self.assertFalse(covered.order_line.pp_job_order_line_ids)

    def test_run_parameters_are_labelled(self):
        self._create_sale(self.customer_a, [(self.chair, 1)], commitment=days(3))
        wizard = self._generate(products=self.chair, grouping="item", job_type="mono")
        html = str(wizard.run_id.parameters_html)
        self.assertIn("<th class='w-50'>Grouping</th><td>By Item</td>", html)
        self.assertIn("<th class='w-50'>Round to Economic Lot</th><td>No</td>", html)
        self.assertNotIn("job_type", html)
        # An empty date is a dash, not "No".
        self.assertIn("<th class='w-50'>Given Date</th><td>—</td>", html)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestGenerationWizardSteps(HardeningCommon):
    def test_empty_tabs_say_why(self):
        east = self.env["stock.warehouse"].create({"name": "PP East", "code": "PPE"})
        params = {"warehouse_id": east.id, "use_forecasts": True}
        wizard = self._load(**params, date_to=days(-400))
        self.assertFalse(wizard.sale_line_ids)
        self.assertIn("No confirmed sale order line", wizard.sale_empty_reason)
        self.assertIn(
            "No consolidated forecast has lines until", wizard.forecast_empty_reason
        )
        self._create_sale(
            self.customer_a, [(self.chair, 2)], commitment=days(3), warehouse=east
        )
        self._generate(**params)
        wizard = self._load(**params)
        self.assertEqual(
            wizard.sale_empty_reason,
            "Every open sale order line of items that generate job orders is already "
            "covered by a job order (1 lines).",
        )

    def test_back_and_done_steps(self):
        self._create_sale(self.customer_a, [(self.chair, 2)], commitment=days(3))
        wizard = self._load()
        action = wizard.action_back()
        self.assertEqual(wizard.state, "parameters")
        self.assertEqual((action["res_id"], action["target"]), (wizard.id, "new"))
        wizard.action_load()
        wizard.action_summary()
        wizard.action_back()
        self.assertEqual(wizard.state, "lines")
        self._keep_only(wizard)
        action = wizard.action_generate()
        self.assertEqual(wizard.state, "done")
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn(wizard.run_id.name, action["params"]["message"])
        self.assertEqual(action["params"]["next"]["res_id"], wizard.id)
        listing = wizard.action_view_job_orders()
        self.assertEqual(listing["domain"], [("id", "in", wizard.job_order_ids.ids)])


@tagged("post_install", "-at_install")
class TestButtonsOverRpc(HardeningCommon):
    def test_buttons_return_a_value_xmlrpc_can_send(self):
        """XML-RPC cannot send None: every button returns something."""
        job_order = self._create_job_order(self.chair)
        for method in (
            "action_set_mandatory",
            "action_clear_mandatory",
            "action_apply_suggested_date",
            "button_historicize",
            "button_reset",
            "button_cancel",
        ):
            self.assertIsNotNone(getattr(job_order, method)(), method)
        forecast = self.env["pp.forecast"].create(
            {
                "name": "PP RPC forecast",
                "line_ids": [
                    Command.create(
                        {
                            "product_id": self.chair.id,
                            "date_start": "2027-04-01",
                            "product_qty": 1,
                        }
                    )
                ],
            }
        )
        self.assertIsNotNone(forecast.button_consolidate())
        self.assertIsNotNone(forecast.button_draft())


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestForecastGrid(HardeningCommon):
    def _fill(self, forecast, **vals):
        form = Form(
            self.env["pp.forecast.period.fill"].with_context(
                **forecast.action_fill_periods()["context"]
            )
        )
        for name, value in vals.items():
            setattr(form, name, value)
        return form.save().action_fill()

    def test_periods_are_generated_for_each_item(self):
        forecast = self.env["pp.forecast"].create({"name": "PP Grid"})
        action = self._fill(
            forecast,
            date_start=days(10),
            period_count=3,
            product_ids=self.chair | self.table,
        )
        self.assertEqual(action["domain"], [("forecast_id", "=", forecast.id)])
        self.assertEqual(action["context"]["search_default_group_product"], 1)
        starts = sorted({str(d) for d in forecast.line_ids.mapped("date_start")})
        self.assertEqual(starts, ["2027-03-01", "2027-04-01", "2027-05-01"])
        self.assertEqual(len(forecast.line_ids), 6)
        self.assertEqual(str(forecast.line_ids[0].date_end), "2027-03-31")
        # Filling again with one more month adds only the new periods.
        forecast.line_ids.filtered(
            lambda line: line.product_id == self.chair
        ).product_qty = 5
        self._fill(forecast, date_start=days(10), period_count=4)
        self.assertEqual(len(forecast.line_ids), 8)
        forecast.button_consolidate()
        # Periods left at 0 are dropped when the forecast is consolidated.
        self.assertEqual(forecast.line_ids.product_id, self.chair)
        self.assertEqual(len(forecast.line_ids), 3)

    def test_weekly_periods_start_on_monday(self):
        forecast = self.env["pp.forecast"].create(
            {"name": "PP Weekly Grid", "period_type": "week"}
        )
        self._fill(forecast, date_start=days(2), period_count=2, product_ids=self.chair)
        self.assertEqual(
            sorted(str(d) for d in forecast.line_ids.mapped("date_start")),
            ["2027-03-01", "2027-03-08"],
        )
        self.assertEqual(str(forecast.line_ids[0].date_end), "2027-03-07")


@tagged("post_install", "-at_install")
class TestPlanningParametersList(HardeningCommon):
    def test_filter_and_group_by_policy_and_procurement(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "production_planning.product_template_action_planning"
        )
        search = self.env["product.template"].get_views(
            [(action["search_view_id"][0], "search")]
        )["views"]["search"]["arch"]
        for name in ("pp_policy_stock", "pp_bought", "pp_group_procurement"):
            self.assertIn(f'name="{name}"', search)
        templates = (self.chair | self.component).product_tmpl_id
        groups = dict(
            self.env["product.template"]._read_group(
                [("id", "in", templates.ids)], ["pp_procurement_type"], ["id:array_agg"]
            )
        )
        self.assertEqual(groups["production"], self.chair.product_tmpl_id.ids)
        self.assertEqual(groups["purchase"], self.component.product_tmpl_id.ids)
        # Stored: a route change moves the item to another group.
        self.chair.route_ids = self.route_buy
        self.chair.bom_ids.active = False
        self.assertEqual(
            self.env["product.template"].search_count(
                [
                    ("id", "=", self.chair.product_tmpl_id.id),
                    ("pp_procurement_type", "=", "purchase"),
                ]
            ),
            1,
        )


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestGenerationCron(HardeningCommon):
    def test_scheduled_generation_runs_every_company(self):
        idle = self.env["res.company"].create({"name": "PP Idle Plant"})
        # Without a job order type the company's generation is refused: logged,
        # and the other companies still run.
        idle.pp_default_job_order_type_id.company_id = self.company
        self.env["pp.job.order.type"].search([("company_id", "=", idle.id)]).unlink()
        order = self._create_sale(
            self.customer_a, [(self.chair, 2)], commitment=days(5)
        )
        cron = self.env.ref("production_planning.ir_cron_pp_generate_job_orders")
        self.assertFalse(cron.active)
        cron.user_id.company_ids |= idle
        with patch.object(generation_module._logger, "info") as log_info:
            cron.method_direct_trigger()
        self.assertTrue(order.order_line.pp_job_order_line_ids)
        (message, company_name, error), _kwargs = log_info.call_args
        self.assertEqual(message, "Job order generation skipped for %s: %s")
        self.assertEqual(company_name, "PP Idle Plant")
        self.assertEqual(str(error), "Standard does not belong to PP Idle Plant.")
