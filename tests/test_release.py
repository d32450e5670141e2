# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Release of planned orders into MOs, RFQs and subcontract orders; feasibility;
restoration; job order states up to closed.

The desk of ``DeskPlanningCommon`` planned as late as possible for Monday
2027-03-08 gives: desk (production, 2, assembled 14:30-17:00 on the 8th), legs
(production, 8), tops (purchase, 2, from PP Vendor at 9.0) and bars (purchase,
8, from PP Vendor at 1.0).
"""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.queue_job.job import Job

from .common import TODAY, DeskPlanningCommon, days, dt


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestRelease(DeskPlanningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "pp_release_vendor_fallback": "refuse",
                "pp_release_merge_days": 0,
                "pp_release_round_up": False,
                "pp_release_reuse_rfq": True,
                "pp_release_group_subcontract": True,
                "pp_release_external_phases": False,
            }
        )
        cls.vendor_2 = cls.env["res.partner"].create({"name": "PP Vendor 2"})
        cls.manager = new_test_user(
            cls.env,
            "pp_release_manager",
            groups="production_planning.group_pp_manager",
        )
        cls.buyer = new_test_user(
            cls.env, "pp_release_buyer", groups="purchase.group_purchase_user"
        )

    def _release(self, orders, **params):
        return self.env["pp.release.procedure"].release(
            {"planned_order_ids": orders.ids, **params}
        )

    def _restore(self, orders, user=None):
        wizard = (
            self.env["pp.planned.order.restore"]
            .with_user(user or self.manager)
            .create({"planned_order_ids": [Command.set(orders.ids)]})
        )
        return wizard.action_restore()

    def _planned(self, product, qty, start, end, order_type="purchase", **vals):
        return self.env["pp.planned.order"].create(
            {
                "product_id": product.id,
                "product_qty": qty,
                "order_type": order_type,
                "date_start": start,
                "date_end": end,
                **vals,
            }
        )

    def _produce(self, production, qty):
        form = Form(production)
        form.qty_producing = qty
        production = form.save()
        production.move_raw_ids.picked = True
        return production

    # ------------------------------------------------------------------
    # Release
    # ------------------------------------------------------------------
    def test_release_wizard_production_into_confirmed_mo(self):
        job = self._job()
        self._plan(job)
        desk = self._orders(job, self.desk)
        wizard = self.env["pp.planned.order.release"].with_context(
            active_model="pp.planned.order", active_ids=desk.ids
        )
        wizard = Form(wizard).save()
        self.assertEqual(wizard.planned_order_ids, desk)
        self.assertEqual(wizard.count_production, 1)
        action = wizard.action_release()
        run = self.env["pp.planning.run"].browse(action["res_id"])
        self.assertEqual((run.kind, run.state), ("release", "done"), run.error)
        production = desk.production_id
        self.assertEqual(run.production_ids, production)
        self.assertEqual(run.released_planned_order_ids, desk)
        self.assertEqual(
            (
                desk.state,
                production.state,
                production.product_qty,
                production.pp_job_order_id,
                production.origin,
            ),
            ("released", "confirmed", 2, job, f"{job.name}, {desk.name}"),
        )
        self.assertEqual(
            sorted(
                (m.product_id, m.product_uom_qty, m.date)
                for m in production.move_raw_ids
            ),
            sorted(
                (m.product_id, m.product_qty, m.date_use) for m in desk.material_ids
            ),
        )
        self.assertEqual(
            [
                (w.workcenter_id, w.date_start, w.date_finished)
                for w in production.workorder_ids
            ],
            [(p.workcenter_id, p.date_start, p.date_end) for p in desk.operation_ids],
        )
        # Its components are not released yet: the pegging shows on the MO.
        self.assertEqual(production.pp_planned_order_ids, desk)
        self.assertEqual(
            production.pp_component_planned_order_ids,
            self._orders(job, self.leg) | self._orders(job, self.top),
        )
        leg_production = self._release(self._orders(job, self.leg))["production_ids"]
        leg_production = self.env["mrp.production"].browse(leg_production)
        self.assertEqual(leg_production.pp_parent_planned_order_id, desk)
        # Released production only (untouched MOs): launched.
        self.assertEqual(job.state, "launched")

    def test_release_purchases_into_one_rfq_per_vendor(self):
        job = self._job()
        self._plan(job)
        top, bar = self._orders(job, self.top), self._orders(job, self.bar)
        result = self._release(top | bar)
        purchase = self.env["purchase.order"].browse(result["purchase_ids"])
        self.assertEqual(len(purchase), 1)
        self.assertEqual(
            (
                purchase.partner_id,
                purchase.state,
                purchase.company_id,
                purchase.picking_type_id,
                purchase.origin,
                purchase.date_order,
            ),
            (
                self.vendor,
                "draft",
                self.company,
                self.warehouse.in_type_id,
                job.name,
                min(top.date_start, bar.date_start),
            ),
        )
        self.assertEqual(
            sorted(
                (
                    line.product_id.name,
                    line.product_qty,
                    line.price_unit,
                    line.date_planned,
                    line.pp_job_order_id,
                )
                for line in purchase.order_line
            ),
            [
                ("PP Bar", 8, 1.0, bar.date_end, job),
                ("PP Top", 2, 9.0, top.date_end, job),
            ],
        )
        self.assertEqual(
            (top.state, top.purchase_line_id.product_id), ("released", self.top)
        )
        # Each line says which planned order it comes from, then the item as
        # Odoo describes it to the vendor.
        self.assertEqual(top.purchase_line_id.name, f"{top.name} — PP Top")
        self.assertEqual(bar.purchase_line_id.name, f"{bar.name} — PP Bar")
        self.assertEqual(sorted(result["planned_order_ids"]), sorted((top | bar).ids))
        # A draft RFQ launches the job order, a sent one too; confirmed, the
        # purchase puts it in execution.
        self.assertEqual(job.state, "launched")
        purchase.print_quotation()
        self.assertEqual((purchase.state, job.state), ("sent", "launched"))
        purchase.button_confirm()
        self.assertEqual((purchase.state, job.state), ("purchase", "executive"))

    def test_vendor_price_follows_quantity_breaks(self):
        self.env["product.supplierinfo"].create(
            {
                "product_id": self.bar.id,
                "product_tmpl_id": self.bar.product_tmpl_id.id,
                "partner_id": self.vendor.id,
                "min_qty": 50,
                "price": 0.8,
            }
        )
        small = self._planned(self.bar, 10, dt("2027-03-02 08:00"), dt("2027-03-05"))
        big = self._planned(self.bar, 60, dt("2027-03-20 08:00"), dt("2027-03-23"))
        self._release(small | big)
        self.assertEqual(small.purchase_line_id.price_unit, 1.0)
        self.assertEqual(big.purchase_line_id.price_unit, 0.8)

    def test_vendor_without_price_list_gets_no_other_vendors_price(self):
        self.top.standard_price = 5.0
        order = self._planned(
            self.top,
            2,
            dt("2027-03-02 08:00"),
            dt("2027-03-05"),
            partner_id=self.vendor_2.id,
        )
        self._release(order)
        line = order.purchase_line_id
        # PP Vendor sells tops at 9.0; PP Vendor 2 has no price: standard price.
        self.assertEqual((line.partner_id, line.price_unit), (self.vendor_2, 5.0))
        self.assertEqual(line.date_planned, dt("2027-03-05"))

    def test_merge_within_days_and_reuse_open_rfq(self):
        self.vendor.buyer_id = self.buyer
        open_rfq = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "user_id": self.buyer.id,
                "picking_type_id": self.warehouse.in_type_id.id,
                "order_line": [
                    Command.create({"product_id": self.top.id, "product_qty": 1})
                ],
            }
        )
        first = self._planned(self.bar, 4, dt("2027-03-02 08:00"), dt("2027-03-05"))
        second = self._planned(self.bar, 6, dt("2027-03-04 08:00"), dt("2027-03-07"))
        third = self._planned(self.bar, 5, dt("2027-03-10 08:00"), dt("2027-03-13"))
        result = self._release(first | second | third, merge_days=3)
        self.assertEqual(result["purchase_ids"], open_rfq.ids)
        bar_lines = open_rfq.order_line.filtered(
            lambda line: line.product_id == self.bar
        )
        self.assertEqual(
            sorted((line.product_qty, line.date_planned) for line in bar_lines),
            [(5, dt("2027-03-13")), (10, dt("2027-03-05"))],
        )
        self.assertEqual(first.purchase_line_id, second.purchase_line_id)
        self.assertNotEqual(first.purchase_line_id, third.purchase_line_id)
        run = self.env["pp.planning.run"].browse(result["run_id"])
        self.assertEqual((run.count_created, run.count_updated), (0, 1))

    def test_merge_at_exactly_the_merging_days(self):
        first = self._planned(
            self.bar, 4, dt("2027-03-02 08:00"), dt("2027-03-05 12:00")
        )
        # Ends 3 days after the first: merged; 4 days after: a line of its own.
        second = self._planned(
            self.bar, 6, dt("2027-03-05 08:00"), dt("2027-03-08 12:00")
        )
        third = self._planned(
            self.bar, 5, dt("2027-03-06 08:00"), dt("2027-03-09 12:00")
        )
        self._release(first | second | third, merge_days=3)
        self.assertEqual(first.purchase_line_id, second.purchase_line_id)
        self.assertEqual(
            (first.purchase_line_id.product_qty, first.purchase_line_id.date_planned),
            (10, dt("2027-03-05 12:00")),
        )
        self.assertNotEqual(third.purchase_line_id, first.purchase_line_id)
        self.assertEqual(third.purchase_line_id.product_qty, 5)

    def test_no_merge_and_new_rfq_when_asked(self):
        open_rfq = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "user_id": False,
                "picking_type_id": self.warehouse.in_type_id.id,
            }
        )
        first = self._planned(self.bar, 4, dt("2027-03-02 08:00"), dt("2027-03-05"))
        second = self._planned(self.bar, 6, dt("2027-03-04 08:00"), dt("2027-03-07"))
        result = self._release(first | second, merge_days=0, reuse_rfq=False)
        purchase = self.env["purchase.order"].browse(result["purchase_ids"])
        self.assertNotEqual(purchase, open_rfq)
        self.assertEqual(sorted(purchase.order_line.mapped("product_qty")), [4, 6])

    def test_only_a_draft_rfq_of_the_same_buyer_and_currency_is_reused(self):
        """As Odoo's buy rule: an RFQ is added to while it is a draft of the same
        vendor, receipt type, company, buyer and currency, not dropshipped."""
        self.vendor.buyer_id = self.buyer
        currency = self.env.ref("base.EUR")
        if currency == self.company.currency_id:
            currency = self.env.ref("base.USD")
        currency.active = True

        def rfq(**vals):
            return self.env["purchase.order"].create(
                {
                    "partner_id": self.vendor.id,
                    "user_id": self.buyer.id,
                    "picking_type_id": self.warehouse.in_type_id.id,
                    "order_line": [
                        Command.create({"product_id": self.top.id, "product_qty": 1})
                    ],
                    **vals,
                }
            )

        # Each differs from the RFQ the release would make in one thing only.
        sent = rfq()
        sent.print_quotation()
        confirmed = rfq()
        confirmed.button_confirm()
        other_buyer = rfq(user_id=self.manager.id)
        other_currency = rfq(currency_id=currency.id)
        dropship = rfq(dest_address_id=self.customer_a.id)
        open_rfq = rfq()
        self.assertEqual(
            (sent.state, confirmed.state, open_rfq.state), ("sent", "purchase", "draft")
        )
        order = self._planned(self.bar, 4, dt("2027-03-02 08:00"), dt("2027-03-05"))
        result = self._release(order)
        self.assertEqual(result["purchase_ids"], open_rfq.ids)
        self.assertEqual(order.purchase_line_id.order_id, open_rfq)
        for other in sent | confirmed | other_buyer | other_currency | dropship:
            self.assertEqual(other.order_line.product_id, self.top, other.name)
        # Without a draft one, a new RFQ of the buyer in the vendor's currency.
        open_rfq.button_cancel()
        other = self._planned(self.bar, 2, dt("2027-03-02 08:00"), dt("2027-03-05"))
        purchase = self.env["purchase.order"].browse(
            self._release(other)["purchase_ids"]
        )
        self.assertEqual(
            (purchase.state, purchase.user_id, purchase.currency_id),
            ("draft", self.buyer, self.company.currency_id),
        )
        self.assertNotIn(
            purchase, sent | confirmed | other_buyer | other_currency | open_rfq
        )

    def test_round_up_fractional_quantities(self):
        order = self._planned(self.bar, 2.5, dt("2027-03-02 08:00"), dt("2027-03-05"))
        self._release(order, round_up=True)
        self.assertEqual(order.purchase_line_id.product_qty, 3)
        other = self._planned(self.top, 2.5, dt("2027-03-02 08:00"), dt("2027-03-05"))
        self._release(other, round_up=False)
        self.assertEqual(other.purchase_line_id.product_qty, 2.5)

    def test_vendor_fallback_refuse(self):
        screw = self._create_product("PP Screw", routes=self.route_buy)
        order = self._planned(screw, 10, dt("2027-03-02 08:00"), dt("2027-03-05"))
        bar = self._planned(self.bar, 1, dt("2027-03-02 08:00"), dt("2027-03-05"))
        with self.assertRaisesRegex(
            UserError,
            rf"^Planned order {order.name}: PP Screw has no vendor\. ",
        ):
            self._release(order | bar, vendor_fallback="refuse")
        # Nothing was released, not even the order that had a vendor.
        self.assertEqual((order | bar).mapped("state"), ["draft", "draft"])
        self.assertFalse(
            self.env["purchase.order.line"].search([("product_id", "=", self.bar.id)])
        )

    def test_vendor_fallback_skip_logs_the_order(self):
        screw = self._create_product("PP Screw", routes=self.route_buy)
        order = self._planned(screw, 10, dt("2027-03-02 08:00"), dt("2027-03-05"))
        bar = self._planned(self.bar, 1, dt("2027-03-02 08:00"), dt("2027-03-05"))
        result = self._release(order | bar, vendor_fallback="skip")
        self.assertEqual(result["skipped_planned_order_ids"], order.ids)
        self.assertEqual(result["planned_order_ids"], bar.ids)
        self.assertEqual((order.state, bar.state), ("draft", "released"))
        run = self.env["pp.planning.run"].browse(result["run_id"])
        warning = run.log_ids.filtered(lambda line: line.level == "warning")
        self.assertEqual(
            warning.message, f"{order.name} not released: PP Screw has no vendor."
        )
        self.assertEqual(run.count_skipped, 1)

    def test_vendor_fallback_default_vendor(self):
        screw = self._create_product("PP Screw", routes=self.route_buy)
        order = self._planned(screw, 10, dt("2027-03-02 08:00"), dt("2027-03-05"))
        with self.assertRaisesRegex(UserError, "^Choose the default vendor"):
            self._release(order, vendor_fallback="default")
        self._release(
            order, vendor_fallback="default", default_vendor_id=self.vendor_2.id
        )
        self.assertEqual(order.purchase_line_id.partner_id, self.vendor_2)
        self.assertEqual(order.purchase_line_id.price_unit, 0.0)

    def test_release_refuses_bad_input(self):
        order = self._planned(self.bar, 1, dt("2027-03-02 08:00"), dt("2027-03-05"))
        with self.assertRaisesRegex(UserError, "^Choose the planned orders to release"):
            self._release(order.browse())
        with self.assertRaisesRegex(UserError, "vendor_fallback must be one of"):
            self._release(order, vendor_fallback="maybe")
        with self.assertRaisesRegex(UserError, "^Unknown release parameter"):
            self._release(order, colour="red")
        self._release(order)
        with self.assertRaisesRegex(
            UserError,
            rf"^Planned order {order.name} is Released: only draft planned orders "
            r"are released\.$",
        ):
            self._release(order)

    def test_release_subcontract_po_with_resupply(self):
        subcontractor = self.env["res.partner"].create({"name": "PP Subcontractor"})
        resupply = self.env.ref("mrp_subcontracting.route_resupply_subcontractor_mto")
        resupply.active = True
        paint = self._create_product(
            "PP Paint",
            routes=self.route_buy | resupply,
            sellers=[{"partner_id": self.vendor.id, "price": 3.0}],
        )
        frame = self._create_product(
            "PP Frame",
            routes=self.route_buy,
            sellers=[{"partner_id": subcontractor.id, "price": 20.0, "delay": 4}],
        )
        self.env["mrp.bom"].create(
            {
                "product_tmpl_id": frame.product_tmpl_id.id,
                "type": "subcontract",
                "subcontractor_ids": [Command.set(subcontractor.ids)],
                "bom_line_ids": [
                    Command.create({"product_id": paint.id, "product_qty": 2})
                ],
            }
        )
        first = self._planned(
            frame, 3, dt("2027-03-02 08:00"), dt("2027-03-06"), "subcontract"
        )
        second = self._planned(
            frame, 1, dt("2027-03-09 08:00"), dt("2027-03-13"), "subcontract"
        )
        result = self._release(first | second, group_subcontract=True)
        purchase = self.env["purchase.order"].browse(result["purchase_ids"])
        self.assertEqual(purchase.partner_id, subcontractor)
        self.assertEqual(
            sorted((l.product_qty, l.price_unit) for l in purchase.order_line),
            [(1, 20.0), (3, 20.0)],
        )
        purchase.button_confirm()
        receipt = purchase.picking_ids
        subcontract_mo = receipt._get_subcontract_production()
        self.assertEqual(sorted(subcontract_mo.mapped("product_qty")), [1, 3])
        self.assertEqual(subcontract_mo.bom_id.type, "subcontract")
        resupply_moves = self.env["stock.move"].search(
            [
                ("product_id", "=", paint.id),
                (
                    "picking_type_id",
                    "=",
                    self.warehouse.subcontracting_resupply_type_id.id,
                ),
            ]
        )
        self.assertEqual(sum(resupply_moves.mapped("product_uom_qty")), 8)
        # One purchase order per planned order when not grouped.
        third = self._planned(
            frame, 2, dt("2027-03-16 08:00"), dt("2027-03-20"), "subcontract"
        )
        fourth = self._planned(
            frame, 2, dt("2027-03-16 08:00"), dt("2027-03-20"), "subcontract"
        )
        result = self._release(third | fourth, group_subcontract=False)
        self.assertEqual(len(result["purchase_ids"]), 2)

    def test_default_vendor_subcontracts_only_with_its_bom(self):
        """The default vendor takes a subcontract order without subcontractor
        only when it has a subcontracting BOM of the item; else refused."""
        subcontractor = self.env["res.partner"].create({"name": "PP Subcontractor"})
        frame = self._create_product("PP Frame", routes=self.route_buy)
        self.env["mrp.bom"].create(
            {
                "product_tmpl_id": frame.product_tmpl_id.id,
                "type": "subcontract",
                "subcontractor_ids": [Command.set(subcontractor.ids)],
            }
        )
        order = self._planned(
            frame, 3, dt("2027-03-02 08:00"), dt("2027-03-06"), "subcontract"
        )
        self.assertFalse(order._get_release_vendor())
        with self.assertRaisesRegex(
            UserError,
            rf"^Planned order {order.name}: no subcontractor has a subcontracting "
            r"bill of materials of PP Frame\.$",
        ):
            self._release(
                order, vendor_fallback="default", default_vendor_id=self.vendor_2.id
            )
        self.assertEqual(order.state, "draft")
        self._release(
            order, vendor_fallback="default", default_vendor_id=subcontractor.id
        )
        self.assertEqual(
            (order.state, order.purchase_line_id.partner_id),
            ("released", subcontractor),
        )

    def test_subcontract_without_subcontractor_is_refused(self):
        frame = self._create_product(
            "PP Frame", routes=self.route_buy, sellers=[{"partner_id": self.vendor.id}]
        )
        order = self._planned(
            frame, 3, dt("2027-03-02 08:00"), dt("2027-03-06"), "subcontract"
        )
        with self.assertRaisesRegex(
            UserError,
            rf"^Planned order {order.name}: no subcontractor has a subcontracting "
            r"bill of materials of PP Frame\.$",
        ):
            self._release(order)

    def test_external_phase_asks_partner_for_a_quote(self):
        painter = self.env["res.partner"].create({"name": "PP Painter"})
        service = self.env["product.product"].create(
            {
                "name": "PP Painting Service",
                "type": "service",
                "purchase_ok": True,
                "seller_ids": [Command.create({"partner_id": painter.id, "price": 4})],
            }
        )
        job = self._job()
        self._plan(job)
        desk = self._orders(job, self.desk)
        desk.operation_ids.write({"is_external": True, "partner_id": painter.id})
        with self.assertRaisesRegex(UserError, "^Set the external processing service"):
            self._release(desk, external_phases=True)
        self.company.pp_external_service_id = service
        self._release(desk, external_phases=True)
        line = desk.external_purchase_line_ids
        self.assertEqual(
            (
                line.partner_id,
                line.product_id,
                line.product_qty,
                line.price_unit,
                line.date_planned,
            ),
            (painter, service, 2, 4.0, desk.operation_ids.date_end),
        )
        self.assertIn(desk.production_id.name, line.name)
        # Restoring removes the quote with the MO.
        purchase = line.order_id
        self._restore(desk)
        self.assertFalse(purchase.exists())

    def test_restore_refused_once_the_external_phase_rfq_is_confirmed(self):
        painter = self.env["res.partner"].create({"name": "PP Painter"})
        self.company.pp_external_service_id = self.env["product.product"].create(
            {"name": "PP Painting Service", "type": "service", "purchase_ok": True}
        )
        job = self._job()
        self._plan(job)
        desk = self._orders(job, self.desk)
        desk.operation_ids.write({"is_external": True, "partner_id": painter.id})
        self._release(desk, external_phases=True)
        production = desk.production_id
        purchase = desk.external_purchase_line_ids.order_id
        purchase.button_confirm()
        # The MO is untouched: only the external phase's order blocks.
        self.assertEqual(production.state, "confirmed")
        with self.assertRaisesRegex(
            UserError,
            rf"^Planned order {desk.name} cannot be restored: purchase order "
            rf"{purchase.name} is confirmed \(Purchase Order\)\.$",
        ):
            self._restore(desk)
        self.assertEqual((desk.state, desk.production_id), ("released", production))

    def test_release_from_job_order_selection(self):
        job = self._job()
        self._plan(job)
        wizard = Form(
            self.env["pp.planned.order.release"].with_context(
                active_model="pp.job.order", active_ids=job.ids
            )
        ).save()
        self.assertEqual(wizard.planned_order_ids, self._orders(job))
        self.assertEqual((wizard.count_production, wizard.count_purchase), (2, 2))
        wizard.action_release()
        self.assertEqual(set(self._orders(job).mapped("state")), {"released"})
        self.assertEqual(len(job.production_ids), 2)

    def test_release_dialog_counts_what_applies_and_speaks_in_sentences(self):
        job = self._job()
        self._plan(job)
        desk, top = self._orders(job, self.desk), self._orders(job, self.top)
        wizard = self.env["pp.planned.order.release"].create(
            {"planned_order_ids": [Command.set(desk.ids)]}
        )
        # Nothing to buy: the view hides every purchase option.
        self.assertEqual(
            (
                wizard.count_production,
                wizard.count_purchase,
                wizard.count_subcontract,
                wizard.count_external,
            ),
            (1, 0, 0, 0),
        )
        desk.operation_ids.write({"is_external": True, "partner_id": self.vendor_2.id})
        wizard.planned_order_ids = desk | top
        self.assertEqual((wizard.count_purchase, wizard.count_external), (1, 1))
        self.assertEqual(
            wizard._get_feasibility_note(1),
            "One planned order does not have all its materials at its start "
            "(amber or red below). It can be released all the same.",
        )
        self.assertEqual(
            wizard._get_feasibility_note(3),
            "3 planned orders do not have all their materials at their start "
            "(amber or red below). They can be released all the same.",
        )
        self.assertFalse(wizard._get_feasibility_note(0))

    # ------------------------------------------------------------------
    # Feasibility
    # ------------------------------------------------------------------
    def test_feasibility_colours_on_hand_made_stock(self):
        # 10 bars on hand; 20 more arrive on 03-05 (an RFQ).
        self._set_stock(self.bar, 10)
        rfq = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "picking_type_id": self.warehouse.in_type_id.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.bar.id,
                            "product_qty": 20,
                            "date_planned": dt("2027-03-05 10:00"),
                        }
                    )
                ],
            }
        )
        self.assertTrue(rfq)

        def leg_order(qty, start):
            return self._planned(
                self.leg,
                qty,
                start,
                start,
                "production",
                material_ids=[
                    Command.create(
                        {
                            "product_id": self.bar.id,
                            "product_qty": qty,
                            "qty_per_unit": 1,
                            "date_use": start,
                        }
                    )
                ],
            )

        first = leg_order(6, dt("2027-03-02 08:00"))  # 10 on hand: green
        second = leg_order(6, dt("2027-03-03 08:00"))  # 4 left: amber
        third = leg_order(5, dt("2027-03-04 08:00"))  # nothing left: red
        fourth = leg_order(15, dt("2027-03-08 08:00"))  # 20 received on 03-05
        bought = self._planned(self.top, 1, dt("2027-03-02 08:00"), dt("2027-03-04"))
        orders = first | second | third | fourth | bought
        orders.invalidate_recordset(["feasibility"])
        self.assertEqual(
            orders.mapped("feasibility"), ["green", "amber", "red", "green", "green"]
        )
        self.assertEqual(
            [
                (m.qty_feasible, m.feasibility)
                for m in (first | second | third | fourth).material_ids
            ],
            [(6, "green"), (4, "amber"), (0, "red"), (15, "green")],
        )
        # A firm issue (a confirmed MO's components) comes before them all.
        self._set_stock(self.bar, -10)
        orders.invalidate_recordset(["feasibility"])
        self.assertEqual(first.feasibility, "red")
        # Released orders have no colour.
        self._release(bought)
        bought.invalidate_recordset(["feasibility"])
        self.assertFalse(bought.feasibility)

    def test_feasibility_is_computed_in_bulk(self):
        self._set_stock(self.bar, 100)
        orders = self.env["pp.planned.order"]
        for index in range(12):
            orders |= self._planned(
                self.leg,
                1,
                dt("2027-03-02 08:00"),
                dt("2027-03-02 09:00"),
                "production",
                material_ids=[
                    Command.create({"product_id": self.bar.id, "product_qty": index})
                ],
            )

        def queries(records):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records.mapped("feasibility")
            return self.env.cr.sql_log_count - before

        self.assertEqual(queries(orders[:2]), queries(orders))

    # ------------------------------------------------------------------
    # Restoration
    # ------------------------------------------------------------------
    def test_restore_untouched_release(self):
        job = self._job()
        self._plan(job)
        desk, top = self._orders(job, self.desk), self._orders(job, self.top)
        self._release(desk | top)
        production, purchase = desk.production_id, top.purchase_line_id.order_id
        mo_name, po_name = production.name, purchase.name
        self.assertEqual(job.state, "launched")
        action = self._restore(desk | top)
        self.assertEqual((desk | top).mapped("state"), ["draft", "draft"])
        self.assertFalse(desk.production_id or top.purchase_line_id)
        self.assertFalse(production.exists())
        self.assertFalse(purchase.exists())
        self.assertEqual(job.state, "scheduled")
        # Recorded as a restoration run; the dialog says so and opens it.
        self.assertEqual(
            (action["tag"], action["params"]["type"], action["params"]["message"]),
            (
                "display_notification",
                "success",
                "2 planned orders restored to draft. Manufacturing orders and "
                + "requests for quotation deleted: 2.",
            ),
        )
        run = self.env["pp.planning.run"].browse(action["params"]["next"]["res_id"])
        self.assertEqual(
            (run.kind, run.state, run.user_id, run.count_removed),
            ("restoration", "done", self.manager, 2),
        )
        self.assertEqual(run.released_planned_order_ids, desk | top)
        self.assertEqual(run.planned_order_count, 2)
        self.assertEqual(run.job_order_ids, job)
        self.assertEqual(
            sorted(run.log_ids.mapped("message")),
            sorted(
                [
                    f"{desk.name} restored: manufacturing order {mo_name} "
                    + "cancelled and deleted.",
                    f"{top.name} restored: its line of PP Top removed from {po_name}.",
                    f"{po_name} deleted: no line was left on it.",
                ]
            ),
        )
        self.assertIn("Planned Orders", run.parameters_html)

    def test_restore_over_rpc(self):
        order = self._planned(self.bar, 4, dt("2027-03-02 08:00"), dt("2027-03-05"))
        other = self._planned(self.top, 1, dt("2027-03-02 08:00"), dt("2027-03-05"))
        self._release(order | other)
        purchase = order.purchase_line_id.order_id
        result = (
            self.env["pp.restoration.procedure"]
            .with_user(self.manager)
            .restore({"planned_order_ids": order.ids})
        )
        self.assertEqual(
            (result["state"], result["planned_order_ids"], result["purchase_ids"]),
            ("done", order.ids, purchase.ids),
        )
        self.assertEqual((order.state, other.state), ("draft", "released"))
        run = self.env["pp.planning.run"].browse(result["run_id"])
        [line] = run.log_ids
        self.assertEqual(line.res_id, purchase.id)
        with self.assertRaises(AccessError):
            self.env["pp.restoration.procedure"].with_user(self.buyer).restore(
                {"planned_order_ids": other.ids}
            )

    def test_restore_keeps_the_rest_of_a_shared_rfq(self):
        first = self._planned(self.bar, 4, dt("2027-03-02 08:00"), dt("2027-03-05"))
        second = self._planned(self.bar, 6, dt("2027-03-04 08:00"), dt("2027-03-06"))
        top = self._planned(self.top, 1, dt("2027-03-02 08:00"), dt("2027-03-05"))
        result = self._release(first | second | top, merge_days=5)
        line = first.purchase_line_id
        self.assertEqual(line.product_qty, 10)
        self.assertEqual(line.name, f"{first.name}, {second.name} — PP Bar")
        run = self.env["pp.planning.run"].browse(result["run_id"])
        self.assertIn(
            f"{first.name} released into {line.order_id.name}, on one line with "
            f"{second.name}: 10 Units of PP Bar from PP Vendor.",
            run.log_ids.mapped("message"),
        )
        self._restore(second)
        self.assertEqual((line.product_qty, first.state), (4, "released"))
        self.assertEqual(line.name, f"{first.name} — PP Bar")
        self._restore(first)
        self.assertFalse(line.exists())
        self.assertTrue(top.purchase_line_id.order_id.exists())

    def test_partial_restore_keeps_the_other_job_orders_date(self):
        job_a, job_b = self._job(), self._job()
        first = self._planned(
            self.bar, 4, dt("2027-03-02 08:00"), dt("2027-03-05"), job_order_id=job_a.id
        )
        second = self._planned(
            self.bar, 6, dt("2027-03-04 08:00"), dt("2027-03-07"), job_order_id=job_b.id
        )
        self._release(first | second, merge_days=3)
        line = first.purchase_line_id
        self.assertEqual((line, line.pp_job_order_id), (second.purchase_line_id, job_a))
        # Job order B lists the merged RFQ although the line names A.
        self.assertEqual(job_b.purchase_count, 1)
        self._restore(first)
        self.assertEqual(
            (line.product_qty, line.date_planned, line.pp_job_order_id),
            (6, dt("2027-03-07"), job_b),
        )

    def test_merged_line_puts_both_job_orders_in_execution(self):
        job_a, job_b = self._job(), self._job()
        first = self._planned(
            self.bar, 4, dt("2027-03-02 08:00"), dt("2027-03-05"), job_order_id=job_a.id
        )
        second = self._planned(
            self.bar, 6, dt("2027-03-04 08:00"), dt("2027-03-07"), job_order_id=job_b.id
        )
        self._release(first | second, merge_days=3)
        line = first.purchase_line_id
        self.assertEqual((line, line.pp_job_order_id), (second.purchase_line_id, job_a))
        self.assertEqual((job_a.state, job_b.state), ("launched", "launched"))
        line.order_id.button_confirm()
        # Job order B's planned order went into the line that names A.
        self.assertEqual((job_a.state, job_b.state), ("executive", "executive"))

    def test_restore_after_the_rfq_was_cancelled(self):
        order = self._planned(self.bar, 4, dt("2027-03-02 08:00"), dt("2027-03-05"))
        self._release(order)
        purchase = order.purchase_line_id.order_id
        purchase.button_cancel()
        self._restore(order)
        self.assertEqual(order.state, "draft")
        self.assertFalse(purchase.exists())

    def test_restore_refused_once_the_rfq_is_sent(self):
        order = self._planned(self.bar, 4, dt("2027-03-02 08:00"), dt("2027-03-05"))
        self._release(order)
        purchase = order.purchase_line_id.order_id
        purchase.print_quotation()
        with self.assertRaisesRegex(
            UserError,
            rf"^Planned order {order.name} cannot be restored: purchase order "
            rf"{purchase.name} was sent to the vendor \(RFQ Sent\)\.$",
        ):
            self._restore(order)
        self.assertEqual((order.state, purchase.state), ("released", "sent"))
        self.assertEqual(purchase.order_line, order.purchase_line_id)

    def test_restore_refused_once_components_are_picked(self):
        self.warehouse.manufacture_steps = "pbm"
        job = self._job()
        self._plan(job)
        desk = self._orders(job, self.desk)
        self._release(desk)
        production = desk.production_id
        picking = production.picking_ids
        self.assertTrue(picking)
        picking.move_ids.picked = True
        with self.assertRaisesRegex(
            UserError,
            rf"^Planned order {desk.name} cannot be restored: manufacturing order "
            rf"{production.name} has its components transferred for it in "
            rf"{picking[0].name}\.$",
        ):
            self._restore(desk)

    def test_restore_refused_once_produced(self):
        job = self._job()
        self._plan(job)
        desk = self._orders(job, self.desk)
        self._release(desk)
        production = desk.production_id
        form = Form(production)
        form.qty_producing = 1
        form.save()
        with self.assertRaisesRegex(
            UserError,
            rf"^Planned order {desk.name} cannot be restored: manufacturing order "
            rf"{production.name} (has a quantity produced|is in progress \(In Progress\))\.$",
        ):
            self._restore(desk)
        self.assertEqual(desk.state, "released")
        self.assertEqual(job.state, "executive")

    def test_restore_refused_for_confirmed_rfq_all_or_nothing(self):
        job = self._job()
        self._plan(job)
        desk, top = self._orders(job, self.desk), self._orders(job, self.top)
        self._release(desk | top)
        production, purchase = desk.production_id, top.purchase_line_id.order_id
        purchase.button_confirm()
        with self.assertRaisesRegex(
            UserError,
            rf"^Planned order {top.name} cannot be restored: purchase order "
            rf"{purchase.name} is confirmed \(Purchase Order\)\.$",
        ):
            self._restore(desk | top)
        # The desk's untouched MO was not restored either.
        self.assertEqual((desk.state, desk.production_id), ("released", production))
        self.assertEqual(production.state, "confirmed")

    def test_restore_needs_a_planning_manager(self):
        order = self._planned(self.bar, 1, dt("2027-03-02 08:00"), dt("2027-03-05"))
        self._release(order)
        user = new_test_user(
            self.env, "pp_release_user", groups="production_planning.group_pp_user"
        )
        with self.assertRaises(AccessError):
            self._restore(order, user=user)
        with self.assertRaisesRegex(UserError, "is not released: nothing to restore"):
            self._restore(
                self._planned(self.bar, 1, dt("2027-03-02 08:00"), dt("2027-03-05"))
            )

    # ------------------------------------------------------------------
    # Job order states
    # ------------------------------------------------------------------
    def test_states_up_to_closed_with_a_backorder(self):
        job = self._job(qty=2)
        self.assertEqual(job.state, "not_examined")
        self._plan(job)
        self.assertEqual(job.state, "scheduled")
        desk = self._orders(job, self.desk)
        self._release(desk)
        self.assertEqual(job.state, "launched")
        production = desk.production_id
        self._set_stock(self.leg, 8)
        self._set_stock(self.top, 2)
        production.action_assign()
        production = self._produce(production, 1)
        self.assertEqual(job.state, "executive")
        action = production.button_mark_done()
        Form(
            self.env["mrp.production.backorder"].with_context(**action["context"])
        ).save().action_backorder()
        backorder = job.production_ids - production
        self.assertEqual((production.state, backorder.product_qty), ("done", 1))
        self.assertEqual(job.state, "executive")
        self._produce(backorder, 1).button_mark_done()
        self.assertEqual(job.state, "closed")
        self.assertEqual(job.date_end_actual.date(), TODAY)

    # ------------------------------------------------------------------
    # Flow generation
    # ------------------------------------------------------------------
    def test_flow_generation_end_to_end(self):
        self._create_sale(self.customer_a, [(self.chair, 3)], commitment=days(14))
        wizard = self._load(job_type="mono", grouping="none")
        self._keep_only(wizard, self.chair)
        wizard.action_summary()
        with self.assertRaisesRegex(
            UserError, "^Flow generation is not enabled in the planning settings"
        ):
            wizard.action_generate_flow()
        self.company.pp_flow_generation = True
        action = wizard.action_generate_flow()
        job = wizard.job_order_ids
        self.assertEqual(
            (len(job), job.product_id, job.product_qty), (1, self.chair, 3)
        )
        runs = self.env["pp.planning.run"].search(
            [("id", ">=", wizard.run_id.id)], order="id"
        )
        self.assertEqual(
            [(run.kind, run.state) for run in runs],
            [
                ("job_order_generation", "done"),
                ("general_planning", "done"),
                ("release", "done"),
            ],
        )
        self.assertEqual(action["res_id"], runs[-1].id)
        self.assertEqual((runs[0].next_run_id, runs[1].next_run_id), (runs[1], runs[2]))
        orders = job.planned_order_ids
        self.assertEqual(
            sorted((o.order_type, o.product_id.name, o.state) for o in orders),
            [
                ("production", "PP Chair", "released"),
                ("purchase", "PP Steel Tube", "released"),
            ],
        )
        self.assertEqual(
            (job.production_ids.product_id, job.production_ids.state),
            (self.chair, "confirmed"),
        )
        self.assertEqual(
            (job.purchase_line_ids.partner_id, job.purchase_line_ids.product_qty),
            (self.vendor, 6),
        )
        # Released into an untouched MO and a draft RFQ.
        self.assertEqual(job.state, "launched")

    def test_release_automatically_after_planning(self):
        job = self._job()
        result = self._plan(job, release_after=True)
        run = self.env["pp.planning.run"].browse(result["run_id"])
        release = self.env["pp.planning.run"].browse(result["release_run_id"])
        self.assertEqual((release.kind, release.state), ("release", "done"))
        self.assertEqual(run.next_run_id, release)
        self.assertEqual(release.released_planned_order_ids, self._orders(job))
        self.assertEqual(job.state, "launched")

    def test_refused_release_after_background_planning_takes_it_all_back(self):
        self.company.pp_release_external_phases = True  # without the service
        job = self._job()
        run = self.env["pp.job.order.planning"]._enqueue_planning(
            {"job_order_ids": job.ids, "release_after": True}
        )
        Job.load(self.env, run.queue_job_uuid).perform()
        self.assertEqual(run.state, "failed")
        self.assertIn("Set the external processing service", run.error)
        self.assertFalse(self._orders(job))
        self.assertFalse(
            self.env["pp.planning.run"].search(
                [("kind", "=", "release"), ("id", ">", run.id)]
            )
        )
        self.assertEqual(job.state, "not_examined")
        # Without it, nothing is released.
        other = self._job()
        result = self._plan(other)
        self.assertFalse(result["release_run_id"])
        self.assertEqual(set(self._orders(other).mapped("state")), {"draft"})

    def test_flow_generation_without_release(self):
        self.company.write({"pp_flow_generation": True, "pp_flow_release": False})
        self._create_sale(self.customer_a, [(self.chair, 3)], commitment=days(14))
        wizard = self._load(job_type="mono", grouping="none")
        self._keep_only(wizard, self.chair)
        wizard.action_summary()
        wizard.action_generate_flow()
        job = wizard.job_order_ids
        self.assertEqual(job.state, "scheduled")
        self.assertEqual(set(job.planned_order_ids.mapped("state")), {"draft"})

    # ------------------------------------------------------------------
    # Security
    # ------------------------------------------------------------------
    def test_planning_user_releases_other_company_cannot(self):
        user = new_test_user(
            self.env, "pp_release_planner", groups="production_planning.group_pp_user"
        )
        job = self._job()
        self._plan(job)
        orders = self._orders(job)
        result = (
            self.env["pp.release.procedure"]
            .with_user(user)
            .release({"planned_order_ids": orders.ids})
        )
        self.assertEqual(sorted(result["planned_order_ids"]), sorted(orders.ids))
        other_company = self.env["res.company"].create({"name": "PP Other Co"})
        stranger = new_test_user(
            self.env,
            "pp_release_stranger",
            groups="production_planning.group_pp_user",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        order = self._planned(self.bar, 1, dt("2027-03-02 08:00"), dt("2027-03-05"))
        # Refused (the planned order is out of its companies), nothing released.
        with self.assertRaises(AccessError):
            self.env["pp.release.procedure"].with_user(stranger).with_company(
                other_company
            ).release({"planned_order_ids": order.ids, "company_id": other_company.id})
        self.assertEqual(order.state, "draft")
        self.assertEqual(date.today(), TODAY)
