# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One test per multi-company record rule, and numbering per job order type.

Each rule test builds a record in the planner's company A and one in company B
(as the superuser) and checks, as a Planning User of company A only, that a
search finds A's record and not B's and that reading B's record raises
``AccessError``. Deleting one rule of ``production_planning_security.xml``
turns exactly its test red.
"""

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import TODAY, PlanningCommon, days


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCompanyRules(PlanningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "PP Company B"})
        cls.warehouse_b = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company_b.id)]
        )
        cls.planner = new_test_user(
            cls.env,
            login="pp_rules_planner",
            groups="production_planning.group_pp_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.planning_manager = new_test_user(
            cls.env,
            login="pp_rules_manager",
            groups="production_planning.group_pp_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        # The planner's environment as the web client gives it: company A only.
        cls.planner_env = cls.env(
            user=cls.planner,
            context=dict(cls.env.context, allowed_company_ids=cls.company.ids),
        )

    def _assert_kept_apart(self, model, own, foreign, user=None):
        """The planner (or ``user``, of company A only too) finds and reads
        ``own`` (company A), never ``foreign``."""
        self.assertEqual(len(own), 1)
        self.assertEqual(len(foreign), 1)
        self.assertEqual(own.company_id, self.company)
        self.assertEqual(foreign.company_id, self.company_b)
        env = self.planner_env(user=user) if user else self.planner_env
        self.assertEqual(env.user.company_ids, self.company)
        records = env[model]
        found = records.search([("id", "in", [own.id, foreign.id])])
        self.assertEqual(found.ids, own.ids)
        self.assertEqual(
            records.search([("company_id", "=", self.company_b.id)]),
            records.browse(),
        )
        own_values = records.browse(own.id).read(["company_id"])
        self.assertEqual(
            [(values["id"], values["company_id"][0]) for values in own_values],
            [(own.id, self.company.id)],
        )
        with self.assertRaises(AccessError):
            records.browse(foreign.id).read(["company_id"])

    # ------------------------------------------------------------------
    # Record builders
    # ------------------------------------------------------------------
    def _job_order_b(self):
        type_b = self.company_b.pp_default_job_order_type_id
        return (
            self.env["pp.job.order"]
            .with_company(self.company_b)
            .create(
                {
                    "type_id": type_b.id,
                    "warehouse_id": self.warehouse_b.id,
                    "company_id": self.company_b.id,
                    "date_deadline": days(10),
                    "line_ids": [
                        Command.create({"product_id": self.chair.id, "product_qty": 4})
                    ],
                }
            )
        )

    def _forecast(self, company):
        return (
            self.env["pp.forecast"]
            .with_company(company)
            .create(
                {
                    "name": f"PP Rules Forecast {company.name}",
                    "company_id": company.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.chair.id,
                                "date_start": "2027-04-01",
                                "product_qty": 10,
                            }
                        )
                    ],
                }
            )
        )

    def _run(self, company):
        run = (
            self.env["pp.planning.run"]
            .sudo()
            .create({"kind": "mrp", "company_id": company.id})
        )
        self.env["pp.planning.run.log"].sudo().create(
            {"run_id": run.id, "message": f"Run of {company.name}"}
        )
        return run

    def _alternative(self, company):
        """An alternative material on a BOM line of ``company`` (or shared)."""
        substitute = self._create_product("PP Aluminium Tube", routes=self.route_buy)
        bom = self.env["mrp.bom"].create(
            {
                "product_tmpl_id": self.table.product_tmpl_id.id,
                "company_id": company.id if company else False,
                "product_qty": 1.0,
                "bom_line_ids": [
                    Command.create({"product_id": self.component.id, "product_qty": 3})
                ],
            }
        )
        return self.env["pp.bom.line.alternative"].create(
            {"bom_line_id": bom.bom_line_ids.id, "product_id": substitute.id}
        )

    def _planned_order(self, company, job_order):
        """A production planned order of ``job_order`` with a phase, a
        material and a grouped need, made in ``company``."""
        workcenter = self.env["mrp.workcenter"].create(
            {
                "name": f"PP Saw {company.name}",
                "company_id": company.id,
                "resource_calendar_id": company.resource_calendar_id.id,
            }
        )
        order = (
            self.env["pp.planned.order"]
            .with_company(company)
            .create(
                {
                    "company_id": company.id,
                    "job_order_id": job_order.id,
                    "product_id": self.chair.id,
                    "product_qty": 4,
                    "date_start": "2027-03-03 08:00:00",
                    "date_end": "2027-03-05 16:00:00",
                    "operation_ids": [
                        Command.create({"name": "Saw", "workcenter_id": workcenter.id})
                    ],
                    "material_ids": [
                        Command.create(
                            {"product_id": self.component.id, "product_qty": 8}
                        )
                    ],
                    "grouping_ids": [
                        Command.create({"job_order_id": job_order.id, "product_qty": 4})
                    ],
                }
            )
        )
        self.assertEqual(order.warehouse_id.company_id, company)
        return order

    def _planned_orders(self):
        return (
            self._planned_order(self.company, self._create_job_order(self.chair)),
            self._planned_order(self.company_b, self._job_order_b()),
        )

    def _wizards(self, model, user, **vals):
        """A wizard of company A and one of company B, both made by ``user``."""
        wizards = self.env[model].with_user(user)
        own = wizards.create(dict(vals))
        foreign = (
            wizards.sudo()
            .with_company(self.company_b)
            .create(dict(vals, company_id=self.company_b.id))
        )
        # Both were created by the user: only the company keeps them apart.
        self.assertEqual((own | foreign).create_uid, user)
        return own, foreign

    # ------------------------------------------------------------------
    # One test per rule
    # ------------------------------------------------------------------
    def test_job_orders(self):
        self._assert_kept_apart(
            "pp.job.order", self._create_job_order(self.chair), self._job_order_b()
        )

    def test_job_order_lines(self):
        self._assert_kept_apart(
            "pp.job.order.line",
            self._create_job_order(self.chair).line_ids,
            self._job_order_b().line_ids,
        )

    def test_job_order_types(self):
        type_b = self.env["pp.job.order.type"].search(
            [("company_id", "=", self.company_b.id)]
        )
        self.assertEqual(type_b, self.company_b.pp_default_job_order_type_id)
        self._assert_kept_apart("pp.job.order.type", self.job_type_mono, type_b)

    def test_workcenter_capacity_exceptions(self):
        workcenters = self.env["mrp.workcenter"].create(
            [
                {"name": "PP Press A", "company_id": self.company.id},
                {
                    "name": "PP Press B",
                    "company_id": self.company_b.id,
                    "resource_calendar_id": self.company_b.resource_calendar_id.id,
                },
            ]
        )
        exceptions = self.env["pp.workcenter.capacity"].create(
            [
                {"workcenter_id": wc.id, "date": "2027-03-06", "hours": 4}
                for wc in workcenters
            ]
        )
        self._assert_kept_apart("pp.workcenter.capacity", *exceptions)

    def test_procurement_priorities(self):
        priorities = self.env["pp.procurement.priority"].create(
            [
                {"name": "PP Rush A", "company_id": self.company.id},
                {"name": "PP Rush B", "company_id": self.company_b.id},
            ]
        )
        self._assert_kept_apart("pp.procurement.priority", *priorities)

    def test_forecasts(self):
        self._assert_kept_apart(
            "pp.forecast", self._forecast(self.company), self._forecast(self.company_b)
        )

    def test_forecast_lines(self):
        self._assert_kept_apart(
            "pp.forecast.line",
            self._forecast(self.company).line_ids,
            self._forecast(self.company_b).line_ids,
        )

    def test_planning_runs(self):
        self._assert_kept_apart(
            "pp.planning.run", self._run(self.company), self._run(self.company_b)
        )

    def test_planning_run_logs(self):
        self._assert_kept_apart(
            "pp.planning.run.log",
            self._run(self.company).log_ids,
            self._run(self.company_b).log_ids,
        )

    def test_bom_line_alternatives(self):
        self._assert_kept_apart(
            "pp.bom.line.alternative",
            self._alternative(self.company),
            self._alternative(self.company_b),
        )

    def test_shared_bom_line_alternative_is_readable(self):
        shared = self._alternative(False)
        self.assertFalse(shared.company_id)
        records = self.planner_env["pp.bom.line.alternative"]
        self.assertEqual(records.search([("id", "=", shared.id)]).ids, shared.ids)
        self.assertEqual(
            records.browse(shared.id).read(["ratio"]), [{"id": shared.id, "ratio": 1}]
        )

    def test_planned_orders(self):
        self._assert_kept_apart("pp.planned.order", *self._planned_orders())

    def test_planned_order_materials(self):
        own, foreign = self._planned_orders()
        self._assert_kept_apart(
            "pp.planned.order.material", own.material_ids, foreign.material_ids
        )

    def test_planned_order_phases(self):
        own, foreign = self._planned_orders()
        self._assert_kept_apart(
            "pp.planned.order.operation", own.operation_ids, foreign.operation_ids
        )

    def test_planned_order_grouped_needs(self):
        own, foreign = self._planned_orders()
        self._assert_kept_apart(
            "pp.planned.order.grouping", own.grouping_ids, foreign.grouping_ids
        )

    def test_general_planning_wizards(self):
        self._assert_kept_apart(
            "pp.general.planning",
            *self._wizards("pp.general.planning", self.planner),
        )

    def test_release_wizards(self):
        self._assert_kept_apart(
            "pp.planned.order.release",
            *self._wizards("pp.planned.order.release", self.planner),
        )

    def test_restore_wizards(self):
        self._assert_kept_apart(
            "pp.planned.order.restore",
            *self._wizards("pp.planned.order.restore", self.planning_manager),
            user=self.planning_manager,
        )

    def test_planning_settings(self):
        self._assert_kept_apart(
            "pp.planning.settings",
            *self._wizards("pp.planning.settings", self.planning_manager),
            user=self.planning_manager,
        )

    def test_generation_wizards(self):
        """Even his own wizard of company B is hidden from a planner of A only."""
        wizard_model = self.env["pp.job.order.generate"]
        own = wizard_model.with_user(self.planner).create(
            {"use_forecasts": False, "use_safety_stock": False}
        )
        foreign = (
            wizard_model.with_user(self.planner)
            .sudo()
            .with_company(self.company_b)
            .create(
                {
                    "company_id": self.company_b.id,
                    "use_forecasts": False,
                    "use_safety_stock": False,
                }
            )
        )
        # Both were created by the planner: only the company keeps them apart.
        self.assertEqual(own.create_uid, self.planner)
        self.assertEqual(foreign.create_uid, self.planner)
        self._assert_kept_apart("pp.job.order.generate", own, foreign)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestNumberingPerType(PlanningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sequences = cls.env["ir.sequence"].create(
            [
                {
                    "name": "PP Prototypes",
                    "implementation": "no_gap",
                    "prefix": "PROTO/",
                    "padding": 3,
                    "number_next": 1,
                    "company_id": cls.company.id,
                },
                {
                    "name": "PP Repairs",
                    "implementation": "no_gap",
                    "prefix": "REP/%(year)s/",
                    "padding": 4,
                    "number_next": 41,
                    "company_id": cls.company.id,
                },
            ]
        )
        cls.type_proto, cls.type_repair = cls.env["pp.job.order.type"].create(
            [
                {"name": "PP Prototypes", "sequence_id": sequences[0].id},
                {"name": "PP Repairs", "sequence_id": sequences[1].id},
            ]
        )

    def _vals(self, job_type):
        return {
            "type_id": job_type.id,
            "warehouse_id": self.warehouse.id,
            "date_deadline": days(10),
            "line_ids": [Command.create({"product_id": self.chair.id})],
        }

    def test_each_type_numbers_with_its_own_sequence(self):
        first = self.env["pp.job.order"].create(self._vals(self.type_proto))
        second = self.env["pp.job.order"].create(self._vals(self.type_repair))
        # One create() with both types mixed: each vals takes its type's number.
        batch = self.env["pp.job.order"].create(
            [
                self._vals(self.type_repair),
                self._vals(self.type_proto),
                self._vals(self.type_proto),
                self._vals(self.type_repair),
            ]
        )
        self.assertEqual(
            (first | second | batch).mapped("name"),
            [
                "PROTO/001",
                "REP/2027/0041",
                "REP/2027/0042",
                "PROTO/002",
                "PROTO/003",
                "REP/2027/0043",
            ],
        )
        self.assertEqual(
            (first | second | batch).mapped("type_id"),
            self.type_proto | self.type_repair,
        )

    def test_default_type_numbers_with_its_sequence(self):
        """Without a type the company's default type and its sequence are used."""
        self.company.pp_default_job_order_type_id = self.type_repair
        vals = self._vals(self.type_repair)
        del vals["type_id"]
        job_order = self.env["pp.job.order"].create(vals)
        self.assertEqual(job_order.type_id, self.type_repair)
        self.assertEqual(job_order.name, "REP/2027/0041")

    def test_a_given_number_is_kept(self):
        job_order = self.env["pp.job.order"].create(
            dict(self._vals(self.type_proto), name="PP-HAND-1")
        )
        self.assertEqual(job_order.name, "PP-HAND-1")
        # The type's sequence was not consumed.
        self.assertEqual(
            self.env["pp.job.order"].create(self._vals(self.type_proto)).name,
            "PROTO/001",
        )
