# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The seeded factory of ``bench/blueprint.py``, created in an Odoo database.

Builds, in a database where ``production_planning`` is installed, the factory
a :class:`~blueprint.Blueprint` draws: calendars, work centers, vendors, items
with routes and vendor lines, BOMs with routings, stock on hand; then job
orders or confirmed sale orders of its demand streams; for the MRP benchmark,
the blueprint's MRP lot settings and a demand of confirmed sale orders (their
confirmed outgoing moves are what OCA's MRP reads). Records are created with
``create()`` on lists (one call per model), never one by one.

Use from a script that has an Odoo environment::

    from factory import Factory
    factory = Factory(env, seed=42, items=700, levels=5).build()
    factory.make_job_orders(1000)
"""

from collections import defaultdict
from datetime import timedelta

from blueprint import SHIFTS, Blueprint

from odoo import Command, fields

PREFIX = "BENCH"


class Factory:
    """A blueprint's factory in Odoo; ``build()`` creates it, ``make_*`` add demand."""

    def __init__(self, env, seed=42, items=700, levels=5, **sizes):
        self.env = env
        self.blueprint = Blueprint(seed=seed, items=items, levels=levels, **sizes)
        self.company = env.company
        self.warehouse = env["stock.warehouse"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        self.products = env["product.product"]
        self.workcenters = env["mrp.workcenter"]

    # ------------------------------------------------------------------
    def build(self):
        """Create calendars, work centers, partners, items, BOMs and stock."""
        env = self.env
        plan = self.blueprint
        calendars = env["resource.calendar"].create(
            [
                {
                    "name": f"{PREFIX} {name}",
                    "tz": "UTC",
                    "attendance_ids": [
                        Command.create(
                            {
                                "name": f"{day}/{start}",
                                "dayofweek": str(day),
                                "hour_from": start,
                                "hour_to": end,
                                "day_period": "morning" if start < 12 else "afternoon",
                            }
                        )
                        for day in range(5)
                        for start, end in shifts
                    ],
                }
                for name, shifts in SHIFTS.items()
            ]
        )
        calendar_of = dict(zip(SHIFTS, calendars, strict=True))
        self.workcenters = env["mrp.workcenter"].create(
            [
                {
                    "name": f"{PREFIX} WC {index:02d}",
                    "code": f"B{index:02d}",
                    "resource_calendar_id": calendar_of[spec.calendar].id,
                    "time_start": spec.time_start,
                    "time_stop": spec.time_stop,
                    "time_efficiency": spec.efficiency,
                    "costs_hour": spec.cost,
                }
                for index, spec in enumerate(plan.workcenters)
            ]
        )
        for spec, workcenter in zip(plan.workcenters, self.workcenters, strict=True):
            if spec.alternative is not None:
                workcenter.alternative_workcenter_ids = self.workcenters[
                    spec.alternative
                ]
        vendors = env["res.partner"].create(
            [
                {"name": f"{PREFIX} Vendor {index:02d}", "is_company": True}
                for index in range(plan.vendor_count)
            ]
        )
        self._create_items(vendors)
        self._create_boms()
        self._create_stock()
        env.flush_all()
        return self

    def _create_items(self, vendors):
        env = self.env
        manufacture = env.ref("mrp.route_warehouse0_manufacture")
        buy = env.ref("purchase_stock.route_warehouse0_buy")
        vals_list = []
        for spec in self.blueprint.items:
            vals = {
                "name": f"{PREFIX} {spec.name}",
                "default_code": spec.code,
                "type": "consu",
                "is_storable": True,
                "standard_price": spec.standard_price,
                "route_ids": [Command.set((buy if spec.bought else manufacture).ids)],
                "pp_planning_policy": "job_order" if spec.level == 0 else "none",
            }
            if spec.bought:
                vals["seller_ids"] = [
                    Command.create(
                        {
                            "partner_id": vendors[spec.vendor].id,
                            "delay": spec.delay,
                            "min_qty": spec.min_qty,
                            "price": spec.price,
                        }
                    )
                ]
            else:
                vals["pp_economic_lot"] = spec.economic_lot
            vals_list.append(vals)
        self.products = env["product.product"].create(vals_list)

    def _create_boms(self):
        products = self.products
        self.env["mrp.bom"].create(
            [
                {
                    "product_tmpl_id": products[bom.item].product_tmpl_id.id,
                    "product_qty": 1,
                    "produce_delay": bom.produce_delay,
                    "bom_line_ids": [
                        Command.create(
                            {"product_id": products[item].id, "product_qty": quantity}
                        )
                        for item, quantity in bom.lines
                    ],
                    "operation_ids": [
                        Command.create(
                            {
                                "name": f"Op {sequence}",
                                "sequence": sequence,
                                "workcenter_id": self.workcenters[workcenter].id,
                                "time_mode": "manual",
                                "time_cycle_manual": cycle,
                            }
                        )
                        for sequence, workcenter, cycle in bom.operations
                    ],
                }
                for bom in self.blueprint.boms
            ]
        )

    def _create_stock(self):
        location = self.warehouse.lot_stock_id
        quants = [
            {
                "product_id": self.products[item].id,
                "location_id": location.id,
                "inventory_quantity": quantity,
            }
            for item, quantity in self.blueprint.stock
        ]
        self.env["stock.quant"].with_context(inventory_mode=True).create(
            quants
        ).action_apply_inventory()

    # ------------------------------------------------------------------
    def make_job_orders(self, count, horizon_days=120):
        """``count`` mono job orders of the blueprint's job order stream."""
        today = fields.Date.context_today(self.env["pp.job.order"])
        job_type = self.env.ref("production_planning.pp_job_order_type_standard")
        return self.env["pp.job.order"].create(
            [
                {
                    "type_id": job_type.id,
                    "warehouse_id": self.warehouse.id,
                    "date_deadline": today + timedelta(days=demand.due_days),
                    "description": f"{PREFIX} job order {index}",
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.products[demand.item].id,
                                "product_qty": demand.quantity,
                            }
                        )
                    ],
                }
                for index, demand in enumerate(
                    self.blueprint.job_orders(count, horizon_days)
                )
            ]
        )

    def make_sale_orders(self, count, lines=(1, 5), horizon_days=120):
        """``count`` confirmed sale orders of the blueprint's sale order stream."""
        customer = self.env["res.partner"].create({"name": f"{PREFIX} Customer"})
        now = fields.Datetime.now()
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": customer.id,
                    "warehouse_id": self.warehouse.id,
                    "commitment_date": now + timedelta(days=demands[0].due_days),
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.products[demand.item].id,
                                "product_uom_qty": demand.quantity,
                            }
                        )
                        for demand in demands
                    ],
                }
                for demands in self.blueprint.sale_orders(count, lines, horizon_days)
            ]
        )
        orders.action_confirm()
        return orders

    # ------------------------------------------------------------------
    def apply_mrp_settings(self, policy="mrp"):
        """The blueprint's MRP lot settings on the items and their vendor lines
        (the multiple of a bought item goes on its vendor line), every item
        planned by ``policy``. One ``write()`` per set of equal values."""
        templates = defaultdict(lambda: self.env["product.template"])
        sellers = defaultdict(lambda: self.env["product.supplierinfo"])
        settings = self.blueprint.mrp_settings()
        for spec, item, product in zip(
            settings, self.blueprint.items, self.products, strict=True
        ):
            vals = {
                "pp_planning_policy": policy,
                "pp_min_stock": spec.min_stock,
                "pp_maximum_lot": spec.max_lot,
                "pp_grouping_days": spec.grouping_days,
            }
            if not item.bought:
                vals["pp_lot_multiple"] = spec.lot_multiple
            elif spec.lot_multiple:
                sellers[spec.lot_multiple] |= product.seller_ids
            templates[tuple(sorted(vals.items()))] |= product.product_tmpl_id
        for vals, records in templates.items():
            records.write(dict(vals))
        for multiple, records in sellers.items():
            records.write({"pp_lot_multiple": multiple})
        self.env.flush_all()
        return settings

    def make_mrp_demand(self, count, lines=(1, 5), horizon_days=120, chunk=500):
        """Confirmed sale orders of ``count`` lines in all (the blueprint's MRP
        demand stream), each due on its commitment date; confirmed ``chunk``
        orders at a time. Odoo makes their outgoing moves (make to stock)."""
        env = self.env(
            context=dict(self.env.context, tracking_disable=True, mail_notrack=True)
        )
        customer = env["res.partner"].create({"name": f"{PREFIX} MRP Customer"})
        now = fields.Datetime.now()
        specs = self.blueprint.mrp_demand(count, lines, horizon_days)
        order_ids = []
        for start in range(0, len(specs), chunk):
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": customer.id,
                        "warehouse_id": self.warehouse.id,
                        "commitment_date": now + timedelta(days=due_days),
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": self.products[demand.item].id,
                                    "product_uom_qty": demand.quantity,
                                }
                            )
                            for demand in demands
                        ],
                    }
                    for due_days, demands in specs[start : start + chunk]
                ]
            )
            orders.action_confirm()
            env.flush_all()
            order_ids += orders.ids
            env.invalidate_all()
        return env["sale.order"].browse(order_ids)
