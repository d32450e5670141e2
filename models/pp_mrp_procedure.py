# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..services.mrp import ON_HAND, ORDER_BATCH, SOURCES, MrpOptions, plan_mrp
from ..services.planning import PlanResult, WorkCenter
from .pp_job_order_planning import CALENDAR_MARGIN_DAYS, OrderRowsAhead
from .pp_planning_procedure import ProcedureParameters, ProcedureResult
from .pp_planning_run import CopyPipeline

_logger = logging.getLogger(__name__)

RECORD_PARAMETERS = {
    "warehouse_ids": "stock.warehouse",
    "job_order_ids": "pp.job.order",
}
# Document models a time-phased row or a suggestion may name.
DOCUMENT_MODELS = [
    ("sale.order.line", "Sale Order Line"),
    ("purchase.order.line", "Purchase Order Line"),
    ("mrp.production", "Manufacturing Order"),
    ("stock.move", "Stock Move"),
    ("pp.planned.order", "Planned Order"),
    ("pp.job.order.line", "Job Order Line"),
    ("pp.forecast.line", "Forecast Line"),
]


def document_label(record):
    """How a planner names a document of the table: the order of a sale or
    purchase line, the job order of a job order line, a move's reference."""
    if not record:
        return False
    if record._name in ("sale.order.line", "purchase.order.line"):
        return record.order_id.name
    if record._name == "pp.job.order.line":
        return record.job_order_id.name
    if record._name == "pp.forecast.line":
        return record.forecast_id.name
    if record._name == "stock.move":
        return record.reference or record.display_name
    return record.display_name


# How document_label names the documents of the models a run has most of,
# read by SQL (hundreds of thousands a run): (table, join of the naming
# table, naming column).
DOCUMENT_NAME_SQL = {
    "sale.order.line": ("sale_order_line", "sale_order", "order_id"),
    "purchase.order.line": ("purchase_order_line", "purchase_order", "order_id"),
    "pp.job.order.line": ("pp_job_order_line", "pp_job_order", "job_order_id"),
    "pp.forecast.line": ("pp_forecast_line", "pp_forecast", "forecast_id"),
}


def _is_planned(document):
    """Whether an engine document key is a planned order of the run."""
    return isinstance(document, tuple) and document[0] == "planned_order"


@dataclass
class MrpParameters(ProcedureParameters):
    """MRP parameters (SPEC §9); see the MRP wizard (``pp.mrp.planning``)."""

    warehouse_ids: Any  # stock.warehouse (empty: every site of the company)
    date_until: date | bool  # plan until (False: no limit)
    with_suggestions: bool
    create_planned_orders: bool  # else only report the needs
    two_pass: bool  # differentiate confirmed requests
    consider_past: bool
    undated_date: date | bool  # undated documents: skipped when False
    use_inventory: bool
    use_purchases: bool
    use_subcontracting: bool
    use_production: bool
    use_sales: bool
    use_forecasts: bool
    use_planning: bool
    use_lot: bool
    use_multiple: bool
    use_max_lot: bool
    group_days: int
    use_min_stock: bool
    use_coverage: bool
    include_stock_items: bool
    include_untied_items: bool
    include_job_order_items: bool
    job_order_selection: str  # all / some
    job_order_ids: Any  # pp.job.order (with "some")


@dataclass
class MrpResult(ProcedureResult):
    """What an MRP run did (ids and counts)."""

    planned_order_ids: list
    count_lines: int
    count_suggestions: int

    @classmethod
    def from_run(cls, run):
        """The result of ``run`` (a ``pp.planning.run``)."""
        return cls(
            run_id=run.id,
            state=run.state,
            planned_order_ids=run.planned_order_ids.ids,
            count_lines=run.mrp_line_count,
            count_suggestions=run.mrp_suggestion_count,
        )


# Item head ids an MRP run reserves at once while it streams its tables.
ITEM_IDS_AHEAD = 2000
# Planned order numbers and ids it reserves first (then ahead, as many as
# it used so far; a run replacing orders takes as many as it replaces).
ORDER_IDS_AHEAD = 2 * ORDER_BATCH
# Every table an MRP run writes (their column types are read first).
WRITTEN_TABLES = (
    "pp_planned_order",
    "pp_planned_order_operation",
    "pp_planned_order_material",
    "pp_planned_order_grouping",
    "pp_mrp_suggestion",
    "pp_mrp_item",
    "pp_mrp_line",
)


