# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging
import queue
import threading
import time
import traceback
from concurrent.futures import Future
from datetime import UTC, datetime, timedelta
from itertools import islice

import psycopg2
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL, ormcache
from odoo.tools.misc import (
    babel_locale_parse,
    format_date,
    format_datetime,
    formatLang,
    get_lang,
    posix_to_ldml,
)

_logger = logging.getLogger(__name__)

RUN_KINDS = [
    ("job_order_generation", "Job Order Generation"),
    ("general_planning", "General Planning"),
    ("mrp", "MRP"),
    ("fcs", "Finite Capacity Scheduling"),
    ("release", "Release"),
    # Last: a kind's place in this list keys its advisory lock.
    ("restoration", "Restoration"),
]
RUN_STATES = [
    ("queued", "Queued"),
    ("running", "Running"),
    ("done", "Done"),
    ("failed", "Failed"),
]
# Model whose fields label the parameters of each kind of run.
PARAMETER_MODELS = {
    "job_order_generation": "pp.job.order.generate",
    "general_planning": "pp.general.planning",
    "release": "pp.planned.order.release",
    "restoration": "pp.planned.order.restore",
    "fcs": "pp.fcs.planning",
}
# Kinds whose planned orders are those they released (or restored), not
# those they created.
RELEASE_KINDS = ("release", "restoration")
# First key of the transaction advisory lock taken by a run, one per kind.
LOCK_NAMESPACE = 0x5050  # "PP"
# Locks of one site's run (their second key is the site).
SITE_LOCK_NAMESPACE = LOCK_NAMESPACE + 0x100
# Procedure run by a queued run of each kind: (model, method(parameters, run=)).
QUEUED_PROCEDURES = {
    "job_order_generation": ("pp.job.order.generation", "_run_generation_queued"),
    "general_planning": ("pp.job.order.planning", "_run_planning_queued"),
    "release": ("pp.release.procedure", "_run_release_queued"),
    "mrp": ("pp.mrp.procedure", "_run_mrp_queued"),
    "fcs": ("pp.fcs.procedure", "_run_fcs_queued"),
}


# What COPY's text format escapes in a cell.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_cell(value, kind):
    """One value as a cell of PostgreSQL's COPY text format (``\\N`` for NULL)."""
    if value is None or (value is False and kind != "boolean"):
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        text = _utc_text(value)
    elif isinstance(value, float):
        text = repr(value)
    elif kind == "jsonb" and not isinstance(value, str):
        text = json.dumps(value)
    elif kind == "jsonb":
        text = json.dumps({"en_US": value})
    else:
        text = str(value)
    return text.translate(_COPY_ESCAPES)


def _utc_text(moment):
    """A datetime as Odoo stores it (UTC, naive), in COPY's text."""
    if getattr(moment, "tzinfo", None) is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(sep=" ")


def _copy_column(values, kind):
    """The COPY cells of one column, made as they are sent (plain numbers and
    dates without escaping; a date that repeats formatted once)."""
    null = "\\N"
    # As the ORM stores them: False is 0 in a number column, None is NULL.
    if kind in ("integer", "bigint"):
        return (null if v is None else str(int(v)) for v in values)
    if kind in ("numeric", "double precision"):
        return (null if v is None else repr(float(v)) for v in values)
    if kind.startswith("timestamp"):
        texts = {}

        def moment(value):
            if not value:
                return null
            text = texts.get(value)
            if text is None:
                text = texts[value] = _utc_text(value)
            return text

        return map(moment, values)
    if kind in ("character varying", "text"):
        escapes = _COPY_ESCAPES
        return (
            v.translate(escapes) if v.__class__ is str else _copy_cell(v, kind)
            for v in values
        )
    return (_copy_cell(value, kind) for value in values)


# Characters sent to the server per COPY message.
COPY_CHUNK = 1 << 18
# Rows per COPY statement sent on a CopyPipeline.
PIPELINE_ROWS = 20000


class _ChunkStream:
    """A file ``COPY ... FROM STDIN`` reads: rows formatted beforehand."""

    def __init__(self, chunks):
        self._chunks = iter(chunks)

    def read(self, size=-1):  # pylint: disable=method-required-super
        """The next chunk of rows ("" at the end)."""
        return next(self._chunks, "")


def _first_column(rows):
    return [row[0] for row in rows]


