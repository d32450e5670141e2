# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The generation summary previews the job orders to make; the wizard offers
only the groupings the job order structure allows and shows every quantity with
its unit."""

from freezegun import freeze_time
from lxml import etree, html

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import format_date

from .common import TODAY, PlanningCommon, days


def _text(node):
    return " ".join(node.text_content().split())


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestGenerationSummary(PlanningCommon):
    """Customer A orders 5 chairs and a table for day 14 and 2 dozen chairs for
    day 21; customer B 7 chairs for day 7 (chairs and tables are stocked in
    units)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_a = cls._create_sale(
            cls.customer_a, [(cls.chair, 5), (cls.table, 1)], commitment=days(14)
        )
        cls.order_b = cls._create_sale(
            cls.customer_b, [(cls.chair, 7)], commitment=days(7)
        )
        cls.order_c = cls._create_sale(
            cls.customer_a, [(cls.chair, 2)], commitment=days(21), confirm=False
        )
        cls.order_c.order_line.product_uom = cls.uom_dozen
        cls.order_c.action_confirm()

    def _summary(self, **params):
        wizard = self._load(**params)
        self._keep_only(wizard)
        wizard.action_summary()
        return wizard

    def _preview(self, wizard):
        """The summary as ``[(header, [(item, documents, date, demand, to make)])]``
        and the skipped lines as ``[(item, documents, reason)]``."""
        root = html.fromstring(wizard.summary_html)
        job_orders = []
        for block in root.xpath("//div[contains(@class, 'o_pp_summary_job_order')]"):
            header, *rows = block.xpath(".//tr")
            job_orders.append(
                (
                    tuple(_text(span) for span in header.xpath(".//span")),
                    [tuple(_text(cell) for cell in row.xpath("./td")) for row in rows],
                )
            )
        skipped = [
            tuple(_text(cell) for cell in row.xpath("./td"))
            for row in root.xpath(
                "//div[contains(@class, 'o_pp_summary_skipped')]//tr[td]"
            )
        ]
        return job_orders, skipped

    def _header(self, title, partner, day):
        return (
            title,
            f"Customer: {partner.display_name if partner else '—'}",
            f"Production Site: {self.warehouse.display_name}",
            f"Ready-Goods Date: {format_date(self.env, day)}",
        )

    def _row(self, product, order, day, demand, to_make=None):
        return (
            product.display_name,
            order.name,
            format_date(self.env, day),
            f"{demand:.2f} Units",
            f"{demand if to_make is None else to_make:.2f} Units",
        )

    def test_multi_by_customer_shows_each_job_order_with_its_lines(self):
        wizard = self._summary(
            job_type="multi", grouping="customer", type_id=self.job_type_multi.id
        )
        job_orders, skipped = self._preview(wizard)
        self.assertEqual(
            job_orders,
            [
                (
                    self._header("New job order 1", self.customer_b, days(7)),
                    [self._row(self.chair, self.order_b, days(7), 7)],
                ),
                (
                    self._header("New job order 2", self.customer_a, days(14)),
                    [
                        self._row(self.chair, self.order_a, days(14), 5),
                        self._row(self.table, self.order_a, days(14), 1),
                        # Two dozen, in the chair's unit.
                        self._row(self.chair, self.order_c, days(21), 24),
                    ],
                ),
            ],
        )
        self.assertEqual(skipped, [])
        # Nothing adds up the quantities of different items: the job order
        # rows carry no quantity at all.
        for header, _rows in job_orders:
            self.assertNotIn("Units", " ".join(header))
        # The preview is what the generation makes.
        wizard.action_generate()
        job_a = wizard.job_order_ids.filtered(lambda j: j.partner_id == self.customer_a)
        self.assertEqual(job_a.line_ids.mapped("product_qty"), [5, 1, 24])
        self.assertEqual(len(wizard.job_order_ids), 2)

    def test_mono_by_item_shows_the_rounded_total_of_each_item(self):
        self.chair.write({"pp_economic_lot": 20, "pp_lot_multiple": 15})
        wizard = self._summary(
            job_type="mono", grouping="item", round_lot=True, round_multiple=True
        )
        job_orders, _skipped = self._preview(wizard)
        orders = ", ".join((self.order_b | self.order_a | self.order_c).mapped("name"))
        chair_row = (
            self.chair.display_name,
            orders,
            format_date(self.env, days(7)),
            "36.00 Units",
            "45.00 Units",
        )
        self.assertEqual(
            job_orders,
            [
                (self._header("New job order 1", None, days(7)), [chair_row]),
                (
                    self._header("New job order 2", self.customer_a, days(14)),
                    [self._row(self.table, self.order_a, days(14), 1)],
                ),
            ],
        )
        wizard.action_generate()
        chair_job = wizard.job_order_ids.filtered(lambda j: j.product_id == self.chair)
        self.assertEqual(chair_job.product_qty, 45)

    def test_update_existing_shows_the_job_order_it_adds_to(self):
        chair_job = self._create_job_order(self.chair, qty=5, deadline=days(10))
        wizard = self._summary(job_type="mono", grouping="item", update_existing=True)
        job_orders, _skipped = self._preview(wizard)
        header, rows = job_orders[0]
        self.assertEqual(
            header,
            self._header(f"Updates {chair_job.display_name}", None, days(7)),
        )
        # What it needed (5) and the new demand (7 + 5 + 24).
        self.assertEqual(rows[0][3:], ("41.00 Units", "41.00 Units"))
        wizard.action_generate()
        self.assertEqual(chair_job.product_qty, 41)

    def test_a_line_that_cannot_be_made_is_shown_apart(self):
        wizard = self._load(job_type="multi", grouping="customer")
        self._keep_only(wizard)
        table_line = wizard.line_ids.filtered(
            lambda line: line.product_id == self.table
        )
        table_line.product_qty = 0
        wizard.action_summary()
        job_orders, skipped = self._preview(wizard)
        self.assertEqual(
            skipped,
            [
                (
                    self.table.display_name,
                    self.order_a.name,
                    "quantity 0.0 is not positive; line skipped.",
                )
            ],
        )
        self.assertNotIn(
            self.table.display_name, [row[0] for _h, rows in job_orders for row in rows]
        )

    def test_summary_follows_the_lines_changed_on_screen(self):
        wizard = self._summary(job_type="multi", grouping="customer")
        form = Form(wizard)
        self.assertEqual(len(self._preview(wizard)[0]), 2)
        index = next(
            index
            for index, line in enumerate(wizard.summary_line_ids)
            if line.sale_line_id == self.order_b.order_line
        )
        with form.summary_line_ids.edit(index) as line:
            line.selected = False
        root = html.fromstring(form.summary_html)
        bodies = root.xpath("//div[contains(@class, 'o_pp_summary_job_order')]")
        self.assertEqual(len(bodies), 1)
        self.assertIn(self.customer_a.display_name, _text(bodies[0]))

    def test_no_summary_before_the_summary_step(self):
        wizard = self._load(job_type="multi", grouping="customer")
        self.assertFalse(wizard.summary_html)


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
        offered, accepted = set(), set()
        for job_type, _label in wizard._fields["job_type"].selection:
            wizard.job_type = job_type
            offered |= {(job_type, g) for g in wizard.allowed_groupings.split(",")}
            for grouping in groupings:
                try:
                    procedure._check_grouping(job_type, grouping)
                except UserError:
                    continue
                accepted.add((job_type, grouping))
        self.assertEqual(offered, accepted)
        self.assertNotIn(("multi", "item"), offered)
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
        lists = (
            "sale_line_ids",
            "forecast_line_ids",
            "stock_line_ids",
            "summary_line_ids",
        )
        without_unit = [
            name
            for name in lists
            if "product_uom_id"
            not in arch.xpath(f"//field[@name='{name}']/list/field/@name")
        ]
        self.assertEqual(without_unit, [])

    def test_day_by_day_detail_shows_each_quantity_with_its_unit(self):
        view = self.env.ref(
            "production_planning.pp_job_order_generate_line_view_days_form"
        )
        arch = self._arch("pp.job.order.generate.line", view.id)
        quantities = (
            "on_hand",
            "average_daily_usage",
            "min_stock",
            "reorder_level",
            "minimum_available",
            "product_qty",
        )
        # Each quantity sits in a row with the unit beside it.
        self.assertEqual(
            {
                name: arch.xpath(f"//sheet//field[@name='{name}']/../field/@name")
                for name in quantities
            },
            {name: [name, "product_uom_id"] for name in quantities},
        )
        columns = arch.xpath("//field[@name='day_ids']/list/field/@name")
        self.assertIn("product_uom_id", columns)
