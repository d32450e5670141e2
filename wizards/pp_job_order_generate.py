# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from collections import defaultdict
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import float_compare

from ..services.combine import combine_forecast
from ..services.grouping import group_demands
from ..services.lots import round_quantity
from ..services.netting import Demand, net_demands
from ..services.periods import forecast_due_date, period_contains
from ..services.safety_stock import (
    SafetyStockInput,
    StockEvent,
    project_safety_stock,
)

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]
# Parameters kept on the planning run of a generation.
RUN_PARAMETERS = [
    "use_sales",
    "use_forecasts",
    "use_safety_stock",
    "job_type",
    "grouping",
    "update_existing",
    "date_to",
    "forecast_period_mode",
    "forecast_day",
    "forecast_weekday",
    "group_forecast_by_customer",
    "combine_mode",
    "missing_date_mode",
    "missing_date",
    "consider_availability",
    "show_availability",
    "round_lot",
    "round_multiple",
    "replenish_min_stock",
    "replenish_reorder_level",
    "exclude_overdue",
    "stock_date_until",
    "stock_date_horizon",
]


def _version_key(version):
    """Order forecast versions naturally: "2" < "10", "v2" < "v10"."""
    return [
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"(\d+)", version or "")
        if part
    ]


class PpJobOrderGenerate(models.TransientModel):
    _name = "pp.job.order.generate"
    _description = "Job Order Generation"
    _check_company_auto = True

    state = fields.Selection(
        [
            ("parameters", "Parameters"),
            ("lines", "Candidates"),
            ("summary", "Summary"),
            ("done", "Done"),
        ],
        default="parameters",
        required=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    use_sales = fields.Boolean(string="Sale Order Lines", default=True)
    use_forecasts = fields.Boolean(string="Forecasts", default=True)
    use_safety_stock = fields.Boolean(string="Safety Stock", default=True)
    job_type = fields.Selection(
        [("mono", "Mono-product"), ("multi", "Multi-product")],
        string="Job Order Kind",
        required=True,
        default=lambda self: self.env.company.pp_default_job_type or "mono",
    )
    grouping = fields.Selection(
        [
            ("none", "No Grouping"),
            ("item", "By Item"),
            ("customer", "By Customer"),
            ("project", "By Project"),
            ("customer_project", "By Customer and Project"),
        ],
        required=True,
        default=lambda self: self._default_grouping(),
        help="Mono-product: by item makes one job order per item, summing the "
        "quantities and ending at the earliest need; no grouping makes one job "
        "order per need. Multi-product: one job order per customer, project or "
        "both, with a line per need; no grouping puts every need of a site in "
        "one job order.",
    )
    type_id = fields.Many2one(
        "pp.job.order.type",
        string="Job Order Type",
        check_company=True,
        default=lambda self: self.env["pp.job.order"]._default_type_id(),
    )
    priority_id = fields.Many2one(
        "pp.procurement.priority", string="Procurement Priority", check_company=True
    )
    update_existing = fields.Boolean(
        help="Add the quantities to a not examined job order of the same item "
        "(mono) or customer/project (multi) instead of creating a new one.",
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Production Site",
        check_company=True,
        help="Only demand of this site; all sites of the company when empty. "
        "Safety stock is projected over the chosen site, or over all the sites "
        "together and proposed to the main one.",
    )
    date_to = fields.Date(
        string="Needs Until",
        default=lambda self: self._default_date_to(),
        help="Sale order lines and forecast periods after this date are ignored.",
    )
    forecast_ids = fields.Many2many(
        "pp.forecast",
        string="Forecasts to Use",
        domain="[('state', '=', 'consolidated'), ('company_id', '=', company_id)]",
        help="All consolidated forecasts when empty.",
    )
    forecast_period_mode = fields.Selection(
        [
            ("monthly", "Monthly, on a day of the month"),
            ("weekly", "Weekly, on a weekday"),
            ("exact", "Exact period start date"),
        ],
        required=True,
        default="monthly",
    )
    forecast_day = fields.Integer(string="Day of Month", default=1)
    forecast_weekday = fields.Selection(WEEKDAYS, string="Weekday", default="0")
    group_forecast_by_customer = fields.Boolean(
        default=True,
        help="Keep the forecasts of different customers apart; when off, the "
        "forecasts of an item for one period are summed.",
    )
    combine_mode = fields.Selection(
        [
            ("sum", "Sum of forecast and sales"),
            ("greater", "The greater of forecast and sales"),
            ("smaller", "The smaller of forecast and sales"),
        ],
        string="Forecast and Sales",
        required=True,
        default="greater",
        help="How the forecast of an item for a period combines with the sale "
        "order lines due in that period.",
    )
    missing_date_mode = fields.Selection(
        [
            ("skip", "Skip the line"),
            ("end_date", "Use a given ready-goods date"),
            ("start_date", "Use a given start date"),
        ],
        string="Lines Without Date",
        required=True,
        default="skip",
    )
    missing_date = fields.Date(string="Given Date")
    consider_availability = fields.Boolean(
        help="Job order quantity = demand minus the availability of the item at "
        "the ready-goods date.",
    )
    show_availability = fields.Boolean(
        help="Show the availability of the item at the ready-goods date."
    )
    round_lot = fields.Boolean(string="Round to Economic Lot", default=True)
    round_multiple = fields.Boolean(string="Round to Multiples", default=True)
    replenish_min_stock = fields.Boolean(
        string="Replenish Minimum Stock",
        help="Stock below the minimum stock is not available for demand; safety "
        "stock proposals bring availability back to the minimum stock.",
    )
    replenish_reorder_level = fields.Boolean(
        help="Stock below the reorder level is not available for demand; safety "
        "stock proposals bring availability back to the reorder level.",
    )
    exclude_overdue = fields.Boolean(
        string="Exclude Overdue Sale Lines from Availability",
        help="Sale order lines already late neither use nor receive the "
        "availability: they are proposed for their whole quantity.",
    )
    stock_date_until = fields.Date(
        string="Under Reorder Level On",
        default=lambda self: fields.Date.context_today(self) + timedelta(days=30),
        help="Safety stock: items whose availability falls below the minimum "
        "stock by this date are proposed.",
    )
    stock_date_horizon = fields.Date(
        string="Cover Until",
        default=lambda self: fields.Date.context_today(self) + timedelta(days=60),
        help="Safety stock: the proposed quantity lasts until this date.",
    )
    line_ids = fields.One2many(
        "pp.job.order.generate.line", "wizard_id", string="Candidates"
    )
    sale_line_ids = fields.One2many(
        "pp.job.order.generate.line",
        "wizard_id",
        domain=[("source", "=", "sale")],
        string="Sale Order Candidates",
    )
    forecast_line_ids = fields.One2many(
        "pp.job.order.generate.line",
        "wizard_id",
        domain=[("source", "=", "forecast")],
        string="Forecast Candidates",
    )
    stock_line_ids = fields.One2many(
        "pp.job.order.generate.line",
        "wizard_id",
        domain=[("source", "=", "stock")],
        string="Safety Stock Candidates",
    )
    summary_line_ids = fields.One2many(
        "pp.job.order.generate.line",
        "wizard_id",
        domain=[("selected", "=", True)],
        string="Summary",
    )
    run_id = fields.Many2one("pp.planning.run", readonly=True)
    job_order_ids = fields.Many2many("pp.job.order", string="Job Orders", readonly=True)

    @api.model
    def _default_grouping(self):
        grouping = self.env.company.pp_default_grouping or "item"
        job_type = self.env.company.pp_default_job_type or "mono"
        if job_type == "mono" and grouping not in ("none", "item"):
            return "item"
        if job_type == "multi" and grouping == "item":
            return "customer"
        return grouping

    @api.model
    def _default_date_to(self):
        months = self.env.company.pp_planning_horizon_months or 6
        return fields.Date.context_today(self) + relativedelta(months=months)

    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = self.env._("Job Order Generation")

    @api.onchange("job_type")
    def _onchange_job_type(self):
        if self.job_type == "mono" and self.grouping not in ("none", "item"):
            self.grouping = "item"
        elif self.job_type == "multi" and self.grouping == "item":
            self.grouping = "customer"

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_load(self):
        """Fill the candidate lines of every enabled source (RPC-callable)."""
        self.ensure_one()
        self._check_parameters()
        self.line_ids.unlink()
        vals_list = []
        if self.use_sales:
            vals_list += self._prepare_sale_candidates()
        if self.use_forecasts:
            forecast_vals = self._prepare_forecast_candidates()
            self._combine_forecasts(forecast_vals, vals_list)
            for vals in forecast_vals:
                vals.pop("_forecast_total")
                vals.pop("_site")
                if not vals.pop("_consumption_only"):
                    vals_list.append(vals)
        if self.consider_availability or self.show_availability:
            self._net_availability(vals_list)
        if self.use_safety_stock:
            vals_list += self._prepare_stock_candidates()
        self.env["pp.job.order.generate.line"].create(vals_list)
        self.state = "lines"
        return True

    def action_summary(self):
        """Go to the summary of the chosen lines."""
        self.ensure_one()
        if not self.summary_line_ids:
            raise UserError(self.env._("Choose at least one line to generate."))
        self.state = "summary"
        return True

    def action_back(self):
        """Go back to the candidate lines."""
        self.ensure_one()
        self.state = "lines"
        return True

    def action_generate(self):
        """Create (or update) the job orders of the chosen lines (RPC-callable).

        Records a ``pp.planning.run`` of kind ``job_order_generation`` and returns
        an action listing the job orders created or updated.
        """
        self.ensure_one()
        self._check_parameters()
        lines = self.summary_line_ids
        if not lines:
            raise UserError(
                self.env._(
                    "Nothing to generate: load the candidates and choose at least "
                    "one line."
                )
            )
        run = self.env["pp.planning.run"]._run_procedure(
            "job_order_generation",
            self._prepare_run_parameters(),
            lambda run, logger: self._generate(run, logger, lines),
            company=self.company_id,
        )
        self.write(
            {
                "run_id": run.id,
                "job_order_ids": [Command.set(run.job_order_ids.ids)],
                "state": "done",
            }
        )
        if run.state == "failed":
            return {
                "type": "ir.actions.act_window",
                "res_model": "pp.planning.run",
                "res_id": run.id,
                "view_mode": "form",
                "views": [(False, "form")],
            }
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "production_planning.pp_job_order_action"
        )
        action["domain"] = [("id", "in", run.job_order_ids.ids)]
        action["context"] = {"pp_run_id": run.id}
        action["target"] = "main"
        return action

    # ------------------------------------------------------------------
    # Checks and helpers
    # ------------------------------------------------------------------
    def _check_parameters(self):
        if not self.type_id:
            raise UserError(
                self.env._(
                    "Choose a job order type (create one for %(company)s in "
                    "Planning Configuration > Job Order Types).",
                    company=self.company_id.display_name,
                )
            )
        if self.job_type == "mono" and self.grouping not in ("none", "item"):
            raise UserError(
                self.env._("Mono-product job orders group by item or not at all.")
            )
        if self.job_type == "multi" and self.grouping == "item":
            raise UserError(
                self.env._(
                    "Multi-product job orders group by customer, project, both or "
                    "not at all."
                )
            )
        if self.missing_date_mode != "skip" and not self.missing_date:
            raise UserError(
                self.env._("Give the date to use for lines without a date.")
            )
        if not 1 <= self.forecast_day <= 31:
            raise UserError(self.env._("The day of month must be between 1 and 31."))
        if (
            self.use_safety_stock
            and self.stock_date_until
            and self.stock_date_horizon
            and self.stock_date_horizon < fields.Date.context_today(self)
        ):
            raise UserError(self.env._("The safety stock cover date is in the past."))

    def _prepare_run_parameters(self):
        params = {}
        for name in RUN_PARAMETERS:
            value = self[name]
            params[name] = (
                fields.Date.to_string(value) if isinstance(value, date) else value
            )
        params["warehouse"] = self.warehouse_id.display_name or False
        params["type"] = self.type_id.display_name or False
        params["priority"] = self.priority_id.display_name or False
        return params

    def _warehouses(self):
        if self.warehouse_id:
            return self.warehouse_id
        return self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)]
        )

    def _today(self):
        return fields.Date.context_today(self)

    # ------------------------------------------------------------------
    # Sources
    # ------------------------------------------------------------------
    def _sale_line_domain(self):
        domain = [
            ("company_id", "=", self.company_id.id),
            ("order_id.state", "=", "sale"),
            ("display_type", "=", False),
            ("product_id.pp_generate_job_orders", "=", True),
            ("pp_job_order_line_ids", "not any", [("state", "!=", "cancelled")]),
            ("order_id.warehouse_id", "in", self._warehouses().ids),
        ]
        if self.date_to:
            domain += [
                "|",
                ("pp_ready_date", "=", False),
                ("pp_ready_date", "<=", self.date_to),
            ]
        return domain

    def _prepare_sale_candidates(self):
        sale_lines = self.env["sale.order.line"].search(
            self._sale_line_domain(), order="pp_ready_date, id"
        )
        has_project = "project_id" in self.env["sale.order"]._fields
        vals_list = []
        for sale_line in sale_lines:
            remaining = sale_line.product_uom_qty - sale_line.qty_delivered
            if (
                float_compare(
                    remaining, 0.0, precision_rounding=sale_line.product_uom.rounding
                )
                <= 0
            ):
                continue
            product = sale_line.product_id
            qty = sale_line.product_uom._compute_quantity(
                remaining, product.uom_id, raise_if_failure=False
            )
            vals = {
                "wizard_id": self.id,
                "source": "sale",
                "product_id": product.id,
                "partner_id": sale_line.order_id.partner_id.commercial_partner_id.id,
                "project_id": sale_line.order_id.project_id.id
                if has_project
                else False,
                "warehouse_id": sale_line.order_id.warehouse_id.id,
                "sale_line_id": sale_line.id,
                "date": sale_line.pp_ready_date,
                "demand_qty": qty,
                "product_qty": qty,
            }
            self._apply_missing_date(vals, product)
            vals_list.append(vals)
        return vals_list

    def _apply_missing_date(self, vals, product):
        """Date a candidate without ready-goods date as the parameters say."""
        if vals["date"]:
            return
        if self.missing_date_mode == "end_date":
            vals["date"] = self.missing_date
            vals["note"] = self.env._("No date: given ready-goods date used")
        elif self.missing_date_mode == "start_date":
            vals["date_start"] = self.missing_date
            bom = self.env["mrp.bom"]._bom_find(product, company_id=self.company_id.id)[
                product
            ]
            vals["date"] = self.missing_date + timedelta(
                days=bom.produce_delay if bom else 0
            )
            vals["note"] = self.env._("No date: given start date plus lead time used")
        else:
            vals["selected"] = False
            vals["note"] = self.env._("No ready-goods date: skipped")

    def _forecast_lines(self):
        """Consolidated forecast lines of the latest version of each forecast.

        A forecast is known by its name and kind: when several versions are
        consolidated, only the highest one counts (what older versions already
        planned is taken into account by the combination).
        """
        domain = [
            ("company_id", "=", self.company_id.id),
            ("state", "=", "consolidated"),
            ("product_qty", ">", 0),
            "|",
            ("forecast_id.warehouse_id", "=", False),
            ("forecast_id.warehouse_id", "in", self._warehouses().ids),
        ]
        if self.forecast_ids:
            domain.append(("forecast_id", "in", self.forecast_ids.ids))
        if self.date_to:
            domain.append(("date_start", "<=", self.date_to))
        forecasts = self.env["pp.forecast"].search(
            [("company_id", "=", self.company_id.id), ("state", "=", "consolidated")]
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

    def _prepare_forecast_candidates(self):
        """One candidate per forecast bucket (site, item, customer, period).

        Buckets whose lines were all planned already are kept too, marked with
        ``_consumption_only``: they do not propose anything but later sales of
        their period are netted against them.
        """
        forecast_lines = self._forecast_lines()
        default_warehouse = self._warehouses()[:1]
        buckets = defaultdict(lambda: self.env["pp.forecast.line"])
        for line in forecast_lines:
            partner = line.partner_id if self.group_forecast_by_customer else None
            key = (
                line.forecast_id.warehouse_id,
                line.product_id,
                partner,
                line.date_start,
                line.date_end,
            )
            buckets[key] |= line
        vals_list = []
        for (site, product, partner, start, end), lines in buckets.items():
            warehouse = site or default_warehouse
            new_lines = lines.filtered(lambda line: not line.used)

            def in_item_unit(records, field, product=product):
                return sum(
                    line.product_uom_id._compute_quantity(
                        line[field], product.uom_id, raise_if_failure=False
                    )
                    for line in records
                )

            qty = in_item_unit(new_lines, "product_qty")
            vals_list.append(
                {
                    "wizard_id": self.id,
                    "source": "forecast",
                    "product_id": product.id,
                    "partner_id": partner.id if partner else False,
                    "warehouse_id": warehouse.id,
                    "forecast_line_ids": [Command.set(new_lines.ids)],
                    "forecast_id": lines[:1].forecast_id.id,
                    "period_start": start,
                    "period_end": end,
                    "date": forecast_due_date(
                        start,
                        end,
                        self.forecast_period_mode,
                        day_of_month=self.forecast_day,
                        weekday=int(self.forecast_weekday or 0),
                    ),
                    "demand_qty": qty,
                    "product_qty": qty,
                    "_forecast_total": in_item_unit(lines, "product_qty"),
                    "_site": site.id,
                    "_consumption_only": not new_lines,
                }
            )
        return vals_list

    def _planned_forecast_quantities(self, forecast_vals):
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
                ("company_id", "=", self.company_id.id),
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
                    not self.group_forecast_by_customer
                    or line.partner_id.id == vals["partner_id"]
                ):
                    planned[index] += line.qty_planned
        return planned

    def _planned_sales(self, forecast_vals):
        """Sale lines of the forecast periods already in job orders.

        :return: list of dicts ``product_id, warehouse_id, partner_id, date, qty``
        """
        if not forecast_vals:
            return []
        sale_lines = self.env["sale.order.line"].search(
            [
                ("company_id", "=", self.company_id.id),
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

    def _combine_forecasts(self, forecast_vals, sale_vals):
        """Net each forecast bucket with the sales of its item and period.

        Customer buckets go first, so a sale counted against its customer's
        forecast is not counted again against the forecast of all customers.
        What earlier generations planned for the bucket is deducted (forecast
        consumption): a sale that arrives after its forecast was planned is
        covered by it as far as the combination mode says.
        """
        planned = self._planned_forecast_quantities(forecast_vals)
        planned_sales = self._planned_sales(forecast_vals)
        consumed_new, consumed_old = set(), set()

        def matches(forecast, sale, partner_key):
            return (
                sale["product_id"] == forecast["product_id"]
                and (not forecast["_site"] or sale["warehouse_id"] == forecast["_site"])
                and sale["date"]
                and period_contains(
                    forecast["period_start"], forecast["period_end"], sale["date"]
                )
                and (
                    not forecast["partner_id"]
                    or sale[partner_key] == forecast["partner_id"]
                )
            )

        order = sorted(
            range(len(forecast_vals)), key=lambda i: not forecast_vals[i]["partner_id"]
        )
        for index in order:
            forecast = forecast_vals[index]
            new_sales = [
                i
                for i, vals in enumerate(sale_vals)
                if i not in consumed_new
                and vals.get("selected", True)
                and matches(forecast, vals, "partner_id")
            ]
            old_sales = [
                i
                for i, sale in enumerate(planned_sales)
                if i not in consumed_old and matches(forecast, sale, "partner_id")
            ]
            consumed_new.update(new_sales)
            consumed_old.update(old_sales)
            forecast_qty, sale_qtys = combine_forecast(
                forecast["product_qty"],
                [sale_vals[i]["product_qty"] for i in new_sales],
                self.combine_mode,
                forecast_total=forecast["_forecast_total"],
                planned=planned.get(index, 0.0)
                + sum(planned_sales[i]["planned"] for i in old_sales),
                sales_planned=sum(planned_sales[i]["qty"] for i in old_sales),
            )
            forecast["product_qty"] = forecast_qty
            for i, qty in zip(new_sales, sale_qtys, strict=True):
                vals = sale_vals[i]
                if qty != vals["product_qty"]:
                    vals["product_qty"] = qty
                    vals["note"] = self.env._("Cut to the forecast of the period")
                    if not qty:
                        vals["selected"] = False
                        vals["note"] = self.env._(
                            "Covered by the forecast of the period"
                        )
            if not forecast_qty:
                forecast["selected"] = False
                forecast["note"] = self.env._("Covered by the sale orders")

    def _load_stock_position(
        self, products, warehouses, exclude_sale_lines=None, exclude_overdue=False
    ):
        """Read on-hand quantities and dated stock moves in bulk.

        :return: ``(on_hand, events)`` with ``on_hand[(warehouse_id, product_id)]``
            a float and ``events[(warehouse_id, product_id)]`` a list of
            ``StockEvent`` (receipts positive, issues negative)
        """
        on_hand = defaultdict(float)
        events = defaultdict(list)
        if not products:
            return on_hand, events
        today = self._today()
        exclude_sale_lines = exclude_sale_lines or []
        for warehouse in warehouses:
            view_path = warehouse.view_location_id.parent_path
            quants = self.env["stock.quant"]._read_group(
                [
                    ("product_id", "in", products.ids),
                    ("location_id.parent_path", "=like", view_path + "%"),
                    ("location_id.usage", "=", "internal"),
                ],
                ["product_id"],
                ["quantity:sum"],
            )
            for product, quantity in quants:
                on_hand[(warehouse.id, product.id)] = quantity
            base = [
                ("product_id", "in", products.ids),
                ("state", "not in", ("draft", "cancel", "done")),
            ]
            inside = ("location_dest_id.parent_path", "=like", view_path + "%")
            source_inside = ("location_id.parent_path", "=like", view_path + "%")
            incoming = self._group_moves(base + [inside, "!", source_inside])
            outgoing_domain = base + [source_inside, "!", inside]
            if exclude_sale_lines:
                outgoing_domain.append(("sale_line_id", "not in", exclude_sale_lines))
            if exclude_overdue:
                outgoing_domain += [
                    "|",
                    ("sale_line_id", "=", False),
                    ("date", ">=", fields.Datetime.to_datetime(today)),
                ]
            outgoing = self._group_moves(outgoing_domain)
            for sign, groups in ((1, incoming), (-1, outgoing)):
                for product, day, qty in groups:
                    if isinstance(day, datetime):
                        day = day.date()
                    events[(warehouse.id, product.id)].append(
                        StockEvent(date=day, quantity=sign * qty)
                    )
        return on_hand, events

    def _group_moves(self, domain):
        return self.env["stock.move"]._read_group(
            domain, ["product_id", "date:day"], ["product_qty:sum"]
        )

    def _stock_levels(self, products, warehouses):
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

    def _load_job_order_supply(self, products, warehouses):
        """Open job orders as receipts of their items.

        Job orders not examined, scheduled or launched (draft manufacturing order)
        have no stock moves yet, so the stock position does not show them; without
        them every generation would propose the same safety stock again.

        :return: ``{product_id: [StockEvent]}`` in the items' units
        """
        supply = defaultdict(list)
        lines = self.env["pp.job.order.line"].search(
            [
                ("product_id", "in", products.ids),
                ("state", "in", ("not_examined", "scheduled", "launched")),
                ("job_order_id.warehouse_id", "in", warehouses.ids),
            ]
        )
        for line in lines:
            supply[line.product_id.id].append(
                StockEvent(
                    date=line.date_deadline,
                    quantity=line.product_uom_id._compute_quantity(
                        line.product_qty, line.product_id.uom_id
                    ),
                    reference=line.job_order_id.name,
                )
            )
        return supply

    def _reserve(self, product):
        if self.replenish_reorder_level:
            return product.pp_reorder_level
        if self.replenish_min_stock:
            return product.pp_min_stock
        return 0.0

    def _net_availability(self, vals_list):
        """Fill availability and, if asked, net the demand against it."""
        candidates = [vals for vals in vals_list if vals.get("selected", True)]
        if not candidates:
            return
        products = self.env["product.product"].browse(
            {vals["product_id"] for vals in candidates}
        )
        warehouses = self.env["stock.warehouse"].browse(
            {vals["warehouse_id"] for vals in candidates}
        )
        sale_line_ids = [
            vals["sale_line_id"] for vals in candidates if "sale_line_id" in vals
        ]
        on_hand, events = self._load_stock_position(
            products, warehouses, sale_line_ids, exclude_overdue=self.exclude_overdue
        )
        per_key = defaultdict(list)
        for index, vals in enumerate(candidates):
            per_key[(vals["warehouse_id"], vals["product_id"])].append(index)
        today = self._today()
        for (warehouse_id, product_id), indexes in per_key.items():
            product = products.browse(product_id)
            demands = [
                Demand(
                    key=f"{index:09d}",
                    product_id=product_id,
                    quantity=candidates[index]["product_qty"],
                    date=candidates[index]["date"],
                )
                for index in indexes
            ]
            netted = net_demands(
                demands,
                on_hand[(warehouse_id, product_id)],
                events[(warehouse_id, product_id)],
                reserve=self._reserve(product),
                today=today,
                exclude_overdue=self.exclude_overdue,
            )
            for result in netted:
                vals = candidates[int(result.demand.key)]
                vals["available_qty"] = result.available
                if self.consider_availability:
                    vals["product_qty"] = result.quantity
                    if (
                        float_compare(
                            result.quantity,
                            0.0,
                            precision_rounding=product.uom_id.rounding,
                        )
                        <= 0
                    ):
                        vals["selected"] = False
                        vals["note"] = self.env._("Covered by availability")

    def _prepare_stock_candidates(self):
        products = self.env["product.product"].search(
            [
                ("pp_planning_policy", "=", "stock"),
                ("is_storable", "=", True),
                "|",
                ("company_id", "=", False),
                ("company_id", "=", self.company_id.id),
            ]
        )
        if not products:
            return []
        # One projection per item over the chosen site, or all the company's sites.
        warehouses = self._warehouses()
        warehouse = self.warehouse_id or warehouses[:1]
        on_hand, events = self._load_stock_position(products, warehouses)
        supply = self._load_job_order_supply(products, warehouses)
        levels = self._stock_levels(products, warehouses)
        today = self._today()
        date_until = self.stock_date_until or today
        horizon = self.stock_date_horizon or date_until
        target = "reorder_level" if self.replenish_reorder_level else "min_stock"
        vals_list = []
        for product in products:
            stock = sum(on_hand[(site.id, product.id)] for site in warehouses)
            product_events = supply[product.id] + [
                event for site in warehouses for event in events[(site.id, product.id)]
            ]
            lot, multiple = product._pp_get_lot_sizes()
            min_stock, reorder_level = levels[product.id]
            proposal = project_safety_stock(
                SafetyStockInput(
                    product_id=product.id,
                    on_hand=stock,
                    min_stock=min_stock,
                    reorder_level=reorder_level,
                    reorder_days=product.pp_reorder_days,
                    date_from=today,
                    date_until=max(date_until, today),
                    date_horizon=max(horizon, today),
                    events=product_events,
                    economic_lot=lot,
                    multiple=multiple,
                    use_lot=self.round_lot,
                    use_multiple=self.round_multiple,
                    target=target,
                )
            )
            if not proposal.stockout_date:
                continue
            vals_list.append(
                {
                    "wizard_id": self.id,
                    "source": "stock",
                    "product_id": product.id,
                    "warehouse_id": warehouse.id,
                    "date": proposal.stockout_date,
                    "demand_qty": proposal.quantity,
                    "product_qty": proposal.quantity,
                    "on_hand": stock,
                    "initial_available": proposal.initial_available,
                    "final_available": proposal.final_available,
                    "minimum_available": proposal.minimum_available,
                    "min_stock": min_stock,
                    "reorder_level": reorder_level,
                    "average_daily_usage": proposal.average_daily_usage,
                    "selected": proposal.quantity > 0,
                    "day_ids": [
                        Command.create(
                            {
                                "date": day.date,
                                "receipts": day.receipts,
                                "issues": day.issues,
                                "usage": day.usage,
                                "available": day.available,
                                "below_minimum": day.available < min_stock,
                            }
                        )
                        for day in proposal.days
                    ],
                }
            )
        return vals_list

    # ------------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------------
    def _generate(self, run, logger, lines):
        """Create or update the job orders of ``lines`` inside ``run``."""
        valid = self.env["pp.job.order.generate.line"]
        skipped = 0
        for line in lines:
            product = line.product_id
            if (
                float_compare(
                    line.product_qty,
                    0.0,
                    precision_rounding=line.product_uom_id.rounding,
                )
                <= 0
            ):
                logger.warning(
                    self.env._(
                        "%(item)s: quantity %(qty)s is not positive; line skipped.",
                        item=product.display_name,
                        qty=line.product_qty,
                    ),
                    product=product,
                    document=line.sale_line_id or None,
                )
                skipped += 1
                continue
            if not line.date:
                logger.warning(
                    self.env._(
                        "%(item)s: no ready-goods date; line skipped.",
                        item=product.display_name,
                    ),
                    product=product,
                    document=line.sale_line_id or None,
                )
                skipped += 1
                continue
            taken = (
                line.sale_line_id.pp_job_order_line_ids
                | line.forecast_line_ids.job_order_line_ids
            ).filtered(lambda job_line: job_line.state != "cancelled")
            if taken:
                logger.warning(
                    self.env._(
                        "%(item)s: job order %(job)s was generated from this demand "
                        "meanwhile; line skipped.",
                        item=product.display_name,
                        job=taken[0].job_order_id.display_name,
                    ),
                    product=product,
                    job_order=taken[0].job_order_id,
                    document=line.sale_line_id or None,
                )
                skipped += 1
                continue
            valid |= line
        self._log_master_data_warnings(logger, valid.product_id)
        demands = [
            Demand(
                key=line.id,
                product_id=line.product_id.id,
                quantity=line.product_qty,
                date=line.date,
                partner_id=line.partner_id.id or None,
                project_id=line.project_id.id or None,
                warehouse_id=line.warehouse_id.id,
                source=line.source,
            )
            for line in valid
        ]
        groups = group_demands(demands, self.job_type, self.grouping)
        lines_by_id = {line.id: line for line in valid}
        create_vals = []
        updated = self.env["pp.job.order"]
        for group in groups:
            group_lines = self.env["pp.job.order.generate.line"].concat(
                *(lines_by_id[demand.key] for demand in group.demands)
            )
            existing = (
                self._find_existing_job_order(group_lines)
                if self.update_existing
                else None
            )
            if existing:
                self._update_job_order(existing, group_lines)
                updated |= existing
            else:
                create_vals.append(self._prepare_job_order_vals(group_lines))
        created = self.env["pp.job.order"].create(create_vals)
        self._record_planned_quantities(valid)
        for job_order in created:
            logger.info(
                self.env._("Job order %(name)s created.", name=job_order.name),
                job_order=job_order,
                document=job_order,
            )
        for job_order in updated:
            logger.info(
                self.env._("Job order %(name)s updated.", name=job_order.name),
                job_order=job_order,
                document=job_order,
            )
        run._record_results(
            {
                "count_candidates": len(self.line_ids),
                "count_created": len(created),
                "count_updated": len(updated),
                "count_skipped": skipped,
                "job_order_ids": [Command.set((created | updated).ids)],
            }
        )

    def _record_planned_quantities(self, lines):
        """Keep on each sale and forecast line the quantity its candidate planned.

        A candidate's quantity (in the item's unit) is shared among its forecast
        lines in proportion to their quantities. Later generations deduct these
        quantities from the demand of the period (forecast consumption).
        """
        planned = defaultdict(list)
        for line in lines:
            if line.sale_line_id:
                planned[("sale.order.line", line.product_qty)].append(
                    line.sale_line_id.id
                )
            forecast_lines = line.forecast_line_ids
            quantities = {
                forecast_line: forecast_line.product_uom_id._compute_quantity(
                    forecast_line.product_qty, line.product_id.uom_id
                )
                for forecast_line in forecast_lines
            }
            total = sum(quantities.values())
            for forecast_line, quantity in quantities.items():
                share = line.product_qty * quantity / total if total else 0.0
                planned[("pp.forecast.line", share)].append(forecast_line.id)
        for (model, quantity), ids in planned.items():
            field = "pp_qty_planned" if model == "sale.order.line" else "qty_planned"
            self.env[model].browse(ids).write({field: quantity})

    def _log_master_data_warnings(self, logger, products):
        """Warn about items that planning will not be able to explode."""
        boms = self.env["mrp.bom"]._bom_find(products, company_id=self.company_id.id)
        for product in products:
            procurement = product.pp_procurement_type
            if procurement in ("production", "subcontract") and not boms.get(product):
                logger.warning(
                    self.env._(
                        "%(item)s is produced but has no bill of materials.",
                        item=product.display_name,
                    ),
                    product=product,
                )
            elif procurement == "purchase" and not product.seller_ids:
                logger.warning(
                    self.env._(
                        "%(item)s is bought but has no vendor.",
                        item=product.display_name,
                    ),
                    product=product,
                )

    def _round(self, product, quantity):
        """Round ``quantity`` of ``product`` to its lot sizes, as the options say."""
        lot, multiple = product._pp_get_lot_sizes()
        return round_quantity(
            quantity,
            lot,
            multiple,
            use_lot=self.round_lot,
            use_multiple=self.round_multiple,
        )

    def _prepare_job_order_line_vals(self, lines):
        """Values of one job order line covering candidate ``lines`` (one item)."""
        product = lines[:1].product_id
        forecast_lines = lines.forecast_line_ids
        period_starts = [d for d in lines.mapped("period_start") if d]
        period_ends = [d for d in lines.mapped("period_end") if d]
        return {
            "product_id": product.id,
            "product_uom_id": product.uom_id.id,
            "product_qty": self._round(product, sum(lines.mapped("product_qty"))),
            "date_deadline": min(lines.mapped("date")),
            "partner_id": lines.partner_id.id if len(lines.partner_id) == 1 else False,
            "sale_line_ids": [Command.set(lines.sale_line_id.ids)],
            "forecast_line_ids": [Command.set(forecast_lines.ids)],
            "forecast_date_start": min(period_starts, default=False),
            "forecast_date_end": max(period_ends, default=False),
        }

    def _prepare_job_order_vals(self, lines):
        """Values of one job order for a group of candidate ``lines``."""
        if self.job_type == "mono":
            line_vals = [self._prepare_job_order_line_vals(lines)]
        else:
            line_vals = [self._prepare_job_order_line_vals(line) for line in lines]
        partners = lines.partner_id
        projects = lines.project_id
        return {
            "type_id": self.type_id.id,
            "job_type": self.job_type,
            "warehouse_id": lines[:1].warehouse_id.id,
            "company_id": self.company_id.id,
            "partner_id": partners.id if len(partners) == 1 else False,
            "project_id": projects.id if len(projects) == 1 else False,
            "priority_id": self.priority_id.id,
            "date_deadline": min(lines.mapped("date")),
            "line_ids": [Command.create(vals) for vals in line_vals],
        }

    def _find_existing_job_order(self, lines):
        """The not examined job order that ``lines`` should update, if any."""
        domain = [
            ("company_id", "=", self.company_id.id),
            ("state", "=", "not_examined"),
            ("job_type", "=", self.job_type),
            ("warehouse_id", "=", lines[:1].warehouse_id.id),
        ]
        if self.job_type == "mono":
            domain.append(("product_id", "=", lines[:1].product_id.id))
        else:
            if self.grouping in ("customer", "customer_project"):
                domain.append(("partner_id", "=", lines[:1].partner_id.id))
            if self.grouping in ("project", "customer_project"):
                domain.append(("project_id", "=", lines[:1].project_id.id))
        return self.env["pp.job.order"].search(
            domain, order="date_deadline, id", limit=1
        )

    def _update_job_order(self, job_order, lines):
        """Add the demand of ``lines`` to an existing job order."""
        if self.job_type == "mono":
            job_line = job_order.line_ids[:1]
            product = job_line.product_id
            new_date = min(lines.mapped("date") + [job_line.date_deadline])
            current = job_line.product_uom_id._compute_quantity(
                job_line.product_qty, product.uom_id
            )
            job_line.write(
                {
                    "product_uom_id": product.uom_id.id,
                    "product_qty": self._round(
                        product, current + sum(lines.mapped("product_qty"))
                    ),
                    "date_deadline": new_date,
                    "sale_line_ids": [
                        Command.link(sale_line.id) for sale_line in lines.sale_line_id
                    ],
                    "forecast_line_ids": [
                        Command.link(line.id) for line in lines.forecast_line_ids
                    ],
                }
            )
        else:
            job_order.write(
                {
                    "line_ids": [
                        Command.create(self._prepare_job_order_line_vals(line))
                        for line in lines
                    ]
                }
            )
        new_date = min(lines.mapped("date") + [job_order.date_deadline])
        if new_date != job_order.date_deadline:
            job_order.date_deadline = new_date
