# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import SQL, float_compare

from ..services.combine import bucket_demand, combine_forecast
from ..services.grouping import group_demands
from ..services.ledger import Ledger, StockEvent
from ..services.lots import format_qty, round_quantity
from ..services.netting import Demand, net_demands
from ..services.periods import forecast_due_date, period_contains
from ..services.safety_stock import (
    SafetyStockInput,
    project_safety_stock,
)
from .pp_planning_procedure import ProcedureParameters, ProcedureResult

_logger = logging.getLogger(__name__)

# Records among the parameters: name -> model.
RECORD_PARAMETERS = {
    "type_id": "pp.job.order.type",
    "priority_id": "pp.procurement.priority",
    "warehouse_id": "stock.warehouse",
    "forecast_ids": "pp.forecast",
}
DATE_PARAMETERS = ("date_to", "missing_date", "stock_date_until", "stock_date_horizon")
# Candidate keys that are not fields of the wizard's candidate lines.
_PRIVATE_KEYS = ("_forecast_total", "_site", "_consumption_only")


def _version_key(version):
    """Order forecast versions naturally: "2" < "10", "v2" < "v10"."""
    return [
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"(\d+)", version or "")
        if part
    ]


@dataclass
class GenerationParameters(ProcedureParameters):
    """Job order generation parameters (SPEC §5); see the generation wizard."""

    use_sales: bool
    use_forecasts: bool
    use_safety_stock: bool
    job_type: str  # mono / multi
    grouping: str  # none / item / customer / ...
    type_id: Any  # pp.job.order.type
    priority_id: Any  # pp.procurement.priority
    update_existing: bool
    warehouse_id: Any  # stock.warehouse (none: every site of the company)
    date_to: date  # horizon of the demand
    forecast_ids: Any  # pp.forecast
    forecast_period_mode: str
    forecast_day: int
    forecast_weekday: str
    group_forecast_by_customer: bool
    combine_mode: str  # how forecasts and sales combine
    missing_date_mode: str
    missing_date: date
    consider_availability: bool
    show_availability: bool
    availability_mode: str  # at_date / minimum
    round_lot: bool
    round_multiple: bool
    replenish_min_stock: bool
    replenish_reorder_level: bool
    exclude_overdue: bool
    stock_date_until: date
    stock_date_horizon: date
    # Worked out: the sites the demand is planned for.
    warehouses: Any = None


@dataclass
class GenerationResult(ProcedureResult):
    """What a job order generation run did (ids and counts)."""

    job_order_ids: list
    count_created: int
    count_updated: int
    count_skipped: int

    @classmethod
    def from_run(cls, run):
        """The result of the generation ``run``."""
        return cls(
            run_id=run.id,
            state=run.state,
            job_order_ids=run.job_order_ids.ids,
            count_created=run.count_created,
            count_updated=run.count_updated,
            count_skipped=run.count_skipped,
        )


