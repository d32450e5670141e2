# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from psycopg2.errors import LockNotAvailable

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import SQL, float_compare

from ..services.bom import explode
from ..services.calendar import CalendarError, add_days
from ..services.feasibility import MaterialNeed, check_feasibility
from ..services.ledger import StockPosition
from ..services.timing import Phase, schedule_alap, schedule_asap

# Days of work center calendars built around an order to time its phases.
CALENDAR_DAYS_BEFORE = 370
CALENDAR_DAYS_AFTER = 370

ORDER_TYPES = [
    ("production", "Production"),
    ("purchase", "Purchase"),
    ("subcontract", "Subcontract"),
]
ORIGINS = [
    ("manual", "Manual"),
    ("independent", "Independent"),
    ("dependent", "Dependent"),
    ("mrp", "MRP"),
]

FEASIBILITY = [
    ("green", "Available"),
    ("planned", "Covered by Planned Orders"),
    ("amber", "Partial"),
    ("red", "Missing"),
]
# States of an MO whose release can still be undone (cancelled: nothing was made).
UNTOUCHED_MO_STATES = ("draft", "confirmed", "cancel")
# Fields only release and restoration write.
RELEASE_FIELDS = frozenset(
    ("state", "production_id", "purchase_line_id", "external_purchase_line_ids")
)
# States of an RFQ whose release can still be undone: once sent, the vendor has it.
UNTOUCHED_PURCHASE_STATES = ("draft", "cancel")


