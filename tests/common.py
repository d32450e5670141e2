# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime, time, timedelta

from odoo import Command
from odoo.tests import Form, TransactionCase

# Every dated test runs on this Monday.
TODAY = date(2027, 3, 1)


def days(count):
    """Return the date ``count`` days after the frozen today."""
    return TODAY + timedelta(days=count)


class PlanningCommon(TransactionCase):
    """Shared factory: a warehouse, customers, a produced and a bought item."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.route_manufacture = cls.env.ref("mrp.route_warehouse0_manufacture")
        cls.route_buy = cls.env.ref("purchase_stock.route_warehouse0_buy")
        cls.uom_unit = cls.env.ref("uom.product_uom_unit")
        cls.uom_dozen = cls.env.ref("uom.product_uom_dozen")
        cls.customer_a = cls.env["res.partner"].create({"name": "PP Customer A"})
        cls.customer_b = cls.env["res.partner"].create({"name": "PP Customer B"})
        cls.vendor = cls.env["res.partner"].create({"name": "PP Vendor"})
        cls.component = cls._create_product(
            "PP Steel Tube",
            routes=cls.route_buy,
            sellers=[{"partner_id": cls.vendor.id, "delay": 5, "price": 2.0}],
        )
        cls.chair = cls._create_product(
            "PP Chair",
            generate=True,
            policy="job_order",
            bom_components=[cls.component],
        )
        cls.table = cls._create_product(
            "PP Table",
            generate=True,
            policy="job_order",
            bom_components=[cls.component],
        )
        cls.job_type_mono = cls.env.ref(
            "production_planning.pp_job_order_type_standard"
        )
        cls.job_type_multi = cls.env.ref("production_planning.pp_job_order_type_multi")

    @classmethod
    def _create_product(
        cls,
        name,
        generate=False,
        policy="none",
        routes=None,
        bom_components=None,
        sellers=None,
        **extra,
    ):
        vals = {
            "name": name,
            "type": "consu",
            "is_storable": True,
            "pp_generate_job_orders": generate,
            "pp_planning_policy": policy,
            "route_ids": [Command.set((routes or cls.route_manufacture).ids)],
            "seller_ids": [Command.create(seller) for seller in sellers or []],
        }
        vals.update(extra)
        product = cls.env["product.product"].create(vals)
        if bom_components:
            cls.env["mrp.bom"].create(
                {
                    "product_tmpl_id": product.product_tmpl_id.id,
                    "product_qty": 1.0,
                    "produce_delay": 3,
                    "bom_line_ids": [
                        Command.create({"product_id": comp.id, "product_qty": 2.0})
                        for comp in bom_components
                    ],
                }
            )
        return product

    @classmethod
    def _create_sale(
        cls, partner, lines, confirm=True, commitment=None, warehouse=None
    ):
        """Create a sale order; ``lines`` is a list of ``(product, qty)``."""
        vals = {
            "partner_id": partner.id,
            "order_line": [
                Command.create({"product_id": product.id, "product_uom_qty": qty})
                for product, qty in lines
            ],
        }
        if commitment:
            vals["commitment_date"] = datetime.combine(commitment, time(12, 0))
        if warehouse:
            vals["warehouse_id"] = warehouse.id
        order = cls.env["sale.order"].create(vals)
        if confirm:
            order.action_confirm()
        return order

    @classmethod
    def _set_stock(cls, product, quantity, location=None):
        cls.env["stock.quant"]._update_available_quantity(
            product, location or cls.stock_location, quantity
        )

    def _wizard(self, **params):
        """A generation wizard limited to sale lines unless told otherwise."""
        vals = {
            "use_sales": True,
            "use_forecasts": False,
            "use_safety_stock": False,
            "round_lot": False,
            "round_multiple": False,
        }
        vals.update(params)
        return self.env["pp.job.order.generate"].create(vals)

    def _load(self, **params):
        wizard = self._wizard(**params)
        wizard.action_load()
        return wizard

    def _candidates(self, wizard, products=None):
        """Candidate lines of the test's own products (demo data may add more)."""
        products = products or (self.chair | self.table)
        return wizard.line_ids.filtered(lambda line: line.product_id in products)

    def _keep_only(self, wizard, products=None):
        """Deselect every candidate that is not about ``products``."""
        products = products or (self.chair | self.table)
        (wizard.line_ids - self._candidates(wizard, products)).selected = False

    def _generate(self, products=None, **params):
        wizard = self._load(**params)
        self._keep_only(wizard, products)
        wizard.action_generate()
        return wizard

    def _create_job_order(self, product, qty=5.0, deadline=None, **vals):
        values = {
            "type_id": self.job_type_mono.id,
            "warehouse_id": self.warehouse.id,
            "date_deadline": deadline or days(10),
            "line_ids": [
                Command.create({"product_id": product.id, "product_qty": qty})
            ],
        }
        values.update(vals)
        return self.env["pp.job.order"].create(values)

    def _form(self, record_or_model, view=None):
        return Form(record_or_model, view=view)
