# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import TODAY, PlanningCommon, days


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestJobOrder(PlanningCommon):
    def test_number_comes_from_the_type_sequence(self):
        job_order = self._create_job_order(self.chair)
        prefix = self.job_type_mono.sequence_id._get_prefix_suffix()[0]
        self.assertTrue(job_order.name.startswith(prefix))
        self.assertNotEqual(job_order.name, "/")

    def test_new_company_gets_a_job_order_type(self):
        company = self.env["res.company"].create({"name": "PP New Plant"})
        job_type = company.pp_default_job_order_type_id
        self.assertEqual(job_type.company_id, company)
        self.assertEqual(job_type.sequence_id.company_id, company)

    def test_new_type_gets_its_own_sequence(self):
        job_type = self.env["pp.job.order.type"].create({"name": "Prototypes"})
        self.assertTrue(job_type.sequence_id)
        self.assertNotEqual(job_type.sequence_id, self.job_type_mono.sequence_id)

    def test_mono_needs_exactly_one_line(self):
        with self.assertRaisesRegex(ValidationError, "exactly one line"):
            self._create_job_order(
                self.chair,
                line_ids=[
                    Command.create({"product_id": self.chair.id, "product_qty": 1}),
                    Command.create({"product_id": self.table.id, "product_qty": 1}),
                ],
            )
        with self.assertRaisesRegex(ValidationError, "exactly one line"):
            self._create_job_order(self.chair, line_ids=[])

    def test_multi_allows_several_lines_numbered(self):
        job_order = self._create_job_order(
            self.chair,
            type_id=self.job_type_multi.id,
            line_ids=[
                Command.create({"product_id": self.chair.id, "product_qty": 1}),
                Command.create({"product_id": self.table.id, "product_qty": 2}),
            ],
        )
        self.assertEqual(job_order.job_type, "multi")
        self.assertEqual(job_order.line_ids.mapped("sequence"), [1, 2])
        self.assertFalse(job_order.product_id)
        job_order.write(
            {
                "line_ids": [
                    Command.create({"product_id": self.chair.id, "product_qty": 3})
                ]
            }
        )
        self.assertEqual(job_order.line_ids.mapped("sequence"), [1, 2, 3])

    def test_form_creates_a_mono_job_order(self):
        form = Form(self.env["pp.job.order"])
        form.date_deadline = days(9)
        with form.line_ids.new() as line:
            line.product_id = self.chair
            line.product_qty = 4
        job_order = form.save()
        self.assertEqual(job_order.type_id, self.job_type_mono)
        self.assertEqual(job_order.job_type, "mono")
        self.assertEqual(job_order.product_id, self.chair)
        self.assertEqual(job_order.line_ids.product_uom_id, self.chair.uom_id)
        self.assertEqual(job_order.line_ids.date_deadline, days(9))
        self.assertEqual(job_order.line_ids.procurement_type, "production")
        self.assertEqual(job_order.line_ids.lead_time, 3)

    def test_quantity_must_be_positive(self):
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self._create_job_order(self.chair, qty=0)

    def test_unit_must_convert(self):
        kg = self.env.ref("uom.product_uom_kgm")
        with self.assertRaisesRegex(ValidationError, "does not convert"):
            self._create_job_order(
                self.chair,
                line_ids=[
                    Command.create(
                        {
                            "product_id": self.chair.id,
                            "product_qty": 1,
                            "product_uom_id": kg.id,
                        }
                    )
                ],
            )

    def test_warehouse_mismatch_is_refused(self):
        other = self.env["stock.warehouse"].create({"name": "PP South", "code": "PPS"})
        order = self._create_sale(
            self.customer_a, [(self.chair, 2)], commitment=days(6)
        )
        with self.assertRaisesRegex(ValidationError, "PP South") as caught:
            self._create_job_order(
                self.chair,
                warehouse_id=other.id,
                line_ids=[
                    Command.create(
                        {
                            "product_id": self.chair.id,
                            "product_qty": 2,
                            "sale_line_ids": [Command.set(order.order_line.ids)],
                        }
                    )
                ],
            )
        self.assertIn(order.name, str(caught.exception))

    def test_manual_states(self):
        job_order = self._create_job_order(self.chair)
        self.assertEqual(job_order.state, "not_examined")
        job_order.button_historicize()
        self.assertEqual(job_order.state, "historicized")
        job_order.button_reset()
        self.assertEqual(job_order.state, "not_examined")
        job_order.button_cancel()
        self.assertEqual(job_order.state, "cancelled")
        job_order.unlink()

    def test_states_follow_manufacturing_orders(self):
        job_order = self._create_job_order(self.chair, qty=2)
        production = self.env["mrp.production"].create(
            {
                "product_id": self.chair.id,
                "product_qty": 2,
                "pp_job_order_id": job_order.id,
            }
        )
        self.assertEqual(job_order.state, "launched")
        with self.assertRaisesRegex(
            UserError,
            rf"^Job order {job_order.name} is Launched: only job orders not examined "
            r"or cancelled can be deleted\.$",
        ):
            job_order.unlink()
        with self.assertRaisesRegex(
            UserError,
            "^Job orders with released documents cannot be cancelled: "
            rf"{job_order.name}\.$",
        ):
            job_order.button_cancel()
        production.action_confirm()
        self.assertEqual(job_order.state, "executive")
        self._set_stock(self.component, 10)
        production.action_assign()
        form = Form(production)
        form.qty_producing = 2
        production = form.save()
        production.move_raw_ids.picked = True
        production.button_mark_done()
        self.assertEqual(production.state, "done")
        self.assertEqual(job_order.state, "closed")
        self.assertTrue(job_order.date_end_actual)
        self.assertEqual(job_order.production_count, 1)

    def test_state_follows_purchase_lines(self):
        job_order = self._create_job_order(self.chair)
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.component.id,
                            "product_qty": 4,
                            "pp_job_order_id": job_order.id,
                        }
                    )
                ],
            }
        )
        # A request for quotation launches it, sent or not.
        self.assertEqual(job_order.state, "launched")
        order.print_quotation()
        self.assertEqual((order.state, job_order.state), ("sent", "launched"))
        # A confirmed purchase puts it in execution.
        order.button_confirm()
        self.assertEqual(job_order.state, "executive")
        order.button_cancel()
        self.assertEqual(job_order.state, "not_examined")

    def test_state_colours_follow_settings(self):
        job_order = self._create_job_order(self.chair)
        self.company.pp_color_not_examined = "danger"
        job_order.invalidate_recordset(["state_decoration", "color"])
        self.assertEqual(job_order.state_decoration, "danger")
        self.assertEqual(job_order.color, 1)

    def test_change_wizard(self):
        job_orders = self._create_job_order(self.chair) | self._create_job_order(
            self.table, deadline=days(20)
        )
        priority = self.env.ref("production_planning.pp_procurement_priority_urgent")
        action = job_orders.action_change()
        wizard = (
            self.env["pp.job.order.change"]
            .with_context(**action["context"])
            .create(
                {
                    "date_mode": "shift",
                    "shift_days": -2,
                    "change_priority": True,
                    "priority_id": priority.id,
                    "mandatory": "set",
                }
            )
        )
        self.assertEqual(wizard.job_order_ids, job_orders)
        wizard.action_apply()
        self.assertEqual(job_orders.mapped("date_deadline"), [days(8), days(18)])
        self.assertEqual(
            job_orders.line_ids.mapped("date_deadline"), [days(8), days(18)]
        )
        self.assertEqual(job_orders.priority_id, priority)
        self.assertTrue(all(job_orders.mapped("mandatory")))
        job_orders.action_clear_mandatory()
        self.assertFalse(any(job_orders.mapped("mandatory")))

    def test_suggested_date_copies_into_deadline(self):
        job_order = self._create_job_order(self.chair)
        job_order.suggested_date = days(25)
        job_order.action_apply_suggested_date()
        self.assertEqual(job_order.date_deadline, days(25))

    def test_duplicate_drops_sale_links(self):
        order = self._create_sale(
            self.customer_a, [(self.chair, 2)], commitment=days(6)
        )
        job_order = self._create_job_order(
            self.chair,
            line_ids=[
                Command.create(
                    {
                        "product_id": self.chair.id,
                        "product_qty": 2,
                        "sale_line_ids": [Command.set(order.order_line.ids)],
                    }
                )
            ],
        )
        action = job_order.action_duplicate()
        copy = self.env["pp.job.order"].browse(action["res_id"])
        self.assertNotEqual(copy.name, job_order.name)
        self.assertEqual(copy.product_qty, 2)
        self.assertFalse(copy.line_ids.sale_line_ids)
        self.assertEqual(order.pp_job_order_count, 1)

    def test_open_actions(self):
        job_order = self._create_job_order(self.chair)
        bom = self.env["mrp.bom"]._bom_find(self.chair)[self.chair]
        action = job_order.action_open_bom()
        self.assertEqual(self.env["mrp.bom"].search(action["domain"]), bom)
        workcenter = self.env["mrp.workcenter"].create({"name": "PP Saw"})
        self.env["mrp.routing.workcenter"].create(
            {"name": "Cut", "bom_id": bom.id, "workcenter_id": workcenter.id}
        )
        action = job_order.action_open_routing()
        self.assertEqual(
            self.env["mrp.routing.workcenter"].search(action["domain"]).workcenter_id,
            workcenter,
        )
        action = job_order.action_open_workcenters()
        self.assertEqual(
            self.env["mrp.workcenter"].search(action["domain"]), workcenter
        )
        action = job_order.action_open_planning_parameters()
        self.assertEqual(
            self.env["product.template"].search(action["domain"]),
            self.chair.product_tmpl_id,
        )
        action = self.chair.product_tmpl_id.action_pp_view_job_orders()
        self.assertIn(job_order, self.env["pp.job.order"].search(action["domain"]))
        self.assertEqual(self.chair.product_tmpl_id.pp_job_order_line_count, 1)

    def test_properties_defined_by_type(self):
        self.job_type_mono.properties_definition = [
            {"name": "drawing", "string": "Drawing", "type": "char"}
        ]
        job_order = self._create_job_order(self.chair)
        job_order.properties = {"drawing": "DWG-42"}
        self.assertEqual(job_order.properties["drawing"], "DWG-42")

    def test_procurement_type_from_bom_and_routes(self):
        self.assertEqual(self.chair.pp_procurement_type, "production")
        self.assertEqual(self.component.pp_procurement_type, "purchase")
        subcontractor = self.env["res.partner"].create({"name": "PP Plating"})
        plated = self._create_product("PP Plated Tube", routes=self.route_buy)
        self.env["mrp.bom"].create(
            {
                "product_tmpl_id": plated.product_tmpl_id.id,
                "type": "subcontract",
                "subcontractor_ids": [Command.set(subcontractor.ids)],
                "bom_line_ids": [
                    Command.create({"product_id": self.component.id, "product_qty": 1})
                ],
            }
        )
        self.assertEqual(plated.pp_procurement_type, "subcontract")

    def test_average_daily_usage(self):
        self.chair.write(
            {"pp_min_stock": 10, "pp_reorder_level": 40, "pp_reorder_days": 15}
        )
        self.assertEqual(self.chair.pp_average_daily_usage, 2)

    def test_bom_line_alternatives(self):
        bom = self.env["mrp.bom"]._bom_find(self.chair)[self.chair]
        line = bom.bom_line_ids
        line.pp_critical = True
        alternative_product = self._create_product("PP Alu Tube", routes=self.route_buy)
        line.pp_alternative_ids = [
            Command.create({"product_id": alternative_product.id, "priority": 1})
        ]
        self.assertEqual(line.pp_alternative_count, 1)
        with self.assertRaisesRegex(ValidationError, "alternative of itself"):
            line.pp_alternative_ids = [
                Command.create({"product_id": self.component.id})
            ]
        action = line.action_pp_open_alternatives()
        self.assertEqual(action["res_id"], line.id)

    def test_sale_order_smart_button(self):
        order = self._create_sale(
            self.customer_a, [(self.chair, 2)], commitment=days(6)
        )
        wizard = self._generate()
        self.assertEqual(order.pp_job_order_count, 1)
        action = order.action_pp_view_job_orders()
        self.assertEqual(
            self.env["pp.job.order"].search(action["domain"]), wizard.job_order_ids
        )
        self.assertEqual(wizard.job_order_ids.sale_order_count, 1)
        action = wizard.job_order_ids.action_view_sale_orders()
        self.assertEqual(action["res_id"], order.id)

    def test_italian_translation_loads(self):
        self.env["res.lang"]._activate_lang("it_IT")
        self.env["ir.module.module"]._load_module_terms(
            ["production_planning"], ["it_IT"], overwrite=True
        )
        menu = self.env.ref("production_planning.pp_job_order_menu")
        self.assertEqual(menu.with_context(lang="it_IT").name, "Commesse")
        job_order = self._create_job_order(self.chair).with_context(lang="it_IT")
        self.env["mrp.production"].create(
            {
                "product_id": self.chair.id,
                "product_qty": 1,
                "pp_job_order_id": job_order.id,
            }
        )
        with self.assertRaisesRegex(UserError, "La commessa .* è in stato Lanciata"):
            job_order.unlink()

    def test_old_runs_are_cleaned_up(self):
        run_model = self.env["pp.planning.run"]
        old = run_model.create(
            {
                "kind": "job_order_generation",
                "state": "done",
                "date_start": "2026-09-01",
            }
        )
        recent = run_model.create(
            {
                "kind": "job_order_generation",
                "state": "done",
                "date_start": "2027-02-20",
            }
        )
        running = run_model.create(
            {"kind": "mrp", "state": "running", "date_start": "2026-09-01"}
        )
        self.company.pp_run_history_days = 90
        run_model._gc_runs()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())
        self.assertTrue(running.exists())
        self.assertTrue(recent.name.startswith("RUN/"))