class PpPlannedOrder(models.Model):
    """A proposal to produce, buy or subcontract an item (SPEC §7).

    Nothing is committed until it is released. General planning and MRP create
    them; a planner may create, edit and delete draft ones.
    """

    _name = "pp.planned.order"
    _description = "Planned Order"
    _order = "date_start, level desc, id"
    _check_company_auto = True

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default="/"
    )
    order_type = fields.Selection(
        ORDER_TYPES, string="Type", required=True, default="production"
    )
    origin = fields.Selection(ORIGINS, required=True, default="manual")
    job_order_id = fields.Many2one(
        "pp.job.order",
        check_company=True,
        # MRP's orders (most rows) have none: only job order rows are indexed.
        index="btree_not_null",
        ondelete="cascade",
    )
    job_order_line_id = fields.Many2one(
        "pp.job.order.line",
        check_company=True,
        index="btree_not_null",
        ondelete="cascade",
    )
    parent_id = fields.Many2one(
        "pp.planned.order",
        string="Parent Planned Order",
        check_company=True,
        index="btree_not_null",
        ondelete="cascade",
        help="The planned order whose materials this one supplies (pegging).",
    )
    child_ids = fields.One2many("pp.planned.order", "parent_id", string="Components")
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Production Site",
        compute="_compute_warehouse_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        index=True,
    )
    grouping_ids = fields.One2many(
        "pp.planned.order.grouping",
        "planned_order_id",
        string="Grouped Needs",
        help="The needs of several job orders this planned order covers.",
    )
    level = fields.Integer(
        default=0, help="0 for a job order's own item, 1 for its components, ..."
    )
    product_id = fields.Many2one(
        "product.product",
        string="Item",
        required=True,
        check_company=True,
        index=True,
        domain="[('type', '=', 'consu')]",
    )
    product_tmpl_id = fields.Many2one(related="product_id.product_tmpl_id")
    product_qty = fields.Float(
        string="Quantity", required=True, default=1.0, digits="Product Unit of Measure"
    )
    product_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        required=True,
        compute="_compute_product_uom_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    qty_confirmed = fields.Float(
        string="Confirmed Quantity",
        digits="Product Unit of Measure",
        help="The part of the quantity that firm documents need (MRP first pass).",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Vendor / Subcontractor",
        check_company=True,
    )
    bom_id = fields.Many2one(
        "mrp.bom",
        string="Version",
        check_company=True,
        domain="['|', ('product_id', '=', product_id), '&', "
        "('product_id', '=', False), ('product_tmpl_id', '=', product_tmpl_id)]",
    )
    date_start = fields.Datetime(string="Start", required=True, index=True)
    date_end = fields.Datetime(string="End", required=True, index=True)
    date_fob = fields.Datetime(
        string="FOB", help="Purchase: when the vendor ships (start + procurement time)."
    )
    date_eta = fields.Datetime(
        string="ETA", help="Purchase: when the goods arrive (FOB + shipping time)."
    )
    mandatory = fields.Boolean(
        help="Planning does not move the dates of a mandatory planned order later."
    )
    priority = fields.Integer(default=0)
    pp_late_reason = fields.Char(
        string="Late Because",
        readonly=True,
        copy=False,
        help="Why the applied finite capacity schedule ends this order late.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("released", "Released"), ("cancelled", "Cancelled")],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        index=True,
    )
    production_id = fields.Many2one(
        "mrp.production",
        string="Manufacturing Order",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The manufacturing order this planned order was released into.",
    )
    purchase_line_id = fields.Many2one(
        "purchase.order.line",
        string="Purchase Order Line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The request for quotation line this planned order was released into.",
    )
    external_purchase_line_ids = fields.One2many(
        "purchase.order.line",
        "pp_external_planned_order_id",
        string="External Phase Purchases",
        readonly=True,
    )
    feasibility = fields.Selection(
        FEASIBILITY,
        compute="_compute_feasibility",
        help="Whether the materials are available when the order starts: on hand "
        "plus supply due by then, net of the needs that come first (green: all, "
        "amber: part, red: none of what one material needs).",
    )
    run_id = fields.Many2one(
        "pp.planning.run",
        string="Created by Run",
        readonly=True,
        index="btree_not_null",
    )
    material_ids = fields.One2many(
        "pp.planned.order.material", "planned_order_id", string="Materials", copy=True
    )
    operation_ids = fields.One2many(
        "pp.planned.order.operation", "planned_order_id", string="Phases", copy=True
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    color = fields.Integer(compute="_compute_color")

    _sql_constraints = [
        (
            "product_qty_positive",
            "CHECK(product_qty > 0)",
            "The quantity of a planned order must be positive.",
        ),
        (
            "dates_ordered",
            "CHECK(date_end >= date_start)",
            "A planned order cannot end before it starts.",
        ),
    ]

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for order in self:
            if not order.product_uom_id or order.product_uom_id.category_id != (
                order.product_id.uom_id.category_id
            ):
                order.product_uom_id = order.product_id.uom_id

    @api.depends("job_order_id")
    def _compute_warehouse_id(self):
        for order in self:
            if order.job_order_id:
                order.warehouse_id = order.job_order_id.warehouse_id
            elif not order.warehouse_id:
                order.warehouse_id = self.env["stock.warehouse"].search(
                    [("company_id", "=", (order.company_id or self.env.company).id)],
                    limit=1,
                )

    def _compute_feasibility(self):
        colours, _checks = self._get_feasibility()
        for order in self:
            order.feasibility = colours.get(order.id, False)

    @api.depends("order_type")
    def _compute_color(self):
        colors = {"production": 10, "purchase": 4, "subcontract": 2}
        for order in self:
            order.color = colors.get(order.order_type, 0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_release_fields(
                {k: v for k, v in vals.items() if k != "state" or v != "draft"}
            )
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = self._reserve_names(1, company)[0]
        return super().create(vals_list)

    def write(self, vals):
        """Moving a draft order (its start, its end, or both as the timeline
        does) times it again: a new start recomputes the end, a new end alone
        the start. State and released documents change only by release and
        restoration."""
        self._check_release_fields(vals)
        recompute = not self.env.context.get("pp_keep_timing")
        moved = (
            self.filtered(lambda order: order.state == "draft")
            if recompute
            and ("date_start" in vals or "date_end" in vals or "product_qty" in vals)
            else self.browse()
        )
        if moved and ("date_start" in vals) != ("date_end" in vals):
            result = self._write_keeping_dates_ordered(vals)
        else:
            result = super().write(vals)
        if moved:
            if "product_qty" in vals:
                for material in moved.material_ids:
                    order = material.planned_order_id
                    material.product_qty = material.qty_per_unit * (
                        order.product_uom_id._compute_quantity(
                            order.product_qty, order.product_id.uom_id
                        )
                    )
            direction = (
                "alap" if "date_end" in vals and "date_start" not in vals else "asap"
            )
            moved.with_context(pp_keep_timing=True)._recompute_dates(direction)
            if not self.env.context.get("pp_no_timing_warning"):
                moved._notify_timing_conflicts()
        if "date_start" in vals or "date_end" in vals:
            # The job orders a grouped order covers show its dates; told once
            # the order is timed (never between a new start and its end).
            self.grouping_ids.job_order_id.modified(["grouping_ids"])
        return result

    def _write_keeping_dates_ordered(self, vals):
        """Write a new start (or end) alone, the other date moved as far as
        needed for the row to stay valid until the order is timed again."""
        name = "date_start" if "date_start" in vals else "date_end"
        moment = fields.Datetime.to_datetime(vals[name])
        for order in self:
            extra = {}
            if moment and name == "date_start" and order.date_end < moment:
                extra["date_end"] = moment
            elif moment and name == "date_end" and order.date_start > moment:
                extra["date_start"] = moment
            super(PpPlannedOrder, order).write(dict(vals, **extra))
        return True

    def _get_timing_conflicts(self):
        """What a move broke: the order now ends after the planned order it
        supplies uses it, or starts before its own components are ready.

        :return: one message per conflict
        """
        messages = []
        for order in self:
            parent = order.parent_id
            if parent.state == "draft":
                need = parent._get_first_use(order.product_id)
                if order.date_end > need:
                    messages.append(
                        self.env._(
                            "%(order)s now ends after %(parent)s needs it (%(need)s).",
                            order=order.display_name,
                            parent=parent.display_name,
                            need=fields.Datetime.context_timestamp(self, need).strftime(
                                "%Y-%m-%d %H:%M"
                            ),
                        )
                    )
            messages.extend(
                self.env._(
                    "%(order)s now needs %(child)s before it is ready.",
                    order=order.display_name,
                    child=child.display_name,
                )
                for child in order.child_ids
                if child.state != "cancelled"
                and child.date_end > order._get_first_use(child.product_id)
            )
        return messages

    def _get_first_use(self, product):
        """When the order first uses ``product``: the earliest usage date of
        its materials of it, else its start."""
        self.ensure_one()
        uses = [
            material.date_use
            for material in self.material_ids
            if material.product_id == product and material.date_use
        ]
        return min(uses, default=self.date_start)

    def _notify_timing_conflicts(self):
        """Warn the user who moved the orders of what the move broke."""
        messages = self._get_timing_conflicts()
        if messages:
            self.env.user._bus_send(
                "simple_notification",
                {
                    "type": "warning",
                    "title": self.env._("Material timing"),
                    "message": "\n".join(messages[:5]),
                    "sticky": False,
                },
            )

    @api.model
    def _check_release_fields(self, vals):
        """Refuse writing the state or the released documents directly (over
        RPC, say): a draft state without restoration would leave the MO or
        RFQ in place, and a second release make another one. Code running as
        superuser (never an RPC call) may."""
        if self.env.su or self.env.context.get("pp_release_write"):
            return
        fields_set = RELEASE_FIELDS.intersection(vals)
        if fields_set:
            raise UserError(
                self.env._(
                    "%(fields)s of planned orders change only by releasing or "
                    "restoring them (%(orders)s).",
                    fields=", ".join(
                        self._fields[name]._description_string(self.env)
                        for name in sorted(fields_set)
                    ),
                    orders=", ".join(self[:5].mapped("display_name"))
                    or self.env._("new"),
                )
            )

    def _write_release(self, vals):
        """Write the state and released documents (release and restoration);
        the dates stay as they are."""
        return self.with_context(pp_keep_timing=True, pp_release_write=True).write(vals)

    @api.model
    def _get_sequence(self, company):
        """The planned order sequence of ``company``, made when it has none.

        Each company numbers its planned orders on its own (``PLO/2027/00001``),
        from a copy of the shared sequence (settings and next number), or the
        default settings when that was deleted too."""
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search(
            [("code", "=", "pp.planned.order"), ("company_id", "=", company.id)],
            limit=1,
        )
        if sequence:
            return sequence
        shared = Sequence.search(
            [("code", "=", "pp.planned.order"), ("company_id", "=", False)], limit=1
        )
        return Sequence.create(
            {
                "name": self.env._(
                    "Planned Orders (%(company)s)", company=company.name
                ),
                "code": "pp.planned.order",
                "company_id": company.id,
                "prefix": shared.prefix if shared else "PLO/%(year)s/",
                "suffix": shared.suffix if shared else False,
                "padding": shared.padding if shared else 5,
                # Going on from the shared numbers: none is given twice.
                "number_next": shared.number_next_actual if shared else 1,
                "implementation": "standard",
            }
        )

    @api.model
    def _reserve_names(self, count, company):
        """``count`` numbers of the company's planned order sequence, in one
        query when the sequence allows it (standard implementation, no date
        ranges)."""
        numbering = self._get_numbering(company)
        if numbering is None:
            sequence = self._get_sequence(company)
            return [sequence._next() for _index in range(count)]
        query, convert = numbering(count)
        self.env.cr.execute(query)
        return convert(self.env.cr.fetchall())

    def _get_numbering(self, company):
        """How to take numbers of the company's sequence in one query: a
        function of ``count`` giving ``(query, convert)`` (``convert(rows)``
        are the numbers), or None when the sequence does not allow it (no
        gap implementation, date ranges)."""
        sequence = self._get_sequence(company)
        if sequence.implementation != "standard" or sequence.use_date_range:
            return None
        name = f"ir_sequence_{sequence.id:03d}"
        prefix, suffix = sequence._get_prefix_suffix()
        pattern = f"%0{sequence.padding}d"

        def convert(rows):
            return [prefix + pattern % number + suffix for (number,) in rows]

        def numbering(count):
            query = SQL("SELECT nextval(%s) FROM generate_series(1, %s)", name, count)
            return query, convert

        return numbering

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        self._check_nothing_released_below()

    def _unlink_in_bulk(self, pipeline=None):
        """Delete these planned orders with what the database deletes with
        them (the orders pegged below, materials, phases, grouped needs), as
        :meth:`unlink` would, in a few queries whatever their number.

        For a run replacing hundreds of thousands of draft orders (MRP's):
        the unlink rights and rules, then the check that nothing below is
        released, by SQL over the pegging tree; the job orders they covered
        are told afterwards (states, dates). With a :class:`CopyPipeline`
        and no job order to tell, the ``DELETE`` itself (the server's
        cascades, most of its time) is left running on it while the caller
        goes on without queries.
        """
        if not self:
            return
        self.check_access("unlink")
        self.env.flush_all()
        cr = self.env.cr
        tree = SQL(
            "WITH RECURSIVE tree(id) AS (SELECT unnest(%s::int[]) UNION "
            "SELECT o.id FROM pp_planned_order o JOIN tree ON o.parent_id = tree.id) ",
            list(self.ids),
        )
        cr.execute(
            SQL(
                "%s SELECT o.id FROM pp_planned_order o JOIN tree USING (id) "
                "WHERE o.state = 'released' ORDER BY o.id LIMIT 10",
                tree,
            )
        )
        released = self.browse(row[0] for row in cr.fetchall())
        if released:
            released._check_nothing_released_below()
        cr.execute(
            SQL(
                "%s SELECT array_agg(DISTINCT o.id), "
                "array_agg(DISTINCT o.job_order_id) FILTER (WHERE o.job_order_id "
                "IS NOT NULL), (SELECT array_agg(DISTINCT g.job_order_id) FROM "
                "pp_planned_order_grouping g JOIN tree t ON t.id = g.planned_order_id) "
                "FROM pp_planned_order o JOIN tree USING (id)",
                tree,
            )
        )
        ids, job_order_ids, covered_ids = cr.fetchone()
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "in", ids)])
        )
        attachments.unlink()
        self.env["ir.model.data"].sudo().search(
            [("model", "=", self._name), ("res_id", "in", ids)]
        ).unlink()
        delete = SQL("DELETE FROM pp_planned_order WHERE id = ANY(%s)", ids)
        if pipeline is None or job_order_ids or covered_ids:
            cr.execute(delete)
            self.env.invalidate_all()
        else:
            # Nothing to tell the ORM afterwards: no query follows here.
            self.env.flush_all()
            pipeline.execute(delete)
            self.env.invalidate_all(flush=False)
        job_orders = self.env["pp.job.order"].browse(job_order_ids or [])
        job_orders.modified(["planned_order_ids"])
        job_orders.line_ids.modified(["planned_order_ids"])
        self.env["pp.job.order"].browse(covered_ids or []).modified(["grouping_ids"])

    def _check_nothing_released_below(self):
        """Refuse, naming them, when the planned orders or any order pegged
        below them (which the database deletes with them) are released."""
        orders = todo = self
        while todo:
            todo = todo.child_ids - orders
            orders |= todo
        released = orders.filtered(lambda order: order.state == "released")
        if released:
            raise UserError(
                self.env._(
                    "Planned order %(names)s is released: restore it before "
                    "deleting it.",
                    names=", ".join(released[:10].mapped("display_name")),
                )
            )

    @api.model
    def get_timeline_hidden_weekdays(self):
        """Weekdays (0 = Monday) the current company's working calendar has no
        working time: the planning timelines leave them out, so that a phase
        from Friday evening to Monday morning is drawn as the work it is."""
        calendar = self.env.company.resource_calendar_id
        if not calendar or calendar.flexible_hours:
            return []
        working = {int(day) for day in calendar.attendance_ids.mapped("dayofweek")}
        return [day for day in range(7) if day not in working]

    @api.model
    def _get_date_ranges(self, field_name, records):
        """First start and last end of the planned orders of ``records``.

        ``field_name`` is the planned order field pointing to them
        (``job_order_id``, ``job_order_line_id``); cancelled planned orders do
        not count. One grouped query.

        :return: ``{record id: (start date, end date)}`` in the user's time zone
        """
        groups = self._read_group(
            [(field_name, "in", records.ids), ("state", "!=", "cancelled")],
            [field_name],
            ["date_start:min", "date_end:max"],
        )
        return {
            record.id: (
                fields.Datetime.context_timestamp(self, start).date(),
                fields.Datetime.context_timestamp(self, end).date(),
            )
            for record, start, end in groups
        }

    def action_complete_data(self):
        """Fill materials and phases of draft production orders from BOM and routing.

        The BOM is the order's version, else the item's BOM valid for its
        company; materials are the BOM's components for the quantity (unit
        converted, the component's scrap % added, phantom kits exploded
        through), phases its operations (setup + cleanup, time per cycle,
        pieces per cycle and efficiency of the work center; external operations
        give external phases with their subcontractor). Dates are then
        recomputed forward from the start.
        """
        orders = self.filtered(
            lambda order: order.order_type == "production" and order.state == "draft"
        )
        for order in orders:
            order._complete_from_bom()
        orders.action_recompute_dates()
        return True

    def action_recompute_dates(self):
        """Recompute phases, materials and end forward from the start (ASAP).

        Production: the phases follow each other on their work centers'
        calendars; purchase and subcontract: the end is the start plus the
        vendor's delay in calendar days.
        """
        self._recompute_dates("asap")
        return True

    def action_recompute_dates_from_end(self):
        """Recompute phases, materials and start backward from the end (ALAP)."""
        self._recompute_dates("alap")
        return True

    def action_open_bom(self):
        """Open the bills of materials of the planned orders' items."""
        return self.product_id._pp_action_open_boms(self.bom_id)

    def action_open_routing(self):
        """Open the operations (routing) of the planned orders' versions."""
        boms = self.bom_id
        for order in self.filtered(
            lambda o: not o.bom_id and o.order_type != "purchase"
        ):
            boms |= self.env["mrp.bom"]._bom_find(
                order.product_id, company_id=order.company_id.id
            )[order.product_id]
        return self.env["product.product"]._pp_action_open_routing(boms)

    def action_open_planning_parameters(self):
        """Open the planning parameters of the planned orders' items."""
        return self.product_id._pp_action_open_planning_parameters()

    def action_save_bom(self):
        """Write the order's materials and phases into its version (BOM and
        routing), or into a new BOM of the item when it has none.

        For one-off engineered items: what the planner put on the planned order
        becomes the item's bill of materials for one unit.
        """
        self.ensure_one()
        if self.order_type != "production" or not self.material_ids:
            raise UserError(
                self.env._(
                    "Planned order %(order)s has no materials to save as a bill of "
                    "materials.",
                    order=self.display_name,
                )
            )
        qty = self.product_uom_id._compute_quantity(
            self.product_qty, self.product_id.uom_id
        )
        bom = self.bom_id
        vals = {
            "product_qty": 1.0,
            "product_uom_id": self.product_id.uom_id.id,
            "operation_ids": [Command.clear()]
            + [
                Command.create(
                    {
                        "name": phase.name,
                        "sequence": phase.sequence,
                        "workcenter_id": phase.workcenter_id.id,
                        "time_mode": "manual",
                        "time_cycle_manual": phase.time_cycle,
                        "pp_machines": phase.machines or 1,
                        "pp_overlap_type": phase.overlap_type,
                        "pp_overlap_value": phase.overlap_value,
                        "pp_queue_minutes": phase.queue_minutes,
                    }
                )
                for phase in self.operation_ids
                if phase.workcenter_id
            ],
            "bom_line_ids": [Command.clear()],
        }
        if bom:
            bom.write(vals)
        else:
            bom = self.env["mrp.bom"].create(
                dict(
                    vals,
                    product_tmpl_id=self.product_id.product_tmpl_id.id,
                    product_id=self.product_id.id,
                    company_id=self.company_id.id,
                    type="normal",
                )
            )
        operations = dict(
            zip(
                self.operation_ids.filtered("workcenter_id"),
                bom.operation_ids,
                strict=True,
            )
        )
        bom.write(
            {
                "bom_line_ids": [
                    Command.create(
                        {
                            "product_id": material.product_id.id,
                            "product_qty": material.product_qty / qty if qty else 0.0,
                            "product_uom_id": material.product_id.uom_id.id,
                            "operation_id": operations.get(
                                material.operation_id, bom.operation_ids.browse()
                            ).id,
                        }
                    )
                    for material in self.material_ids
                ]
            }
        )
        self.bom_id = bom
        return {
            "type": "ir.actions.act_window",
            "res_model": "mrp.bom",
            "res_id": bom.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_set_mandatory(self):
        """Mark the planned orders as mandatory."""
        self.write({"mandatory": True})
        return True

    def action_clear_mandatory(self):
        """Clear the mandatory flag of the planned orders."""
        self.write({"mandatory": False})
        return True

    def action_release(self):
        """Open the release wizard on the selected planned orders."""
        return self._action_open_wizard(
            "production_planning.pp_planned_order_release_action"
        )

    def action_restore(self):
        """Open the restoration wizard on the selected planned orders."""
        return self._action_open_wizard(
            "production_planning.pp_planned_order_restore_action"
        )

    def _action_open_wizard(self, xmlid):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["context"] = {
            "active_model": self._name,
            "active_ids": self.ids,
            "dialog_size": "extra-large",
        }
        return action

    def _lock_for_update(self):
        """Lock the planned orders' rows, or refuse when someone else holds them."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM pp_planned_order WHERE id = ANY(%s) "
                        "FOR UPDATE NOWAIT",
                        self.ids,
                    )
                )
        except LockNotAvailable as error:
            raise UserError(
                self.env._(
                    "These planned orders are being released or restored by someone "
                    "else; try again in a moment."
                )
            ) from error

    def _get_feasibility(self):
        """Feasibility of the draft planned orders and of their materials.

        The stock position (on hand, stock moves, RFQs) of their materials on
        their sites is loaded once; the materials of every draft planned order
        of the company starting no later than the last of them are served in
        start order, so that earlier needs come first. What the position
        leaves short, the receipts of draft planned orders cover (their
        components planned by the same run): "covered by planned orders".

        :return: ``({order id: colour}, {material id: MaterialCheck})``; orders
            without materials are green, other states have no colour
        """
        draft = self.filtered(lambda order: order.state == "draft" and order.id)
        colours = {order.id: "green" for order in draft}
        checks = {}
        for company in draft.company_id:
            orders = draft.filtered(lambda order, c=company: order.company_id == c)
            if not orders.material_ids:
                continue
            products = orders.material_ids.product_id
            sites = orders.warehouse_id
            position = self.env["pp.stock.position"]._load(
                company,
                products,
                sites,
                sources=("on_hand", "moves", "purchases"),
            )
            self.env.cr.execute(
                SQL(
                    """
                    SELECT mat.id, po.id, po.warehouse_id, mat.product_id,
                           COALESCE(mat.date_use, po.date_start), mat.product_qty
                      FROM pp_planned_order_material mat
                      JOIN pp_planned_order po ON po.id = mat.planned_order_id
                     WHERE po.state = 'draft'
                       AND po.company_id = %(company)s
                       AND po.warehouse_id = ANY(%(sites)s)
                       AND mat.product_id = ANY(%(products)s)
                       AND po.date_start <= %(last)s
                     ORDER BY po.date_start, po.id, mat.id
                    """,
                    company=company.id,
                    sites=sites.ids,
                    products=products.ids,
                    last=max(orders.mapped("date_start")),
                )
            )
            needs = [
                MaterialNeed(key, order_id, site, item, moment.replace(tzinfo=UTC), qty)
                for key, order_id, site, item, moment, qty in self.env.cr.fetchall()
                if moment
            ]
            planned = StockPosition(tz=position.tz)
            self.env["pp.stock.position"]._load_planned_orders(
                planned, company, products, sites, with_materials=False
            )
            order_colours, order_checks = check_feasibility(
                position, needs, planned=planned
            )
            for order in orders:
                if order.id in order_colours:
                    colours[order.id] = order_colours[order.id]
            checks.update(order_checks)
        return colours, checks

    def _get_release_vendor(self):
        """The vendor a purchase or subcontract planned order is released to.

        The order's own vendor, else the item's vendor for the quantity and date
        (Odoo's supplier info); for subcontracting, the first of them that has a
        subcontracting bill of materials of the item. Empty when there is none.
        """
        self.ensure_one()
        product = self.product_id.with_company(self.company_id)
        qty = self.product_uom_id._compute_quantity(self.product_qty, product.uom_id)
        sellers = (
            product._select_seller(
                quantity=qty,
                date=self.env["pp.stock.position"]._local_day(
                    self.company_id, self.date_start
                ),
                uom_id=product.uom_id,
            )
            | product._pp_first_seller()
        )
        candidates = self.partner_id | sellers.partner_id
        if self.order_type == "subcontract":
            return candidates.filtered(self._get_subcontract_bom)[:1]
        return candidates[:1]

    def _get_subcontract_bom(self, partner):
        """The subcontracting bill of materials of the item at ``partner``."""
        self.ensure_one()
        return self.env["mrp.bom"]._bom_subcontract_find(
            self.product_id,
            company_id=self.company_id.id,
            bom_type="subcontract",
            subcontractor=partner,
        )

    def _get_receipt_type(self):
        """The receipt operation type of the planned order's site."""
        self.ensure_one()
        return self.warehouse_id.in_type_id or self.env["stock.picking.type"].search(
            [("code", "=", "incoming"), ("company_id", "=", self.company_id.id)],
            limit=1,
        )

    def _get_origins(self):
        """Job order numbers, else planned order numbers, as document origins."""
        return [order.job_order_id.name or order.name for order in self]

    def _check_restorable(self):
        """Refuse, naming the document, when a release cannot be undone.

        A release is undone while its documents are untouched: the MO
        confirmed with nothing produced, consumed or started, the RFQ (and the
        external phases' RFQs) still a draft, not sent to the vendor.
        """
        not_released = self.filtered(lambda order: order.state != "released")
        if not_released:
            raise UserError(
                self.env._(
                    "Planned order %(order)s is not released: nothing to restore.",
                    order=not_released[0].display_name,
                )
            )
        for order in self:
            production = order.production_id
            if production:
                reason = order._get_production_blocker(production)
                if reason:
                    raise UserError(
                        self.env._(
                            "Planned order %(order)s cannot be restored: "
                            "manufacturing order %(mo)s %(reason)s.",
                            order=order.display_name,
                            mo=production.display_name,
                            reason=reason,
                        )
                    )
            for purchase in (
                order.purchase_line_id | order.external_purchase_line_ids
            ).order_id:
                if purchase.state not in UNTOUCHED_PURCHASE_STATES:
                    raise UserError(
                        self.env._(
                            "Planned order %(order)s cannot be restored: purchase "
                            "order %(po)s %(reason)s.",
                            order=order.display_name,
                            po=purchase.display_name,
                            reason=order._get_purchase_blocker(purchase),
                        )
                    )

    def _get_purchase_blocker(self, purchase):
        """Why ``purchase`` is no longer untouched: what happened to it, with
        its state as Odoo shows it ("is confirmed (Purchase Order)")."""
        state = dict(purchase._fields["state"]._description_selection(self.env))[
            purchase.state
        ]
        if purchase.state == "sent":
            return self.env._("was sent to the vendor (%(state)s)", state=state)
        if purchase.state == "to approve":
            return self.env._("is waiting for approval (%(state)s)", state=state)
        if purchase.state == "purchase":
            return self.env._("is confirmed (%(state)s)", state=state)
        if purchase.state == "done":
            return self.env._("is locked (%(state)s)", state=state)
        return self.env._("is %(state)s", state=state)

    def _get_production_blocker(self, production):
        """Why ``production`` is no longer untouched, or an empty string."""
        if production.state not in UNTOUCHED_MO_STATES:
            state = dict(production._fields["state"]._description_selection(self.env))[
                production.state
            ]
            if production.state == "progress":
                return self.env._("is in progress (%(state)s)", state=state)
            if production.state == "to_close":
                return self.env._("is waiting to be closed (%(state)s)", state=state)
            if production.state == "done":
                return self.env._("is done (%(state)s)", state=state)
            return self.env._("is %(state)s", state=state)
        rounding = production.product_uom_id.rounding
        if float_compare(production.qty_producing, 0, precision_rounding=rounding) > 0:
            return self.env._("has a quantity produced")
        if production.move_raw_ids.filtered("picked") or (
            production.move_finished_ids.filtered("picked")
        ):
            return self.env._("has components consumed or reserved by hand")
        picked = production.picking_ids.filtered(
            lambda picking: (
                picking.state == "done" or any(picking.move_ids.mapped("picked"))
            )
        )
        if picked:
            return self.env._(
                "has its components transferred for it in %(picking)s",
                picking=picked[0].display_name,
            )
        if production.workorder_ids.filtered(
            lambda wo: wo.state in ("progress", "done") or wo.time_ids
        ):
            return self.env._("has a work order started")
        if production.procurement_group_id.mrp_production_ids - production:
            return self.env._("has a backorder")
        return ""

    def _restore_release(self, logger=None):
        """Undo the release of the planned orders, all of them or none.

        Their MOs are cancelled and deleted, their RFQ lines (and those of
        their external phases) removed, an RFQ left empty deleted; the planned
        orders become draft again. Merged lines shared with planned orders
        that stay released keep those orders' quantity, and their description
        names only those. ``logger`` (a restoration run's) gets a line per
        planned order and per RFQ deleted.

        :return: ``{"removed": number of MOs and RFQs deleted, "changed": the
            RFQs that stay, with fewer lines or quantity}``
        """
        self._lock_for_update()
        self._check_restorable()
        productions = self.production_id
        # Checked above; RFQs are written as superuser, as the release wrote them.
        lines = (self.purchase_line_id | self.external_purchase_line_ids).sudo()
        purchases = lines.order_id
        shared = lines.filtered(lambda line: line.pp_planned_order_ids - self)
        remaining = {line: line.pp_planned_order_ids - self for line in shared}
        quantities = {line: line._pp_get_quantity_without(self) for line in shared}
        names = {
            line: line._pp_get_name_without(line.pp_planned_order_ids, self)
            for line in shared
        }
        if logger:
            removed = lines - shared
            kept = purchases.filtered(lambda po: po.order_line - removed)
            self._log_restoration(logger, shared, kept)
        self._write_release(
            {"state": "draft", "production_id": False, "purchase_line_id": False}
        )
        for line, qty in quantities.items():
            line.product_qty = qty
            # After the quantity (which resets the date from the vendor's delay).
            line.write(
                {
                    "name": names[line],
                    "date_planned": min(remaining[line].mapped("date_end")),
                    "pp_job_order_id": remaining[line].job_order_id[:1].id,
                }
            )
        (lines - shared).unlink()
        productions.unlink()
        empty = purchases.filtered(lambda purchase: not purchase.order_line)
        if logger:
            for purchase in empty:
                logger.info(
                    self.env._(
                        "%(po)s deleted: no line was left on it.", po=purchase.name
                    )
                )
        empty.filtered(lambda purchase: purchase.state != "cancel").button_cancel()
        empty.unlink()
        return {"removed": len(productions) + len(empty), "changed": purchases - empty}

    def _log_restoration(self, logger, shared, kept):
        """One line per planned order: what its restoration does to its
        documents (``shared``: merged RFQ lines that stay for other orders,
        ``kept``: the RFQs that keep lines)."""
        for order in self:
            if order.production_id:
                message = self.env._(
                    "%(order)s restored: manufacturing order %(mo)s cancelled and "
                    "deleted.",
                    order=order.name,
                    mo=order.production_id.name,
                )
                document = None
            elif order.purchase_line_id in shared:
                line = order.purchase_line_id
                message = self.env._(
                    "%(order)s restored: its quantity taken off the line of %(item)s "
                    "in %(po)s, which stays for %(others)s.",
                    order=order.name,
                    item=line.product_id.display_name,
                    po=line.order_id.name,
                    others=", ".join((line.pp_planned_order_ids - self).mapped("name")),
                )
                document = line.order_id
            else:
                line = order.purchase_line_id
                message = self.env._(
                    "%(order)s restored: its line of %(item)s removed from %(po)s.",
                    order=order.name,
                    item=line.product_id.display_name,
                    po=line.order_id.name,
                )
                document = line.order_id & kept or None
            logger.info(
                message,
                product=order.product_id,
                job_order=order.job_order_id,
                document=document,
            )
            for line in order.external_purchase_line_ids:
                logger.info(
                    self.env._(
                        "External phase %(phase)s of %(order)s: its line removed "
                        "from %(po)s.",
                        phase=line.pp_external_phase_id.name or line.name,
                        order=order.name,
                        po=line.order_id.name,
                    ),
                    product=order.product_id,
                    job_order=order.job_order_id,
                    document=line.order_id & kept or None,
                )

    def _release_productions(self):
        """Release draft production planned orders into confirmed MOs.

        Each MO is built the way Odoo builds one (values as a stock rule
        prepares them, raw moves and work orders computed from the BOM), then
        given the planned quantities, alternatives, work centers, durations
        and dates, and confirmed, so that Odoo's own stock rules, lots and
        routing behave as usual. Each material keeps its usage date (the start
        of the phase it feeds), set last: Odoo moves every component to the MO
        start when the work orders move it.

        :return: the manufacturing orders, in the order of the planned orders
        """
        orders = self.filtered(
            lambda order: order.state == "draft" and order.order_type == "production"
        )
        productions = self.env["mrp.production"].create(
            [order._prepare_production_vals() for order in orders]
        )
        dated = orders._align_productions(productions)
        productions.action_confirm()
        # Work orders after confirmation: on a draft MO each date written on its
        # first or last work order rebuilds its finished moves.
        orders._align_workorders(productions)
        _write_grouped(dated)
        for order, production in zip(orders, productions, strict=True):
            order._write_release({"state": "released", "production_id": production.id})
        return productions

    def _prepare_production_vals(self):
        """Values of the MO of a production planned order (as a stock rule
        prepares them: picking type of the site, its locations, BOM, dates).

        Its deadline is the ready-goods date of the job order line (end of that
        day) for the job order's own item, else the planned end (when the order
        it supplies needs it)."""
        self.ensure_one()
        picking_type = self.warehouse_id.manu_type_id or self.env[
            "stock.picking.type"
        ].search(
            [("code", "=", "mrp_operation"), ("company_id", "=", self.company_id.id)],
            limit=1,
        )
        origin = ", ".join(name for name in (self.job_order_id.name, self.name) if name)
        return {
            "origin": origin,
            "product_id": self.product_id.id,
            "product_qty": self.product_qty,
            "product_uom_id": self.product_uom_id.id,
            "bom_id": self._get_bom().id,
            "picking_type_id": picking_type.id,
            "location_src_id": picking_type.default_location_src_id.id,
            "location_dest_id": picking_type.default_location_dest_id.id,
            "date_start": self.date_start,
            "date_finished": self.date_end,
            "date_deadline": self._get_deadline(),
            "pp_job_order_id": self.job_order_id.id,
            "company_id": self.company_id.id,
            "user_id": False,
        }

    def _get_deadline(self):
        """When the order's goods are due: the end of the ready-goods day of
        its job order line (or job order) for a top-level order, else its end."""
        self.ensure_one()
        day = False
        if self.origin == "independent" and not self.parent_id:
            line = self.job_order_line_id
            day = line.date_deadline or self.job_order_id.date_deadline
        if not day:
            return self.date_end
        tz = ZoneInfo(self.env["pp.stock.position"]._get_tz(self.company_id))
        end = datetime.combine(day, time(23, 59, 59), tz)
        return end.astimezone(UTC).replace(tzinfo=None)

    def _align_productions(self, productions):
        """Give draft MOs their planned orders' materials.

        A planned order with materials replaces the BOM's component moves by
        them (quantities, alternatives); one without keeps the BOM's moves as
        Odoo made them. Writes are grouped by value, moves created and deleted
        in one call each.

        :return: ``{stock.move: date}`` usage dates, to set once the MOs are
            confirmed
        """
        Move = self.env["stock.move"]
        unused = Move
        new_moves = []
        quantities = {}
        dated = {}
        for order, production in zip(self, productions, strict=True):
            if not order.material_ids:
                continue
            moves = production.move_raw_ids
            used = Move
            for material in order.material_ids:
                date_use = material.date_use or order.date_start
                move = (moves - used).filtered(
                    lambda m, material=material: m.product_id == material.product_id
                )[:1]
                if move and not material.is_alternative:
                    used |= move
                    qty = material.product_id.uom_id._compute_quantity(
                        material.product_qty, move.product_uom
                    )
                    if float_compare(
                        qty,
                        move.product_uom_qty,
                        precision_rounding=move.product_uom.rounding,
                    ):
                        quantities[move] = qty
                    dated[move] = date_use
                    continue
                vals = production._get_move_raw_values(
                    material.product_id,
                    material.product_qty,
                    material.product_id.uom_id,
                    operation_id=material.operation_id.operation_id.id,
                )
                vals.update(date=date_use, date_deadline=date_use)
                new_moves.append(vals)
            unused |= moves - used
        unused.unlink()
        _write_grouped(
            {move: {"product_uom_qty": qty} for move, qty in quantities.items()}
        )
        created = Move.create(new_moves)
        for move, vals in zip(created, new_moves, strict=True):
            dated[move] = vals["date"]
        return {
            move: {"date": day, "date_deadline": day} for move, day in dated.items()
        }

    def _align_workorders(self, productions):
        """Give the MOs' work orders their planned phases' work centers,
        expected durations and dates (Odoo moves the MO's start and end with
        its first and last work order)."""
        for order, production in zip(self, productions, strict=True):
            workorders = {wo.operation_id: wo for wo in production.workorder_ids}
            for phase in order.operation_ids.filtered("operation_id"):
                workorder = workorders.get(phase.operation_id)
                if not workorder:
                    continue
                workorder.write(
                    {
                        "workcenter_id": phase.workcenter_id.id
                        or workorder.workcenter_id.id,
                        "duration_expected": phase.time_setup + phase.time_run,
                        "date_start": phase.date_start,
                        "date_finished": phase.date_end,
                    }
                )

    def _get_bom(self):
        self.ensure_one()
        if self.bom_id:
            return self.bom_id
        bom = self.env["mrp.bom"]._bom_find(
            self.product_id, company_id=self.company_id.id, bom_type="normal"
        )[self.product_id]
        if not bom:
            raise UserError(
                self.env._(
                    "Planned order %(order)s: %(item)s has no bill of materials.",
                    order=self.display_name,
                    item=self.product_id.display_name,
                )
            )
        return bom

    def _phantom_boms(self, bom):
        """Engine BOMs of the kits among ``bom``'s components, kits of kits too."""
        procedure = self.env["pp.job.order.planning"]
        result = {}
        todo = bom.bom_line_ids.product_id
        while todo:
            found = self.env["mrp.bom"]._bom_find(
                todo, company_id=self.company_id.id, bom_type="phantom"
            )
            todo = self.env["product.product"]
            for product, kit in found.items():
                if product.id not in result:
                    result[product.id] = procedure._engine_bom(
                        product, kit, phantom=True
                    )
                    todo |= kit.bom_line_ids.product_id
        return result

    def _complete_from_bom(self):
        self.ensure_one()
        bom = self._get_bom()
        qty = self.product_uom_id._compute_quantity(
            self.product_qty, self.product_id.uom_id
        )
        operations = bom.operation_ids.filtered(
            lambda op: not op._skip_operation_line(self.product_id)
        )
        phases = [
            Command.create(
                {
                    "sequence": operation.sequence,
                    "name": operation.name,
                    "operation_id": operation.id,
                    "workcenter_id": operation.workcenter_id.id,
                    "time_setup": operation.workcenter_id._get_expected_duration(
                        self.product_id
                    ),
                    "time_cycle": operation.time_cycle,
                    "pieces_per_cycle": operation.workcenter_id._get_capacity(
                        self.product_id
                    ),
                    "machines": operation.pp_machines or 1,
                    "overlap_type": operation.pp_overlap_type or "none",
                    "overlap_value": operation.pp_overlap_value,
                    "queue_minutes": operation.pp_queue_minutes,
                    "is_external": operation.pp_is_external,
                    "partner_id": operation.pp_is_external
                    and operation.pp_partner_id.id,
                }
            )
            for operation in operations
        ]
        self.write(
            {
                "bom_id": bom.id,
                "operation_ids": [Command.clear(), *phases],
                "material_ids": [Command.clear()],
            }
        )
        phase_by_operation = {
            phase.operation_id.id: phase.id for phase in self.operation_ids
        }
        boms = {
            self.product_id.id: self.env["pp.job.order.planning"]._engine_bom(
                self.product_id, bom
            )
        } | self._phantom_boms(bom)
        names = {self.product_id.id: self.product_id.display_name}
        self.write(
            {
                "material_ids": [
                    Command.create(
                        {
                            "product_id": need.product_id,
                            "product_qty": need.quantity,
                            "qty_per_unit": need.quantity / qty if qty else 0.0,
                            "scrap_rate": self.env["product.product"]
                            .browse(need.product_id)
                            .pp_scrap_rate,
                            "operation_id": phase_by_operation.get(need.operation_key),
                        }
                    )
                    for need in explode(
                        self.product_id.id, qty, boms, max_level=1, names=names
                    )
                ]
            }
        )

    def _recompute_dates(self, direction):
        """Time each draft order from its start (``asap``) or its end (``alap``).

        Phases on their work centers' calendars; an order without phases on its
        lead time, in calendar days of the planning time zone. A purchase
        order arrives (ETA) at its end and is shipped (FOB) its vendor line's
        shipping days earlier, never before it starts, as general planning
        times it.
        """
        orders = self.with_context(pp_keep_timing=True).filtered(
            lambda order: order.state == "draft"
        )
        productions = orders.filtered(
            lambda order: order.order_type == "production" and order.operation_ids
        )
        calendars = {}
        if productions:
            moments = productions.mapped("date_start") + productions.mapped("date_end")
            calendars = productions.operation_ids.workcenter_id._pp_get_calendars(
                min(moments).date() - timedelta(days=CALENDAR_DAYS_BEFORE),
                max(moments).date() + timedelta(days=CALENDAR_DAYS_AFTER),
            )
        zones = {
            company: ZoneInfo(self.env["pp.stock.position"]._get_tz(company))
            for company in orders.company_id
        }
        for order in orders:
            if order in productions:
                order._time_phases(direction, calendars)
                continue
            days, shipping_days = order._get_lead_days()
            tz = zones[order.company_id]
            if direction == "asap":
                end = add_days(order.date_start.replace(tzinfo=UTC), days, tz)
                order.date_end = end.replace(tzinfo=None)
            else:
                start = add_days(order.date_end.replace(tzinfo=UTC), -days, tz)
                order.date_start = start.replace(tzinfo=None)
            if order.order_type == "purchase":
                fob = add_days(order.date_end.replace(tzinfo=UTC), -shipping_days, tz)
                order.date_fob = max(fob.replace(tzinfo=None), order.date_start)
                order.date_eta = order.date_end

    def _get_lead_days(self):
        """``(lead days, shipping days)`` that time the order without phases.

        Production: the BOM's manufacturing lead time. Purchase and
        subcontract: the delivery lead time of the order's own vendor's line
        of the item (the item's first vendor line when the order has no
        vendor), of which the shipping days are travel.
        """
        self.ensure_one()
        if self.order_type == "production":
            return (self._get_bom().produce_delay if self.bom_id else 0), 0
        seller = self.product_id.with_company(self.company_id)._pp_first_seller(
            self.partner_id
        )
        return seller.delay, min(seller.pp_shipping_days, seller.delay)

    def _time_phases(self, direction, calendars):
        self.ensure_one()
        qty = self.product_uom_id._compute_quantity(
            self.product_qty, self.product_id.uom_id
        )
        missing = self.operation_ids.filtered(
            lambda phase: (
                not phase.workcenter_id
                or calendars.get(phase.workcenter_id.id) is None
                or calendars[phase.workcenter_id.id].is_empty
            )
        )
        if missing:
            raise UserError(
                self.env._(
                    "Planned order %(order)s: phase %(phase)s has no work center with "
                    "working time.",
                    order=self.display_name,
                    phase=missing[0].name,
                )
            )
        phases = [
            Phase(
                key=phase.id,
                calendar=calendars[phase.workcenter_id.id],
                time_setup=phase.time_setup,
                time_cycle=phase.time_cycle,
                pieces_per_cycle=phase.pieces_per_cycle or 1.0,
                machines=phase.machines or 1,
                efficiency=phase.workcenter_id.time_efficiency or 100.0,
                overlap=phase.overlap_type,
                overlap_value=phase.overlap_value,
                queue_minutes=phase.queue_minutes,
            )
            for phase in self.operation_ids
        ]
        try:
            if direction == "asap":
                timed = schedule_asap(phases, qty, self.date_start.replace(tzinfo=UTC))
            else:
                timed = schedule_alap(phases, qty, self.date_end.replace(tzinfo=UTC))
        except CalendarError as error:
            raise UserError(
                self.env._(
                    "Planned order %(order)s cannot be timed: %(error)s",
                    order=self.display_name,
                    error=str(error),
                )
            ) from error
        by_key = {t.key: t for t in timed}
        for phase in self.operation_ids:
            t = by_key[phase.id]
            phase.write(
                {
                    "time_run": t.time_run,
                    "date_start": t.date_start.replace(tzinfo=None),
                    "date_end": t.date_end.replace(tzinfo=None),
                }
            )
        self.write(
            {
                "date_start": timed[0].date_start.replace(tzinfo=None),
                "date_end": timed[-1].date_end.replace(tzinfo=None),
            }
        )
        for material in self.material_ids:
            material.date_use = material.operation_id.date_start or self.date_start


def _write_grouped(values):
    """Write ``{record: vals}`` with one ``write`` per distinct vals."""
    groups = {}
    for record, vals in values.items():
        key = tuple(sorted(vals.items()))
        groups[key] = groups.get(key, record.browse()) | record
    for key, records in groups.items():
        records.write(dict(key))
