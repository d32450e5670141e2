# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The generation wizard offers only the groupings the job order structure
allows."""

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
