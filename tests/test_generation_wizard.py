# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The generation wizard offers only the groupings the job order structure
allows and shows every quantity with its unit."""

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import PlanningCommon


@tagged("post_install", "-at_install")
class TestGroupingChoices(PlanningCommon):
    def test_multi_product_is_not_offered_grouping_by_item(self):
        wizard = self._wizard(job_type="multi", grouping="customer")
        self.assertEqual(
            wizard.allowed_groupings.split(","),
            ["customer", "project", "customer_project", "none"],
        )
        wizard.job_type = "mono"
        self.assertEqual(wizard.allowed_groupings.split(","), ["item", "none"])

    def test_switching_to_multi_product_leaves_grouping_by_item(self):
        form = Form(self.env["pp.job.order.generate"])
        form.job_type = "mono"
        form.grouping = "item"
        form.job_type = "multi"
        self.assertEqual(form.grouping, "customer")
        self.assertNotIn("item", form.allowed_groupings.split(","))
        form.grouping = "none"
        form.job_type = "mono"
        self.assertEqual(form.grouping, "none")

    def test_multi_refuses_item_grouping(self):
        with self.assertRaisesRegex(
            UserError,
            r"^Multi-product job orders group by customer, project, both or not at "
            r"all\.$",
        ):
            self._load(job_type="multi", grouping="item")

    def test_wizard_choices_and_procedure_check_agree(self):
        procedure = self.env["pp.job.order.generation"]
        wizard = self._wizard()
        groupings = [value for value, _label in wizard._fields["grouping"].selection]
        for job_type, _label in wizard._fields["job_type"].selection:
            wizard.job_type = job_type
            allowed = wizard.allowed_groupings.split(",")
            for grouping in groupings:
                with self.subTest(job_type=job_type, grouping=grouping):
                    if grouping in allowed:
                        procedure._check_grouping(job_type, grouping)
                    else:
                        with self.assertRaises(UserError):
                            procedure._check_grouping(job_type, grouping)
        # A company default the structure does not allow falls back on one it
        # allows.
        for job_type, grouping in (("mono", "customer"), ("multi", "item")):
            self.company.write(
                {"pp_default_job_type": job_type, "pp_default_grouping": grouping}
            )
            defaults = procedure._default_parameters(self.company)
            wizard.job_type = job_type
            self.assertIn(defaults["grouping"], wizard.allowed_groupings.split(","))


@tagged("post_install", "-at_install")
class TestQuantitiesWithUnits(PlanningCommon):
    """Every quantity the wizard shows is in the item's unit: the unit is shown,
    also to users who do not manage several units of measure."""

    def setUp(self):
        super().setUp()
        self.env.user.groups_id -= self.env.ref("uom.group_uom")

    def _arch(self, model, view=False):
        views = self.env[model].get_views([(view, "form")])
        return etree.fromstring(views["views"]["form"]["arch"])

    def test_every_candidate_list_shows_the_unit(self):
        arch = self._arch("pp.job.order.generate")
        for name in (
            "sale_line_ids",
            "forecast_line_ids",
            "stock_line_ids",
            "summary_line_ids",
        ):
            with self.subTest(list=name):
                columns = arch.xpath(f"//field[@name='{name}']/list/field/@name")
                self.assertIn("product_uom_id", columns)

    def test_day_by_day_detail_shows_each_quantity_with_its_unit(self):
        view = self.env.ref(
            "production_planning.pp_job_order_generate_line_view_days_form"
        )
        arch = self._arch("pp.job.order.generate.line", view.id)
        for name in (
            "on_hand",
            "average_daily_usage",
            "min_stock",
            "reorder_level",
            "minimum_available",
            "product_qty",
        ):
            with self.subTest(quantity=name):
                row = arch.xpath(f"//sheet//field[@name='{name}']/..")[0]
                self.assertEqual(row.xpath("./field/@name"), [name, "product_uom_id"])
        columns = arch.xpath("//field[@name='day_ids']/list/field/@name")
        self.assertIn("product_uom_id", columns)