class _OrderStream:
    """The planned orders and time-phased tables of an MRP run queued on a
    :class:`CopyPipeline` as the engine hands them over
    (``plan_mrp(on_orders=..., on_table=...)``): the rows of the items
    netted are checked by the server while the engine nets the next."""

    def __init__(
        self, procedure, params, run, planning, pipeline, names, items, expected=0
    ):
        self.procedure = procedure
        self.params = params
        self.run = run
        self.planning = planning
        self.pipeline = pipeline
        planning._check_rights()
        procedure.env.flush_all()
        # As many numbers as the run replaces (the nightly case) are taken at
        # once: a refill would wait for the server to delete the old orders.
        self.ahead = OrderRowsAhead(
            planning,
            params,
            pipeline,
            products=items,
            block=max(ORDER_IDS_AHEAD, expected + expected // 10),
        )
        self.ahead.prefetch()
        writer = procedure.env["pp.planning.run"]
        for table in WRITTEN_TABLES:
            pipeline.column_types(writer, table)
        self.records = {}
        # The documents' names (read before the netting), then the orders'.
        self.names = names
        self.lines = 0
        self.suggestions = 0
        # Ids of item heads reserved ahead: a table is queued right after
        # its orders, without waiting for the server to take them in.
        self.item_ids = writer._reserve_ids("pp_mrp_item", len(items) + ITEM_IDS_AHEAD)

    def queue(self, orders):
        """Queue ``orders`` (the engine's ``on_orders``)."""
        records, names = self.planning._queue_orders(
            self.params,
            self.run,
            PlanResult(orders=orders),
            self.procedure.env["pp.job.order.line"],
            self.pipeline,
            origin="mrp",
            written=self.records,
            ahead=self.ahead,
        )
        self.records.update(records)
        self.names.update(
            (f"pp.planned.order,{records[key].id}", name) for key, name in names.items()
        )

    def reserve_items(self, count):
        """``count`` ids of item heads, from those reserved ahead (more are
        reserved, once the statement sent is done, when they run out)."""
        if len(self.item_ids) < count:
            self.pipeline.wait()
            self.item_ids += self.procedure.env["pp.planning.run"]._reserve_ids(
                "pp_mrp_item", max(count, ITEM_IDS_AHEAD)
            )
        ids, self.item_ids = self.item_ids[:count], self.item_ids[count:]
        return ids

    def queue_table(self, lines, suggestions):
        """Queue time-phased rows and suggestions (the engine's ``on_table``)."""
        self.procedure._queue_table(
            self.params,
            self.run,
            lines,
            suggestions,
            self.records,
            self.names,
            self.pipeline,
            reserve=self.reserve_items,
        )
        self.lines += len(lines)
        self.suggestions += len(suggestions)

    def queue_rest(self, result):
        """Queue what the engine did not hand over during the netting."""
        self.queue_table(
            result.lines[self.lines :], result.suggestions[self.suggestions :]
        )


class PpMrpProcedure(models.AbstractModel):
    """MRP (SPEC §9), callable without a wizard: RPC, the scheduled action.

    Reads every demand and supply document of the sites with the shared
    loaders (``pp.stock.position``), the items below them with general
    planning's master data loader, runs the engine
    (:func:`services.mrp.plan_mrp`) and writes, in one run, the planned orders
    (origin ``mrp``, replacing the previous unreleased, non-mandatory ones of
    those sites), the suggestions and the time-phased table with ``COPY``.
    """

    _name = "pp.mrp.procedure"
    _inherit = "pp.planning.procedure"
    _description = "MRP Procedure"
    _parameters_class = MrpParameters
    _record_parameters = RECORD_PARAMETERS
    _date_parameters = ("date_until", "undated_date")
    _written_models = (
        "pp.planned.order",
        "pp.planned.order.material",
        "pp.mrp.item",
        "pp.mrp.line",
        "pp.mrp.suggestion",
    )

    # ------------------------------------------------------------------
    # Parameters
    # ------------------------------------------------------------------
    @api.model
    def _default_parameters(self, company):
        """Default value of every parameter for ``company`` (plain values)."""
        return {
            "warehouse_ids": [],
            "date_until": False,
            "with_suggestions": True,
            "create_planned_orders": True,
            "two_pass": False,
            "consider_past": False,
            "undated_date": False,
            "use_inventory": True,
            "use_purchases": True,
            "use_subcontracting": True,
            "use_production": True,
            "use_sales": True,
            "use_forecasts": True,
            "use_planning": True,
            "use_lot": True,
            "use_multiple": True,
            "use_max_lot": True,
            "group_days": 0,
            "use_min_stock": True,
            "use_coverage": False,
            "include_stock_items": True,
            "include_untied_items": True,
            "include_job_order_items": True,
            "job_order_selection": "all",
            "job_order_ids": [],
        }

    @api.model
    def _procedure_label(self):
        return self.env._("MRP")

    @api.model
    def _complete_parameters(self, params):
        if not params.warehouse_ids:
            params.warehouse_ids = self.env["stock.warehouse"].search(
                [("company_id", "=", params.company.id)]
            )

    @api.model
    def _check_parameters(self, params):
        """Refuse parameters that cannot give a meaningful MRP."""
        company = params.company
        for records in (params.warehouse_ids, params.job_order_ids):
            foreign = records.filtered(lambda r: r.company_id != company)
            if foreign:
                raise UserError(
                    self.env._(
                        "%(record)s does not belong to %(company)s.",
                        record=foreign[0].display_name,
                        company=company.display_name,
                    )
                )
        if params.job_order_selection not in ("all", "some"):
            raise UserError(
                self.env._(
                    "MRP parameter job_order_selection must be all or some, not "
                    "%(value)s.",
                    value=params.job_order_selection,
                )
            )
        if params.group_days < 0:
            raise UserError(self.env._("Grouping days cannot be negative."))
        today = self.env["pp.stock.position"]._get_today(company)
        if params.date_until and params.date_until < today:
            raise UserError(
                self.env._(
                    "MRP cannot plan until %(day)s: the date is past.",
                    day=params.date_until,
                )
            )

    # ------------------------------------------------------------------
    # Public procedure
    # ------------------------------------------------------------------
    @api.model
    def run_mrp(self, parameters=None):
        """Run MRP over the sites, in one run.

        ``parameters`` is a dict of plain values named like the fields of the
        MRP wizard: ``warehouse_ids`` (default every site of the company),
        ``date_until``, ``with_suggestions``, ``create_planned_orders``,
        ``two_pass``, ``consider_past``, ``undated_date``, ``use_<source>``
        for each source, lot and stock options, ``job_order_selection`` and
        ``job_order_ids``; missing ones take their defaults.

        :return: ``{"run_id", "state", "planned_order_ids", "count_lines",
            "count_suggestions"}``
        """
        procedure = self._in_user_language()
        params = procedure._get_parameters(parameters)
        return MrpResult.from_run(procedure._run_mrp(params)).as_dict()

    @api.model
    def _cron_mrp(self):
        """Scheduled action: MRP of every site of the user's companies with
        each company's defaults; a company whose run is refused is logged."""
        for company in self.env.user.company_ids:
            try:
                self.with_company(company).run_mrp({"company_id": company.id})
            except UserError as error:
                _logger.info("MRP skipped for %s: %s", company.name, error)

    @api.model
    def _run_mrp(self, params, run=None):
        """Run MRP with ``params`` inside a planning run; return the run."""
        self._check_rights()
        return self.env["pp.planning.run"]._run_procedure(
            "mrp",
            self._prepare_run_parameters(params),
            lambda run, logger: self.with_context(mail_notrack=True)._mrp(
                params, run, logger
            ),
            company=params.company,
            run=run,
        )

    @api.model
    def _run_mrp_queued(self, parameters, run):
        """Queue job entry point: MRP with plain ``parameters`` in ``run``."""
        return self._run_mrp(self._get_parameters(parameters), run=run)

    @api.model
    def enqueue_per_site(self, parameters=None):
        """Start the MRP of each site in a background job of its own, on the
        queue_job channel ``root.pp_mrp``: several job runners (or a channel
        of capacity above one) share a large company's MRP.

        ``parameters`` as :meth:`run_mrp` takes them; ``warehouse_ids`` the
        sites (default all). Sites of one run never share an item's netting.

        :return: the ids of the queued runs, one per site
        """
        self._check_rights()
        params = self._get_parameters(parameters)
        Run = self.env["pp.planning.run"]
        runs = Run
        for warehouse in params.warehouse_ids:
            site_params = self._get_parameters(
                dict(self._prepare_job_parameters(params), warehouse_ids=warehouse.ids)
            )
            runs |= Run._enqueue(
                "mrp",
                self._prepare_run_parameters(site_params),
                self._prepare_job_parameters(site_params),
                company=params.company,
                site=warehouse,
                channel="root.pp_mrp",
            )
        return runs.ids

    @api.model
    def _enqueue_mrp(self, parameters):
        """Start an MRP in the background; return the queued run (parameters
        are checked now)."""
        self._check_rights()
        params = self._get_parameters(parameters)
        return self.env["pp.planning.run"]._enqueue(
            "mrp",
            self._prepare_run_parameters(params),
            self._prepare_job_parameters(params),
            company=params.company,
        )

    # ------------------------------------------------------------------
    # The run
    # ------------------------------------------------------------------
    def _mrp(self, params, run, logger):
        company = params.company
        warehouses = params.warehouse_ids
        job_orders = (
            params.job_order_ids if params.job_order_selection == "some" else None
        )
        on_hand, demands, supplies = self.env["pp.stock.position"]._load_documents(
            company, warehouses, self._sources(params), job_orders=job_orders
        )
        products = self.env["product.product"].browse(
            {d.product_id for d in demands}
            | {s.product_id for s in supplies}
            | {product_id for _site, product_id in on_hand}
        )
        products |= self.env["product.product"].search(
            [
                ("product_tmpl_id.pp_min_stock", ">", 0),
                ("is_storable", "=", True),
                "|",
                ("company_id", "=", False),
                ("company_id", "=", company.id),
            ]
        )
        planning = self.env["pp.job.order.planning"]
        items, workcenters = planning._load_master_data(
            params, self.env["pp.job.order.line"], logger, products=products
        )
        days = [d.date for d in demands if d.date] or [
            self.env["pp.stock.position"]._get_today(company)
        ]
        calendars = planning._load_calendars(
            params,
            workcenters,
            min(days) - timedelta(days=CALENDAR_MARGIN_DAYS),
            max(days) + timedelta(days=CALENDAR_MARGIN_DAYS),
        )
        engine_workcenters = {
            workcenter.id: WorkCenter(
                workcenter.id,
                calendars[workcenter.id],
                efficiency=workcenter.time_efficiency or 100.0,
            )
            for workcenter in workcenters
        }
        options = self._prepare_options(params, calendars[False])
        replaced = self._replaced_orders(params)
        # Kept orders (mandatory, released) under a replaced one stay, unpegged.
        kept = self.env["pp.planned.order"].search(
            [("parent_id", "in", replaced.ids), ("id", "not in", replaced.ids)]
        )
        kept.parent_id = False
        self.env.flush_all()
        logger.progress(30.0)
        logger.step("load")
        stream = None
        if params.create_planned_orders and not params.two_pass:
            # The orders and tables of the items netted go to the server while
            # the next are netted: PostgreSQL checks them on the other core.
            names = self._document_names(
                {self._reference(document.key, {}) for document in demands}
                | {self._reference(document.key, {}) for document in supplies}
            )
        with CopyPipeline(self.env.cr) as pipeline:
            if params.create_planned_orders and not params.two_pass:
                stream = _OrderStream(
                    self,
                    params,
                    run,
                    planning,
                    pipeline,
                    names,
                    items,
                    expected=len(replaced),
                )
            # The server deletes them while the engine starts.
            replaced._unlink_in_bulk(pipeline)
            result = plan_mrp(
                items,
                engine_workcenters,
                on_hand,
                demands,
                supplies,
                options,
                on_orders=stream.queue if stream else None,
                on_table=stream.queue_table if stream else None,
            )
            logger.step("engine")
            # A background run shows its progress on a cursor of its own, on
            # this connection in tests: the statement sent is done first.
            pipeline.wait()
            logger.progress(70.0)
            self._write_results(params, run, result, planning, pipeline, stream)
        if params.create_planned_orders:
            planning._orders_written(result.orders)
        self._log_results(params, run, logger, result, items)
        logger.step("write")

    def _sources(self, params):
        return tuple(source for source in SOURCES if getattr(params, f"use_{source}"))

    def _prepare_options(self, params, calendar):
        now = fields.Datetime.now().replace(tzinfo=UTC)
        start = now
        if not calendar.is_empty:
            today = datetime.combine(
                self.env["pp.stock.position"]._get_today(params.company),
                time.min,
                calendar.tz,
            )
            start = max(now, today.astimezone(UTC))
        policies = ("mrp",)
        if params.include_job_order_items:
            policies += ("job_order",)
        if params.include_stock_items:
            policies += ("stock",)
        if params.include_untied_items:
            policies += ("none",)
        return MrpOptions(
            start=start,
            calendar=calendar,
            date_until=params.date_until or None,
            consider_past=params.consider_past,
            undated_date=params.undated_date or None,
            sources=self._sources(params),
            policies=policies,
            use_lot=params.use_lot,
            use_multiple=params.use_multiple,
            use_max_lot=params.use_max_lot,
            group_days=params.group_days,
            use_min_stock=params.use_min_stock,
            use_coverage=params.use_coverage,
            with_suggestions=params.with_suggestions,
            two_pass=params.two_pass,
            stock_site=self._stock_site(params),
        )

    def _stock_site(self, params):
        """Where an item with a minimum stock but no document keeps it: the
        company's main site, when the run nets it."""
        main = self.env["stock.warehouse"].search(
            [("company_id", "=", params.company.id)], limit=1
        )
        return main.id if main in params.warehouse_ids else None

    def _replaced_orders(self, params):
        """The previous MRP planned orders of the sites this run replaces:
        unreleased and not mandatory (released, manual, mandatory and job
        order planned orders are never touched)."""
        return self.env["pp.planned.order"].search(
            [
                ("company_id", "=", params.company.id),
                ("origin", "=", "mrp"),
                ("state", "=", "draft"),
                ("mandatory", "=", False),
                ("warehouse_id", "in", params.warehouse_ids.ids),
            ]
        )

    # ------------------------------------------------------------------
    # Writing
    # ------------------------------------------------------------------
    def _reference(self, document, records):
        """The ``model,id`` reference of an engine document key (None: none)."""
        if not isinstance(document, tuple) or len(document) != 2:
            return None
        model, record_id = document
        if model == "planned_order":
            record = records.get(record_id)
            return f"pp.planned.order,{record.id}" if record else None
        return f"{model},{record_id}"

    def _document_names(self, references):
        """The planner's name of each ``model,id`` reference (None: none),
        read once per model, by SQL for the models of :data:`DOCUMENT_NAME_SQL`
        and the named ones (planned orders, MOs, moves with a reference), as
        :func:`document_label` names them."""
        ids = defaultdict(set)
        for reference in references:
            if reference:
                model, record_id = reference.split(",")
                ids[model].add(int(record_id))
        names = {}
        for model, record_ids in ids.items():
            rows = None
            if model in ("pp.planned.order", "mrp.production", "stock.move"):
                column = "reference" if model == "stock.move" else "name"
                self.env[model].flush_model([column])
                self.env.cr.execute(
                    SQL(
                        "SELECT id, %s FROM %s WHERE id = ANY(%s) AND %s IS NOT NULL",
                        SQL.identifier(column),
                        SQL.identifier(self.env[model]._table),
                        list(record_ids),
                        SQL.identifier(column),
                    )
                )
                rows = self.env.cr.fetchall()
                # A move without a reference is named as the ORM names it.
                record_ids = record_ids - {record_id for record_id, _name in rows}
            elif model in DOCUMENT_NAME_SQL:
                table, named, link = DOCUMENT_NAME_SQL[model]
                self.env[model].flush_model([link])
                self.env[self.env[model]._fields[link].comodel_name].flush_model(
                    ["name"]
                )
                self.env.cr.execute(
                    SQL(
                        "SELECT t.id, n.name FROM %s t JOIN %s n ON n.id = t.%s "
                        "WHERE t.id = ANY(%s)",
                        SQL.identifier(table),
                        SQL.identifier(named),
                        SQL.identifier(link),
                        list(record_ids),
                    )
                )
                rows = self.env.cr.fetchall()
                record_ids = set()
            if rows is not None:
                names.update((f"{model},{record_id}", name) for record_id, name in rows)
            if record_ids:
                records = self.env[model].browse(record_ids).exists()
                names.update(
                    (f"{model},{record.id}", document_label(record))
                    for record in records
                )
        return names

    def _write_results(self, params, run, result, planning, pipeline, stream):
        """Planned orders (unless only the needs are reported, or ``stream``
        queued them during the netting), suggestions and the time-phased
        table (what ``stream`` did not queue yet), on ``pipeline``: every
        query first (names of the documents, ids), then the rows table by
        table, each formatted while the server checks the one before."""
        pipeline.wait()
        if stream is not None:
            stream.queue_rest(result)
            return
        names = self._document_names(
            {
                self._reference(document, {})
                for document in [
                    *(line.document for line in result.lines),
                    *(s.supply_key for s in result.suggestions),
                ]
                if not _is_planned(document)
            }
        )
        records, order_names = {}, {}
        if params.create_planned_orders:
            records, order_names = planning._queue_orders(
                params,
                run,
                result,
                self.env["pp.job.order.line"],
                pipeline,
                origin="mrp",
                confirmed=result.qty_confirmed,
            )
        names.update(
            (f"pp.planned.order,{records[key].id}", name)
            for key, name in order_names.items()
        )
        self._queue_table(
            params, run, result.lines, result.suggestions, records, names, pipeline
        )

    def _queue_table(
        self, params, run, lines, suggestions, records, names, pipeline, reserve=None
    ):
        """Queue suggestions and time-phased rows (their item heads first) on
        ``pipeline``; ``records`` holds the run's planned orders they name
        (queued before), ``names`` the documents' names. The ids of the
        heads come from ``reserve(count)`` (default: reserved now, once the
        statement sent before is done)."""
        writer = self.env["pp.planning.run"]
        if reserve is None:

            def reserve(count):
                pipeline.wait()
                return writer._reserve_ids("pp_mrp_item", count)

        item_keys = list(
            dict.fromkeys((line.warehouse_id, line.product_id) for line in lines)
        )
        item_ids = {}
        if item_keys:
            item_ids = dict(zip(item_keys, reserve(len(item_keys)), strict=True))
        for table in ("pp_mrp_suggestion", "pp_mrp_item", "pp_mrp_line"):
            pipeline.column_types(writer, table)
        self._write_suggestions(params, run, suggestions, records, names, pipeline)
        self._write_items(run, item_ids, pipeline)
        self._write_lines(lines, records, names, item_ids, pipeline)

    def _write_suggestions(self, params, run, suggestions, records, names, pipeline):
        """The suggestions, numbered by the server (nothing refers to them)."""
        if not suggestions:
            return
        references = [self._reference(s.supply_key, records) for s in suggestions]
        self.env["pp.planning.run"]._bulk_insert(
            "pp_mrp_suggestion",
            {
                "product_id": [s.product_id for s in suggestions],
                "warehouse_id": [s.warehouse_id or None for s in suggestions],
                "action_type": [s.action for s in suggestions],
                "document_ref": references,
                "document_name": [names.get(r) for r in references],
                "date_current": [s.date_current for s in suggestions],
                "date_proposed": [s.date_proposed for s in suggestions],
                "qty_current": [s.qty_current for s in suggestions],
                "qty_proposed": [s.qty_proposed for s in suggestions],
            },
            {"run_id": run.id, "company_id": params.company.id},
            ids=False,
            pipeline=pipeline,
        )

    def _write_items(self, run, item_ids, pipeline):
        """The heads of the time-phased table: one per site and item."""
        if not item_ids:
            return
        self.env["pp.planning.run"]._bulk_insert(
            "pp_mrp_item",
            {
                "product_id": [product_id for _site, product_id in item_ids],
                "warehouse_id": [site or None for site, _product_id in item_ids],
            },
            {"run_id": run.id},
            audit=False,
            ids=list(item_ids.values()),
            pipeline=pipeline,
        )

    def _write_lines(self, lines, records, names, item_ids, pipeline):
        """The rows of the table, numbered by the server in their order."""
        if not lines:
            return

        def kind(line):
            if line.document == ON_HAND:
                return "stock"
            if line.qty_supply:
                return "planned" if _is_planned(line.document) else "supply"
            return "dependent" if _is_planned(line.document) else "demand"

        def record_id(key):
            record = records.get(key) if key is not None else None
            return record.id if record else None

        references = [self._reference(line.document, records) for line in lines]
        pegged = [record_id(line.pegged) for line in lines]
        self.env["pp.planning.run"]._bulk_insert(
            "pp_mrp_line",
            {
                "item_id": [
                    item_ids[line.warehouse_id, line.product_id] for line in lines
                ],
                "date": [line.moment for line in lines],
                "kind": [kind(line) for line in lines],
                "document_ref": references,
                "document_name": [names.get(r) for r in references],
                "qty_demand": [line.qty_demand for line in lines],
                "qty_supply": [line.qty_supply for line in lines],
                "qty_available": [line.qty_available for line in lines],
                "pegged_id": pegged,
                "pegged_name": [
                    names.get(f"pp.planned.order,{i}") if i else None for i in pegged
                ],
            },
            {},
            audit=False,
            ids=False,
            pipeline=pipeline,
        )

    def _log_results(self, params, run, logger, result, items):
        """Warnings of the engine (once per item and kind) and the counts."""
        messages = {
            "no_bom": self.env._("%(item)s has no bill of materials: not planned."),
            "no_vendor": self.env._("%(item)s has no vendor: not planned."),
            "no_subcontractor": self.env._(
                "%(item)s has no subcontractor: not planned."
            ),
            "no_min_stock": self.env._(
                "%(item)s is kept in stock but has no minimum stock."
            ),
            "no_working_time": self.env._(
                "%(item)s cannot be timed (%(detail)s): not planned."
            ),
            "bad_quantity": self.env._(
                "%(item)s: a quantity to plan is not positive; not planned."
            ),
            "no_item": self.env._("%(item)s cannot be planned: not planned."),
            "undated": self.env._("%(item)s: %(detail)s has no date; skipped."),
            "no_routing": self.env._(
                "%(item)s has no routing: timed on its manufacturing lead time."
            ),
            "grouped_late": self.env._(
                "%(item)s: %(detail)s needs grouped on their latest date get the "
                "planned order after they need it."
            ),
        }
        products = self.env["product.product"].browse(
            {w.product_id for w in result.warnings if w.product_id}
        )
        seen = set()
        for warning in result.warnings:
            key = (warning.code, warning.product_id)
            if key in seen and warning.code != "undated":
                continue
            seen.add(key)
            product = (
                products.browse(warning.product_id) if warning.product_id else None
            )
            logger.warning(
                messages[warning.code]
                % {
                    "item": product.display_name if product else "",
                    "detail": warning.detail,
                },
                product=product,
            )
        created = len(result.orders) if params.create_planned_orders else 0
        logger.record({"count_created": created})
        logger.info(
            self.env._(
                "%(items)s items netted: %(orders)s planned orders%(report)s, "
                "%(suggestions)s suggestions.",
                items=len({line.product_id for line in result.lines}),
                orders=len(result.orders),
                report=""
                if params.create_planned_orders
                else self.env._(" (needs only)"),
                suggestions=len(result.suggestions),
            )
        )
