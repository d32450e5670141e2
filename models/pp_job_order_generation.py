# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import SQL

from ..services.grouping import GROUPINGS, group_demands, grouping_for
from ..services.lots import round_quantity
from ..services.netting import Demand
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
# The model that loads the candidates of each source.
SOURCE_MODELS = {
    "sale": "pp.job.order.generation.sales",
    "forecast": "pp.job.order.generation.forecast",
    "stock": "pp.job.order.generation.safety.stock",
}


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
    # Worked out once per run: (economic lot, multiple) of each item, by id.
    lot_sizes: dict = None


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
    Each source has its own loader (``SOURCE_MODELS``: sale order lines,
    forecasts, safety stock) and ``pp.job.order.generation.availability`` nets
    the demand against availability; this model orchestrates them, groups the
    chosen candidates into job orders and writes them.
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
    _internal_parameters = ("warehouses", "lot_sizes")

    # ------------------------------------------------------------------
    # Parameters
    # ------------------------------------------------------------------
    @api.model
    def _default_parameters(self, company):
        """Default value of every parameter for ``company`` (plain values)."""
        today = self.env["pp.stock.position"]._get_today(company)
        job_type = company.pp_default_job_type or "mono"
        grouping = grouping_for(job_type, company.pp_default_grouping or "item")
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
        params.lot_sizes = {}

    @api.model
    def _check_parameters(self, params):
        """Refuse parameters that cannot give a meaningful generation."""
        self._check_parameter_records(params)
        self._check_grouping(params.job_type, params.grouping)
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
    def _check_parameter_records(self, params):
        """Refuse a missing job order type and records of another company."""
        company = params.company
        if not params.type_id:
            raise UserError(
                self.env._(
                    "Choose a job order type (a Planning Manager creates one for "
                    "%(company)s in Manufacturing > Configuration > Planning > Job "
                    "Order Types).",
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

    @api.model
    def _check_grouping(self, job_type, grouping):
        """Refuse a grouping the job order structure does not allow
        (``GROUPINGS``, what the wizard offers)."""
        if job_type not in GROUPINGS:
            raise UserError(
                self.env._("Unknown job order kind %(kind)s.", kind=job_type)
            )
        if grouping in GROUPINGS[job_type]:
            return
        if job_type == "mono":
            raise UserError(
                self.env._("Mono-product job orders group by item or not at all.")
            )
        raise UserError(
            self.env._(
                "Multi-product job orders group by customer, project, both or "
                "not at all."
            )
        )

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
        """Candidate dicts of every enabled source, netted as the parameters say.

        Sale order lines first; the forecasts are combined with them (cutting
        the sales they cover), then both are netted against availability, and
        the safety stock projection counts the sales still proposed as
        receipts.
        """
        vals_list = []
        if params.use_sales:
            vals_list += self.env[SOURCE_MODELS["sale"]]._prepare_candidates(params)
        if params.use_forecasts:
            vals_list += self.env[SOURCE_MODELS["forecast"]]._prepare_candidates(
                params, vals_list
            )
        if params.consider_availability or params.show_availability:
            self.env["pp.job.order.generation.availability"]._net_candidates(
                params, vals_list
            )
        if params.use_safety_stock:
            vals_list += self.env[SOURCE_MODELS["stock"]]._prepare_candidates(
                params, vals_list
            )
        return vals_list

    @api.model
    def _explain_no_candidates(self, params, source):
        """Why ``source`` (``sale``, ``forecast``, ``stock``) proposes nothing."""
        return self.env[SOURCE_MODELS[source]]._explain_no_candidates(params)

    # ------------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------------
    @api.model
    def _generate(
        self, params, candidates, run, logger, unselected, job_line_watermark
    ):
        """Create or update the job orders of ``candidates`` inside ``run``."""
        valid, skipped = self._check_candidates(params, candidates, job_line_watermark)
        self._log_skipped(logger, skipped)
        self._log_unselected(logger, unselected)
        self._log_master_data_warnings(
            params,
            logger,
            self.env["product.product"].browse({c["product_id"] for c in valid}),
        )
        created, updated = self._write_job_orders(
            params, self._group_candidates(params, valid)
        )
        self._record_planned_quantities(valid)
        self._log_job_orders(logger, created, updated)
        logger.record(
            {
                "count_candidates": len(candidates) + len(unselected),
                "count_used": len(valid),
                "count_unselected": len(unselected),
                "count_created": len(created),
                "count_updated": len(updated),
                "count_skipped": len(skipped),
                "job_order_ids": [Command.set((created | updated).ids)],
            }
        )

    @api.model
    def _check_candidates(self, params, candidates, job_line_watermark):
        """Split ``candidates`` into those that can become job orders now and
        those that cannot.

        :return: ``(valid candidates, [(skipped candidate, reason)])``
        """
        taken_stock = self.env[SOURCE_MODELS["stock"]]._get_lines_taken_meanwhile(
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
        valid, skipped = [], []
        for candidate in candidates:
            reason = self._skip_reason(params, candidate, taken_stock)
            if reason:
                skipped.append((candidate, reason))
            else:
                valid.append(candidate)
        return valid, skipped

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
    def _group_candidates(self, params, candidates):
        """``candidates`` by the job order they make, as the engine groups them
        for the structure and grouping of ``params``.

        :return: list of candidate lists, in the order the job orders are made
        """
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
            for index, candidate in enumerate(candidates)
        ]
        return [
            [candidates[demand.key] for demand in group.demands]
            for group in group_demands(demands, params.job_type, params.grouping)
        ]

    @api.model
    def _write_job_orders(self, params, groups):
        """Create a job order per group of candidates or, with *update
        existing*, add the group to the open job order it belongs to.

        :return: ``(created, updated)`` job orders
        """
        create_vals = []
        updated = self.env["pp.job.order"]
        for group_candidates in groups:
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
        return created, updated

    @api.model
    def _preview_job_orders(self, params, candidates, job_line_watermark=None):
        """What generating ``candidates`` would make, without writing anything:
        the same checks, grouping and values as :meth:`_generate`.

        :return: ``(job orders, skipped)``: one dict per job order to create or
            update, in the order they are made, with ``job_order`` (the open job
            order updated, or an empty recordset), ``partner_id``,
            ``project_id``, ``warehouse_id``, ``date_deadline`` and ``lines``
            (dicts ``product_id``, ``product_uom_id``, ``demand_qty``,
            ``product_qty`` — rounded, in the item's unit —, ``date_deadline``
            and the ``candidates`` the line covers); ``skipped`` is a list of
            ``(candidate, reason)``
        """
        valid, skipped = self._check_candidates(params, candidates, job_line_watermark)
        entries = []
        # Groups that update the same open job order update it one after the
        # other: one preview of the job order with all their demand.
        by_job_order = {}
        for group_candidates in self._group_candidates(params, valid):
            job_order = self.env["pp.job.order"]
            if params.update_existing:
                job_order = self._find_existing_job_order(params, group_candidates)
            if job_order and job_order.id in by_job_order:
                by_job_order[job_order.id][1].extend(group_candidates)
                continue
            entry = (job_order, list(group_candidates))
            entries.append(entry)
            if job_order:
                by_job_order[job_order.id] = entry
        previews = [
            self._prepare_job_order_preview(params, job_order, group_candidates)
            for job_order, group_candidates in entries
        ]
        return previews, skipped

    @api.model
    def _prepare_job_order_preview(self, params, job_order, candidates):
        """The preview of the job order a group of ``candidates`` makes, or of
        the open ``job_order`` it updates (see :meth:`_preview_job_orders`)."""
        if params.job_type == "mono":
            line_candidates = [candidates]
            if job_order:
                job_line = job_order.line_ids[:1]
                line_vals = [
                    dict(
                        self._prepare_job_line_update_vals(
                            params, job_line, candidates
                        ),
                        product_id=job_line.product_id.id,
                    )
                ]
            else:
                line_vals = [self._prepare_job_order_line_vals(params, candidates)]
        else:
            line_candidates = [[candidate] for candidate in candidates]
            line_vals = [
                self._prepare_job_order_line_vals(params, group)
                for group in line_candidates
            ]
        partner_id, project_id = self._group_partner_project(candidates)
        date_deadline = min(c["date"] for c in candidates)
        if job_order:
            partner_id, project_id = job_order.partner_id.id, job_order.project_id.id
            date_deadline = min(date_deadline, job_order.date_deadline)
        return {
            "job_order": job_order,
            "partner_id": partner_id,
            "project_id": project_id,
            "warehouse_id": candidates[0]["warehouse_id"],
            "date_deadline": date_deadline,
            "lines": [
                {
                    "product_id": vals["product_id"],
                    "product_uom_id": vals["product_uom_id"],
                    "demand_qty": vals["demand_qty"],
                    "product_qty": vals["product_qty"],
                    "date_deadline": vals["date_deadline"],
                    "candidates": group,
                }
                for vals, group in zip(line_vals, line_candidates, strict=True)
            ],
        }

    @api.model
    def _log_skipped(self, logger, skipped):
        """Warn about each candidate skipped, with its reason."""
        products = self.env["product.product"].browse(
            {candidate["product_id"] for candidate, _reason in skipped}
        )
        for candidate, reason in skipped:
            product = products.browse(candidate["product_id"])
            logger.warning(
                f"{product.display_name}: {reason}",
                product=product,
                document=self.env["sale.order.line"].browse(
                    candidate.get("sale_line_id")
                )
                or None,
            )

    @api.model
    def _log_job_orders(self, logger, created, updated):
        """Log each job order created or updated, with its items."""
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
        if product.id not in params.lot_sizes:
            params.lot_sizes[product.id] = product.with_company(
                params.company
            )._pp_get_lot_sizes()
        lot, multiple = params.lot_sizes[product.id]
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
        """Add the demand of ``candidates`` to an existing job order: to its line
        (mono-product) or as new lines (multi-product)."""
        if params.job_type == "mono":
            job_line = job_order.line_ids[:1]
            job_line.write(
                self._prepare_job_line_update_vals(params, job_line, candidates)
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

    @api.model
    def _prepare_job_line_update_vals(self, params, job_line, candidates):
        """Values that add the demand of ``candidates`` to the line of an
        existing mono-product job order.

        Its quantity becomes the whole need (what it needed before plus the new
        demand) rounded to the lot sizes once, not its rounded quantity plus
        the new demand.
        """
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
        return {
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
