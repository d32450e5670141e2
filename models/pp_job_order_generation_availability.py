# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, models
from odoo.tools import float_compare

from ..services.ledger import Ledger
from ..services.netting import Demand, net_demands


class PpJobOrderGenerationAvailability(models.AbstractModel):
    """Nets the demand candidates of the job order generation against the
    availability of their items.

    The stock position comes from ``pp.stock.position`` (on hand, stock moves,
    RFQs, open job orders) without the deliveries of the candidate sale lines
    themselves; one time-phased ledger of the engine serves every item and
    site, earlier demands first (SPEC §5, "consider availability").
    """

    _name = "pp.job.order.generation.availability"
    _description = "Job Order Generation: Availability Netting"

    @api.model
    def _net_candidates(self, params, vals_list):
        """Fill the availability of the selected candidates of ``vals_list`` and,
        with *consider availability*, make only what it does not cover."""
        candidates = [vals for vals in vals_list if vals.get("selected", True)]
        if not candidates:
            return
        products = self.env["product.product"].browse(
            {vals["product_id"] for vals in candidates}
        )
        # One ledger for every item and site: what a demand takes is booked.
        ledger = Ledger(
            self._load_position(params, candidates, products),
            params.availability_mode,
        )
        today = self.env["pp.stock.position"]._get_today(params.company)
        per_key = defaultdict(list)
        for vals in candidates:
            per_key[(vals["warehouse_id"], vals["product_id"])].append(vals)
        for (warehouse_id, product_id), item_candidates in per_key.items():
            self._net_item(
                params,
                ledger,
                products.browse(product_id),
                warehouse_id,
                item_candidates,
                today,
            )

    @api.model
    def _load_position(self, params, candidates, products):
        """The stock position of the candidates' items and sites, without the
        deliveries of their own sale lines."""
        warehouses = self.env["stock.warehouse"].browse(
            {vals["warehouse_id"] for vals in candidates}
        )
        return self.env["pp.stock.position"]._load(
            params.company,
            products,
            warehouses,
            exclude_sale_line_ids=[
                vals["sale_line_id"] for vals in candidates if vals.get("sale_line_id")
            ],
            exclude_overdue=params.exclude_overdue,
        )

    @api.model
    def _net_item(self, params, ledger, product, warehouse_id, candidates, today):
        """Net the ``candidates`` of one item on one site, in date order
        (earlier demands first; ``today`` dates the undated ones)."""
        demands = [
            Demand(
                key=f"{index:09d}",
                product_id=product.id,
                quantity=vals["product_qty"],
                date=vals["date"],
                warehouse_id=warehouse_id,
            )
            for index, vals in enumerate(candidates)
        ]
        netted = net_demands(
            demands,
            ledger,
            reserve=self._get_reserve(params, product),
            today=today,
            exclude_overdue=params.exclude_overdue,
        )
        for result in netted:
            vals = candidates[int(result.demand.key)]
            vals["available_qty"] = result.available
            if not params.consider_availability:
                continue
            vals["product_qty"] = result.quantity
            if (
                float_compare(
                    result.quantity, 0.0, precision_rounding=product.uom_id.rounding
                )
                <= 0
            ):
                vals["selected"] = False
                vals["note"] = self.env._("Covered by availability")

    @api.model
    def _get_reserve(self, params, product):
        """What the item keeps in stock, not available for demand."""
        if params.replenish_reorder_level:
            return product.pp_reorder_level
        if params.replenish_min_stock:
            return product.pp_min_stock
        return 0.0