class CopyPipeline:
    """``COPY`` statements sent in turn on one cursor by a worker thread.

    PostgreSQL checks a table's foreign keys after its last row arrived, while
    the caller formats the rows of the next table: the two processes work at
    once. Rows are formatted in full in the caller's thread; the worker only
    sends them and waits for the server (without Python's lock). Statements
    queue up: :meth:`send` returns at once, the worker sends them in order.
    Until the block ends, the caller sends no other query on the cursor
    without :meth:`wait` first (every statement queued is done then).
    """

    def __init__(self, cr):
        self._cr = cr
        self._queue = queue.Queue()
        self._thread = None
        self._error = None
        self._types = {}
        self._seqscan = None

    def __enter__(self):
        # PostgreSQL plans each foreign key check once per session and keeps
        # the plan: made while a table is still small (the run's first item
        # heads, a new database's first planned orders) it scans the table,
        # and every row written later scans it again as it grows: a run
        # would grow with the square of its rows. The checks are planned
        # again in the block, on their index: the worker sends its
        # statements without sequential scans (the caller's own queries,
        # between them, keep the session's setting).
        self._cr.execute(SQL("SELECT current_setting('enable_seqscan')"))
        self._seqscan = self._cr.fetchone()[0]
        self._cr.execute(SQL("DISCARD PLANS"))
        return self

    def __exit__(self, kind, value, trace):
        try:
            if kind is None:
                self.wait()
            else:
                # The caller's error is the one raised; the statements queued
                # are dropped once the one being sent is done (rolled back).
                self._drop()
        finally:
            self._stop()

    def send(self, statement, chunks):
        """Queue ``statement`` with the rows ``chunks`` (sent after those before)."""
        self._put(lambda: self._cr.copy_expert(statement, _ChunkStream(chunks)))

    def execute(self, query):
        """Queue ``query`` (an :class:`~odoo.tools.SQL`), without its result
        (a ``DELETE``).

        Sent on the database cursor itself, as ``COPY`` is: a test cursor's
        lock belongs to the thread that opened it.
        """
        self._cr.sql_log_count += 1
        self._put(lambda: self._cr._obj.execute(query.code, query.params))

    def fetch(self, query, convert=list):
        """Queue ``query`` and return a :class:`~concurrent.futures.Future`
        of ``convert(rows)``: the caller goes on, and its ``result()`` waits
        only for the statements queued before (numbers reserved ahead)."""
        self._cr.sql_log_count += 1
        future = Future()

        def send():
            cursor = self._cr._obj
            cursor.execute(query.code, query.params)
            future.set_result(convert(cursor.fetchall()))

        self._put(send, future)
        return future

    def _put(self, send, future=None):
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._work, name="pp-copy", daemon=True
            )
            self._thread.start()
        self._queue.put((send, future))

    def _work(self):
        cursor = self._cr._obj
        index_only = False
        while True:
            job = self._queue.get()
            try:
                if job is None:
                    return
                send, future = job
                # After an error the transaction is aborted: nothing more is
                # sent, and a result waited for is that error.
                if self._error is None:
                    if not index_only:
                        cursor.execute("SET LOCAL enable_seqscan = off")
                        index_only = True
                    send()
                    # The caller may query once the queue is done: the
                    # session's setting is back by then.
                    if self._queue.empty():
                        cursor.execute(
                            "SELECT set_config('enable_seqscan', %s, true)",
                            [self._seqscan],
                        )
                        index_only = False
                elif future is not None:
                    future.set_exception(self._error)
            except Exception as error:  # noqa: BLE001 - re-raised by wait()
                self._error = error
                if future is not None and not future.done():
                    future.set_exception(error)
            finally:
                self._queue.task_done()

    def column_types(self, writer, table):
        """``writer._column_types(table)``, read once per pipeline (after the
        statements queued, if any: read them before the first one)."""
        if table not in self._types:
            self.wait()
            self._types[table] = writer._column_types(table)
        return self._types[table]

    def _drop(self):
        while True:
            try:
                job = self._queue.get_nowait()
            except queue.Empty:
                break
            if job is not None and job[1] is not None:
                job[1].cancel()
            self._queue.task_done()
        self._queue.join()

    def _stop(self):
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None

    def wait(self):
        """Wait for every statement queued; raise the first error, if any."""
        if self._thread is not None:
            self._queue.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error


class _CopyStream:
    """A file ``COPY ... FROM STDIN`` reads: the rows are formatted while the
    server takes in those sent before (the work shared by two processes)."""

    def __init__(self, lines, batch=1000):
        self._lines = iter(lines)
        self._batch = batch
        self._buffer = ""

    def read(self, size=-1):  # pylint: disable=method-required-super
        """Up to ``size`` characters of the rows (all of them without size)."""
        while size < 0 or len(self._buffer) < size:
            chunk = "".join(islice(self._lines, self._batch))
            if not chunk:
                break
            self._buffer += chunk
        if size < 0:
            text, self._buffer = self._buffer, ""
        else:
            text, self._buffer = self._buffer[:size], self._buffer[size:]
        return text


