# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from collections import defaultdict

from odoo import api, fields, models

from ..services.combine import bucket_demand, combine_forecast
from ..services.lots import format_qty
from ..services.periods import forecast_due_date, period_contains

# Keys of a forecast candidate used only while it is combined with the sales.
_PRIVATE_KEYS = ("_forecast_total", "_site", "_consumption_only")


def _version_key(version):
    """Order forecast versions naturally: "2" < "10", "v2" < "v10"."""
    return [
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"(\d+)", version or "")
        if part
    ]


def _sale_in_bucket(bucket, sale):
    """Whether ``sale`` (a sale candidate or a planned sale) falls in the forecast
    ``bucket``: same item, site (when the forecast has one), period and
    customer (when the bucket has one)."""
    return (
        sale["product_id"] == bucket["product_id"]
        and (not bucket["_site"] or sale["warehouse_id"] == bucket["_site"])
        and sale["date"]
        and period_contains(bucket["period_start"], bucket["period_end"], sale["date"])
        and (not bucket["partner_id"] or sale["partner_id"] == bucket["partner_id"])
    )


class PpJobOrderGenerationForecast(models.AbstractModel):
    """Loads the forecast candidates of the job order generation and nets them
    with the sales of their periods.

    A candidate is a bucket of consolidated forecast lines (site, item,
    customer when grouping by customer, period) of the latest version of each
    forecast, due on the date the period mode gives (SPEC §5). Each bucket is
    combined with the sale candidates and the already planned sales of its item
    and period (sum, greater or smaller), minus what earlier generations planned
    from it (forecast consumption); the sale candidates it covers are cut.
    """

    _name = "pp.job.order.generation.forecast"
    _description = "Job Order Generation: Forecasts"

    @api.model
    def _prepare_candidates(self, params, sale_vals):
        """Forecast candidate dicts, combined with the sale candidates ``sale_vals``.

        ``sale_vals`` are cut (quantity, note, deselected) where the forecast
        covers them. Buckets whose lines were all planned already propose
        nothing: they only net the sales of their period.
        """
        forecast_vals = self._prepare_bucket_vals_list(params)
        self._combine_with_sales(params, forecast_vals, sale_vals)
        candidates = []
        for vals in forecast_vals:
            if not vals["_consumption_only"]:
                candidates.append(vals)
            for key in _PRIVATE_KEYS:
                vals.pop(key, None)
        return candidates

    @api.model
    def _explain_no_candidates(self, params):
        """Why no forecast is proposed, for the empty tab."""
        date_to = params.date_to and fields.Date.to_string(params.date_to)
        lines = self.env["pp.forecast.line"].search_count(
            [
                ("company_id", "=", params.company.id),
                ("state", "=", "consolidated"),
            ]
            + ([("date_start", "<=", params.date_to)] if params.date_to else [])
        )
        if lines:
            return self.env._(
                "Every line of the consolidated forecasts until %(date)s is "
                "already planned in a job order.",
                date=date_to or self.env._("any date"),
            )
        return self.env._(
            "No consolidated forecast has lines until %(date)s (Planning > Forecasts).",
            date=date_to or self.env._("any date"),
        )

    # ------------------------------------------------------------------
    # Loading
    # ------------------------------------------------------------------
    @api.model
    def _get_forecast_lines(self, params):
        """Consolidated forecast lines of the latest version of each forecast.

        A forecast is known by its name and kind: when several versions are
        consolidated, only the highest one counts (what older versions already
        planned is taken into account by the combination).
        """
        company = params.company
        domain = [
            ("company_id", "=", company.id),
            ("state", "=", "consolidated"),
            ("product_qty", ">", 0),
            "|",
            ("forecast_id.warehouse_id", "=", False),
            ("forecast_id.warehouse_id", "in", params.warehouses.ids),
        ]
        if params.forecast_ids:
            domain.append(("forecast_id", "in", params.forecast_ids.ids))
        if params.date_to:
            domain.append(("date_start", "<=", params.date_to))
        forecasts = self.env["pp.forecast"].search(
            [("company_id", "=", company.id), ("state", "=", "consolidated")]
        )
        latest = {}
        for forecast in forecasts:
            key = (forecast.name, forecast.kind)
            rank = (_version_key(forecast.version), forecast.id)
            if key not in latest or rank > latest[key][0]:
                latest[key] = (rank, forecast)
        keep = [forecast.id for _rank, forecast in latest.values()]
        return self.env["pp.forecast.line"].search(
            domain + [("forecast_id", "in", keep)]
        )

    @api.model
    def _get_buckets(self, params, forecast_lines):
        """``forecast_lines`` by bucket.

        :return: ``{(site, item, customer or None, period start, period end):
            pp.forecast.line}``
        """
        line_ids = defaultdict(list)
        for line in forecast_lines:
            partner = line.partner_id if params.group_forecast_by_customer else None
            key = (
                line.forecast_id.warehouse_id,
                line.product_id,
                partner,
                line.date_start,
                line.date_end,
            )
            line_ids[key].append(line.id)
        return {
            key: forecast_lines.browse(ids).with_prefetch(forecast_lines._prefetch_ids)
            for key, ids in line_ids.items()
        }

    @api.model
    def _prepare_bucket_vals_list(self, params):
        """One candidate dict per forecast bucket, with its private keys.

        Buckets whose lines were all planned already are kept too, marked with
        ``_consumption_only``: they do not propose anything but later sales of
        their period are netted against them.
        """
        forecast_lines = self._get_forecast_lines(params)
        default_warehouse = params.warehouses[:1]
        return [
            self._prepare_bucket_vals(params, key, lines, default_warehouse)
            for key, lines in self._get_buckets(params, forecast_lines).items()
        ]

    @api.model
    def _prepare_bucket_vals(self, params, key, lines, default_warehouse):
        """The candidate dict of the bucket ``key`` of forecast ``lines``."""
        site, product, partner, start, end = key
        warehouse = site or default_warehouse
        new_lines = lines.filtered(lambda line: not line.used)

        def in_item_unit(records):
            return sum(
                line.product_uom_id._compute_quantity(
                    line.product_qty, product.uom_id, raise_if_failure=False
                )
                for line in records
            )

        qty = in_item_unit(new_lines)
        return {
            "source": "forecast",
            "selected": True,
            "product_id": product.id,
            "partner_id": partner.id if partner else False,
            "warehouse_id": warehouse.id,
            "forecast_line_ids": new_lines.ids,
            "forecast_id": lines[:1].forecast_id.id,
            "period_start": start,
            "period_end": end,
            "date": forecast_due_date(
                start,
                end,
                params.forecast_period_mode,
                day_of_month=params.forecast_day,
                weekday=int(params.forecast_weekday or 0),
            ),
            "demand_qty": qty,
            "product_qty": qty,
            "_forecast_total": in_item_unit(lines),
            "_site": site.id,
            "_consumption_only": not new_lines,
        }

    # ------------------------------------------------------------------
    # Combination with the sales
    # ------------------------------------------------------------------
    @api.model
    def _get_planned_quantities(self, params, forecast_vals):
        """What earlier generations planned per bucket, from any version.

        :return: ``{bucket index: planned quantity}`` from the ``qty_planned``
            of the forecast lines of the same item, site, customer and period
            that are in a (not cancelled) job order
        """
        if not forecast_vals:
            return {}
        products = {vals["product_id"] for vals in forecast_vals}
        used = self.env["pp.forecast.line"].search(
            [
                ("company_id", "=", params.company.id),
                ("product_id", "in", list(products)),
                ("used", "=", True),
                ("date_start", ">=", min(v["period_start"] for v in forecast_vals)),
                ("date_start", "<=", max(v["period_start"] for v in forecast_vals)),
            ]
        )
        by_period = defaultdict(list)
        for line in used:
            key = (
                line.product_id.id,
                line.forecast_id.warehouse_id.id,
                line.date_start,
            )
            by_period[key].append(line)
        planned = defaultdict(float)
        for index, vals in enumerate(forecast_vals):
            key = (vals["product_id"], vals["_site"], vals["period_start"])
            for line in by_period[key]:
                if (
                    not params.group_forecast_by_customer
                    or line.partner_id.id == vals["partner_id"]
                ):
                    planned[index] += line.qty_planned
        return planned

    @api.model
    def _get_planned_sales(self, params, forecast_vals):
        """Sale lines of the forecast periods already in job orders.

        :return: list of dicts ``product_id, warehouse_id, partner_id, date,
            qty, planned``
        """
        if not forecast_vals:
            return []
        sale_lines = self.env["sale.order.line"].search(
            [
                ("company_id", "=", params.company.id),
                ("order_id.state", "=", "sale"),
                ("product_id", "in", list({v["product_id"] for v in forecast_vals})),
                ("pp_job_order_line_ids", "any", [("state", "!=", "cancelled")]),
                ("pp_ready_date", ">=", min(v["period_start"] for v in forecast_vals)),
                ("pp_ready_date", "<=", max(v["period_end"] for v in forecast_vals)),
            ]
        )
        return [
            {
                "product_id": line.product_id.id,
                "warehouse_id": line.order_id.warehouse_id.id,
                "partner_id": line.order_id.partner_id.commercial_partner_id.id,
                "date": line.pp_ready_date,
                "qty": line.product_uom._compute_quantity(
                    line.product_uom_qty, line.product_id.uom_id
                ),
                "planned": line.pp_qty_planned,
            }
            for line in sale_lines
        ]

    @api.model
    def _combine_with_sales(self, params, forecast_vals, sale_vals):
        """Net each forecast bucket with the sales of its item and period.

        Customer buckets go first, so a sale counted against its customer's
        forecast is not counted again against the forecast of all customers.
        What earlier generations planned for the bucket is deducted (forecast
        consumption): a sale that arrives after its forecast was planned is
        covered by it as far as the combination mode says.
        """
        planned = self._get_planned_quantities(params, forecast_vals)
        planned_sales = self._get_planned_sales(params, forecast_vals)
        forecasts = self.env["pp.forecast"].browse(
            {vals["forecast_id"] for vals in forecast_vals}
        )
        forecast_names = dict(
            zip(forecasts.ids, forecasts.mapped("display_name"), strict=True)
        )
        # The sales of each item, in their order: a bucket looks at its item's.
        new_by_item, old_by_item = defaultdict(list), defaultdict(list)
        for i, vals in enumerate(sale_vals):
            if vals.get("selected", True):
                new_by_item[vals["product_id"]].append(i)
        for i, sale in enumerate(planned_sales):
            old_by_item[sale["product_id"]].append(i)
        # A sale is netted against one bucket only: the first that takes it.
        taken_new, taken_old = set(), set()
        order = sorted(
            range(len(forecast_vals)), key=lambda i: not forecast_vals[i]["partner_id"]
        )
        for index in order:
            bucket = forecast_vals[index]
            new_sales = [
                i
                for i in new_by_item[bucket["product_id"]]
                if i not in taken_new and _sale_in_bucket(bucket, sale_vals[i])
            ]
            old_sales = [
                i
                for i in old_by_item[bucket["product_id"]]
                if i not in taken_old and _sale_in_bucket(bucket, planned_sales[i])
            ]
            taken_new.update(new_sales)
            taken_old.update(old_sales)
            self._combine_bucket(
                params,
                bucket,
                [sale_vals[i] for i in new_sales],
                [planned_sales[i] for i in old_sales],
                planned.get(index, 0.0),
                forecast_names.get(bucket["forecast_id"], ""),
            )

    @api.model
    def _combine_bucket(
        self, params, bucket, new_sales, old_sales, planned_qty, forecast_name
    ):
        """Combine one forecast ``bucket`` with its new sale candidates and its
        already planned sales; cut the sales the forecast covers."""
        already_planned = planned_qty + sum(sale["planned"] for sale in old_sales)
        sales_planned = sum(sale["qty"] for sale in old_sales)
        new_sale_qtys = [vals["product_qty"] for vals in new_sales]
        forecast_qty, sale_qtys = combine_forecast(
            bucket["product_qty"],
            new_sale_qtys,
            params.combine_mode,
            forecast_total=bucket["_forecast_total"],
            planned=already_planned,
            sales_planned=sales_planned,
        )
        bucket["product_qty"] = forecast_qty
        why = self._explain_combination(
            params,
            bucket,
            forecast_name,
            sales_planned + sum(new_sale_qtys),
            already_planned,
        )
        for vals, qty in zip(new_sales, sale_qtys, strict=True):
            self._cut_sale(vals, qty, why)
        if not forecast_qty:
            bucket["selected"] = False
            bucket["note"] = self.env._("Covered by the sale orders")

    @api.model
    def _explain_combination(
        self, params, bucket, forecast_name, sales_total, already_planned
    ):
        """What the combination of a bucket gave, for the notes of its sales."""
        mode_labels = {
            "sum": self.env._("sum"),
            "greater": self.env._("greater"),
            "smaller": self.env._("smaller"),
        }
        demand = bucket_demand(
            params.combine_mode, bucket["_forecast_total"], sales_total
        )
        return self.env._(
            "%(mode)s of the forecast %(forecast)s for %(start)s – %(end)s "
            "(%(forecast_qty)s) and the period's sales (%(sales_qty)s) is "
            "%(demand)s, of which %(planned)s is already in job orders",
            mode=mode_labels[params.combine_mode],
            forecast=forecast_name,
            start=bucket["period_start"],
            end=bucket["period_end"],
            forecast_qty=format_qty(bucket["_forecast_total"]),
            sales_qty=format_qty(sales_total),
            demand=format_qty(demand),
            planned=format_qty(already_planned),
        )

    @api.model
    def _cut_sale(self, vals, qty, why):
        """Bring the sale candidate ``vals`` down to ``qty``, saying ``why``."""
        if qty == vals["product_qty"]:
            return
        before = vals["product_qty"]
        vals["product_qty"] = qty
        vals["note"] = self.env._(
            "Cut from %(before)s to %(after)s: the %(why)s.",
            before=format_qty(before),
            after=format_qty(qty),
            why=why,
        )
        if not qty:
            vals["selected"] = False
            vals["note"] = self.env._("Covered by the forecast: the %(why)s.", why=why)
