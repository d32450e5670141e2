# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models

from ..services.ledger import StockEvent
from ..services.safety_stock import SafetyStockInput, project_safety_stock


class PpJobOrderGenerationSafetyStock(models.AbstractModel):
    """Loads the safety stock candidates of the job order generation.

    Items with the planning policy *stock* are projected day by day (SPEC §5):
    the first day their availability falls below the minimum stock gives a
    proposal for the quantity that lasts until the cover date, rounded to
    their lot sizes, with the day-by-day detail the wizard shows.
    """

    _name = "pp.job.order.generation.safety.stock"
    _description = "Job Order Generation: Safety Stock"

    @api.model
    def _prepare_candidates(self, params, demand_vals=()):
        """Safety stock proposals of the items kept in stock.

        Each item is projected day by day over the chosen site (or every site
        of the company together, proposed to the first one). The selected sale
        candidates of ``demand_vals`` count as receipts: their job orders will
        replace the stock their deliveries take, so the same sale is not
        proposed a second time as safety stock.
        """
        products = self._get_products(params)
        if not products:
            return []
        warehouses = params.warehouses
        position = self.env["pp.stock.position"]._load(
            params.company, products, warehouses
        )
        sale_supply = self._get_sale_supply(params, position, demand_vals)
        levels = self._get_stock_levels(products, warehouses)
        vals_list = []
        for product in products:
            vals = self._prepare_item_vals(
                params,
                position,
                product,
                levels[product.id],
                sale_supply[product.id],
            )
            if vals:
                vals_list.append(vals)
        return vals_list

    @api.model
    def _explain_no_candidates(self, params):
        """Why no item is proposed for safety stock, for the empty tab."""
        items = self.env["product.product"].search_count(
            [
                ("pp_planning_policy", "=", "stock"),
                ("is_storable", "=", True),
                ("company_id", "in", (False, params.company.id)),
            ]
        )
        if not items:
            return self.env._(
                "No item has the planning policy Stock (Planning tab of the item)."
            )
        today = self.env["pp.stock.position"]._get_today(params.company)
        return self.env._(
            "None of the %(count)s items kept in stock falls below its minimum stock "
            "by %(date)s.",
            count=items,
            date=fields.Date.to_string(params.stock_date_until or today),
        )

    @api.model
    def _get_products(self, params):
        """The items the company keeps in stock (planning policy *stock*)."""
        company = params.company
        return (
            self.env["product.product"]
            .with_company(company)
            .search(
                [
                    ("pp_planning_policy", "=", "stock"),
                    ("is_storable", "=", True),
                    "|",
                    ("company_id", "=", False),
                    ("company_id", "=", company.id),
                ]
            )
        )

    @api.model
    def _get_sale_supply(self, params, position, demand_vals):
        """The selected sale candidates of the sites, as receipts per item.

        :return: ``{product_id: [StockEvent]}``
        """
        warehouse_ids = params.warehouses.ids
        sale_supply = defaultdict(list)
        sale_lines = self.env["sale.order.line"].browse(
            [vals["sale_line_id"] for vals in demand_vals if vals.get("sale_line_id")]
        )
        for vals in demand_vals:
            if (
                vals["source"] == "sale"
                and vals.get("selected", True)
                and vals["warehouse_id"] in warehouse_ids
                and vals["date"]
            ):
                sale_supply[vals["product_id"]].append(
                    StockEvent(
                        moment=position.end_of_day(vals["date"]),
                        quantity=vals["product_qty"],
                        reference=self.env._(
                            "%(order)s (to generate)",
                            order=sale_lines.browse(vals["sale_line_id"]).order_id.name,
                        ),
                    )
                )
        return sale_supply

    @api.model
    def _get_stock_levels(self, products, warehouses):
        """Minimum stock and reorder level of each item over ``warehouses``.

        The item's own planning parameters win; an item without them takes the
        minimum and maximum of its Odoo reordering rules in those sites (same
        meaning: stock is kept between the two).

        :return: ``{product_id: (min_stock, reorder_level)}``
        """
        rules = self.env["stock.warehouse.orderpoint"]._read_group(
            [
                ("product_id", "in", products.ids),
                ("warehouse_id", "in", warehouses.ids),
                ("trigger", "!=", "manual"),
            ],
            ["product_id"],
            ["product_min_qty:sum", "product_max_qty:sum"],
        )
        from_rules = {product.id: (low, high) for product, low, high in rules}
        levels = {}
        for product in products:
            if product.pp_min_stock or product.pp_reorder_level:
                levels[product.id] = (product.pp_min_stock, product.pp_reorder_level)
            else:
                levels[product.id] = from_rules.get(product.id, (0.0, 0.0))
        return levels

    @api.model
    def _prepare_item_vals(self, params, position, product, levels, sale_supply):
        """The candidate dict of one item, or None when it does not fall below
        its minimum stock by the *shortages until* date.

        :param levels: ``(min_stock, reorder_level)`` of the item
        :param sale_supply: the item's sale candidates, as receipts
        """
        today = self.env["pp.stock.position"]._get_today(params.company)
        on_hand, events = position.item_events(params.warehouses.ids, product.id)
        events = events + sale_supply
        proposal = self._project_item(
            params, position, product, levels, on_hand, events, today
        )
        if not proposal.stockout_date:
            return None
        references = defaultdict(set)
        for event in events:
            if event.reference:
                references[max(position.day_of(event.moment), today)].add(
                    event.reference
                )
        min_stock, reorder_level = levels
        warehouse = params.warehouse_id or params.warehouses[:1]
        return {
            "source": "stock",
            "selected": proposal.quantity > 0,
            "product_id": product.id,
            "warehouse_id": warehouse.id,
            "date": proposal.stockout_date,
            "demand_qty": proposal.quantity,
            "product_qty": proposal.quantity,
            "on_hand": on_hand,
            "initial_available": proposal.initial_available,
            "final_available": proposal.final_available,
            "minimum_available": proposal.minimum_available,
            "min_stock": min_stock,
            "reorder_level": reorder_level,
            "average_daily_usage": proposal.average_daily_usage,
            "day_ids": [
                {
                    "date": day.date,
                    "receipts": day.receipts,
                    "issues": day.issues,
                    "usage": day.usage,
                    "available": day.available,
                    "below_minimum": day.available < min_stock,
                    "below_reorder_level": day.available < reorder_level,
                    "references": ", ".join(sorted(references[day.date])),
                }
                for day in proposal.days
            ],
        }

    @api.model
    def _project_item(self, params, position, product, levels, on_hand, events, today):
        """The engine's day-by-day projection of one item from ``today``.

        :return: a :class:`~services.safety_stock.SafetyStockProposal`
        """
        date_until = params.stock_date_until or today
        horizon = params.stock_date_horizon or date_until
        min_stock, reorder_level = levels
        lot, multiple = product._pp_get_lot_sizes()
        return project_safety_stock(
            SafetyStockInput(
                product_id=product.id,
                on_hand=on_hand,
                min_stock=min_stock,
                reorder_level=reorder_level,
                reorder_days=product.pp_reorder_days,
                date_from=today,
                date_until=max(date_until, today),
                date_horizon=max(horizon, today),
                events=events,
                economic_lot=lot,
                multiple=multiple,
                use_lot=params.round_lot,
                use_multiple=params.round_multiple,
                target="reorder_level"
                if params.replenish_reorder_level
                else "min_stock",
                tz=position.tz,
            )
        )

    @api.model
    def _get_lines_taken_meanwhile(self, params, candidates, watermark):
        """Open job order lines created since the candidates were loaded.

        A safety stock proposal is made from the stock position at load time;
        a job order another generation created since then for the same item
        (a line newer than ``watermark``) already covers it.

        :return: ``{product_id: pp.job.order.line}``
        """
        stock_products = [c["product_id"] for c in candidates if c["source"] == "stock"]
        if not stock_products or watermark is None:
            return {}
        lines = self.env["pp.job.order.line"].search(
            [
                ("company_id", "=", params.company.id),
                ("product_id", "in", stock_products),
                ("state", "in", ("not_examined", "scheduled", "launched")),
                ("warehouse_id", "in", params.warehouses.ids),
                ("id", ">", watermark),
            ]
        )
        line_ids = defaultdict(list)
        for line in lines:
            line_ids[line.product_id.id].append(line.id)
        return {
            product_id: lines.browse(ids).with_prefetch(lines._prefetch_ids)
            for product_id, ids in line_ids.items()
        }