class RunLogger:
    """Collect the log lines of a run in memory and write them in one create()."""

    def __init__(self, run, background=False):
        self.run = run
        self.lines = []
        self.results = {}
        self.background = background
        self._step_started = time.perf_counter()

    def record(self, vals):
        """Keep results (counts, job orders) to write on the run when it ends."""
        self.results.update(vals)

    def step(self, name):
        """End the step ``name`` (``load``, ``engine``, ``write``): its seconds
        since the previous step are kept as the run's ``duration_<name>``."""
        now = time.perf_counter()
        self.results[f"duration_{name}"] = now - self._step_started
        self._step_started = now

    def progress(self, percent):
        """Show the progress of a background run at once (its own transaction)."""
        if self.background:
            self.run._write_progress(percent)

    def log(self, level, message, product=None, job_order=None, document=None):
        """Buffer one log line; document is any record the line is about."""
        self.lines.append(
            {
                "run_id": self.run.id,
                "level": level,
                "message": message,
                "product_id": product.id if product else False,
                "job_order_id": job_order.id if job_order else False,
                "res_model": document._name if document else False,
                "res_id": document.id if document else False,
                "document_name": document.display_name if document else False,
            }
        )

    def info(self, message, **refs):
        """Buffer an information line."""
        self.log("info", message, **refs)

    def warning(self, message, **refs):
        """Buffer a warning line: the record it names was skipped or is incomplete."""
        self.log("warning", message, **refs)

    def error(self, message, **refs):
        """Buffer an error line."""
        self.log("error", message, **refs)

    def flush(self):
        """Write the buffered lines (one insert, however many)."""
        if not self.lines:
            return
        env = self.run.env
        Log = env["pp.planning.run.log"]
        columns = {
            name: [line[name] or None for line in self.lines]
            for name in (
                "level",
                "message",
                "product_id",
                "job_order_id",
                "res_model",
                "res_id",
                "document_name",
            )
        }
        env.flush_all()
        ids = env["pp.planning.run"]._bulk_insert(
            Log._table,
            columns,
            {"run_id": self.run.id, "company_id": self.run.company_id.id},
        )
        self.run.invalidate_recordset(["log_ids"])
        Log.browse(ids).modified(["run_id", "level"], create=True)
        self.lines = []


