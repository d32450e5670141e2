# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import UTC, datetime, time

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..services.ledger import StockPosition
from ..services.mrp import MrpDemand, MrpSupply

# Sources of a stock position, in the order they are loaded.
SOURCES = ("on_hand", "moves", "purchases", "job_orders")
# Job orders whose quantity is not in any stock move yet.
OPEN_JOB_ORDER_STATES = ("not_examined", "scheduled", "launched")
DRAFT_PURCHASE_STATES = ("draft", "sent", "to approve")


class PpStockPosition(models.AbstractModel):
    """Loads the stock position the planning procedures net against.

    Every procedure (job order generation, general planning, MRP, release
    feasibility) reads on hand, dated stock moves, draft purchase lines and open
    job orders from here, with one grouped query per source and an explicit
    company, into the engine's :class:`StockPosition`: events at the moment
    they happen (UTC), days counted in the planning time zone. The engine's
    time-phased ledger decides from it what is free.
    """

    _name = "pp.stock.position"
    _description = "Planning Stock Position Loader"

    @api.model
    def _get_tz(self, company):
        """The time zone days are counted in: the user's, else the company's."""
        return (
            self.env.context.get("tz")
            or self.env.user.tz
            or company.partner_id.tz
            or "UTC"
        )

    @api.model
    def _get_today(self, company):
        """Today in the time zone of :meth:`_get_tz`."""
        return fields.Date.context_today(self.with_context(tz=self._get_tz(company)))

    @api.model
    def _day_start_utc(self, company, day):
        """The naive UTC datetime at which ``day`` starts in the planning time zone."""
        tz = pytz.timezone(self._get_tz(company))
        local = tz.localize(datetime.combine(day, time.min))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _local_day(self, company, moment):
        """The day a naive UTC datetime falls on in the planning time zone."""
        tz = pytz.timezone(self._get_tz(company))
        return pytz.utc.localize(moment).astimezone(tz).date()

    @api.model
    def _load(
        self,
        company,
        products,
        warehouses,
        sources=SOURCES,
        exclude_sale_line_ids=(),
        exclude_overdue=False,
    ):
        """Load the stock position of ``products`` in ``warehouses`` of ``company``.

        :param sources: which of ``on_hand``, ``moves`` (stock moves not done:
            receipts, deliveries, manufacturing), ``purchases`` (RFQs not
            confirmed yet, which have no stock move) and ``job_orders`` (job
            orders not examined, scheduled or launched, as receipts at their
            ready-goods date) to load
        :param exclude_sale_line_ids: sale lines whose deliveries are left out
            (their demand is being planned by the caller)
        :param exclude_overdue: leave out deliveries of sale lines dated before
            today (in the planning time zone)
        :return: a ``StockPosition`` keyed by ``(warehouse_id, product_id)``, in
            each item's unit, days counted in the planning time zone
        """
        position = StockPosition(tz=self._get_tz(company))
        if not products or not warehouses:
            return position
        foreign = warehouses.filtered(lambda w: w.company_id != company)
        if foreign:
            raise UserError(
                self.env._(
                    "Site %(site)s does not belong to %(company)s.",
                    site=foreign[0].display_name,
                    company=company.display_name,
                )
            )
        unknown = set(sources) - set(SOURCES)
        if unknown:
            raise UserError(
                self.env._(
                    "Unknown stock position source: %(names)s.",
                    names=", ".join(sorted(unknown)),
                )
            )
        self.env.flush_all()
        for source in SOURCES:
            if source in sources:
                getattr(self, f"_load_{source}")(
                    position,
                    company,
                    products,
                    warehouses,
                    exclude_sale_line_ids=list(exclude_sale_line_ids),
                    exclude_overdue=exclude_overdue,
                )
        return position

    @api.model
    def _load_on_hand(self, position, company, products, warehouses, **options):
        """On hand in the internal locations of each site."""
        self.env.cr.execute(
            SQL(
                """
                SELECT loc.warehouse_id, quant.product_id, SUM(quant.quantity)
                  FROM stock_quant quant
                  JOIN stock_location loc ON loc.id = quant.location_id
                 WHERE loc.usage = 'internal'
                   AND loc.warehouse_id = ANY(%s)
                   AND quant.product_id = ANY(%s)
                 GROUP BY loc.warehouse_id, quant.product_id
                """,
                warehouses.ids,
                products.ids,
            )
        )
        for warehouse_id, product_id, quantity in self.env.cr.fetchall():
            position.add_on_hand(warehouse_id, product_id, quantity or 0.0)

    @api.model
    def _load_moves(
        self,
        position,
        company,
        products,
        warehouses,
        exclude_sale_line_ids=(),
        exclude_overdue=False,
    ):
        """Stock moves not done that enter or leave a site, at their date."""
        overdue_before = (
            self._day_start_utc(company, self._get_today(company))
            if exclude_overdue
            else None
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT src.warehouse_id, dst.warehouse_id, move.product_id,
                       move.date, SUM(move.product_qty),
                       string_agg(DISTINCT move.reference, ', ')
                  FROM stock_move move
                  JOIN stock_location src ON src.id = move.location_id
                  JOIN stock_location dst ON dst.id = move.location_dest_id
                 WHERE move.state NOT IN ('draft', 'cancel', 'done')
                   AND move.company_id = %(company)s
                   AND move.product_id = ANY(%(products)s)
                   AND (src.warehouse_id = ANY(%(sites)s)
                        OR dst.warehouse_id = ANY(%(sites)s))
                   AND src.warehouse_id IS DISTINCT FROM dst.warehouse_id
                   AND COALESCE(move.sale_line_id, 0) <> ALL(%(excluded)s)
                   AND (%(overdue_before)s::timestamp IS NULL
                        OR move.sale_line_id IS NULL
                        OR move.date >= %(overdue_before)s::timestamp)
                 GROUP BY 1, 2, 3, 4
                """,
                company=company.id,
                products=products.ids,
                sites=warehouses.ids,
                excluded=list(exclude_sale_line_ids),
                overdue_before=overdue_before,
            )
        )
        sites = set(warehouses.ids)
        for source, dest, product_id, moment, qty, ref in self.env.cr.fetchall():
            moment = _aware(moment)
            if source in sites:
                position.add_event(source, product_id, moment, -qty, ref or "")
            if dest in sites:
                position.add_event(dest, product_id, moment, qty, ref or "")

    @api.model
    def _load_purchases(self, position, company, products, warehouses, **options):
        """Purchase lines of RFQs not confirmed yet, received at their planned date."""
        self.env.cr.execute(
            SQL(
                """
                SELECT ptype.warehouse_id, line.product_id, line.date_planned,
                       SUM(line.product_uom_qty),
                       string_agg(DISTINCT po.name, ', ')
                  FROM purchase_order_line line
                  JOIN purchase_order po ON po.id = line.order_id
                  JOIN stock_picking_type ptype ON ptype.id = po.picking_type_id
                 WHERE po.state = ANY(%(states)s)
                   AND po.company_id = %(company)s
                   AND line.display_type IS NULL
                   AND line.product_id = ANY(%(products)s)
                   AND ptype.warehouse_id = ANY(%(sites)s)
                 GROUP BY 1, 2, 3
                """,
                states=list(DRAFT_PURCHASE_STATES),
                company=company.id,
                products=products.ids,
                sites=warehouses.ids,
            )
        )
        for warehouse_id, product_id, moment, qty, ref in self.env.cr.fetchall():
            position.add_event(warehouse_id, product_id, _aware(moment), qty, ref or "")

    @api.model
    def _load_planned_orders(
        self,
        position,
        company,
        products,
        warehouses,
        exclude_job_order_ids=(),
        with_materials=True,
    ):
        """Draft planned orders: received at their end, materials used at their
        date (unless ``with_materials`` is false: their receipts only).

        General planning and MRP add this source themselves, leaving out the
        planned orders they are about to replace (``exclude_job_order_ids``);
        released planned orders are counted through their documents.
        """
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT po.warehouse_id, po.product_id, po.product_uom_id,
                       po.date_end, SUM(po.product_qty), string_agg(po.name, ', ')
                  FROM pp_planned_order po
                 WHERE po.state = 'draft'
                   AND po.company_id = %(company)s
                   AND po.product_id = ANY(%(products)s)
                   AND po.warehouse_id = ANY(%(sites)s)
                   AND (po.job_order_id IS NULL
                        OR NOT po.job_order_id = ANY(%(excluded)s))
                 GROUP BY 1, 2, 3, 4
                """,
                company=company.id,
                products=products.ids,
                sites=warehouses.ids,
                excluded=list(exclude_job_order_ids),
            )
        )
        rows = self.env.cr.fetchall()
        uoms = self.env["uom.uom"].browse({row[2] for row in rows})
        product_uoms = {p.id: p.uom_id for p in products}
        for warehouse_id, product_id, uom_id, moment, qty, ref in rows:
            if not moment:
                continue
            qty = uoms.browse(uom_id)._compute_quantity(
                qty, product_uoms[product_id], raise_if_failure=False
            )
            position.add_event(warehouse_id, product_id, _aware(moment), qty, ref or "")
        if not with_materials:
            return
        self.env.cr.execute(
            SQL(
                """
                SELECT po.warehouse_id, mat.product_id,
                       COALESCE(mat.date_use, po.date_start),
                       SUM(mat.product_qty), string_agg(DISTINCT po.name, ', ')
                  FROM pp_planned_order_material mat
                  JOIN pp_planned_order po ON po.id = mat.planned_order_id
                 WHERE po.state = 'draft'
                   AND po.company_id = %(company)s
                   AND mat.product_id = ANY(%(products)s)
                   AND po.warehouse_id = ANY(%(sites)s)
                   AND (po.job_order_id IS NULL
                        OR NOT po.job_order_id = ANY(%(excluded)s))
                 GROUP BY 1, 2, 3
                """,
                company=company.id,
                products=products.ids,
                sites=warehouses.ids,
                excluded=list(exclude_job_order_ids),
            )
        )
        for warehouse_id, product_id, moment, qty, ref in self.env.cr.fetchall():
            if moment:
                position.add_event(
                    warehouse_id, product_id, _aware(moment), -qty, ref or ""
                )

    @api.model
    def _load_job_orders(self, position, company, products, warehouses, **options):
        """Open job orders, received at the end of their line's ready-goods date.

        Job orders not examined, scheduled or launched have no stock move yet,
        so without them every procedure would propose the same need again. A
        line whose own planned order (or grouped planned order) is released is
        left out: its MO or RFQ is in the moves and purchases already.
        """
        released = (
            self.env["pp.planned.order"]
            .search(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "released"),
                    ("job_order_line_id", "!=", False),
                    ("product_id", "in", products.ids),
                ]
            )
            .job_order_line_id
            | self.env["pp.planned.order.grouping"]
            .search(
                [
                    ("company_id", "=", company.id),
                    ("planned_order_id.state", "=", "released"),
                    ("job_order_line_id", "!=", False),
                    ("planned_order_id.product_id", "in", products.ids),
                ]
            )
            .job_order_line_id
        )
        groups = self.env["pp.job.order.line"]._read_group(
            [
                ("company_id", "=", company.id),
                ("product_id", "in", products.ids),
                ("state", "in", OPEN_JOB_ORDER_STATES),
                ("warehouse_id", "in", warehouses.ids),
                ("id", "not in", released.ids),
            ],
            ["warehouse_id", "product_id", "product_uom_id", "date_deadline:day"],
            ["product_qty:sum", "job_order_id:array_agg"],
        )
        job_orders = self.env["pp.job.order"].browse(
            {job_id for *_keys, job_ids in groups for job_id in job_ids}
        )
        names = dict(zip(job_orders.ids, job_orders.mapped("name"), strict=True))
        for warehouse, product, uom, day, qty, job_ids in groups:
            if not day:
                continue
            position.add_event(
                warehouse.id,
                product.id,
                position.end_of_day(day),
                uom._compute_quantity(qty, product.uom_id, raise_if_failure=False),
                ", ".join(sorted({names[job_id] for job_id in job_ids})),
            )

    # ------------------------------------------------------------------
    # Documents, one by one (MRP)
    # ------------------------------------------------------------------
    @api.model
    def _load_documents(self, company, warehouses, sources, job_orders=None):
        """Every demand and supply document of ``warehouses``, one by one.

        MRP nets documents, not positions: each open stock move, RFQ line,
        draft planned order (and its materials), open job order line and
        forecast line not consumed becomes an engine
        :class:`~services.mrp.MrpDemand` or :class:`~services.mrp.MrpSupply`
        keyed by its document (a purchase line and its receipt moves are one
        supply), in the item's unit. One query per source.

        :param sources: the MRP sources (``services.mrp.SOURCES``) to load
        :param job_orders: the not examined job orders whose lines are demand
            (None: all of them); lines of the other open job orders are always
            demand, their planned orders and documents supply
        :return: ``(on_hand, demands, supplies)``, on hand keyed by
            ``(warehouse_id, product_id)``
        """
        if not warehouses:
            return {}, [], []
        self.env.flush_all()
        tz = self._get_tz(company)
        position = StockPosition(tz=tz)
        if "inventory" in sources:
            products = self.env["product.product"].search([("is_storable", "=", True)])
            self._load_on_hand(position, company, products, warehouses)
        demands, supplies = [], []
        lines, tied_sales = self._load_job_order_documents(
            company, warehouses, job_orders
        )
        demands += lines
        moves_demand, moves_supply = self._load_move_documents(
            company, warehouses, tied_sales, position
        )
        demands += moves_demand
        supplies += moves_supply
        supplies += self._load_rfq_documents(company, warehouses)
        planned_supply, planned_demand = self._load_planned_documents(
            company, warehouses
        )
        supplies += planned_supply
        demands += planned_demand
        demands += self._load_forecast_documents(company, warehouses, demands, position)
        return dict(position.on_hand), demands, supplies

    @api.model
    def _load_move_documents(self, company, warehouses, tied_sales, position):
        """Open stock moves in and out of the sites: receipts of purchase lines
        (subcontracted ones apart), MO outputs and components, deliveries of
        sale lines (those a job order line stands for left out), other moves.
        Moves of draft MOs are counted, not firm."""
        self.env.cr.execute(
            SQL(
                """
                SELECT move.id, src.warehouse_id, dst.warehouse_id,
                       move.product_id, move.date, move.product_qty,
                       move.sale_line_id, move.purchase_line_id,
                       move.production_id, move.raw_material_production_id,
                       COALESCE(move.is_subcontract, FALSE), move.state
                  FROM stock_move move
                  JOIN stock_location src ON src.id = move.location_id
                  JOIN stock_location dst ON dst.id = move.location_dest_id
                 WHERE move.state NOT IN ('cancel', 'done')
                   AND (move.state <> 'draft'
                        OR move.production_id IS NOT NULL
                        OR move.raw_material_production_id IS NOT NULL)
                   AND move.company_id = %(company)s
                   AND (src.warehouse_id = ANY(%(sites)s)
                        OR dst.warehouse_id = ANY(%(sites)s))
                   AND src.warehouse_id IS DISTINCT FROM dst.warehouse_id
                """,
                company=company.id,
                sites=warehouses.ids,
            )
        )
        sites = set(warehouses.ids)
        demands = []
        receipts = {}
        for row in self.env.cr.fetchall():
            (
                move_id,
                source,
                dest,
                product_id,
                moment,
                quantity,
                sale_line,
                purchase_line,
                production,
                raw_production,
                subcontract,
                state,
            ) = row
            moment = _aware(moment)
            firm = state != "draft"
            if dest in sites:
                if purchase_line:
                    key = ("purchase.order.line", purchase_line)
                    kind = "subcontracting" if subcontract else "purchases"
                    movable = True
                elif production:
                    key, kind, movable = (
                        ("mrp.production", production),
                        "production",
                        True,
                    )
                else:
                    key, kind, movable = ("stock.move", move_id), "inventory", False
                entry = receipts.get((key, dest, product_id))
                if entry is None:
                    receipts[(key, dest, product_id)] = MrpSupply(
                        key, product_id, quantity, moment, dest, kind, firm, movable
                    )
                else:
                    entry.quantity += quantity
                    entry.moment = min(entry.moment, moment)
            if source in sites:
                if sale_line:
                    if sale_line in tied_sales:
                        continue
                    key, kind = ("sale.order.line", sale_line), "sales"
                elif raw_production:
                    key, kind = ("mrp.production", raw_production), "production"
                else:
                    key, kind = ("stock.move", move_id), "inventory"
                demands.append(
                    MrpDemand(
                        key,
                        product_id,
                        quantity,
                        position.day_of(moment),
                        source,
                        kind,
                        firm,
                    )
                )
        return demands, list(receipts.values())

    @api.model
    def _load_rfq_documents(self, company, warehouses):
        """Purchase lines of RFQs (no stock move yet): open requests."""
        self.env.cr.execute(
            SQL(
                """
                SELECT line.id, ptype.warehouse_id, line.product_id,
                       line.date_planned, line.product_qty, line.product_uom,
                       tmpl.uom_id
                  FROM purchase_order_line line
                  JOIN purchase_order po ON po.id = line.order_id
                  JOIN stock_picking_type ptype ON ptype.id = po.picking_type_id
                  JOIN product_product prod ON prod.id = line.product_id
                  JOIN product_template tmpl ON tmpl.id = prod.product_tmpl_id
                 WHERE po.state = ANY(%(states)s)
                   AND po.company_id = %(company)s
                   AND line.display_type IS NULL
                   AND ptype.warehouse_id = ANY(%(sites)s)
                """,
                states=list(DRAFT_PURCHASE_STATES),
                company=company.id,
                sites=warehouses.ids,
            )
        )
        rows = self.env.cr.fetchall()
        convert = self._unit_converter({(row[5], row[6]) for row in rows})
        return [
            MrpSupply(
                ("purchase.order.line", line_id),
                product_id,
                convert(quantity, line_uom, product_uom),
                _aware(moment) if moment else None,
                warehouse_id,
                "purchases",
                firm=False,
            )
            for (
                line_id,
                warehouse_id,
                product_id,
                moment,
                quantity,
                line_uom,
                product_uom,
            ) in rows
        ]

    @api.model
    def _load_planned_documents(self, company, warehouses):
        """Draft planned orders MRP does not replace (of job orders, manual,
        mandatory): received at their end, their materials used at their date."""
        self.env.cr.execute(
            SQL(
                """
                SELECT po.id, po.warehouse_id, po.product_id, po.date_end,
                       po.product_qty, po.product_uom_id, tmpl.uom_id
                  FROM pp_planned_order po
                  JOIN product_product prod ON prod.id = po.product_id
                  JOIN product_template tmpl ON tmpl.id = prod.product_tmpl_id
                 WHERE po.state = 'draft'
                   AND po.company_id = %(company)s
                   AND po.warehouse_id = ANY(%(sites)s)
                   AND (po.origin <> 'mrp' OR po.mandatory)
                """,
                company=company.id,
                sites=warehouses.ids,
            )
        )
        rows = self.env.cr.fetchall()
        convert = self._unit_converter({(row[5], row[6]) for row in rows})
        supplies = [
            MrpSupply(
                ("pp.planned.order", order_id),
                product_id,
                convert(quantity, uom, product_uom),
                _aware(moment) if moment else None,
                warehouse_id,
                "planning",
                # Planned for a job order or by hand: counted, never increased.
                firm=True,
            )
            for (
                order_id,
                warehouse_id,
                product_id,
                moment,
                quantity,
                uom,
                product_uom,
            ) in rows
        ]
        self.env.cr.execute(
            SQL(
                """
                SELECT po.id, po.warehouse_id, mat.product_id,
                       COALESCE(mat.date_use, po.date_start), mat.product_qty
                  FROM pp_planned_order_material mat
                  JOIN pp_planned_order po ON po.id = mat.planned_order_id
                 WHERE po.state = 'draft'
                   AND po.company_id = %(company)s
                   AND po.warehouse_id = ANY(%(sites)s)
                   AND (po.origin <> 'mrp' OR po.mandatory)
                """,
                company=company.id,
                sites=warehouses.ids,
            )
        )
        tz = pytz.timezone(self._get_tz(company))
        demands = [
            MrpDemand(
                ("pp.planned.order", order_id),
                product_id,
                quantity,
                pytz.utc.localize(moment).astimezone(tz).date() if moment else None,
                warehouse_id,
                "planning",
            )
            for (
                order_id,
                warehouse_id,
                product_id,
                moment,
                quantity,
            ) in self.env.cr.fetchall()
        ]
        return supplies, demands

    @api.model
    def _load_job_order_documents(self, company, warehouses, job_orders):
        """Lines of open job orders as demand (not examined ones: those chosen);
        return them and the sale lines they stand for."""
        domain = [
            ("company_id", "=", company.id),
            ("warehouse_id", "in", warehouses.ids),
            ("state", "in", OPEN_JOB_ORDER_STATES + ("executive",)),
        ]
        if job_orders is not None:
            domain += [
                "|",
                ("state", "!=", "not_examined"),
                ("job_order_id", "in", job_orders.ids),
            ]
        lines = self.env["pp.job.order.line"].search(domain)
        lines.fetch(
            [
                "product_id",
                "product_qty",
                "product_uom_id",
                "date_deadline",
                "warehouse_id",
                "job_order_id",
            ]
        )
        demands = []
        for line in lines:
            demands.append(
                MrpDemand(
                    ("pp.job.order.line", line.id),
                    line.product_id.id,
                    line.product_uom_id._compute_quantity(
                        line.product_qty, line.product_id.uom_id, raise_if_failure=False
                    ),
                    line.date_deadline or line.job_order_id.date_deadline,
                    line.warehouse_id.id,
                    "planning",
                )
            )
        return demands, set(lines.sale_line_ids.ids)

    @api.model
    def _load_forecast_documents(self, company, warehouses, demands, position):
        """Lines of consolidated forecasts not over, less what job orders took
        of them and what sales in their period consume, due on their start
        (today for a period under way)."""
        today = self._get_today(company)
        lines = self.env["pp.forecast.line"].search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "consolidated"),
                ("date_end", ">=", today),
            ]
        )
        if not lines:
            return []
        default_site = warehouses[:1].id
        sales = defaultdict(list)
        for demand in demands:
            if demand.source in ("sales", "planning") and demand.date:
                sales[(demand.warehouse_id, demand.product_id)].append(
                    (demand.date, demand.quantity)
                )
        for entries in sales.values():
            entries.sort()
        result = []
        for line in lines:
            site = line.forecast_id.warehouse_id.id or default_site
            if site not in warehouses.ids:
                continue
            entries = sales.get((site, line.product_id.id), [])
            low = bisect_left(entries, (line.date_start,))
            high = bisect_right(entries, (line.date_end, float("inf")))
            consumed = sum(quantity for _day, quantity in entries[low:high])
            left = line.product_qty - line.qty_planned - consumed
            if left <= 0:
                continue
            result.append(
                MrpDemand(
                    ("pp.forecast.line", line.id),
                    line.product_id.id,
                    left,
                    max(line.date_start, today),
                    site,
                    "forecasts",
                    firm=False,
                )
            )
        return result

    @api.model
    def _unit_converter(self, pairs):
        """``convert(quantity, from_uom_id, to_uom_id)`` for the given unit pairs."""
        uoms = self.env["uom.uom"].browse(
            {uom for pair in pairs for uom in pair if uom}
        )

        def convert(quantity, from_id, to_id):
            if not from_id or from_id == to_id:
                return quantity
            return uoms.browse(from_id)._compute_quantity(
                quantity, uoms.browse(to_id), raise_if_failure=False
            )

        return convert


def _aware(moment):
    """A naive UTC datetime from the database as an aware one."""
    return moment.replace(tzinfo=UTC)
