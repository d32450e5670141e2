# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Seeded factory generator shared by every benchmark.

Builds, in an Odoo database where ``production_planning`` is installed, a
factory of ``items`` items over ``levels`` BOM levels: finished items on level 0,
produced sub-assemblies below, bought materials at the bottom (and a share of
bought components on every level), one subcontracted item family; work centers
on one- and two-shift calendars; vendors and a subcontractor; stock on hand;
job orders on the finished items and, optionally, confirmed sale orders. The
same seed gives the same factory. Records are created with ``create()`` on
lists (one call per model and level), never one by one.

Use from a script that has an Odoo environment::

    from factory import Factory
    factory = Factory(env, seed=42, items=700, levels=5).build()
    factory.make_job_orders(1000)
"""

import random
from datetime import timedelta

from odoo import Command, fields

PREFIX = "BENCH"


class Factory:
    """A generated factory; ``build()`` creates it, the ``make_*`` add demand."""

    def __init__(
        self,
        env,
        seed=42,
        items=700,
        levels=5,
        components=(2, 3),
        bought_share=0.5,
        workcenters=12,
        operations=(1, 3),
        vendors=8,
    ):
        self.env = env
        self.random = random.Random(seed)  # noqa: S311 (seeded data, not secrets)
        self.item_count = items
        self.levels = levels
        self.components = components
        self.bought_share = bought_share
        self.workcenter_count = workcenters
        self.operations = operations
        self.vendor_count = vendors
        self.company = env.company
        self.warehouse = env["stock.warehouse"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        self.by_level = []
        self.bought = env["product.product"]
        self.workcenters = env["mrp.workcenter"]

    # ------------------------------------------------------------------
    def build(self):
        """Create calendars, work centers, partners, items, BOMs and stock."""
        env = self.env
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
                for name, shifts in (
                    ("One shift", ((8, 12), (13, 17))),
                    ("Two shifts", ((6, 12), (12.5, 22))),
                )
            ]
        )
        self.workcenters = env["mrp.workcenter"].create(
            [
                {
                    "name": f"{PREFIX} WC {index:02d}",
                    "code": f"B{index:02d}",
                    "resource_calendar_id": calendars[index % 2].id,
                    "time_start": self.random.choice((0, 10, 15, 30)),
                    "time_stop": self.random.choice((0, 5, 10)),
                    "time_efficiency": self.random.choice((80, 90, 100, 110)),
                    "costs_hour": self.random.randint(30, 90),
                }
                for index in range(self.workcenter_count)
            ]
        )
        for index, workcenter in enumerate(self.workcenters[1:], start=1):
            if index % 4 == 0:
                workcenter.alternative_workcenter_ids = self.workcenters[index - 1]
        vendors = env["res.partner"].create(
            [
                {"name": f"{PREFIX} Vendor {index:02d}", "is_company": True}
                for index in range(self.vendor_count)
            ]
        )
        self._create_items(vendors)
        self._create_boms()
        self._create_stock()
        env.flush_all()
        return self

    def _level_sizes(self):
        """Items per level: the finished level smallest, the bottom largest."""
        weights = [1 + level for level in range(self.levels)]
        total = sum(weights)
        sizes = [max(1, self.item_count * weight // total) for weight in weights]
        sizes[-1] += self.item_count - sum(sizes)
        return sizes

    def _create_items(self, vendors):
        env = self.env
        manufacture = env.ref("mrp.route_warehouse0_manufacture")
        buy = env.ref("purchase_stock.route_warehouse0_buy")
        rand = self.random
        vals_list = []
        kinds = []
        for level, size in enumerate(self._level_sizes()):
            for index in range(size):
                bottom = level == self.levels - 1
                bought = bottom or (level > 0 and rand.random() < self.bought_share / 2)
                kinds.append((level, bought))
                vals = {
                    "name": f"{PREFIX} L{level} {'M' if bought else 'P'}{index:04d}",
                    "default_code": f"B{level}{index:04d}",
                    "type": "consu",
                    "is_storable": True,
                    "standard_price": rand.randint(1, 200),
                    "route_ids": [Command.set((buy if bought else manufacture).ids)],
                    "pp_planning_policy": "job_order" if level == 0 else "none",
                }
                if bought:
                    vals["seller_ids"] = [
                        Command.create(
                            {
                                "partner_id": rand.choice(vendors).id,
                                "delay": rand.randint(2, 15),
                                "min_qty": rand.choice((0, 0, 10, 50)),
                                "price": rand.randint(1, 100),
                            }
                        )
                    ]
                else:
                    vals["pp_economic_lot"] = rand.choice((0, 0, 5, 10))
                vals_list.append(vals)
        products = env["product.product"].create(vals_list)
        self.by_level = [env["product.product"] for _level in range(self.levels)]
        for product, (level, bought) in zip(products, kinds, strict=True):
            self.by_level[level] |= product
            if bought:
                self.bought |= product

    def _create_boms(self):
        env = self.env
        rand = self.random
        vals_list = []
        for level in range(self.levels - 1):
            below = self.by_level[level + 1]
            further = self.env["product.product"].concat(*self.by_level[level + 1 :])
            for product in self.by_level[level] - self.bought:
                count = rand.randint(*self.components)
                # Mostly from the next level, sometimes deeper (shared parts).
                chosen = rand.sample(list(below), min(count, len(below)))
                if level + 2 < self.levels and rand.random() < 0.3:
                    chosen.append(rand.choice(list(further)))
                operations = rand.randint(*self.operations)
                vals_list.append(
                    {
                        "product_tmpl_id": product.product_tmpl_id.id,
                        "product_qty": 1,
                        "produce_delay": rand.randint(1, 5),
                        "bom_line_ids": [
                            Command.create(
                                {
                                    "product_id": component.id,
                                    "product_qty": rand.choice((1, 1, 2, 4)),
                                }
                            )
                            for component in dict.fromkeys(chosen)
                        ],
                        "operation_ids": [
                            Command.create(
                                {
                                    "name": f"Op {step * 10}",
                                    "sequence": step * 10,
                                    "workcenter_id": rand.choice(self.workcenters).id,
                                    "time_mode": "manual",
                                    "time_cycle_manual": rand.choice(
                                        (5, 10, 15, 30, 60)
                                    ),
                                }
                            )
                            for step in range(1, operations + 1)
                        ],
                    }
                )
        env["mrp.bom"].create(vals_list)

    def _create_stock(self):
        location = self.warehouse.lot_stock_id
        quants = [
            {
                "product_id": product.id,
                "location_id": location.id,
                "inventory_quantity": self.random.randint(0, 200),
            }
            for product in self.bought
            if self.random.random() < 0.6
        ]
        self.env["stock.quant"].with_context(inventory_mode=True).create(
            quants
        ).action_apply_inventory()

    # ------------------------------------------------------------------
    def make_job_orders(self, count, horizon_days=120):
        """``count`` mono job orders on finished items, due over the horizon."""
        rand = self.random
        today = fields.Date.context_today(self.env["pp.job.order"])
        finished = list(self.by_level[0])
        job_type = self.env.ref("production_planning.pp_job_order_type_standard")
        return self.env["pp.job.order"].create(
            [
                {
                    "type_id": job_type.id,
                    "warehouse_id": self.warehouse.id,
                    "date_deadline": today
                    + timedelta(days=rand.randint(10, horizon_days)),
                    "description": f"{PREFIX} job order {index}",
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": rand.choice(finished).id,
                                "product_qty": rand.randint(1, 20),
                            }
                        )
                    ],
                }
                for index in range(count)
            ]
        )

    def make_sale_orders(self, count, lines=(1, 5), horizon_days=120):
        """``count`` confirmed sale orders of finished items to one customer."""
        rand = self.random
        customer = self.env["res.partner"].create({"name": f"{PREFIX} Customer"})
        now = fields.Datetime.now()
        finished = list(self.by_level[0])
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": customer.id,
                    "warehouse_id": self.warehouse.id,
                    "commitment_date": now
                    + timedelta(days=rand.randint(5, horizon_days)),
                    "order_line": [
                        Command.create(
                            {
                                "product_id": rand.choice(finished).id,
                                "product_uom_qty": rand.randint(1, 10),
                            }
                        )
                        for _line in range(rand.randint(*lines))
                    ],
                }
                for _index in range(count)
            ]
        )
        orders.action_confirm()
        return orders
