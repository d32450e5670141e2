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


def dt(text):
    """A naive UTC datetime from ISO text."""
    return datetime.fromisoformat(text)


class DeskPlanningCommon(PlanningCommon):
    """A desk made of 4 legs (turned from bars) and a top, for planning.

    Subclasses freeze the time at ``TODAY`` themselves (freezegun's class
    decorator on a base class would run the base's class set-up, not theirs).

    Every calendar works Monday to Friday 08:00-12:00 and 13:00-17:00 UTC; today
    is Monday 2027-03-01. A desk is assembled on work center Assembly (30 min
    setup + 60 min per desk), a leg turned on Lathe (60 min per leg); tops are
    bought in 2 days, bars in 3 (1 of which shipping).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = "UTC"
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "PP Two Shifts UTC",
                "tz": "UTC",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"{day} {start}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": "morning" if start < 12 else "afternoon",
                        }
                    )
                    for day in range(5)
                    for start, end in ((8, 12), (13, 17))
                ],
            }
        )
        cls.company.resource_calendar_id = cls.calendar
        cls.assembly = cls.env["mrp.workcenter"].create(
            {
                "name": "PP Assembly",
                "resource_calendar_id": cls.calendar.id,
                "time_start": 30,
            }
        )
        cls.lathe = cls.env["mrp.workcenter"].create(
            {"name": "PP Lathe", "resource_calendar_id": cls.calendar.id}
        )
        cls.lathe_2 = cls.env["mrp.workcenter"].create(
            {"name": "PP Lathe 2", "resource_calendar_id": cls.calendar.id}
        )
        cls.bar = cls._create_product(
            "PP Bar",
            routes=cls.route_buy,
            sellers=[
                {
                    "partner_id": cls.vendor.id,
                    "delay": 3,
                    "pp_shipping_days": 1,
                    "price": 1.0,
                }
            ],
        )
        cls.top = cls._create_product(
            "PP Top",
            routes=cls.route_buy,
            sellers=[{"partner_id": cls.vendor.id, "delay": 2, "price": 9.0}],
        )
        cls.leg = cls._create_product("PP Leg")
        cls.desk = cls._create_product("PP Desk")
        cls.leg_bom = cls._create_bom(cls.leg, [(cls.bar, 1)], cls.lathe, "Turn", 0)
        cls.desk_bom = cls._create_bom(
            cls.desk, [(cls.leg, 4), (cls.top, 1)], cls.assembly, "Assemble", 0
        )

    @classmethod
    def _create_bom(cls, product, lines, workcenter, operation, delay):
        return cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "product_qty": 1,
                "produce_delay": delay,
                "operation_ids": [
                    Command.create(
                        {
                            "name": operation,
                            "workcenter_id": workcenter.id,
                            "time_mode": "manual",
                            "time_cycle_manual": 60,
                        }
                    )
                ],
                "bom_line_ids": [
                    Command.create({"product_id": comp.id, "product_qty": qty})
                    for comp, qty in lines
                ],
            }
        )

    def _job(self, qty=2, deadline=date(2027, 3, 8), **vals):
        return self._create_job_order(self.desk, qty=qty, deadline=deadline, **vals)

    def _plan(self, job_orders, **params):
        params = {"job_order_ids": job_orders.ids, **params}
        return self.env["pp.job.order.planning"].plan(params)

    def _orders(self, job_orders, product=None):
        domain = [("job_order_id", "in", job_orders.ids)]
        if product:
            domain.append(("product_id", "=", product.id))
        return self.env["pp.planned.order"].search(domain, order="level, id")

    def _dates(self, orders):
        return [
            (order.product_id.name, order.product_qty, order.date_start, order.date_end)
            for order in orders.sorted(lambda o: (o.level, o.product_id.name))
        ]
