# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import format_date, formatLang

from ..models.pp_job_order_generation import RECORD_PARAMETERS
from ..services.grouping import GROUPINGS, grouping_for

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]

# Columns of the generation summary: candidate line field, css, width (%).
SUMMARY_COLUMNS = (
    ("product_id", "", 34),
    ("source", "", 22),
    ("date", "", 14),
    ("demand_qty", "text-end", 15),
    ("product_qty", "text-end", 15),
)


class _SummaryText:
    """The names, labels and formatted values the generation summary shows,
    each read or formatted once (formatting is slow, and values repeat)."""

    def __init__(self, env, previews, skipped, line_of):
        self.env = env
        self.line_of = line_of
        self.lines = env["pp.job.order.generate.line"]
        lines = [vals for preview in previews for vals in preview["lines"]]
        self.names = self._names(
            "product.product",
            {vals["product_id"] for vals in lines}
            | {candidate["product_id"] for candidate, _reason in skipped},
        )
        self.units = self._names(
            "uom.uom", {vals["product_uom_id"] for vals in lines}, "name"
        )
        self.records = {
            key: self._names(model, {p[key] for p in previews if p[key]})
            for key, model in (
                ("partner_id", "res.partner"),
                ("project_id", "project.project"),
                ("warehouse_id", "stock.warehouse"),
            )
        }
        self.sources = dict(self.lines._fields["source"]._description_selection(env))
        self.digits = env["decimal.precision"].precision_get("Product Unit of Measure")
        self.amounts, self.dates = {}, {}

    def _names(self, model, ids, field="display_name"):
        records = self.env[model].browse(ids)
        return dict(zip(records.ids, records.mapped(field), strict=True))

    def label(self, name):
        """The label of a candidate line field, in the user's language."""
        return self.lines._fields[name]._description_string(self.env)

    def item(self, product_id):
        return self.names[product_id]

    def record(self, key, record_id):
        """The name of the customer, project or site ``record_id``."""
        return self.records[key].get(record_id)

    def quantity(self, value, uom_id):
        """``value`` with the name of its unit."""
        if value not in self.amounts:
            self.amounts[value] = formatLang(self.env, value, digits=self.digits)
        return f"{self.amounts[value]}\N{NO-BREAK SPACE}{self.units[uom_id]}"

    def day(self, value):
        if value not in self.dates:
            self.dates[value] = format_date(self.env, value)
        return self.dates[value]

    def origin(self, candidates):
        """The documents ``candidates`` come from: sale orders, forecasts, or
        safety stock."""
        texts = []
        for candidate in candidates:
            line = self.line_of[id(candidate)]
            text = (
                line.sale_order_id.name
                or line.forecast_id.display_name
                or self.sources.get(line.source)
            )
            if text not in texts:
                texts.append(text)
        return ", ".join(texts)

    def colgroup(self):
        return Markup("<colgroup>%s</colgroup>") % Markup("").join(
            Markup('<col style="width: %s%%"/>') % width
            for _name, _css, width in SUMMARY_COLUMNS
        )

    def block(self, css, rows):
        """A table of ``rows``, laid out only when in sight."""
        return Markup(
            '<div class="%s" style="content-visibility: auto; '
            'contain-intrinsic-size: auto %spx">'
            '<table class="table table-sm mb-0" style="table-layout: fixed">'
            "%s<tbody>%s</tbody></table></div>"
        ) % (css, 33 * len(rows), self.colgroup(), Markup("").join(rows))


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
    flow_generation = fields.Boolean(related="company_id.pp_flow_generation")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    use_sales = fields.Boolean(string="Sale Order Lines")
    use_forecasts = fields.Boolean(string="Forecasts")
    use_safety_stock = fields.Boolean(string="Safety Stock")
    job_type = fields.Selection(
        [("mono", "Mono-product"), ("multi", "Multi-product")],
        string="Job Order Structure",
        required=True,
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
        help="Mono-product: by item makes one job order per item, summing the "
        "quantities and ending at the earliest need; no grouping makes one job "
        "order per need. Multi-product: one job order per customer, project or "
        "both, with a line per need; no grouping puts every need of a site in "
        "one job order.",
    )
    allowed_groupings = fields.Char(
        compute="_compute_allowed_groupings",
        help="The groupings the job order structure allows, comma separated.",
    )
    type_id = fields.Many2one(
        "pp.job.order.type",
        string="Job Order Type",
        check_company=True,
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
    )
    forecast_day = fields.Integer(string="Day of Month")
    forecast_weekday = fields.Selection(WEEKDAYS, string="Weekday")
    group_forecast_by_customer = fields.Boolean(
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
    )
    missing_date = fields.Date(string="Given Date")
    consider_availability = fields.Boolean(
        help="Job order quantity = demand minus the availability of the item: on "
        "hand plus receipts (purchases, production, open job orders) minus every "
        "issue already due.",
    )
    show_availability = fields.Boolean(
        help="Show the availability of the item at the ready-goods date."
    )
    availability_mode = fields.Selection(
        [
            ("minimum", "What stays free for later needs"),
            ("at_date", "At the ready-goods date"),
        ],
        required=True,
        help="What stays free: the lowest projected availability from the "
        "ready-goods date on, so stock promised to a later delivery is never "
        "offered to an earlier demand. At the ready-goods date: the projection "
        "on that day only.",
    )
    round_lot = fields.Boolean(string="Round to Economic Lot")
    round_multiple = fields.Boolean(string="Round to Multiples")
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
        string="Shortages Until",
        help="Safety stock: items whose availability falls below the minimum "
        "stock by this date are proposed.",
    )
    stock_date_horizon = fields.Date(
        string="Cover Until",
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
    summary_html = fields.Html(
        string="Job Orders to Make",
        compute="_compute_summary_html",
        sanitize=False,
        help="The job orders the chosen lines make, with their lines.",
    )
    sale_empty_reason = fields.Char(readonly=True)
    forecast_empty_reason = fields.Char(readonly=True)
    stock_empty_reason = fields.Char(readonly=True)
    job_line_watermark = fields.Integer(
        readonly=True, help="Highest job order line id when the candidates were loaded."
    )
    run_id = fields.Many2one("pp.planning.run", readonly=True)
    job_order_ids = fields.Many2many("pp.job.order", string="Job Orders", readonly=True)

    @api.model
    def default_get(self, fields_list):
        """Parameters default to the generation procedure's company defaults."""
        values = super().default_get(fields_list)
        company = self.env["res.company"].browse(
            values.get("company_id") or self.env.company.id
        )
        defaults = self.env["pp.job.order.generation"]._default_parameters(company)
        for name in fields_list:
            if name in defaults and name not in values:
                values[name] = defaults[name]
        return values

    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = self.env._("Job Order Generation")

    @api.depends("job_type")
    def _compute_allowed_groupings(self):
        for wizard in self:
            wizard.allowed_groupings = ",".join(GROUPINGS.get(wizard.job_type, ()))

    @api.depends(
        "state",
        "job_type",
        "grouping",
        "update_existing",
        "round_lot",
        "round_multiple",
        "summary_line_ids.selected",
        "summary_line_ids.product_qty",
        "summary_line_ids.date",
    )
    def _compute_summary_html(self):
        for wizard in self:
            wizard.summary_html = (
                wizard._get_summary_html() if wizard.state == "summary" else False
            )

    @api.onchange("job_type")
    def _onchange_job_type(self):
        self.grouping = grouping_for(self.job_type, self.grouping)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_load(self):
        """Fill the candidate lines of every enabled source (RPC-callable)."""
        self.ensure_one()
        procedure = self.env["pp.job.order.generation"]
        params = self._get_generation_parameters()
        self.job_line_watermark = procedure._get_job_line_watermark()
        candidates = procedure._prepare_candidates(params)
        self.line_ids.unlink()
        self.env["pp.job.order.generate.line"].create(
            [self._prepare_line_vals(candidate) for candidate in candidates]
        )
        sources = {candidate["source"] for candidate in candidates}
        self.write(
            {
                "state": "lines",
                "sale_empty_reason": "sale" not in sources
                and procedure._explain_no_candidates(params, "sale"),
                "forecast_empty_reason": "forecast" not in sources
                and procedure._explain_no_candidates(params, "forecast"),
                "stock_empty_reason": "stock" not in sources
                and procedure._explain_no_candidates(params, "stock"),
            }
        )
        return self._action_reopen()

    def action_summary(self):
        """Go to the summary of the chosen lines."""
        self.ensure_one()
        if not self.summary_line_ids:
            raise UserError(self.env._("Choose at least one line to generate."))
        self.state = "summary"
        return self._action_reopen()

    def action_back(self):
        """Go back one step: from the summary to the candidates, from the
        candidates to the parameters."""
        self.ensure_one()
        self.state = {"summary": "lines", "lines": "parameters"}.get(
            self.state, "parameters"
        )
        return self._action_reopen()

    def action_generate(self):
        """Create (or update) the job orders of the chosen lines (RPC-callable).

        Records a ``pp.planning.run`` of kind ``job_order_generation``; the wizard
        moves to its *done* step (run and job orders) and a notification tells
        what was created. A failed run opens the run with its error.
        """
        self.ensure_one()
        procedure = self.env["pp.job.order.generation"]
        candidates = [line._prepare_candidate() for line in self.summary_line_ids]
        unselected = [
            line._prepare_candidate() for line in self.line_ids - self.summary_line_ids
        ]
        if self.env.context.get("pp_background"):
            run = procedure._enqueue_generation(
                self._get_generation_values(),
                candidates,
                unselected,
                self.job_line_watermark,
            )
        else:
            run = procedure._run_generation(
                self._get_generation_parameters(),
                candidates,
                unselected=unselected,
                job_line_watermark=self.job_line_watermark,
            )
        self.write(
            {
                "run_id": run.id,
                "job_order_ids": [Command.set(run.job_order_ids.ids)],
                "state": "done",
            }
        )
        if run.state in ("queued", "running", "failed"):
            # Queued: the run shows its progress and a notification its end.
            return {
                "type": "ir.actions.act_window",
                "res_model": "pp.planning.run",
                "res_id": run.id,
                "view_mode": "form",
                "views": [(False, "form")],
            }
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Job orders generated"),
                "message": self.env._(
                    "%(created)s created, %(updated)s updated, %(skipped)s "
                    "skipped (run %(run)s).",
                    created=run.count_created,
                    updated=run.count_updated,
                    skipped=run.count_skipped,
                    run=run.name,
                ),
                "type": "warning" if run.count_skipped else "success",
                "next": self._action_reopen(),
            },
        }

    def action_generate_flow(self):
        """Flow generation: create the job orders of the chosen lines, plan them
        and release their planned orders (as the planning settings say), then
        open the last run."""
        self.ensure_one()
        procedure = self.env["pp.job.order.generation"]
        result = procedure._run_flow(
            self._get_generation_parameters(),
            [line._prepare_candidate() for line in self.summary_line_ids],
            unselected=[
                line._prepare_candidate()
                for line in self.line_ids - self.summary_line_ids
            ],
            job_line_watermark=self.job_line_watermark,
        )
        self.write(
            {
                "run_id": result["generation_run_id"],
                "job_order_ids": [Command.set(result["job_order_ids"])],
                "state": "done",
            }
        )
        last = (
            result["release_run_id"]
            or result["planning_run_id"]
            or result["generation_run_id"]
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "pp.planning.run",
            "res_id": last,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "main",
        }

    def action_view_job_orders(self):
        """Open the job orders the generation created or updated."""
        self.ensure_one()
        action = self.env["pp.job.order"]._action_open_domain(
            [("id", "in", self.job_order_ids.ids)]
        )
        action["context"] = {"pp_run_id": self.run_id.id}
        action["target"] = "main"
        return action

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _action_reopen(self):
        """The wizard again, in its dialog, at its current step."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Job Order Generation"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"dialog_size": "extra-large"},
        }

    def _get_generation_values(self):
        """The wizard's parameters as plain values (ids, dates)."""
        self.ensure_one()
        procedure = self.env["pp.job.order.generation"]
        values = {"company_id": self.company_id.id}
        for name in procedure._default_parameters(self.company_id):
            value = self[name]
            if name in RECORD_PARAMETERS:
                value = value.ids
            values[name] = value
        return values

    def _get_generation_parameters(self):
        """The wizard's parameters, resolved by the generation procedure."""
        return self.env["pp.job.order.generation"]._get_parameters(
            self._get_generation_values()
        )

    def _get_summary_html(self):
        """The job orders the chosen lines make, as the generation would make
        them (grouping, rounding, update of open job orders): a header row per
        job order, then its lines with the item, the documents they come from,
        the ready-goods date, the demand and the quantity to make in the item's
        unit; then the lines that would be skipped, with the reason. Quantities
        of different items are never added up."""
        self.ensure_one()
        lines = self.summary_line_ids.filtered("selected")
        if not lines:
            return False
        candidates = [line._prepare_candidate() for line in lines]
        previews, skipped = self.env["pp.job.order.generation"]._preview_job_orders(
            self._get_generation_parameters(), candidates, self.job_line_watermark
        )
        line_of = {
            id(candidate): line
            for candidate, line in zip(candidates, lines, strict=True)
        }
        return self._render_summary(previews, skipped, line_of)

    def _render_summary(self, previews, skipped, line_of):
        """The HTML of :meth:`_get_summary_html`; ``line_of`` gives the wizard
        line of each candidate (by ``id()``).

        One table per job order, the same fixed columns in each: a job order
        out of sight is not laid out (``content-visibility``), so a long
        summary costs the browser no more than a screenful.
        """
        text = _SummaryText(self.env, previews, skipped, line_of)
        blocks = [
            Markup(
                '<table class="table table-sm mb-0" style="table-layout: fixed">'
                "%s<thead><tr>%s</tr></thead></table>"
            )
            % (
                text.colgroup(),
                Markup("").join(
                    Markup('<th class="%s">%s</th>') % (css, text.label(name))
                    for name, css, _width in SUMMARY_COLUMNS
                ),
            )
        ]
        for number, preview in enumerate(previews, start=1):
            rows = [self._render_summary_header(number, preview, text)]
            rows += [
                Markup(
                    "<tr><td>%s</td><td>%s</td><td>%s</td>"
                    '<td class="text-end text-nowrap">%s</td>'
                    '<td class="text-end text-nowrap fw-bold">%s</td></tr>'
                )
                % (
                    text.item(vals["product_id"]),
                    text.origin(vals["candidates"]),
                    text.day(vals["date_deadline"]),
                    text.quantity(vals["demand_qty"], vals["product_uom_id"]),
                    text.quantity(vals["product_qty"], vals["product_uom_id"]),
                )
                for vals in preview["lines"]
            ]
            blocks.append(text.block("o_pp_summary_job_order", rows))
        if skipped:
            rows = [
                Markup('<tr class="table-warning"><th colspan="5">%s</th></tr>')
                % self.env._("Not generated")
            ]
            rows += [
                Markup('<tr><td>%s</td><td>%s</td><td colspan="3">%s</td></tr>')
                % (
                    text.item(candidate["product_id"]),
                    text.origin([candidate]),
                    reason,
                )
                for candidate, reason in skipped
            ]
            blocks.append(text.block("o_pp_summary_skipped", rows))
        return Markup('<div class="o_pp_generation_summary">%s</div>') % Markup(
            ""
        ).join(blocks)

    def _render_summary_header(self, number, preview, text):
        """The header row of one job order of the summary: new or updated, its
        customer, project, site and ready-goods date."""
        job_order = preview["job_order"]
        title = (
            self.env._("Updates %(job_order)s", job_order=job_order.display_name)
            if job_order
            else self.env._("New job order %(number)s", number=number)
        )
        keys = ["partner_id", "warehouse_id"]
        if preview["project_id"]:
            keys.insert(1, "project_id")
        cells = [Markup('<span class="me-4 fw-bold">%s</span>') % title]
        cells += [
            Markup('<span class="me-4">%s: %s</span>')
            % (text.label(key), text.record(key, preview[key]) or "—")
            for key in keys
        ]
        cells.append(
            Markup("<span>%s: %s</span>")
            % (text.label("date"), text.day(preview["date_deadline"]))
        )
        return Markup('<tr class="table-active"><td colspan="5">%s</td></tr>') % (
            Markup("").join(cells)
        )

    def _prepare_line_vals(self, candidate):
        """Candidate line values of a candidate dict of the procedure."""
        vals = dict(candidate, wizard_id=self.id)
        if "forecast_line_ids" in vals:
            vals["forecast_line_ids"] = [Command.set(vals["forecast_line_ids"])]
        if "day_ids" in vals:
            vals["day_ids"] = [Command.create(day) for day in vals["day_ids"]]
        return vals