class PpPlanningRun(models.Model):
    _name = "pp.planning.run"
    _description = "Planning Run"
    _order = "date_start desc, id desc"

    name = fields.Char(required=True, readonly=True, default="/", copy=False)
    kind = fields.Selection(RUN_KINDS, required=True, readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users", readonly=True, default=lambda self: self.env.user
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date_start = fields.Datetime(
        string="Started", readonly=True, default=fields.Datetime.now
    )
    date_end = fields.Datetime(string="Ended", readonly=True)
    duration = fields.Float(string="Duration (s)", readonly=True, digits=(16, 3))
    duration_load = fields.Float(
        string="Loading (s)",
        readonly=True,
        digits=(16, 3),
        help="Seconds spent reading master data, calendars and availability.",
    )
    duration_engine = fields.Float(
        string="Computing (s)",
        readonly=True,
        digits=(16, 3),
        help="Seconds spent by the planning engine.",
    )
    duration_write = fields.Float(
        string="Writing (s)",
        readonly=True,
        digits=(16, 3),
        help="Seconds spent writing the results.",
    )
    state = fields.Selection(
        RUN_STATES,
        required=True,
        readonly=True,
        default="running",
        index=True,
    )
    progress = fields.Float(string="Progress %", compute="_compute_live_state")
    live_state = fields.Selection(
        RUN_STATES,
        string="Status",
        compute="_compute_live_state",
        help="A queued run shows as running, with its progress, once its job "
        "has started.",
    )
    parameters = fields.Json(readonly=True)
    queue_job_uuid = fields.Char(string="Background Job", readonly=True, copy=False)
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Site",
        readonly=True,
        help="The one site of a run split per site (MRP): runs of other sites go "
        "on at the same time.",
    )
    job_parameters = fields.Json(
        readonly=True,
        groups="base.group_system",
        help="The plain parameters a queued run is started with.",
    )
    parameters_display = fields.Text(
        string="Parameters (text)", compute="_compute_parameters_display"
    )
    parameters_html = fields.Html(
        string="Parameters (table)",
        compute="_compute_parameters_display",
        sanitize=False,
    )
    error = fields.Text(readonly=True)
    count_candidates = fields.Integer(string="Candidates", readonly=True)
    count_used = fields.Integer(
        string="Used",
        readonly=True,
        help="Candidates turned into job orders (created or updated).",
    )
    count_unselected = fields.Integer(
        string="Not Chosen",
        readonly=True,
        help="Candidates not chosen: covered by availability or forecast, without "
        "date, or deselected; the log tells why.",
    )
    count_created = fields.Integer(string="Created", readonly=True)
    count_updated = fields.Integer(string="Updated", readonly=True)
    count_skipped = fields.Integer(string="Skipped", readonly=True)
    count_removed = fields.Integer(
        string="Documents Removed",
        readonly=True,
        help="Restoration: the manufacturing orders and requests for quotation "
        "it deleted.",
    )
    count_warnings = fields.Integer(
        string="Warnings", compute="_compute_log_counts", store=True
    )
    count_errors = fields.Integer(
        string="Errors", compute="_compute_log_counts", store=True
    )
    log_ids = fields.One2many(
        "pp.planning.run.log",
        "run_id",
    )
    job_order_ids = fields.Many2many(
        "pp.job.order",
        "pp_job_order_planning_run_rel",
        "run_id",
        "job_order_id",
        string="Job Orders",
        readonly=True,
    )
    job_order_count = fields.Integer(compute="_compute_job_order_count")
    planned_order_ids = fields.One2many(
        "pp.planned.order", "run_id", string="Planned Orders", readonly=True
    )
    planned_order_count = fields.Integer(compute="_compute_planned_order_count")
    mrp_line_ids = fields.One2many(
        "pp.mrp.line", "run_id", string="Time-Phased Table", readonly=True
    )
    mrp_line_count = fields.Integer(
        string="Time-Phased Rows", compute="_compute_mrp_counts"
    )
    mrp_suggestion_ids = fields.One2many(
        "pp.mrp.suggestion", "run_id", string="Suggestions", readonly=True
    )
    mrp_suggestion_count = fields.Integer(
        string="Suggestion Count", compute="_compute_mrp_counts"
    )
    count_operations = fields.Integer(string="Phases", readonly=True)
    late_job_order_ids = fields.Many2many(
        "pp.job.order",
        "pp_planning_run_late_job_order_rel",
        "run_id",
        "job_order_id",
        string="Late Job Orders",
        readonly=True,
        help="Job orders that cannot be ready by their ready-goods date.",
    )
    overdue_job_order_ids = fields.Many2many(
        "pp.job.order",
        "pp_planning_run_overdue_job_order_rel",
        "run_id",
        "job_order_id",
        string="Overdue Job Orders",
        readonly=True,
        help="Job orders whose ready-goods date is already past.",
    )
    released_planned_order_ids = fields.Many2many(
        "pp.planned.order",
        "pp_planning_run_released_order_rel",
        "run_id",
        "planned_order_id",
        string="Released Planned Orders",
        readonly=True,
        help="The planned orders a release released (a restoration: restored).",
    )
    production_ids = fields.Many2many(
        "mrp.production",
        "pp_planning_run_production_rel",
        "run_id",
        "production_id",
        string="Manufacturing Orders",
        readonly=True,
        help="The manufacturing orders a release created.",
    )
    purchase_ids = fields.Many2many(
        "purchase.order",
        "pp_planning_run_purchase_rel",
        "run_id",
        "purchase_id",
        string="Purchase Orders",
        readonly=True,
        help="The requests for quotation a release created or added lines to.",
    )
    fcs_execution_ids = fields.One2many(
        "pp.fcs.execution", "run_id", string="FCS Executions", readonly=True
    )
    next_run_id = fields.Many2one(
        "pp.planning.run",
        string="Followed by",
        readonly=True,
        help="The run this one started when it ended (a release after planning).",
    )
    production_count = fields.Integer(compute="_compute_document_counts")
    purchase_count = fields.Integer(compute="_compute_document_counts")
    count_late = fields.Integer(string="Late", compute="_compute_job_order_count")
    count_overdue = fields.Integer(string="Overdue", compute="_compute_job_order_count")

    @api.depends("parameters")
    def _compute_parameters_display(self):
        for run in self:
            run.parameters_display = (
                json.dumps(run.parameters, indent=2, sort_keys=True, default=str)
                if run.parameters
                else False
            )
            run.parameters_html = run._get_parameters_html()

    def _get_parameters_html(self):
        """The parameters as a table of labelled values (see
        :meth:`_get_parameter_rows`)."""
        self.ensure_one()
        rows = self._get_parameter_rows()
        if not rows:
            return False
        return Markup(
            "<table class='table table-sm o_pp_parameters'><tbody>%s</tbody></table>"
        ) % Markup("").join(
            Markup("<tr><th class='w-50'>%s</th><td>%s</td></tr>") % (label, value)
            for label, value in rows
        )

    def _get_parameter_rows(self):
        """``(label, value)`` of each parameter, sorted by label, as the user
        reads them: labels and selection values from the fields of the model
        that collects the parameters of the run's kind (its wizard), yes / no,
        numbers, dates and datetimes in the user's language and format,
        records by the names the run kept. A parameter that is no field of
        that model (an internal one, or one an older version kept) is not
        shown; the run's ``parameters`` still hold it.
        """
        self.ensure_one()
        if not self.parameters or self.kind not in PARAMETER_MODELS:
            return []
        model = self.env[PARAMETER_MODELS[self.kind]]
        rows = []
        for name, value in self.parameters.items():
            field = model._fields.get(name)
            if field is None:
                continue
            rows.append(
                (
                    field._description_string(self.env),
                    self._format_parameter(model, field, value),
                )
            )
        rows.sort(key=lambda row: row[0].casefold())
        return rows

    def _format_parameter(self, model, field, value):
        """One parameter value as text in the user's language."""
        env = self.env
        if field.type == "boolean":
            return env._("Yes") if value else env._("No")
        if value is None or value is False or value in ("", []):
            return "—"
        if field.type == "selection":
            return dict(field._description_selection(env)).get(value, value)
        if field.type == "date":
            return format_date(env, fields.Date.to_date(value))
        if field.type == "datetime":
            lang = get_lang(env)
            locale = babel_locale_parse(lang.code)
            pattern = " ".join(
                (
                    posix_to_ldml(lang.date_format, locale=locale),
                    posix_to_ldml(lang.time_format.replace(":%S", ""), locale=locale),
                )
            )
            return format_datetime(
                env, fields.Datetime.to_datetime(value), dt_format=pattern
            )
        if field.type == "integer" and isinstance(value, int | float):
            return formatLang(env, value, digits=0)
        if field.type in ("float", "monetary") and isinstance(value, int | float):
            return formatLang(env, value, digits=(field.get_digits(env) or (0, 2))[1])
        if field.type == "json":
            # Keys, kept as a list or as their comma separated text: the
            # wizard may label them.
            keys = value.split(", ") if isinstance(value, str) else value
            labels_of = getattr(model, "_get_parameter_value_labels", None)
            labels = labels_of(field.name) if labels_of else {}
            if isinstance(keys, list):
                return "; ".join(str(labels.get(key, key)) for key in keys)
        return value

    @api.depends("log_ids.level")
    def _compute_log_counts(self):
        groups = self.env["pp.planning.run.log"]._read_group(
            [("run_id", "in", self.ids)], ["run_id", "level"], ["__count"]
        )
        counts = {(run.id, level): count for run, level, count in groups}
        for run in self:
            run.count_warnings = counts.get((run.id, "warning"), 0)
            run.count_errors = counts.get((run.id, "error"), 0)

    def _compute_live_state(self):
        rows = (
            self.env["pp.planning.run.progress"]
            .sudo()
            .search_read([("run_id", "in", self.ids)], ["run_id", "progress"])
        )
        live = {row["run_id"][0]: row["progress"] for row in rows}
        for run in self:
            run.live_state = run.state
            run.progress = 100.0 if run.state == "done" else live.get(run.id, 0.0)
            if run.state == "queued" and run.id in live:
                run.live_state = "running"

    def _compute_job_order_count(self):
        for run in self:
            run.job_order_count = len(run.job_order_ids)
            run.count_late = len(run.late_job_order_ids)
            run.count_overdue = len(run.overdue_job_order_ids)

    def _compute_mrp_counts(self):
        groups = self.env["pp.mrp.suggestion"]._read_group(
            [("run_id", "in", self.ids)], ["run_id"], ["__count"]
        )
        suggestions = {run.id: count for run, count in groups}
        # A row's run is its item head's: counted over the heads in one query.
        self.env["pp.mrp.line"].flush_model(["item_id"])
        self.env["pp.mrp.item"].flush_model(["run_id"])
        self.env.cr.execute(
            SQL(
                "SELECT i.run_id, count(*) FROM pp_mrp_line l "
                "JOIN pp_mrp_item i ON i.id = l.item_id "
                "WHERE i.run_id = ANY(%s) GROUP BY i.run_id",
                [run_id for run_id in self.ids if isinstance(run_id, int)],
            )
        )
        lines = dict(self.env.cr.fetchall())
        for run in self:
            run.mrp_suggestion_count = suggestions.get(run.id, 0)
            run.mrp_line_count = lines.get(run.id, 0)

    def _compute_planned_order_count(self):
        groups = self.env["pp.planned.order"]._read_group(
            [("run_id", "in", self.ids)], ["run_id"], ["__count"]
        )
        counts = {run.id: count for run, count in groups}
        for run in self:
            run.planned_order_count = (
                len(run.released_planned_order_ids)
                if run.kind in RELEASE_KINDS
                else counts.get(run.id, 0)
            )

    def _compute_document_counts(self):
        for run in self:
            run.production_count = len(run.production_ids)
            run.purchase_count = len(run.purchase_ids)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("pp.planning.run") or "/"
                )
        return super().create(vals_list)

    def _get_form_action(self):
        """The action opening this run's form (what a procedure's dialog
        shows once it has started or done the run)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": "pp.planning.run",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_view_job_orders(self):
        """Open the job orders created or updated by this run."""
        self.ensure_one()
        return self.env["pp.job.order"]._action_open_domain(
            [("id", "in", self.job_order_ids.ids)]
        )

    def action_refresh(self):
        """Show the run's latest state and progress."""
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    def action_view_planned_orders(self):
        """Open the planned orders this run created."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "production_planning.pp_planned_order_action"
        )
        action["domain"] = (
            [("id", "in", self.released_planned_order_ids.ids)]
            if self.kind in RELEASE_KINDS
            else [("run_id", "=", self.id)]
        )
        action["context"] = {}
        return action

    def action_view_mrp_lines(self):
        """The time-phased table of this MRP run."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "production_planning.pp_mrp_line_action"
        )
        action["domain"] = [("run_id", "=", self.id)]
        action["context"] = {"search_default_group_item": 1}
        return action

    def action_view_mrp_suggestions(self):
        """The suggestions of this MRP run."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "production_planning.pp_mrp_suggestion_action"
        )
        action["domain"] = [("run_id", "=", self.id)]
        return action

    def action_view_fcs_execution(self):
        """The execution this FCS run wrote."""
        self.ensure_one()
        execution = self.fcs_execution_ids[:1]
        return {
            "type": "ir.actions.act_window",
            "name": execution.name,
            "res_model": "pp.fcs.execution",
            "res_id": execution.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_view_productions(self):
        """Open the manufacturing orders this release created."""
        self.ensure_one()
        return self.env["pp.job.order"]._action_view_records(
            "mrp.production", self.production_ids, "mrp.mrp_production_action"
        )

    def action_view_purchases(self):
        """Open the requests for quotation this release created or added to."""
        self.ensure_one()
        return self.env["pp.job.order"]._action_view_records(
            "purchase.order", self.purchase_ids, "purchase.purchase_rfq"
        )

    def action_view_late_job_orders(self):
        """Open the late and overdue job orders of this run."""
        self.ensure_one()
        return self.env["pp.job.order"]._action_open_domain(
            [("id", "in", (self.late_job_order_ids | self.overdue_job_order_ids).ids)]
        )

    @api.model
    def _enqueue(
        self, kind, parameters, job_parameters, company=None, site=None, channel=None
    ):
        """Create a queued run of ``kind`` and start it in the background.

        ``parameters`` are kept for display, ``job_parameters`` (plain values)
        are what the queued job hands to the procedure. A run of the same kind
        already queued or running for the company refuses the new one; a run
        of one ``site`` is refused only by the company's whole runs and that
        site's. ``channel`` is the queue_job channel of its job.

        :return: the queued ``pp.planning.run``
        """
        company = company or self.env.company
        domain = [
            ("kind", "=", kind),
            ("company_id", "=", company.id),
            ("state", "in", ("queued", "running")),
        ]
        if site:
            domain.append(("warehouse_id", "in", [False, site.id]))
        busy = self.sudo().search(domain, limit=1)
        if busy and busy._is_stale():
            busy = self.browse()  # its job ended without it: it no longer runs
        if busy:
            raise UserError(
                self.env._(
                    "Run %(run)s is already %(state)s for %(company)s. Wait for it "
                    "to finish and try again.",
                    run=busy.name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        busy.state
                    ].lower(),
                    company=company.display_name,
                )
            )
        run = self.sudo().create(
            {
                "kind": kind,
                "company_id": company.id,
                "parameters": parameters,
                "job_parameters": job_parameters,
                "state": "queued",
                "warehouse_id": site.id if site else False,
            }
        )
        kind_label = dict(self._fields["kind"]._description_selection(self.env))[kind]
        job = run.with_delay(
            description=self.env._("%(kind)s %(run)s", kind=kind_label, run=run.name),
            channel=channel,
        )._execute_queued()
        if job is not None:  # None when queue_job runs it at once (no delay)
            run.queue_job_uuid = job.uuid
        return run.sudo(False)

    def _execute_queued(self):
        """Queue job: run the procedure of a queued run as the user who started it.

        A refused run (bad parameters, another run in progress) ends failed
        with the reason; the user is notified when the run ends.
        """
        self.ensure_one()
        if self.state != "queued":
            return False
        model, method = QUEUED_PROCEDURES[self.kind]
        procedure = (
            self.env[model]
            .with_user(self.user_id)
            .with_company(self.company_id)
            ._in_user_language()
        )
        try:
            # A refusal after the run's own work (e.g. the release that follows a
            # planning) takes all of it back, as it would in a direct call.
            with self.env.cr.savepoint():
                getattr(procedure, method)(self.sudo().job_parameters or {}, run=self)
        except (UserError, ValidationError, AccessError) as error:
            self.env["pp.planning.run.log"].sudo().create(
                {"run_id": self.id, "level": "error", "message": str(error)}
            )
            self.sudo().write(
                {
                    "state": "failed",
                    "error": str(error),
                    "date_end": fields.Datetime.now(),
                }
            )
        self._notify_end()
        return True

    def _notify_end(self):
        """Tell the run's user that the background run has ended, in his
        language, and have his screens showing the run reload it (message
        ``pp_planning_run_ended``, see ``static/src/planning_run``)."""
        self.ensure_one()
        run = self.with_context(lang=self.user_id.lang or self.env.lang)
        done = run.state == "done"
        run.user_id._bus_send(
            "simple_notification",
            {
                "type": "success" if done else "danger",
                "title": run.name,
                "message": run.env._("Planning run finished.")
                if done
                else run.env._("Planning run failed: %(error)s", error=run.error),
                "sticky": not done,
            },
        )
        run.user_id._bus_send(
            "pp_planning_run_ended", {"run_id": run.id, "state": run.state}
        )

    def _write_progress(self, percent):
        """Show the progress of a background run now, in its own transaction.

        Written to ``pp.planning.run.progress``, never to the run's row: the
        run's transaction writes that row when it ends, and must find it as it
        was when it started.
        """
        self.ensure_one()
        try:
            with self.env.registry.cursor() as cr:
                # A run not committed yet (queue_job without delay) is not seen
                # here, and its foreign key check would wait for this very
                # transaction: nothing to show anyway.
                cr.execute(SQL("SELECT 1 FROM pp_planning_run WHERE id = %s", self.id))
                if not cr.fetchone():
                    return
                cr.execute("SET LOCAL lock_timeout = '200ms'")
                cr.execute(
                    SQL(
                        "INSERT INTO pp_planning_run_progress (run_id, progress, "
                        "create_uid, write_uid, create_date, write_date) "
                        "VALUES (%(run)s, %(progress)s, %(uid)s, %(uid)s, "
                        "now() at time zone 'UTC', now() at time zone 'UTC') "
                        "ON CONFLICT (run_id) DO UPDATE SET "
                        "progress = EXCLUDED.progress, "
                        "write_date = EXCLUDED.write_date",
                        run=self.id,
                        progress=percent,
                        uid=self.env.uid,
                    )
                )
        except (
            psycopg2.errors.ForeignKeyViolation,
            psycopg2.errors.LockNotAvailable,
        ):
            # The run is not committed: nobody else can see it yet anyway.
            _logger.debug("Run %s not committed: progress not shown", self.id)

    def _is_stale(self):
        """Whether a queued or running run no longer runs (its job or its
        process ended without finishing it)."""
        self.ensure_one()
        if self.state == "running":
            return self._try_lock(self.kind, self.company_id, self.warehouse_id)
        job = (
            self.env["queue.job"]
            .sudo()
            .search([("uuid", "=", self.queue_job_uuid)], limit=1)
        )
        return bool(self.queue_job_uuid) and job.state in (
            "done",
            "cancelled",
            "failed",
        )

    @api.model
    def _run_procedure(self, kind, parameters, procedure, company=None, run=None):
        """Run procedure(run, logger) as one recorded planning run.

        The run takes a transaction-level advisory lock per kind and company, so a
        second run of the same kind on the same company is refused while the first
        one is in progress. The procedure works inside a savepoint: on an unexpected
        error everything it wrote is rolled back and the run is left in state
        failed with the error; bad input (UserError/ValidationError) is
        raised to the caller unchanged, with nothing written, and so is a
        serialization failure or deadlock, for the caller to try the whole
        transaction again (Odoo's ``retrying``, queue_job's retry).

        :param kind: one of ``RUN_KINDS``
        :param parameters: JSON-serialisable dict kept on the run
        :param procedure: callable receiving the run and a ``RunLogger``
        :param company: the company the run works for (default: current one)
        :param run: a queued run to execute (background); its state and
            progress are shown as it goes
        :return: the pp.planning.run record

        Runs and their logs are an audit trail: users may read them but only this
        method writes them (as superuser), so nobody can rewrite a run's history.
        """
        company = company or self.env.company
        self._acquire_lock(kind, company, run.warehouse_id if run else None)
        background = bool(run)
        if background:
            run = run.sudo()
            # Shown as running at once; the run's row is written when it ends.
            run._write_progress(1.0)
        else:
            run = self.sudo().create(
                {
                    "kind": kind,
                    "company_id": company.id,
                    "parameters": parameters,
                    "state": "running",
                }
            )
        logger = RunLogger(run, background=background)
        started = time.monotonic()
        started_at = fields.Datetime.now()
        try:
            with self.env.cr.savepoint():
                procedure(run.sudo(False), logger)
                logger.flush()
        except (UserError, ValidationError, AccessError):
            raise
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            # Another transaction wrote the same rows: not a failure of the run.
            # Raised so that the whole call is tried again (Odoo retries RPC and
            # HTTP calls, queue_job postpones the job), the run with it.
            _logger.info("Planning run %s meets a concurrent update: retried", run.name)
            raise
        except Exception as error:  # pylint: disable=broad-except
            _logger.exception("Planning run %s failed", run.name)
            logger.lines = []
            logger.error(str(error) or error.__class__.__name__)
            logger.flush()
            run.write(
                {
                    "state": "failed",
                    "error": traceback.format_exc(limit=5),
                    "date_end": fields.Datetime.now(),
                    "duration": time.monotonic() - started,
                    "count_created": 0,
                    "count_updated": 0,
                    "job_order_ids": [fields.Command.clear()],
                }
            )
            return run.sudo(False)
        run.write(
            dict(
                logger.results,
                date_start=run.date_start if not background else started_at,
                state="done",
                date_end=fields.Datetime.now(),
                duration=time.monotonic() - started,
            )
        )
        return run.sudo(False)

    @api.model
    def _bulk_insert(
        self, table, columns, constants, audit=True, ids=None, pipeline=None
    ):
        """Insert one row per position of the ``columns`` lists into ``table``.

        ``columns`` maps a column to its values (one list per column, same
        length), ``constants`` a column to one value for every row; the audit
        columns are added unless ``audit`` is false (a model without log
        access). Ids are reserved with one ``nextval`` query (or given:
        :meth:`_reserve_ids`; ``ids=False``: the server numbers the rows as
        it takes them in, for rows nothing refers to — nothing is returned
        then), the rows sent with one ``COPY`` (values
        escaped, never formatted into SQL). With a :class:`CopyPipeline` the
        rows are formatted here and sent in the background: the caller sends
        no query before the pipeline's end, and reserves the ids first. The
        caller checks access rights first and tells the ORM what changed.

        :return: the ids of the rows, in the order of the values (``[]``
            with ``ids=False``)
        """
        count = len(next(iter(columns.values())))
        if not count:
            return []
        cr = self.env.cr
        numbered = ids is not False
        if ids is None:
            if pipeline is not None:
                pipeline.wait()
            ids = self._reserve_ids(table, count)
        if audit:
            now = fields.Datetime.now()
            uid = self.env.uid
            constants = dict(
                constants,
                create_uid=uid,
                write_uid=uid,
                create_date=now,
                write_date=now,
            )
        types = (
            pipeline.column_types(self, table)
            if pipeline is not None
            else self._column_types(table)
        )
        fixed = "\t".join(
            _copy_cell(value, types[name]) for name, value in constants.items()
        )
        lists = [_copy_column(values, types[name]) for name, values in columns.items()]
        if numbered:
            lists.insert(0, map(str, ids))
        cells = zip(*lists, strict=True)
        if fixed:
            cells = (row + (fixed,) for row in cells)
        rows = ("\t".join(row) + "\n" for row in cells)
        statement = SQL(
            "COPY %s (%s) FROM STDIN",
            SQL.identifier(table),
            SQL(", ").join(
                SQL.identifier(name)
                for name in [*(["id"] if numbered else []), *columns, *constants]
            ),
        )
        if pipeline is None:
            cr.copy_expert(statement.code, _CopyStream(rows), size=COPY_CHUNK)
            cr.sql_log_count += 1
            return ids if numbered else []
        # A statement per PIPELINE_ROWS rows: the server checks the keys of
        # one (at its end) while the next is formatted. Rows referring to
        # earlier rows of the table (parents first) find them sent before.
        rows = iter(rows)
        while part := "".join(islice(rows, PIPELINE_ROWS)):
            chunks = [
                part[start : start + COPY_CHUNK]
                for start in range(0, len(part), COPY_CHUNK)
            ]
            pipeline.send(statement.code, chunks)
            cr.sql_log_count += 1
        return ids if numbered else []

    @api.model
    def _reserve_ids(self, table, count, pipeline=None):
        """``count`` new ids of ``table`` (one query); with a
        :class:`CopyPipeline`, a future of them, the query queued on it."""
        # The sequence looked up once (per row, the lookup costs 8 times
        # the nextval).
        query = SQL(
            "SELECT nextval(q.sequence) FROM (SELECT pg_get_serial_sequence(%s, "
            "'id')::regclass AS sequence) q, generate_series(1, %s)",
            table,
            count,
        )
        if pipeline is not None:
            return pipeline.fetch(query, _first_column)
        self.env.cr.execute(query)
        return _first_column(self.env.cr.fetchall())

    @api.model
    @ormcache("table")
    def _column_types(self, table):
        """PostgreSQL data types of the columns of ``table`` (``boolean``...);
        kept for the registry's life (an upgrade makes a new one)."""
        self.env.cr.execute(
            SQL(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = %s",
                table,
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _try_lock(self, kind, company, site=None):
        """Take the lock of ``kind`` for ``company`` unless another transaction
        holds it; whether it was taken (held until this transaction ends).

        A run of one ``site`` shares the company's lock with the runs of the
        other sites and takes its site's alone, so runs of different sites go
        on together while a run of the whole company excludes them all.
        """
        kind_index = [key for key, _label in RUN_KINDS].index(kind)
        if not site:
            self.env.cr.execute(
                SQL(
                    "SELECT pg_try_advisory_xact_lock(%s, %s)",
                    LOCK_NAMESPACE + kind_index,
                    company.id,
                )
            )
            return self.env.cr.fetchone()[0]
        self.env.cr.execute(
            SQL(
                "SELECT pg_try_advisory_xact_lock_shared(%s, %s) "
                "AND pg_try_advisory_xact_lock(%s, %s)",
                LOCK_NAMESPACE + kind_index,
                company.id,
                SITE_LOCK_NAMESPACE + kind_index,
                site.id,
            )
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _acquire_lock(self, kind, company, site=None):
        """Take the advisory lock of kind for company (or one site of it) or
        refuse the run."""
        if not self._try_lock(kind, company, site):
            raise UserError(
                self.env._(
                    "A %(kind)s run is already in progress for %(company)s. "
                    "Wait for it to finish and try again.",
                    kind=dict(self._fields["kind"]._description_selection(self.env))[
                        kind
                    ],
                    company=company.display_name,
                )
            )

    @api.model
    def _gc_runs(self):
        """Delete the runs older than each company's history days (cron)."""
        for company in self.env["res.company"].search([]):
            days = company.pp_run_history_days
            if days <= 0:
                continue
            limit = fields.Datetime.now() - timedelta(days=days)
            self.search(
                [
                    ("company_id", "=", company.id),
                    ("date_start", "<", limit),
                    ("state", "!=", "running"),
                ]
            ).unlink()
