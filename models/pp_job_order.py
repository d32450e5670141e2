# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..services.job_order_state import JobOrderFacts, compute_state
from ..services.lots import format_qty

JOB_ORDER_STATES = [
    ("not_examined", "Not Examined"),
    ("scheduled", "Scheduled"),
    ("launched", "Launched"),
    ("executive", "In Execution"),
    ("closed", "Closed"),
    ("historicized", "In History"),
    ("cancelled", "Cancelled"),
]
# Kanban colour index per list decoration chosen in the settings.
DECORATION_COLORS = {
    "none": 0,
    "muted": 0,
    "info": 4,
    "success": 10,
    "warning": 2,
    "danger": 1,
    "bf": 7,
}


class PpJobOrder(models.Model):
    _name = "pp.job.order"
    _description = "Job Order"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_deadline, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default="/",
        index="trigram",
        tracking=True,
    )
    type_id = fields.Many2one(
        "pp.job.order.type",
        required=True,
        check_company=True,
        default=lambda self: self._default_type_id(),
        tracking=True,
    )
    job_type = fields.Selection(
        [("mono", "Mono-product"), ("multi", "Multi-product")],
        string="Structure",
        required=True,
        compute="_compute_job_type",
        store=True,
        readonly=False,
        precompute=True,
    )
    date = fields.Date(
        string="Order Date", required=True, default=fields.Date.context_today
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", check_company=True, tracking=True
    )
    project_id = fields.Many2one("project.project", check_company=True)
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Production Site",
        required=True,
        check_company=True,
        default=lambda self: self._default_warehouse_id(),
    )
    priority_id = fields.Many2one(
        "pp.procurement.priority",
        string="Procurement Priority",
        check_company=True,
        tracking=True,
    )
    mandatory = fields.Boolean(
        tracking=True,
        help="Dates of a mandatory job order are not moved later by planning.",
    )
    description = fields.Text()
    manual_state = fields.Selection(
        [("historicized", "In History"), ("cancelled", "Cancelled")],
        copy=False,
        readonly=True,
    )
    state = fields.Selection(
        JOB_ORDER_STATES,
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
        help="Computed from the planned orders, manufacturing orders and purchase "
        "lines of the job order; historicized and cancelled are set by hand.",
    )
    date_deadline = fields.Date(
        string="Ready-Goods Date", required=True, tracking=True, index=True
    )
    suggested_date = fields.Date(
        copy=False,
        readonly=True,
        help="Earliest feasible ready-goods date found by the planning ATP check.",
    )
    date_start_given = fields.Date(
        string="Given Start Date",
        compute="_compute_date_start_given",
        store=True,
        help="Start date given at generation to demand without ready-goods date.",
    )
    date_start_estimated = fields.Date(
        string="Estimated Start",
        compute="_compute_dates_estimated",
        store=True,
    )
    date_end_estimated = fields.Date(
        string="Estimated End",
        compute="_compute_dates_estimated",
        store=True,
    )
    date_start_actual = fields.Datetime(
        string="Actual Start", compute="_compute_dates_actual", store=True
    )
    date_end_actual = fields.Datetime(
        string="Actual End", compute="_compute_dates_actual", store=True
    )
    line_ids = fields.One2many(
        "pp.job.order.line", "job_order_id", string="Lines", copy=True
    )
    line_count = fields.Integer(compute="_compute_line_count")
    product_id = fields.Many2one(
        "product.product",
        string="Item",
        compute="_compute_product_id",
        store=True,
        index=True,
        help="The item of a mono-product job order.",
    )
    product_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_product_id",
        store=True,
        help="The unit of a mono-product job order's quantity.",
    )
    product_qty = fields.Float(
        string="Quantity",
        compute="_compute_product_id",
        store=True,
        digits="Product Unit of Measure",
        help="The quantity of a mono-product job order; of a multi-product one, the "
        "sum of its lines in their items' units.",
    )
    product_summary = fields.Char(
        string="Items",
        compute="_compute_product_id",
        store=True,
        help="The item of a mono-product job order; the items and quantities of a "
        "multi-product one.",
    )
    sale_line_ids = fields.Many2many(
        "sale.order.line",
        string="Sale Order Lines",
        compute="_compute_source_lines",
    )
    sale_order_count = fields.Integer(compute="_compute_source_lines")
    forecast_line_ids = fields.Many2many(
        "pp.forecast.line",
        string="Forecast Lines",
        compute="_compute_source_lines",
    )
    planned_order_ids = fields.One2many(
        "pp.planned.order", "job_order_id", string="Planned Orders"
    )
    grouping_ids = fields.One2many(
        "pp.planned.order.grouping",
        "job_order_id",
        string="Grouped Needs",
        help="The needs of this job order that grouped planned orders cover.",
    )
    covering_planned_order_ids = fields.Many2many(
        "pp.planned.order",
        string="Covered by Grouped Orders",
        compute="_compute_covering_planned_order_ids",
        help="Planned orders of other job orders that also cover this one's "
        "needs (grouped across job orders).",
    )
    planned_order_count = fields.Integer(compute="_compute_document_counts")
    production_ids = fields.One2many(
        "mrp.production", "pp_job_order_id", string="Manufacturing Orders"
    )
    production_count = fields.Integer(compute="_compute_document_counts")
    purchase_line_ids = fields.One2many(
        "purchase.order.line", "pp_job_order_id", string="Purchase Lines"
    )
    purchase_count = fields.Integer(compute="_compute_document_counts")
    costing_ids = fields.One2many("pp.job.costing", "job_order_id", string="Costings")
    costing_count = fields.Integer(compute="_compute_costing_count")
    pp_late_reason = fields.Char(
        string="Late Because",
        compute="_compute_pp_late_reason",
        help="Why the applied finite capacity schedule ends this job order's "
        "planned orders and manufacturing orders late.",
    )
    run_ids = fields.Many2many(
        "pp.planning.run",
        "pp_job_order_planning_run_rel",
        "job_order_id",
        "run_id",
        string="Planning Runs",
        copy=False,
        readonly=True,
    )
    properties = fields.Properties(
        "Extra Data", definition="type_id.properties_definition", copy=True
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    state_decoration = fields.Char(compute="_compute_state_decoration")
    color = fields.Integer(compute="_compute_state_decoration")

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "The job order number must be unique per company.",
        ),
    ]

    @api.model
    def _default_type_id(self):
        company = self.env.company
        return company.pp_default_job_order_type_id or self.env[
            "pp.job.order.type"
        ].search([("company_id", "=", company.id)], limit=1)

    @api.model
    def _default_warehouse_id(self):
        return self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )

    @api.depends("type_id")
    def _compute_job_type(self):
        for job_order in self:
            if not job_order.job_type or not job_order._origin.id:
                job_order.job_type = (
                    job_order.type_id.job_type
                    or self.env.company.pp_default_job_type
                    or "mono"
                )

    def _pp_get_planned_order_facts(self):
        """Return ``{job_order_id: {planned_count, planned_production_released,
        planned_purchase_released, released_production_ids,
        released_purchase_line_ids}}`` from the planned orders of the job orders.

        Grouped queries for all the job orders; cancelled planned orders do not
        count, released purchase and subcontract orders count as purchases; the
        ids are those of the MOs and purchase lines they were released into (a
        line merged across job orders names only the first one).
        """
        facts = {}
        groups = self.env["pp.planned.order"]._read_group(
            [("job_order_id", "in", self.ids), ("state", "!=", "cancelled")],
            ["job_order_id", "order_type", "state"],
            ["__count"],
        )
        for job_order, order_type, state, count in groups:
            values = facts.setdefault(
                job_order.id,
                {
                    "planned_count": 0,
                    "planned_production_released": 0,
                    "planned_purchase_released": 0,
                },
            )
            values["planned_count"] += count
            values.setdefault("released_production_ids", set())
            values.setdefault("released_purchase_line_ids", set())
            if state == "released":
                key = (
                    "planned_production_released"
                    if order_type == "production"
                    else "planned_purchase_released"
                )
                values[key] += count
        released = self.env["pp.planned.order"]._read_group(
            [("job_order_id", "in", self.ids), ("state", "=", "released")],
            ["job_order_id"],
            ["production_id:array_agg", "purchase_line_id:array_agg"],
        )
        for job_order, production_ids, line_ids in released:
            values = facts[job_order.id]
            values["released_production_ids"] = set(production_ids) - {None}
            values["released_purchase_line_ids"] = set(line_ids) - {None}
        self._pp_add_covering_facts(facts)
        return facts

    def _pp_add_covering_facts(self, facts):
        """Count in ``facts`` the grouped planned orders of other job orders
        that cover the job orders' needs: a job order they cover is planned,
        launched or in execution by them as by its own."""
        for job_order, orders in self._pp_get_covering_orders().items():
            values = facts.setdefault(
                job_order,
                {
                    "planned_count": 0,
                    "planned_production_released": 0,
                    "planned_purchase_released": 0,
                },
            )
            values.setdefault("released_production_ids", set())
            values.setdefault("released_purchase_line_ids", set())
            for order in orders:
                values["planned_count"] += 1
                if order.state != "released":
                    continue
                if order.order_type == "production":
                    values["planned_production_released"] += 1
                    if order.production_id:
                        values["released_production_ids"].add(order.production_id.id)
                else:
                    values["planned_purchase_released"] += 1
                    if order.purchase_line_id:
                        values["released_purchase_line_ids"].add(
                            order.purchase_line_id.id
                        )

    def _pp_get_covering_orders(self):
        """``{job_order_id: pp.planned.order}``: the planned orders, not
        cancelled, of other job orders whose grouping records cover the job
        orders' needs (one grouped query)."""
        groups = self.env["pp.planned.order.grouping"]._read_group(
            [
                ("job_order_id", "in", self.ids),
                ("planned_order_id.state", "!=", "cancelled"),
            ],
            ["job_order_id"],
            ["planned_order_id:array_agg"],
        )
        # One prefetch set for all of them: their owners are read in one query.
        everything = self.env["pp.planned.order"].browse(
            sorted({order_id for _job, order_ids in groups for order_id in order_ids})
        )
        owner = {order.id: order.job_order_id.id for order in everything}
        result = {}
        for job_order, order_ids in groups:
            ids = sorted(
                {order_id for order_id in order_ids if owner[order_id] != job_order.id}
            )
            if ids:
                result[job_order.id] = everything.browse(ids)
        return result

    @api.depends(
        "manual_state",
        "planned_order_ids.state",
        "planned_order_ids.order_type",
        "planned_order_ids.production_id",
        "planned_order_ids.purchase_line_id.state",
        "grouping_ids.planned_order_id.state",
        "grouping_ids.planned_order_id.production_id",
        "grouping_ids.planned_order_id.purchase_line_id.state",
        "production_ids.state",
        "production_ids.product_id",
        "purchase_line_ids.state",
        "purchase_line_ids.pp_external_planned_order_id",
        "line_ids.product_id",
    )
    def _compute_state(self):
        planned = self._pp_get_planned_order_facts()
        # The lines of the released planned orders, read at once for all.
        released_lines = self.env["purchase.order.line"].browse(
            {
                line_id
                for values in planned.values()
                for line_id in values["released_purchase_line_ids"]
            }
        )
        released_lines.fetch(["state", "pp_external_planned_order_id"])
        for job_order in self:
            productions = job_order.production_ids
            values = dict(planned.get(job_order.id, {}))
            released_ids = values.pop("released_production_ids", set())
            job_lines = job_order.purchase_line_ids | released_lines.browse(
                values.pop("released_purchase_line_ids", ())
            )
            own_items = job_order.line_ids.product_id
            done_items = productions.filtered(lambda p: p.state == "done").product_id
            # A backorder still open keeps its item not produced.
            open_items = productions.filtered(
                lambda p: p.state not in ("done", "cancel")
            ).product_id
            facts = JobOrderFacts(
                mo_states=productions.mapped("state"),
                # An external phase's purchase follows its MO: not counted.
                purchase_states=job_lines.filtered(
                    lambda line: not line.pp_external_planned_order_id
                ).mapped("state"),
                main_mo_done=bool(own_items)
                and not (own_items - done_items)
                and not (own_items & open_items),
                # A release confirms its MOs: launched until someone works on them.
                released_mo_untouched=len(
                    productions.filtered(
                        lambda p, ids=released_ids: (
                            p.state == "confirmed" and p.id in ids
                        )
                    )
                ),
                **values,
            )
            job_order.state = compute_state(job_order.manual_state or None, facts)

    def _pp_get_planned_order_dates(self):
        """Return ``{job_order_id: (start, end)}`` of the job orders' planned orders.

        The earliest start and latest end of the planned orders not cancelled,
        as dates in the user's time zone; one grouped query. A job order without
        planned orders is absent (its estimated dates are its ready-goods date).
        Grouped planned orders of other job orders covering its needs count.
        """
        ranges = self.env["pp.planned.order"]._get_date_ranges("job_order_id", self)
        for job_order_id, orders in self._pp_get_covering_orders().items():
            dates = [
                fields.Datetime.context_timestamp(self, moment).date()
                for moment in orders.mapped("date_start") + orders.mapped("date_end")
            ]
            if job_order_id in ranges:
                dates.extend(ranges[job_order_id])
            ranges[job_order_id] = (min(dates), max(dates))
        return ranges

    @api.depends(
        "state",
        "date_deadline",
        "planned_order_ids.date_start",
        "planned_order_ids.date_end",
        "planned_order_ids.state",
        # Grouped orders of other job orders: their moves tell (see their write).
        "grouping_ids",
    )
    def _compute_dates_estimated(self):
        planned = self._pp_get_planned_order_dates()
        for job_order in self:
            start, end = planned.get(
                job_order.id, (job_order.date_deadline, job_order.date_deadline)
            )
            job_order.date_start_estimated = start
            job_order.date_end_estimated = end

    @api.depends(
        "production_ids.state",
        "production_ids.date_start",
        "production_ids.date_finished",
        "state",
    )
    def _compute_dates_actual(self):
        for job_order in self:
            started = job_order.production_ids.filtered(
                lambda p: p.state in ("progress", "to_close", "done")
            )
            job_order.date_start_actual = (
                min(started.mapped("date_start")) if started else False
            )
            finished = job_order.production_ids.filtered(lambda p: p.state == "done")
            job_order.date_end_actual = (
                max(finished.mapped("date_finished"))
                if finished and job_order.state == "closed"
                else False
            )

    @api.depends("line_ids.date_start_given")
    def _compute_date_start_given(self):
        for job_order in self:
            dates = [d for d in job_order.line_ids.mapped("date_start_given") if d]
            job_order.date_start_given = min(dates, default=False)

    @api.depends("line_ids")
    def _compute_line_count(self):
        for job_order in self:
            job_order.line_count = len(job_order.line_ids)

    @api.depends(
        "job_type",
        "line_ids.product_id",
        "line_ids.product_qty",
        "line_ids.product_uom_id",
    )
    def _compute_product_id(self):
        shown = 3
        for job_order in self:
            lines = job_order.line_ids
            if job_order.job_type == "mono" and len(lines) == 1:
                job_order.product_id = lines.product_id
                job_order.product_qty = lines.product_qty
                job_order.product_uom_id = lines.product_uom_id
                job_order.product_summary = lines.product_id.display_name
                continue
            job_order.product_id = False
            job_order.product_uom_id = False
            job_order.product_qty = sum(
                line.product_uom_id._compute_quantity(
                    line.product_qty, line.product_id.uom_id, raise_if_failure=False
                )
                for line in lines
                if line.product_id
            )
            parts = [
                f"{line.product_id.default_code or line.product_id.name} "
                f"× {format_qty(line.product_qty)}"
                for line in lines[:shown]
                if line.product_id
            ]
            if len(lines) > shown:
                parts.append(self.env._("+%(count)s more", count=len(lines) - shown))
            job_order.product_summary = ", ".join(parts)

    @api.depends("line_ids.sale_line_ids", "line_ids.forecast_line_ids")
    def _compute_source_lines(self):
        for job_order in self:
            job_order.sale_line_ids = job_order.line_ids.sale_line_ids
            job_order.sale_order_count = len(job_order.sale_line_ids.order_id)
            job_order.forecast_line_ids = job_order.line_ids.forecast_line_ids

    @api.depends("grouping_ids.planned_order_id")
    def _compute_covering_planned_order_ids(self):
        covering = self._pp_get_covering_orders()
        for job_order in self:
            job_order.covering_planned_order_ids = covering.get(
                job_order.id, self.env["pp.planned.order"]
            )

    @api.depends(
        "production_ids",
        "purchase_line_ids",
        "planned_order_ids",
        "grouping_ids.planned_order_id",
    )
    def _compute_document_counts(self):
        counts = dict(
            self.env["pp.planned.order"]._read_group(
                [("job_order_id", "in", self.ids)], ["job_order_id"], ["__count"]
            )
        )
        covering = self._pp_get_covering_orders()
        for job_order in self:
            job_order.planned_order_count = counts.get(job_order, 0) + len(
                covering.get(job_order.id, ())
            )
            job_order.production_count = len(job_order.production_ids)
            job_order.purchase_count = len(job_order._get_purchases())

    @api.depends("costing_ids")
    def _compute_costing_count(self):
        for job_order in self:
            job_order.costing_count = len(job_order.costing_ids)

    @api.depends("planned_order_ids.pp_late_reason", "production_ids.pp_late_reason")
    def _compute_pp_late_reason(self):
        reasons = defaultdict(list)
        for model, field in (
            ("pp.planned.order", "job_order_id"),
            ("mrp.production", "pp_job_order_id"),
        ):
            groups = self.env[model]._read_group(
                [(field, "in", self.ids), ("pp_late_reason", "!=", False)],
                [field, "pp_late_reason"],
                ["__count"],
            )
            for job_order, reason, _count in groups:
                if reason not in reasons[job_order.id]:
                    reasons[job_order.id].append(reason)
        for job_order in self:
            job_order.pp_late_reason = "; ".join(reasons.get(job_order.id, [])) or False

    @api.depends("state", "company_id")
    def _compute_state_decoration(self):
        for job_order in self:
            decoration = (
                job_order.company_id[f"pp_color_{job_order.state}"]
                if job_order.state
                else "none"
            ) or "none"
            job_order.state_decoration = decoration
            job_order.color = DECORATION_COLORS.get(decoration, 0)

    @api.constrains("job_type", "line_ids")
    def _check_mono_single_line(self):
        for job_order in self:
            if job_order.job_type == "mono" and len(job_order.line_ids) != 1:
                raise ValidationError(
                    self.env._(
                        "Mono-product job order %(name)s must have exactly one line "
                        "(it has %(count)s).",
                        name=job_order.display_name,
                        count=len(job_order.line_ids),
                    )
                )

    @api.constrains("warehouse_id", "line_ids")
    def _check_warehouse(self):
        for job_order in self:
            for sale_line in job_order.line_ids.sale_line_ids:
                sale_warehouse = sale_line.order_id.warehouse_id
                if sale_warehouse and sale_warehouse != job_order.warehouse_id:
                    raise ValidationError(
                        self.env._(
                            "Job order %(job)s is produced in %(site)s but its sale "
                            "order line %(sale)s ships from %(sale_site)s.",
                            job=job_order.display_name,
                            site=job_order.warehouse_id.display_name,
                            sale=sale_line.display_name,
                            sale_site=sale_warehouse.display_name,
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        types = self.env["pp.job.order.type"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                job_type = types.browse(vals.get("type_id")) or self._default_type_id()
                if job_type.sequence_id:
                    vals["name"] = job_type.sequence_id.next_by_id()
                else:
                    vals["name"] = self.env["ir.sequence"].next_by_code("pp.job.order")
        return super().create(vals_list)

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        for vals in vals_list:
            vals["name"] = "/"
        return vals_list

    @api.ondelete(at_uninstall=False)
    def _unlink_if_not_examined(self):
        self.planned_order_ids._check_nothing_released_below()
        for job_order in self:
            if job_order.state not in ("not_examined", "cancelled"):
                raise UserError(
                    self.env._(
                        "Job order %(name)s is %(state)s: only job orders not "
                        "examined or cancelled can be deleted.",
                        name=job_order.display_name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[job_order.state],
                    )
                )

    def action_view_sale_orders(self):
        """Open the sale orders the job order was generated from."""
        return self._action_view_records(
            "sale.order", self.sale_line_ids.order_id, "sale.action_orders"
        )

    def action_view_productions(self):
        """Open the manufacturing orders released for the job order."""
        return self._action_view_records(
            "mrp.production",
            self.production_ids,
            "mrp.mrp_production_action",
        )

    def action_view_planned_orders(self):
        """Open the planned orders of the job orders."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "production_planning.pp_planned_order_action"
        )
        # Their own, and those of other job orders grouped with their needs.
        action["domain"] = [
            "|",
            ("job_order_id", "in", self.ids),
            ("grouping_ids.job_order_id", "in", self.ids),
        ]
        action["context"] = {"search_default_group_job_order": len(self) > 1}
        return action

    def action_view_costings(self):
        """Open the job order's costings (a new one proposes the cost elements)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "production_planning.pp_job_costing_action"
        )
        action["domain"] = [("job_order_id", "=", self.id)]
        action["context"] = {"default_job_order_id": self.id}
        return action

    def action_view_purchases(self):
        """Open the purchase orders released for the job order."""
        return self._action_view_records(
            "purchase.order", self._get_purchases(), "purchase.purchase_rfq"
        )

    def _get_purchases(self):
        """Purchase orders of the job orders: their own lines and those their
        released planned orders went into (a line merged across job orders
        names only the first one)."""
        lines = self.purchase_line_ids
        if self.env["pp.planned.order"].has_access("read"):
            planned = self.planned_order_ids
            lines |= planned.purchase_line_id | planned.external_purchase_line_ids
        return lines.order_id

    def action_open_bom(self):
        """Open the bills of materials of the job order items."""
        return self.line_ids.product_id._pp_action_open_boms(self.line_ids.bom_id)

    def action_open_routing(self):
        """Open the operations (routing) of the job order items' BOMs."""
        return self.env["product.product"]._pp_action_open_routing(
            self.line_ids._get_boms()
        )

    def action_open_planning_parameters(self):
        """Open the planning parameters of the job order items."""
        return self.line_ids.product_id._pp_action_open_planning_parameters()

    def action_open_workcenters(self):
        """Open the work centers the job order items are routed through."""
        workcenters = self.line_ids._get_boms().operation_ids.workcenter_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mrp.mrp_workcenter_action"
        )
        action.update(domain=[("id", "in", workcenters.ids)], context={})
        return action

    def action_duplicate(self):
        """Duplicate the job orders (without their sale and forecast links)."""
        copies = self.copy()
        return self._action_view_records(
            "pp.job.order", copies, "production_planning.pp_job_order_action"
        )

    def action_set_mandatory(self):
        """Mark the job orders as mandatory."""
        self.write({"mandatory": True})
        return True

    def action_clear_mandatory(self):
        """Clear the mandatory flag of the job orders."""
        self.write({"mandatory": False})
        return True

    def action_apply_suggested_date(self):
        """Copy the suggested date into the ready-goods date."""
        for job_order in self.filtered("suggested_date"):
            job_order.date_deadline = job_order.suggested_date
        return True

    def action_plan(self):
        """Open the general planning wizard on the job orders."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("General Planning"),
            "res_model": "pp.general.planning",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "active_model": self._name,
                "active_ids": self.ids,
                "dialog_size": "extra-large",
            },
        }

    def action_change(self):
        """Open the wizard that changes dates, priority or mandatory flag."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change Job Orders"),
            "res_model": "pp.job.order.change",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def button_historicize(self):
        """Set the job orders historicized (kept for reference, no more planned)."""
        self.write({"manual_state": "historicized"})
        return True

    def button_cancel(self):
        """Cancel the job orders."""
        blocked = self.filtered(
            lambda j: j.state in ("launched", "executive", "closed")
        )
        if blocked:
            raise UserError(
                self.env._(
                    "Job orders with released documents cannot be cancelled: "
                    "%(names)s.",
                    names=", ".join(blocked.mapped("display_name")),
                )
            )
        self.write({"manual_state": "cancelled"})
        return True

    def button_reset(self):
        """Clear the historicized / cancelled state; the state is computed again."""
        self.write({"manual_state": False})
        return True

    @api.model
    def _action_open_domain(self, domain):
        """The Job Orders action restricted to ``domain``."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "production_planning.pp_job_order_action"
        )
        action.update(domain=domain, context={})
        return action

    def _action_view_records(self, model, records, xmlid):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        if len(records) == 1:
            action.update(views=[(False, "form")], view_mode="form", res_id=records.id)
        else:
            action["domain"] = [("id", "in", records.ids)]
        action["context"] = {}
        return action