class PpJobOrderGeneration(models.AbstractModel):
    """The job order generation procedure (SPEC §5), without any screen.

    :meth:`generate` runs it whole from RPC or a scheduled action; the
    generation wizard calls :meth:`_prepare_candidates` to show the candidate
    lines and :meth:`_run_generation` with the lines the planner kept.
    Candidates are plain dicts: ``source`` (``sale`` / ``forecast`` /
    ``stock``), ``product_id``, ``warehouse_id``, ``partner_id``,
    ``project_id``, ``sale_line_id``, ``forecast_line_ids`` (ids), ``date``,
    ``date_start``, ``demand_qty``, ``product_qty`` (in the item's unit),
    ``selected``, ``note`` and, for safety stock, the projection figures and
    ``day_ids`` (dicts).
    """

    _name = "pp.job.order.generation"
    _inherit = "pp.planning.procedure"
    _description = "Job Order Generation Procedure"
    _parameters_class = GenerationParameters
    _record_parameters = RECORD_PARAMETERS
    _date_parameters = DATE_PARAMETERS
    _internal_parameters = ("warehouses",)

    # ------------------------------------------------------------------
    # Parameters
    # ------------------------------------------------------------------
    @api.model
    def _default_parameters(self, company):
        """Default value of every parameter for ``company`` (plain values)."""
        today = self.env["pp.stock.position"]._get_today(company)
        job_type = company.pp_default_job_type or "mono"
        grouping = company.pp_default_grouping or "item"
        if job_type == "mono" and grouping not in ("none", "item"):
            grouping = "item"
        elif job_type == "multi" and grouping == "item":
            grouping = "customer"
        job_order_type = company.pp_default_job_order_type_id or self.env[
            "pp.job.order.type"
        ].search([("company_id", "=", company.id)], limit=1)
        return {
            "use_sales": True,
            "use_forecasts": True,
            "use_safety_stock": True,
            "job_type": job_type,
            "grouping": grouping,
            "type_id": job_order_type.id,
            "priority_id": False,
            "update_existing": False,
            "warehouse_id": False,
            "date_to": today
            + relativedelta(months=company.pp_planning_horizon_months or 6),
            "forecast_ids": [],
            "forecast_period_mode": "monthly",
            "forecast_day": 1,
            "forecast_weekday": "0",
            "group_forecast_by_customer": True,
            "combine_mode": "greater",
            "missing_date_mode": "skip",
            "missing_date": False,
            "consider_availability": False,
            "show_availability": False,
            "availability_mode": "minimum",
            "round_lot": True,
            "round_multiple": True,
            "replenish_min_stock": False,
            "replenish_reorder_level": False,
            "exclude_overdue": False,
            "stock_date_until": today + timedelta(days=30),
            "stock_date_horizon": today + timedelta(days=60),
        }

    @api.model
    def _procedure_label(self):
        return self.env._("job order generation")

    @api.model
    def _complete_parameters(self, params):
        # The sites the demand is planned for: the chosen one, else all the company's.
        params.warehouses = params.warehouse_id or self.env["stock.warehouse"].search(
            [("company_id", "=", params.company.id)]
        )

    @api.model
    def _check_parameters(self, params):
        """Refuse parameters that cannot give a meaningful generation."""
        company = params.company
        if not params.type_id:
            raise UserError(
                self.env._(
                    "Choose a job order type (create one for %(company)s in "
                    "Planning Configuration > Job Order Types).",
                    company=company.display_name,
                )
            )
        for name in ("type_id", "priority_id", "warehouse_id", "forecast_ids"):
            records = getattr(params, name)
            foreign = records.filtered(
                lambda r: r.company_id and r.company_id != company
            )
            if foreign:
                raise UserError(
                    self.env._(
                        "%(record)s does not belong to %(company)s.",
                        record=foreign[0].display_name,
                        company=company.display_name,
                    )
                )
        if params.job_type not in ("mono", "multi"):
            raise UserError(
                self.env._("Unknown job order kind %(kind)s.", kind=params.job_type)
            )
        if params.job_type == "mono" and params.grouping not in ("none", "item"):
            raise UserError(
                self.env._("Mono-product job orders group by item or not at all.")
            )
        if params.job_type == "multi" and params.grouping == "item":
            raise UserError(
                self.env._(
                    "Multi-product job orders group by customer, project, both or "
                    "not at all."
                )
            )
        if params.missing_date_mode != "skip" and not params.missing_date:
            raise UserError(
                self.env._("Give the date to use for lines without a date.")
            )
        if not 1 <= params.forecast_day <= 31:
            raise UserError(self.env._("The day of month must be between 1 and 31."))
        if params.availability_mode not in ("minimum", "at_date"):
            raise UserError(
                self.env._(
                    "Unknown availability mode %(mode)s.", mode=params.availability_mode
                )
            )
        if (
            params.use_safety_stock
            and params.stock_date_horizon
            and params.stock_date_horizon < self._today(params)
        ):
            raise UserError(self.env._("The safety stock cover date is in the past."))

    @api.model
    def _today(self, params):
        return self.env["pp.stock.position"]._get_today(params.company)

    # ------------------------------------------------------------------
    # Public procedure
    # ------------------------------------------------------------------
    @api.model
    def _split_candidates(self, params):
        """Candidates of ``params``: (selected, unselected), as the wizard shows."""
        candidates = self._prepare_candidates(params)
        return (
            [vals for vals in candidates if vals.get("selected", True)],
            [vals for vals in candidates if not vals.get("selected", True)],
        )

    @api.model
    def generate(self, parameters=None):
        """Load the candidates and create the job orders of the selected ones.

        The whole procedure in one call, for RPC clients and scheduled actions:
        ``parameters`` is a dict of plain values named like the fields of the
        generation wizard (``use_sales``, ``job_type``, ``grouping``,
        ``type_id``, ``warehouse_id``, ``date_to``, ``consider_availability``,
        ...); missing ones take their defaults. Candidates that the wizard
        would show deselected (covered, skipped) are not generated.

        :return: ``{"run_id", "state", "job_order_ids", "count_created",
            "count_updated", "count_skipped"}``
        """
        procedure = self._in_user_language()
        params = procedure._get_parameters(parameters)
        selected, unselected = procedure._split_candidates(params)
        run = procedure._run_generation(params, selected, unselected=unselected)
        return GenerationResult.from_run(run).as_dict()

    @api.model
    def generate_flow(self, parameters=None):
        """Flow generation (SPEC §5): generate, plan and release in one call.

        Needs *Flow Generation* enabled in the company's planning settings.
        ``parameters`` are those of :meth:`generate`; the job orders created are
        then planned with the company's planning defaults and, when *Release
        in Flow Generation* is set, their planned orders released with its
        release defaults. One run per step; all of it or nothing.

        :return: ``{"job_order_ids", "generation_run_id", "planning_run_id",
            "release_run_id", "state"}`` (a step not run has ``False``)
        """
        procedure = self._in_user_language()
        params = procedure._get_parameters(parameters)
        selected, unselected = procedure._split_candidates(params)
        return procedure._run_flow(params, selected, unselected=unselected)

    @api.model
    def _run_flow(self, params, candidates, unselected=(), job_line_watermark=None):
        """Generate ``candidates``, plan the job orders, release their planned
        orders; stop at the first step whose run fails."""
        company = params.company
        if not company.pp_flow_generation:
            raise UserError(
                self.env._(
                    "Flow generation is not enabled in the planning settings of "
                    "%(company)s.",
                    company=company.display_name,
                )
            )
        result = {
            "job_order_ids": [],
            "generation_run_id": False,
            "planning_run_id": False,
            "release_run_id": False,
        }
        run = self._run_generation(
            params,
            candidates,
            unselected=unselected,
            job_line_watermark=job_line_watermark,
        )
        result.update(generation_run_id=run.id, job_order_ids=run.job_order_ids.ids)
        job_orders = run.job_order_ids.filtered(
            lambda job: job.state in ("not_examined", "scheduled")
        )
        if run.state == "done" and job_orders:
            planning = self.env["pp.job.order.planning"]
            params = planning._get_parameters(
                {
                    "company_id": company.id,
                    "job_order_ids": job_orders.ids,
                    "release_after": company.pp_flow_release,
                }
            )
            planning_run = planning._run_planning(params)
            run.sudo().next_run_id = planning_run
            result.update(
                planning_run_id=planning_run.id,
                release_run_id=planning_run.next_run_id.id or False,
            )
            run = planning_run.next_run_id or planning_run
        result["state"] = run.state
        return result

    @api.model
    def _cron_generate(self):
        """Scheduled action: generate the job orders of the user's companies.

        Every company the scheduled action's user works in runs with its own
        defaults (Planning Settings). A company with nothing to generate, or
        whose parameters are refused, is logged and the others still run.
        """
        for company in self.env.user.company_ids:
            try:
                self.with_company(company).generate({"company_id": company.id})
            except UserError as error:
                _logger.info(
                    "Job order generation skipped for %s: %s", company.name, error
                )

    @api.model
    def _run_generation(
        self, params, candidates, unselected=(), job_line_watermark=None, run=None
    ):
        """Create the job orders of ``candidates`` inside a planning run.

        ``unselected`` are the candidates not chosen (covered by availability
        or forecast, without date, or deselected by the planner): the run logs
        each with its reason, so that candidates = used + skipped + not chosen.

        ``job_line_watermark`` is the highest job order line id when the
        candidates were loaded (see :meth:`_get_job_line_watermark`); safety
        stock candidates of items that got a job order since are skipped.

        ``run`` is a queued run to execute (background), else a run is created.

        :return: the ``pp.planning.run`` (state ``failed`` with the error when
            the generation crashed; then nothing was written)
        """
        if not candidates:
            raise UserError(
                self.env._(
                    "Nothing to generate: load the candidates and choose at least "
                    "one line."
                )
            )
        return self.env["pp.planning.run"]._run_procedure(
            "job_order_generation",
            self._prepare_run_parameters(params),
            lambda run, logger: self._generate(
                params,
                candidates,
                run,
                logger,
                unselected,
                job_line_watermark,
            ),
            company=params.company,
            run=run,
        )

    @api.model
    def _enqueue_generation(self, values, candidates, unselected, job_line_watermark):
        """Queue the generation of ``candidates`` (wizard lines) in the background.

        ``values`` are the plain wizard parameters; everything is kept on the
        queued run as JSON (dates as ISO strings) for the job.

        :return: the queued ``pp.planning.run``
        """
        params = self._get_parameters(values)
        if not candidates:
            raise UserError(
                self.env._(
                    "Nothing to generate: load the candidates and choose at least "
                    "one line."
                )
            )
        return self.env["pp.planning.run"]._enqueue(
            "job_order_generation",
            self._prepare_run_parameters(params),
            {
                "parameters": _to_json(values),
                "candidates": _to_json(candidates),
                "unselected": _to_json(unselected),
                "job_line_watermark": job_line_watermark,
            },
            company=params.company,
        )

    @api.model
    def _run_generation_queued(self, job_parameters, run):
        """Queue job entry point: generate what :meth:`_enqueue_generation` kept."""
        return self._run_generation(
            self._get_parameters(_dates_from_json(job_parameters["parameters"])),
            _dates_from_json(job_parameters["candidates"]),
            unselected=_dates_from_json(job_parameters["unselected"]),
            job_line_watermark=job_parameters.get("job_line_watermark"),
            run=run,
        )

    # ------------------------------------------------------------------
    # Candidates
    # ------------------------------------------------------------------
    @api.model
    def _prepare_candidates(self, params):
        """Candidate dicts of every enabled source, netted as the parameters say."""
        vals_list = []
        if params.use_sales:
            vals_list += self._prepare_sale_candidates(params)
        if params.use_forecasts:
            forecast_vals = self._prepare_forecast_candidates(params)
            self._combine_forecasts(params, forecast_vals, vals_list)
            vals_list += [
                vals for vals in forecast_vals if not vals["_consumption_only"]
            ]
        if params.consider_availability or params.show_availability:
            self._net_availability(params, vals_list)
        if params.use_safety_stock:
            vals_list += self._prepare_stock_candidates(params, vals_list)
        for vals in vals_list:
            for key in _PRIVATE_KEYS:
                vals.pop(key, None)
        return vals_list

    @api.model
    def _explain_no_candidates(self, params, source):
        """Why ``source`` (``sale``, ``forecast``, ``stock``) proposes nothing."""
        date_to = params.date_to and fields.Date.to_string(params.date_to)
        if source == "sale":
            domain = self._sale_line_domain(params)
            open_lines = [term for term in domain if term[0] != "pp_job_order_line_ids"]
            covered = self.env["sale.order.line"].search_count(open_lines)
            without_job_order = self.env["sale.order.line"].search_count(domain)
            if without_job_order:
                return self.env._(
                    "The %(count)s sale order lines of items that generate job "
                    "orders and have no job order yet are fully delivered.",
                    count=without_job_order,
                )
            if covered:
                return self.env._(
                    "Every open sale order line of items that generate job orders "
                    "is already covered by a job order (%(count)s lines).",
                    count=covered,
                )
            return self.env._(
                "No confirmed sale order line of an item that generates job orders "
                "(Planning tab of the item) is due by %(date)s in these sites.",
                date=date_to or self.env._("any date"),
            )
        if source == "forecast":
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
                "No consolidated forecast has lines until %(date)s (Planning > "
                "Forecasts).",
                date=date_to or self.env._("any date"),
            )
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
        return self.env._(
            "None of the %(count)s items kept in stock falls below its minimum stock "
            "by %(date)s.",
            count=items,
            date=fields.Date.to_string(params.stock_date_until or self._today(params)),
        )

    @api.model
    def _sale_line_domain(self, params):
        domain = [
            ("company_id", "=", params.company.id),
            ("order_id.state", "=", "sale"),
            ("display_type", "=", False),
            ("product_id.pp_generate_job_orders", "=", True),
            ("pp_job_order_line_ids", "not any", [("state", "!=", "cancelled")]),
            ("order_id.warehouse_id", "in", params.warehouses.ids),
        ]
        if params.date_to:
            domain += [
                "|",
                ("pp_ready_date", "=", False),
                ("pp_ready_date", "<=", params.date_to),
            ]
        return domain

    @api.model
    def _prepare_sale_candidates(self, params):
        """One candidate per open sale line of an item generating job orders."""
        sale_lines = self.env["sale.order.line"].search(
            self._sale_line_domain(params), order="pp_ready_date, id"
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
                "source": "sale",
                "selected": True,
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
            self._apply_missing_date(params, vals, product)
            vals_list.append(vals)
        return vals_list

    @api.model
    def _apply_missing_date(self, params, vals, product):
        """Date a candidate without ready-goods date as the parameters say."""
        if vals["date"]:
            return
        if params.missing_date_mode == "end_date":
            vals["date"] = params.missing_date
            vals["note"] = self.env._("No date: given ready-goods date used")
        elif params.missing_date_mode == "start_date":
            lead = product._pp_get_lead_time(params.company)
            vals["date_start"] = params.missing_date
            vals["date"] = params.missing_date + timedelta(days=lead)
            vals["note"] = self.env._(
                "No date: given start date plus %(days)s days of lead time used",
                days=lead,
            )
        else:
            vals["selected"] = False
            vals["note"] = self.env._("No ready-goods date: skipped")

    @api.model
    def _forecast_lines(self, params):
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
    def _prepare_forecast_candidates(self, params):
        """One candidate per forecast bucket (site, item, customer, period).

        Buckets whose lines were all planned already are kept too, marked with
        ``_consumption_only``: they do not propose anything but later sales of
        their period are netted against them.
        """
        forecast_lines = self._forecast_lines(params)
        default_warehouse = params.warehouses[:1]
        buckets = defaultdict(lambda: self.env["pp.forecast.line"])
        for line in forecast_lines:
            partner = line.partner_id if params.group_forecast_by_customer else None
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

            def in_item_unit(records, product=product):
                return sum(
                    line.product_uom_id._compute_quantity(
                        line.product_qty, product.uom_id, raise_if_failure=False
                    )
                    for line in records
                )

            qty = in_item_unit(new_lines)
            vals_list.append(
                {
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
            )
        return vals_list

    @api.model
    def _planned_forecast_quantities(self, params, forecast_vals):
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
    def _planned_sales(self, params, forecast_vals):
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
    def _combine_forecasts(self, params, forecast_vals, sale_vals):
        """Net each forecast bucket with the sales of its item and period.

        Customer buckets go first, so a sale counted against its customer's
        forecast is not counted again against the forecast of all customers.
        What earlier generations planned for the bucket is deducted (forecast
        consumption): a sale that arrives after its forecast was planned is
        covered by it as far as the combination mode says.
        """
        planned = self._planned_forecast_quantities(params, forecast_vals)
        planned_sales = self._planned_sales(params, forecast_vals)
        consumed_new, consumed_old = set(), set()

        def matches(forecast, sale):
            return (
                sale["product_id"] == forecast["product_id"]
                and (not forecast["_site"] or sale["warehouse_id"] == forecast["_site"])
                and sale["date"]
                and period_contains(
                    forecast["period_start"], forecast["period_end"], sale["date"]
                )
                and (
                    not forecast["partner_id"]
                    or sale["partner_id"] == forecast["partner_id"]
                )
            )

        order = sorted(
            range(len(forecast_vals)), key=lambda i: not forecast_vals[i]["partner_id"]
        )
        mode_labels = {
            "sum": self.env._("sum"),
            "greater": self.env._("greater"),
            "smaller": self.env._("smaller"),
        }
        forecasts = self.env["pp.forecast"].browse(
            {vals["forecast_id"] for vals in forecast_vals}
        )
        forecast_names = dict(
            zip(forecasts.ids, forecasts.mapped("display_name"), strict=True)
        )
        for index in order:
            forecast = forecast_vals[index]
            new_sales = [
                i
                for i, vals in enumerate(sale_vals)
                if i not in consumed_new
                and vals.get("selected", True)
                and matches(forecast, vals)
            ]
            old_sales = [
                i
                for i, sale in enumerate(planned_sales)
                if i not in consumed_old and matches(forecast, sale)
            ]
            consumed_new.update(new_sales)
            consumed_old.update(old_sales)
            already_planned = planned.get(index, 0.0) + sum(
                planned_sales[i]["planned"] for i in old_sales
            )
            sales_planned = sum(planned_sales[i]["qty"] for i in old_sales)
            new_sale_qtys = [sale_vals[i]["product_qty"] for i in new_sales]
            forecast_qty, sale_qtys = combine_forecast(
                forecast["product_qty"],
                new_sale_qtys,
                params.combine_mode,
                forecast_total=forecast["_forecast_total"],
                planned=already_planned,
                sales_planned=sales_planned,
            )
            forecast["product_qty"] = forecast_qty
            sales_total = sales_planned + sum(new_sale_qtys)
            demand = bucket_demand(
                params.combine_mode, forecast["_forecast_total"], sales_total
            )
            why = self.env._(
                "%(mode)s of the forecast %(forecast)s for %(start)s – %(end)s "
                "(%(forecast_qty)s) and the period's sales (%(sales_qty)s) is "
                "%(demand)s, of which %(planned)s is already in job orders",
                mode=mode_labels[params.combine_mode],
                forecast=forecast_names.get(forecast["forecast_id"], ""),
                start=forecast["period_start"],
                end=forecast["period_end"],
                forecast_qty=format_qty(forecast["_forecast_total"]),
                sales_qty=format_qty(sales_total),
                demand=format_qty(demand),
                planned=format_qty(already_planned),
            )
            for i, qty in zip(new_sales, sale_qtys, strict=True):
                vals = sale_vals[i]
                if qty != vals["product_qty"]:
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
                        vals["note"] = self.env._(
                            "Covered by the forecast: the %(why)s.", why=why
                        )
            if not forecast_qty:
                forecast["selected"] = False
                forecast["note"] = self.env._("Covered by the sale orders")

    @api.model
    def _reserve(self, params, product):
        if params.replenish_reorder_level:
            return product.pp_reorder_level
        if params.replenish_min_stock:
            return product.pp_min_stock
        return 0.0

    @api.model
    def _net_availability(self, params, vals_list):
        """Fill availability and, if asked, net the demand against it.

        The stock position comes from ``pp.stock.position`` (on hand, stock
        moves, RFQs, open job orders) without the deliveries of the candidate
        sale lines themselves.
        """
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
            vals["sale_line_id"] for vals in candidates if vals.get("sale_line_id")
        ]
        position = self.env["pp.stock.position"]._load(
            params.company,
            products,
            warehouses,
            exclude_sale_line_ids=sale_line_ids,
            exclude_overdue=params.exclude_overdue,
        )
        per_key = defaultdict(list)
        for index, vals in enumerate(candidates):
            per_key[(vals["warehouse_id"], vals["product_id"])].append(index)
        today = self._today(params)
        # One ledger for every item and site: what a demand takes is booked.
        ledger = Ledger(position, params.availability_mode)
        for (warehouse_id, product_id), indexes in per_key.items():
            product = products.browse(product_id)
            demands = [
                Demand(
                    key=f"{index:09d}",
                    product_id=product_id,
                    quantity=candidates[index]["product_qty"],
                    date=candidates[index]["date"],
                    warehouse_id=warehouse_id,
                )
                for index in indexes
            ]
            netted = net_demands(
                demands,
                ledger,
                reserve=self._reserve(params, product),
                today=today,
                exclude_overdue=params.exclude_overdue,
            )
            for result in netted:
                vals = candidates[int(result.demand.key)]
                vals["available_qty"] = result.available
                if params.consider_availability:
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

    @api.model
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

    @api.model
    def _prepare_stock_candidates(self, params, demand_vals=()):
        """Safety stock proposals of the items kept in stock.

        Each item is projected day by day over the chosen site (or every site
        of the company together, proposed to the first one). The selected sale
        candidates of ``demand_vals`` count as receipts: their job orders will
        replace the stock their deliveries take, so the same sale is not
        proposed a second time as safety stock.
        """
        company = params.company
        products = (
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
        if not products:
            return []
        warehouses = params.warehouses
        warehouse = params.warehouse_id or warehouses[:1]
        position = self.env["pp.stock.position"]._load(company, products, warehouses)
        sale_supply = defaultdict(list)
        sale_lines = self.env["sale.order.line"].browse(
            [vals["sale_line_id"] for vals in demand_vals if vals.get("sale_line_id")]
        )
        for vals in demand_vals:
            if (
                vals["source"] == "sale"
                and vals.get("selected", True)
                and vals["warehouse_id"] in warehouses.ids
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
        levels = self._stock_levels(products, warehouses)
        today = self._today(params)
        date_until = params.stock_date_until or today
        horizon = params.stock_date_horizon or date_until
        target = "reorder_level" if params.replenish_reorder_level else "min_stock"
        vals_list = []
        for product in products:
            on_hand, events = position.item_events(warehouses.ids, product.id)
            lot, multiple = product._pp_get_lot_sizes()
            min_stock, reorder_level = levels[product.id]
            proposal = project_safety_stock(
                SafetyStockInput(
                    product_id=product.id,
                    on_hand=on_hand,
                    min_stock=min_stock,
                    reorder_level=reorder_level,
                    reorder_days=product.pp_reorder_days,
                    date_from=today,
                    date_until=max(date_until, today),
                    date_horizon=max(horizon, today),
                    events=events + sale_supply[product.id],
                    economic_lot=lot,
                    multiple=multiple,
                    use_lot=params.round_lot,
                    use_multiple=params.round_multiple,
                    target=target,
                    tz=position.tz,
                )
            )
            if not proposal.stockout_date:
                continue
            references = defaultdict(set)
            for event in events + sale_supply[product.id]:
                if event.reference:
                    references[max(position.day_of(event.moment), today)].add(
                        event.reference
                    )
            vals_list.append(
                {
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
            )
        return vals_list

    # ------------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------------
    @api.model
    def _skip_reason(self, params, candidate, taken_stock):
        """Why ``candidate`` cannot become a job order now, or None."""
        if candidate["product_qty"] <= 0:
            return self.env._(
                "quantity %(qty)s is not positive; line skipped.",
                qty=candidate["product_qty"],
            )
        if not candidate.get("date"):
            return self.env._("no ready-goods date; line skipped.")
        sale_line = self.env["sale.order.line"].browse(candidate.get("sale_line_id"))
        forecast_lines = self.env["pp.forecast.line"].browse(
            candidate.get("forecast_line_ids") or []
        )
        taken = (
            sale_line.pp_job_order_line_ids | forecast_lines.job_order_line_ids
        ).filtered(lambda job_line: job_line.state != "cancelled")
        if candidate["source"] == "stock":
            taken = taken_stock.get(candidate["product_id"], taken)
        if taken:
            return self.env._(
                "job order %(job)s was generated from this demand meanwhile; line "
                "skipped.",
                job=taken[0].job_order_id.display_name,
            )
        return None

    @api.model
    def _get_job_line_watermark(self):
        """The highest job order line id: what existed when candidates were loaded."""
        self.env["pp.job.order.line"].flush_model()
        self.env.cr.execute(SQL("SELECT COALESCE(MAX(id), 0) FROM pp_job_order_line"))
        return self.env.cr.fetchone()[0]

    @api.model
    def _safety_stock_taken_meanwhile(self, params, candidates, watermark):
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
        taken = defaultdict(lambda: self.env["pp.job.order.line"])
        for line in lines:
            taken[line.product_id.id] |= line
        return dict(taken)

    @api.model
    def _generate(
        self, params, candidates, run, logger, unselected, job_line_watermark
    ):
        """Create or update the job orders of ``candidates`` inside ``run``."""
        products = self.env["product.product"].browse(
            {c["product_id"] for c in candidates}
        )
        taken_stock = self._safety_stock_taken_meanwhile(
            params, candidates, job_line_watermark
        )
        # Fill the cache once for the per-candidate checks.
        sale_lines = self.env["sale.order.line"].browse(
            [c["sale_line_id"] for c in candidates if c.get("sale_line_id")]
        )
        forecast_lines = self.env["pp.forecast.line"].browse(
            [fid for c in candidates for fid in c.get("forecast_line_ids") or []]
        )
        (sale_lines.pp_job_order_line_ids | forecast_lines.job_order_line_ids).mapped(
            "state"
        )
        valid = []
        for candidate in candidates:
            reason = self._skip_reason(params, candidate, taken_stock)
            if reason:
                product = products.browse(candidate["product_id"])
                logger.warning(
                    f"{product.display_name}: {reason}",
                    product=product,
                    document=self.env["sale.order.line"].browse(
                        candidate.get("sale_line_id")
                    )
                    or None,
                )
                continue
            valid.append(candidate)
        skipped = len(candidates) - len(valid)
        self._log_unselected(logger, unselected)
        self._log_master_data_warnings(
            params, logger, products.browse({c["product_id"] for c in valid})
        )
        demands = [
            Demand(
                key=index,
                product_id=candidate["product_id"],
                quantity=candidate["product_qty"],
                date=candidate["date"],
                partner_id=candidate.get("partner_id") or None,
                project_id=candidate.get("project_id") or None,
                warehouse_id=candidate["warehouse_id"],
                source=candidate["source"],
            )
            for index, candidate in enumerate(valid)
        ]
        groups = group_demands(demands, params.job_type, params.grouping)
        create_vals = []
        updated = self.env["pp.job.order"]
        for group in groups:
            group_candidates = [valid[demand.key] for demand in group.demands]
            existing = (
                self._find_existing_job_order(params, group_candidates)
                if params.update_existing
                else None
            )
            if existing:
                self._update_job_order(params, existing, group_candidates)
                updated |= existing
            else:
                create_vals.append(
                    self._prepare_job_order_vals(params, group_candidates)
                )
        created = self.env["pp.job.order"].create(create_vals)
        self._record_planned_quantities(valid)
        texts = {
            "created": self.env._("Job order %(name)s created: %(items)s."),
            "updated": self.env._("Job order %(name)s updated: %(items)s."),
        }
        for job_order in created | updated:
            text = texts["created" if job_order in created else "updated"]
            logger.info(
                text % {"name": job_order.name, "items": job_order.product_summary},
                product=job_order.product_id or None,
                job_order=job_order,
                document=job_order,
            )
        logger.record(
            {
                "count_candidates": len(candidates) + len(unselected),
                "count_used": len(valid),
                "count_unselected": len(unselected),
                "count_created": len(created),
                "count_updated": len(updated),
                "count_skipped": skipped,
                "job_order_ids": [Command.set((created | updated).ids)],
            }
        )

    @api.model
    def _log_unselected(self, logger, unselected):
        """Log each candidate that was not chosen, with its reason."""
        products = self.env["product.product"].browse(
            {c["product_id"] for c in unselected}
        )
        sale_lines = self.env["sale.order.line"].browse(
            [c["sale_line_id"] for c in unselected if c.get("sale_line_id")]
        )
        for candidate in unselected:
            product = products.browse(candidate["product_id"])
            logger.info(
                self.env._(
                    "%(item)s: not chosen (%(reason)s).",
                    item=product.display_name,
                    reason=candidate.get("note")
                    or self.env._("deselected by the planner"),
                ),
                product=product,
                document=sale_lines.browse(candidate.get("sale_line_id")) or None,
            )

    @api.model
    def _record_planned_quantities(self, candidates):
        """Keep on each sale and forecast line the quantity its candidate planned.

        A candidate's quantity (in the item's unit) is shared among its forecast
        lines in proportion to their quantities. Later generations deduct these
        quantities from the demand of the period (forecast consumption).
        """
        planned = defaultdict(list)
        all_forecast_lines = self.env["pp.forecast.line"].browse(
            [fid for c in candidates for fid in c.get("forecast_line_ids") or []]
        )
        products = self.env["product.product"].browse(
            {c["product_id"] for c in candidates}
        )
        for candidate in candidates:
            if candidate.get("sale_line_id"):
                planned[("sale.order.line", candidate["product_qty"])].append(
                    candidate["sale_line_id"]
                )
            forecast_lines = all_forecast_lines.browse(
                candidate.get("forecast_line_ids") or []
            ).with_prefetch(all_forecast_lines._prefetch_ids)
            product = products.browse(candidate["product_id"]).with_prefetch(
                products._prefetch_ids
            )
            quantities = {
                forecast_line: forecast_line.product_uom_id._compute_quantity(
                    forecast_line.product_qty, product.uom_id
                )
                for forecast_line in forecast_lines
            }
            total = sum(quantities.values())
            for forecast_line, quantity in quantities.items():
                share = candidate["product_qty"] * quantity / total if total else 0.0
                planned[("pp.forecast.line", share)].append(forecast_line.id)
        for (model, quantity), ids in planned.items():
            field = "pp_qty_planned" if model == "sale.order.line" else "qty_planned"
            self.env[model].browse(ids).write({field: quantity})

    @api.model
    def _log_master_data_warnings(self, params, logger, products):
        """Warn about items that planning will not be able to explode."""
        company = params.company
        products = products.with_company(company)
        boms = self.env["mrp.bom"]._bom_find(products, company_id=company.id)
        for product in products:
            procurement = product._pp_get_procurement_type(company)
            if procurement in ("production", "subcontract") and not boms.get(product):
                logger.warning(
                    self.env._(
                        "%(item)s is produced but has no bill of materials.",
                        item=product.display_name,
                    ),
                    product=product,
                )
            elif procurement == "purchase" and not product._pp_first_seller():
                logger.warning(
                    self.env._(
                        "%(item)s is bought but has no vendor.",
                        item=product.display_name,
                    ),
                    product=product,
                )

    @api.model
    def _round(self, params, product, quantity):
        """Round ``quantity`` of ``product`` to its lot sizes, as the options say."""
        lot, multiple = product.with_company(params.company)._pp_get_lot_sizes()
        return round_quantity(
            quantity,
            lot,
            multiple,
            use_lot=params.round_lot,
            use_multiple=params.round_multiple,
        )

    @api.model
    def _group_partner_project(self, candidates):
        """The customer and project of a group: each when all candidates share it."""
        partners = {c.get("partner_id") or False for c in candidates}
        projects = {c.get("project_id") or False for c in candidates}
        return (
            partners.pop() if len(partners) == 1 else False,
            projects.pop() if len(projects) == 1 else False,
        )

    @api.model
    def _prepare_job_order_line_vals(self, params, candidates):
        """Values of one job order line covering ``candidates`` (one item)."""
        product = self.env["product.product"].browse(candidates[0]["product_id"])
        need = sum(c["product_qty"] for c in candidates)
        period_starts = [c["period_start"] for c in candidates if c.get("period_start")]
        period_ends = [c["period_end"] for c in candidates if c.get("period_end")]
        given_starts = [c["date_start"] for c in candidates if c.get("date_start")]
        partner_id, _project_id = self._group_partner_project(candidates)
        return {
            "product_id": product.id,
            "product_uom_id": product.uom_id.id,
            "demand_qty": need,
            "product_qty": self._round(params, product, need),
            "date_deadline": min(c["date"] for c in candidates),
            "date_start_given": min(given_starts, default=False),
            "partner_id": partner_id,
            "sale_line_ids": [
                Command.set(
                    [c["sale_line_id"] for c in candidates if c.get("sale_line_id")]
                )
            ],
            "forecast_line_ids": [
                Command.set(
                    [
                        fid
                        for c in candidates
                        for fid in c.get("forecast_line_ids") or []
                    ]
                )
            ],
            "forecast_date_start": min(period_starts, default=False),
            "forecast_date_end": max(period_ends, default=False),
        }

    @api.model
    def _prepare_job_order_vals(self, params, candidates):
        """Values of one job order for a group of ``candidates``."""
        if params.job_type == "mono":
            line_vals = [self._prepare_job_order_line_vals(params, candidates)]
        else:
            line_vals = [
                self._prepare_job_order_line_vals(params, [c]) for c in candidates
            ]
        partner_id, project_id = self._group_partner_project(candidates)
        return {
            "type_id": params.type_id.id,
            "job_type": params.job_type,
            "warehouse_id": candidates[0]["warehouse_id"],
            "company_id": params.company.id,
            "partner_id": partner_id,
            "project_id": project_id,
            "priority_id": params.priority_id.id,
            "date_deadline": min(c["date"] for c in candidates),
            "line_ids": [Command.create(vals) for vals in line_vals],
        }

    @api.model
    def _find_existing_job_order(self, params, candidates):
        """The not examined job order that ``candidates`` should update, if any.

        Same site and kind (and item, for mono-product job orders). The job order
        is the group's customer's and project's or, when it has none, serves any
        customer and project; a job order of another customer or project is
        never updated.
        """
        partner_id, project_id = self._group_partner_project(candidates)
        domain = [
            ("company_id", "=", params.company.id),
            ("state", "=", "not_examined"),
            ("job_type", "=", params.job_type),
            ("warehouse_id", "=", candidates[0]["warehouse_id"]),
            ("partner_id", "in", list({False, partner_id})),
            ("project_id", "in", list({False, project_id})),
        ]
        if params.job_type == "multi" and params.grouping in (
            "customer",
            "customer_project",
        ):
            domain.append(("partner_id", "=", partner_id))
        if params.job_type == "multi" and params.grouping in (
            "project",
            "customer_project",
        ):
            domain.append(("project_id", "=", project_id))
        if params.job_type == "mono":
            domain.append(("product_id", "=", candidates[0]["product_id"]))
        return self.env["pp.job.order"].search(
            domain, order="date_deadline, id", limit=1
        )

    @api.model
    def _update_job_order(self, params, job_order, candidates):
        """Add the demand of ``candidates`` to an existing job order.

        A mono-product job order's quantity becomes the whole need (what it
        needed before plus the new demand) rounded to the lot sizes once, not
        its rounded quantity plus the new demand.
        """
        if params.job_type == "mono":
            job_line = job_order.line_ids[:1]
            product = job_line.product_id
            new_date = min([c["date"] for c in candidates] + [job_line.date_deadline])
            to_item_unit = job_line.product_uom_id._compute_quantity
            current_need = to_item_unit(
                job_line.demand_qty or job_line.product_qty, product.uom_id
            )
            need = current_need + sum(c["product_qty"] for c in candidates)
            given_starts = [c["date_start"] for c in candidates if c.get("date_start")]
            if job_line.date_start_given:
                given_starts.append(job_line.date_start_given)
            job_line.write(
                {
                    "product_uom_id": product.uom_id.id,
                    "demand_qty": need,
                    "product_qty": self._round(params, product, need),
                    "date_deadline": new_date,
                    "date_start_given": min(given_starts, default=False),
                    "sale_line_ids": [
                        Command.link(c["sale_line_id"])
                        for c in candidates
                        if c.get("sale_line_id")
                    ],
                    "forecast_line_ids": [
                        Command.link(fid)
                        for c in candidates
                        for fid in c.get("forecast_line_ids") or []
                    ],
                }
            )
        else:
            job_order.write(
                {
                    "line_ids": [
                        Command.create(self._prepare_job_order_line_vals(params, [c]))
                        for c in candidates
                    ]
                }
            )
        new_date = min([c["date"] for c in candidates] + [job_order.date_deadline])
        if new_date != job_order.date_deadline:
            job_order.date_deadline = new_date


# Keys of generation parameters and candidates that hold dates.
DATE_KEYS = (
    "date",
    "date_start",
    "period_start",
    "period_end",
    "date_to",
    "missing_date",
    "stock_date_until",
    "stock_date_horizon",
)


def _to_json(value):
    """Parameters or candidates as JSON values: dates as ISO strings."""
    if isinstance(value, dict):
        return {key: _to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_to_json(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _dates_from_json(value):
    """The reverse of :func:`_to_json` for the keys of ``DATE_KEYS``."""
    if isinstance(value, list):
        return [_dates_from_json(item) for item in value]
    if isinstance(value, dict):
        return {
            key: fields.Date.to_date(item)
            if key in DATE_KEYS and isinstance(item, str)
            else _dates_from_json(item)
            for key, item in value.items()
        }
    return value
