# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from collections import defaultdict
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..services.bom import Bom, BomLine
from ..services.lots import format_qty
from ..services.planning import (
    Item,
    JobOrderLine,
    PhaseSpec,
    PlanOptions,
    Reserved,
    WorkCenter,
    plan,
)
from .pp_planning_procedure import ProcedureParameters, ProcedureResult
from .pp_planning_run import CopyPipeline

_logger = logging.getLogger(__name__)

# Job order states general planning takes; launched and executive ones only when
# re-planning is asked (their released planned orders are kept).
PLANNABLE_STATES = ("not_examined", "scheduled")
REPLANNABLE_STATES = ("launched", "executive")
AVAILABILITY_SOURCES = ("on_hand", "moves", "purchases", "planned_orders")
# Days of working calendars built around the planned dates.
CALENDAR_MARGIN_DAYS = 400
RECORD_PARAMETERS = {"job_order_ids": "pp.job.order"}


@dataclass
class PlanningParameters(ProcedureParameters):
    """General planning parameters (SPEC §6); see the general planning wizard."""

    job_order_ids: Any  # pp.job.order
    direction: str  # asap / alap
    date_from: date  # ASAP start (default today)
    separate: bool  # one working day between levels
    create_production: bool
    create_purchase: bool
    create_subcontract: bool
    with_materials: bool
    with_phases: bool
    max_levels: int  # 0: all
    use_lot: bool
    use_multiple: bool
    group_days: int
    group_anchor: str  # earliest / latest
    group_across: bool
    consider_availability: bool
    availability_sources: list
    availability_mode: str  # at_date / minimum
    first_level_availability: bool
    negative_availability: bool
    use_min_stock: bool
    use_coverage: bool
    alternatives: str  # none / when_short / first
    use_alternative_workcenters: bool
    workcenter_tolerance: float
    atp: bool
    replan_launched: bool
    bom_fallback: bool
    release_after: bool
    mrp_after: bool  # MRP afterwards for the items not planned by job order


@dataclass
class PlanningResult(ProcedureResult):
    """What a general planning run did (ids)."""

    job_order_ids: list
    planned_order_ids: list
    late_job_order_ids: list
    count_created: int
    release_run_id: int | bool  # the release that followed, if asked
    mrp_run_id: int | bool  # the MRP that followed, if asked

    @classmethod
    def from_run(cls, run):
        """The result of ``run`` (a ``pp.planning.run``)."""
        following = run.next_run_id | run.next_run_id.next_run_id
        return cls(
            run_id=run.id,
            state=run.state,
            job_order_ids=run.job_order_ids.ids,
            planned_order_ids=run.planned_order_ids.ids,
            late_job_order_ids=run.late_job_order_ids.ids,
            count_created=run.count_created,
            release_run_id=following.filtered(lambda r: r.kind == "release").id,
            mrp_run_id=following.filtered(lambda r: r.kind == "mrp").id,
        )


class OrderRowsAhead:
    """What the rows of planned orders need from the database, read before
    they are queued: units and scrap rates of the items, and numbers and ids
    from the sequences, reserved by blocks of ``block``.

    With a block, the next one (as large as what was used so far, at least
    a block) is queued on the pipeline as soon as what is left would not
    give twice what was just taken: it comes back while the netting goes
    on, after the statements queued before it only. Without one (a whole run's orders
    at once) exactly what is asked for is read, once the statements queued
    are done. Numbers a run does not use are left out of the sequences, as
    a rolled back run's are."""

    def __init__(self, planning, params, pipeline, orders=(), products=(), block=0):
        self.planning = planning
        self.company = params.company
        self.pipeline = pipeline
        self.block = block
        self._stock = defaultdict(list)
        self._used = defaultdict(int)
        self._pending = {}
        self._numbering = None
        env = planning.env
        products = env["product.product"].browse(
            set(products)
            | {o.product_id for o in orders}
            | {m.product_id for o in orders for m in o.materials}
        )
        self.uoms = {product.id: product.uom_id.id for product in products}
        self.scrap = {product.id: product.pp_scrap_rate for product in products}

    def prefetch(self):
        """Reserve a first block of numbers and order ids now (no statement
        queued yet)."""
        self.pipeline.wait()
        self._numbering = self.planning.env["pp.planned.order"]._get_numbering(
            self.company
        )
        self._stock["name"] += self._reserve("name", self.block)
        self._stock["pp_planned_order"] += self._reserve("pp_planned_order", self.block)

    def names(self, count):
        """``count`` planned order numbers."""
        return self._take("name", count)

    def ids(self, table, count):
        """``count`` new ids of ``table``."""
        return self._take(table, count)

    def _take(self, key, count):
        if not count:
            return []
        stock = self._stock[key]
        if len(stock) < count:
            pending = self._pending.pop(key, None)
            if pending is not None:
                stock += pending.result()
        if len(stock) < count:
            stock += self._reserve(key, max(count - len(stock), self.block))
        taken, self._stock[key] = stock[:count], stock[count:]
        self._used[key] += count
        # Less left than two more of these: the next ones are asked for.
        running_low = len(self._stock[key]) < max(self.block // 2, 2 * count)
        if self.block and running_low and key not in self._pending:
            size = max(self.block, self._used[key])
            self._pending[key] = self._reserve(key, size, queued=True)
        return taken

    def _reserve(self, key, count, queued=False):
        """``count`` numbers (``key`` ``name``) or ids of table ``key``; with
        ``queued``, a future of them, the query queued on the pipeline."""
        env = self.planning.env
        if key == "name":
            if queued and self._numbering is not None:
                query, convert = self._numbering(count)
                return self.pipeline.fetch(query, convert)
            self.pipeline.wait()
            names = env["pp.planned.order"]._reserve_names(count, self.company)
            if queued:
                future = Future()
                future.set_result(names)
                return future
            return names
        if queued:
            return env["pp.planning.run"]._reserve_ids(key, count, self.pipeline)
        self.pipeline.wait()
        return env["pp.planning.run"]._reserve_ids(key, count)


class PpJobOrderPlanning(models.AbstractModel):
    """General planning at infinite capacity (SPEC §6), callable without a wizard.

    Loads the job order lines, items (BOMs, routings, vendors), work center
    calendars and availability in bulk, hands them to the engine
    (:func:`services.planning.plan`) and writes the planned orders, their
    materials and phases with ``create()`` on lists, in one planning run.
    """

    _name = "pp.job.order.planning"
    _inherit = "pp.planning.procedure"
    _description = "General Planning Procedure"
    _parameters_class = PlanningParameters
    _record_parameters = RECORD_PARAMETERS
    _date_parameters = ("date_from",)
    _written_models = (
        "pp.planned.order",
        "pp.planned.order.operation",
        "pp.planned.order.material",
        "pp.planned.order.grouping",
    )

    # ------------------------------------------------------------------
    # Parameters
    # ------------------------------------------------------------------
    @api.model
    def _default_parameters(self, company):
        """Default value of every parameter for ``company`` (plain values)."""
        return {
            "job_order_ids": [],
            "direction": company.pp_default_direction or "alap",
            "date_from": False,
            "separate": False,
            "create_production": True,
            "create_purchase": True,
            "create_subcontract": True,
            "with_materials": True,
            "with_phases": True,
            "max_levels": 0,
            "use_lot": True,
            "use_multiple": True,
            "group_days": 0,
            "group_anchor": "earliest",
            "group_across": True,
            "consider_availability": company.pp_default_consider_availability,
            "availability_sources": list(AVAILABILITY_SOURCES),
            "availability_mode": company.pp_default_availability_mode or "at_date",
            "first_level_availability": False,
            "negative_availability": False,
            "use_min_stock": False,
            "use_coverage": False,
            "alternatives": "none",
            "use_alternative_workcenters": False,
            "workcenter_tolerance": 0.0,
            "atp": False,
            "replan_launched": False,
            "bom_fallback": True,
            "release_after": False,
            "mrp_after": False,
        }

    @api.model
    def _procedure_label(self):
        return self.env._("general planning")

    @api.model
    def _complete_parameters(self, params):
        if not params.date_from:
            params.date_from = self.env["pp.stock.position"]._get_today(params.company)

    @api.model
    def _check_parameters(self, params):
        """Refuse parameters that cannot give a meaningful planning."""
        company = params.company
        foreign = params.job_order_ids.filtered(lambda j: j.company_id != company)
        if foreign:
            raise UserError(
                self.env._(
                    "Job order %(job)s does not belong to %(company)s.",
                    job=foreign[0].display_name,
                    company=company.display_name,
                )
            )
        choices = {
            "direction": ("asap", "alap"),
            "group_anchor": ("earliest", "latest"),
            "availability_mode": ("at_date", "minimum"),
            "alternatives": ("none", "when_short", "first"),
        }
        for name, allowed in choices.items():
            if getattr(params, name) not in allowed:
                raise UserError(
                    self.env._(
                        "General planning parameter %(name)s must be one of "
                        "%(allowed)s, not %(value)s.",
                        name=name,
                        allowed=", ".join(allowed),
                        value=getattr(params, name),
                    )
                )
        unknown = set(params.availability_sources or ()) - set(AVAILABILITY_SOURCES)
        if unknown:
            raise UserError(
                self.env._(
                    "Unknown availability source(s): %(names)s.",
                    names=", ".join(sorted(unknown)),
                )
            )
        if params.max_levels < 0 or params.group_days < 0:
            raise UserError(self.env._("Levels and grouping days cannot be negative."))
        if not (
            params.create_production
            or params.create_purchase
            or params.create_subcontract
        ):
            raise UserError(
                self.env._("Choose at least one type of planned order to create.")
            )

    # ------------------------------------------------------------------
    # Public procedure
    # ------------------------------------------------------------------
    @api.model
    def plan(self, parameters=None):
        """Plan job orders into planned orders, in one planning run.

        ``parameters`` is a dict of plain values named like the fields of the
        general planning wizard: ``job_order_ids`` (required), ``direction``
        (``asap`` / ``alap``), ``date_from`` (ASAP start, default today),
        ``separate``, ``max_levels``, ``group_days``, ``consider_availability``,
        ``atp``, ``replan_launched``, ``mrp_after`` (MRP of the job orders'
        sites afterwards, for the items not planned by job order),
        ``release_after`` (release the planned orders with the company's
        release defaults, in a release run), ...;
        missing ones take their defaults.

        :return: ``{"run_id", "state", "job_order_ids", "planned_order_ids",
            "late_job_order_ids", "count_created", "release_run_id",
            "mrp_run_id"}``
        """
        procedure = self._in_user_language()
        params = procedure._get_parameters(parameters)
        return PlanningResult.from_run(procedure._run_planning(params)).as_dict()

    @api.model
    def _cron_plan(self):
        """Scheduled action: plan the new job orders of the user's companies.

        Job orders not examined yet are planned with each company's defaults;
        a company whose run is refused is logged and the others still run.
        """
        for company in self.env.user.company_ids:
            job_orders = self.env["pp.job.order"].search(
                [("company_id", "=", company.id), ("state", "=", "not_examined")]
            )
            if not job_orders:
                continue
            try:
                self.with_company(company).plan(
                    {"company_id": company.id, "job_order_ids": job_orders.ids}
                )
            except UserError as error:
                _logger.info("General planning skipped for %s: %s", company.name, error)

    @api.model
    def _run_planning(self, params, run=None):
        """Plan ``params.job_order_ids`` inside a planning run; return the run.

        ``run`` is a queued run to execute (background), else a run is created.
        """
        self._check_rights()
        if not params.job_order_ids:
            raise UserError(self.env._("Choose the job orders to plan."))
        run = self.env["pp.planning.run"]._run_procedure(
            "general_planning",
            self._prepare_run_parameters(params),
            # Job orders list their runs: no chatter line per state change.
            lambda run, logger: self.with_context(mail_notrack=True)._plan(
                params, run, logger
            ),
            company=params.company,
            run=run,
        )
        last = run
        if run.state == "done" and params.release_after:
            release = self._release_planned(params, run)
            last.sudo().next_run_id = release
            last = release or last
        if run.state == "done" and params.mrp_after:
            mrp = self._mrp_after(params, run)
            last.sudo().next_run_id = mrp
        return run

    @api.model
    def _mrp_after(self, params, run):
        """MRP of the planned job orders' sites for the items general planning
        does not plan (policy other than job order), in its own run."""
        procedure = self.env["pp.mrp.procedure"]
        return procedure._run_mrp(
            procedure._get_parameters(
                {
                    "company_id": params.company.id,
                    "warehouse_ids": params.job_order_ids.warehouse_id.ids,
                    "include_job_order_items": False,
                }
            )
        )

    @api.model
    def _release_planned(self, params, run):
        """Release the draft planned orders of the planned job orders (their own
        release run, with the company's release defaults)."""
        orders = run.job_order_ids.planned_order_ids.filtered(
            lambda order: order.state == "draft"
        )
        if not orders:
            return self.env["pp.planning.run"]
        procedure = self.env["pp.release.procedure"]
        return procedure._run_release(
            procedure._get_parameters(
                {"company_id": params.company.id, "planned_order_ids": orders.ids}
            )
        )

    @api.model
    def _run_planning_queued(self, parameters, run):
        """Queue job entry point: plan with plain ``parameters`` in ``run``."""
        return self._run_planning(self._get_parameters(parameters), run=run)

    @api.model
    def _enqueue_planning(self, parameters):
        """Start a general planning in the background; return the queued run.

        ``parameters`` are plain values as :meth:`plan` takes them; they are
        checked now, so bad ones are refused before anything is queued.
        """
        self._check_rights()
        params = self._get_parameters(parameters)
        if not params.job_order_ids:
            raise UserError(self.env._("Choose the job orders to plan."))
        return self.env["pp.planning.run"]._enqueue(
            "general_planning",
            self._prepare_run_parameters(params),
            self._prepare_job_parameters(params),
            company=params.company,
        )

    # ------------------------------------------------------------------
    # The run
    # ------------------------------------------------------------------
    def _plan(self, params, run, logger):
        job_orders = self._select_job_orders(params, logger)
        job_orders |= self._add_grouped_job_orders(params, job_orders, logger)
        logger.record(
            {
                "job_order_ids": [fields.Command.set(job_orders.ids)],
                "count_skipped": len(params.job_order_ids - job_orders),
            }
        )
        if not job_orders:
            return
        lines = job_orders.line_ids
        kept, replaced = self._split_existing(job_orders)
        items, workcenters = self._load_master_data(params, lines, logger)
        demands = self._prepare_demands(params, lines, items, logger)
        calendar_from, calendar_to = self._calendar_window(params, lines)
        calendars = self._load_calendars(
            params, workcenters, calendar_from, calendar_to
        )
        options = self._prepare_options(params, calendars)
        position = None
        if params.consider_availability:
            position = self.env["pp.stock.position"]._load(
                params.company,
                self.env["product.product"].browse(list(items)),
                job_orders.warehouse_id,
                sources=[
                    s for s in params.availability_sources if s != "planned_orders"
                ],
            )
            if "planned_orders" in params.availability_sources:
                self.env["pp.stock.position"]._load_planned_orders(
                    position,
                    params.company,
                    self.env["product.product"].browse(list(items)),
                    job_orders.warehouse_id,
                    exclude_job_order_ids=job_orders.ids,
                )
        engine_workcenters = {
            workcenter.id: WorkCenter(
                workcenter.id,
                calendars[workcenter.id],
                efficiency=workcenter.time_efficiency or 100.0,
                alternatives=workcenter.alternative_workcenter_ids.ids,
            )
            for workcenter in workcenters
        }
        logger.progress(30.0)
        logger.step("load")
        result = plan(
            items,
            engine_workcenters,
            demands,
            options,
            position=position,
            reserved=self._reserved_supply(kept),
        )
        logger.step("engine")
        logger.progress(70.0)
        # Kept orders under a replaced one are pegged again to its successor.
        orphans = kept.filtered(lambda order: order.parent_id in replaced)
        orphans.parent_id = False
        replaced.unlink()
        orders = self._write_orders(params, run, result, lines)
        self._repeg(orphans, orders)
        self._log_results(params, run, logger, result, orders, job_orders)
        logger.step("write")

    def _plannable_states(self, params):
        return PLANNABLE_STATES + (REPLANNABLE_STATES if params.replan_launched else ())

    def _select_job_orders(self, params, logger):
        """The job orders this run plans; the others are logged and left alone."""
        states = self._plannable_states(params)
        job_orders = params.job_order_ids
        skipped = job_orders.filtered(lambda job: job.state not in states)
        state_names = dict(
            self.env["pp.job.order"]._fields["state"]._description_selection(self.env)
        )
        for job_order in skipped:
            logger.warning(
                self.env._(
                    "%(job)s is %(state)s: not planned.",
                    job=job_order.display_name,
                    state=state_names.get(job_order.state, job_order.state),
                ),
                job_order=job_order,
            )
        without_lines = (job_orders - skipped).filtered(lambda job: not job.line_ids)
        for job_order in without_lines:
            logger.warning(
                self.env._("%(job)s has no item to plan.", job=job_order.display_name),
                job_order=job_order,
            )
        return job_orders - skipped - without_lines

    def _add_grouped_job_orders(self, params, job_orders, logger):
        """Job orders sharing a draft grouped planned order with ``job_orders``.

        A grouped planned order covers the needs of several job orders (its
        grouping records); replacing it for one of them would leave the others
        uncovered, keeping it would cover that one twice. So the job orders it
        covers are planned again together, as far as this run may plan them
        (the others keep the order, see :meth:`_split_existing`).

        :return: the job orders added, each logged with the order linking it
        """
        states = self._plannable_states(params)
        Grouping = self.env["pp.planned.order.grouping"]
        JobOrder = self.env["pp.job.order"]
        seen = set(job_orders.ids)
        added = []
        todo = job_orders.ids
        while todo:
            groupings = Grouping.search(
                [
                    "|",
                    ("job_order_id", "in", todo),
                    ("planned_order_id.job_order_id", "in", todo),
                    ("planned_order_id.state", "=", "draft"),
                    ("planned_order_id.mandatory", "=", False),
                ]
            )
            todo = []
            for grouping in groupings:
                order = grouping.planned_order_id
                for job_order in grouping.job_order_id | order.job_order_id:
                    if job_order.id in seen:
                        continue
                    seen.add(job_order.id)
                    if job_order.state not in states or not job_order.line_ids:
                        continue
                    todo.append(job_order.id)
                    logger.info(
                        self.env._(
                            "%(job)s is planned again too: planned order %(order)s "
                            "covers its needs with those of the job orders planned.",
                            job=job_order.display_name,
                            order=order.display_name,
                        ),
                        job_order=job_order,
                        document=order,
                    )
            added.extend(todo)
        return JobOrder.browse(added)

    def _split_existing(self, job_orders):
        """The planned orders of ``job_orders`` to keep and to replace.

        Their own planned orders and those of other job orders covering their
        needs (grouping records). Released and mandatory planned orders are
        kept, and so is a grouped planned order that also covers a job order
        this run does not plan; each with every planned order below it. The
        other draft ones are replaced.
        """
        Order = self.env["pp.planned.order"]
        existing = Order.search(
            [
                "|",
                ("job_order_id", "in", job_orders.ids),
                ("grouping_ids.job_order_id", "in", job_orders.ids),
                ("state", "!=", "cancelled"),
            ]
        )
        planned_ids = set(job_orders.ids)
        kept = existing.filtered(
            lambda o: (
                o.state == "released"
                or o.mandatory
                or o.job_order_id.id not in planned_ids
                or not planned_ids.issuperset(o.grouping_ids.job_order_id.ids)
            )
        )
        todo = kept
        while todo:
            todo = (todo.child_ids & existing) - kept
            kept |= todo
        return kept, existing - kept

    def _reserved_supply(self, kept):
        """Kept planned orders not under another kept one cover their job order;
        a grouped one each job order it covers for its grouped quantity (the
        rest, a lot's surplus, its own job order)."""
        reserved = []
        for order in kept:
            if order.parent_id in kept:
                continue
            quantity = order.product_uom_id._compute_quantity(
                order.product_qty, order.product_id.uom_id
            )
            shares = defaultdict(float)
            for grouping in order.grouping_ids:
                shares[grouping.job_order_id.id] += grouping.product_qty
            rest = quantity - sum(shares.values())
            if rest > 0 or not shares:
                shares[order.job_order_id.id] += max(rest, 0.0)
            reserved.extend(
                Reserved(
                    job_order_id=job_order_id,
                    product_id=order.product_id.id,
                    quantity=share,
                    warehouse_id=order.warehouse_id.id,
                )
                for job_order_id, share in shares.items()
                if share > 0
            )
        return reserved

    # ------------------------------------------------------------------
    # Loading
    # ------------------------------------------------------------------
    def _load_master_data(self, params, lines, logger, products=None):
        """Items reachable from the lines (and ``products``, MRP's) through
        their BOMs, and work centers.

        BOMs are found level by level (one batch per level), kits exploded
        through; each item gets its procurement type, BOM, routing phases,
        lead time, vendor and lot sizes.

        :return: ``({product_id: Item}, mrp.workcenter records)``
        """
        company = params.company
        Bom = self.env["mrp.bom"]
        todo = lines.product_id | lines.bom_id.bom_line_ids.product_id
        if products:
            todo |= products
        products = self.env["product.product"]
        boms = {}
        kits = {}
        for line_bom in lines.bom_id:
            todo |= line_bom.bom_line_ids.product_id
        while todo:
            products |= todo
            found = self.env["product.product"]
            rest = todo
            for bom_type in ("normal", "subcontract", "phantom"):
                for product, bom in Bom._bom_find(
                    rest, company_id=company.id, bom_type=bom_type
                ).items():
                    (kits if bom_type == "phantom" else boms)[product.id] = bom
                    found |= bom.bom_line_ids.product_id
                    rest -= product
            todo = found - products
        products = products.with_company(company)
        items = {}
        workcenters = self.env["mrp.workcenter"]
        for product in products:
            if product.id in kits:
                items[product.id] = Item(
                    product.id,
                    product.display_name,
                    bom=self._engine_bom(product, kits[product.id], phantom=True),
                )
                continue
            item, item_workcenters = self._prepare_item(
                params, product, boms.get(product.id)
            )
            items[product.id] = item
            workcenters |= item_workcenters
        return items, workcenters | workcenters.alternative_workcenter_ids

    def _prepare_item(self, params, product, bom):
        """The engine's :class:`Item` of ``product`` and the work centers it uses."""
        template = product.product_tmpl_id
        procurement = product._pp_get_procurement_type(params.company)
        lot, multiple = product._pp_get_lot_sizes(procurement)
        item = Item(
            product.id,
            product.display_name,
            procurement=procurement,
            economic_lot=lot,
            lot_multiple=multiple,
            policy=template.pp_planning_policy or "job_order",
            min_stock=template.pp_min_stock,
            reorder_level=template.pp_reorder_level,
            average_daily_usage=template.pp_average_daily_usage,
            coverage_weeks=template.pp_coverage_weeks,
            max_lot=template.pp_maximum_lot,
            group_days=template.pp_grouping_days or None,
        )
        workcenters = self.env["mrp.workcenter"]
        if procurement == "production":
            if bom:
                item.bom = self._engine_bom(product, bom)
                item.lead_days = bom.produce_delay
                item.phases = item.bom.phases
                workcenters = bom.operation_ids.workcenter_id
        else:
            seller = product._pp_first_seller()
            if procurement == "subcontract" and bom and bom.type == "subcontract":
                # The components the subcontractor is resupplied with.
                item.bom = self._engine_bom(product, bom)
                seller = (
                    seller.filtered(lambda s: s.partner_id in bom.subcontractor_ids)[:1]
                    or seller
                )
            if seller:
                item.partner_id = seller.partner_id.id
                item.lead_days = seller.delay
                item.shipping_days = min(seller.pp_shipping_days, seller.delay)
        return item, workcenters

    def _prepare_phase(self, product, operation):
        """The engine's phase of a routing operation, for ``product``; an
        external operation gives an external phase with its subcontractor."""
        workcenter = operation.workcenter_id
        external = operation.pp_is_external
        return PhaseSpec(
            key=operation.id,
            name=operation.name,
            workcenter_id=workcenter.id,
            sequence=operation.sequence,
            time_setup=workcenter._get_expected_duration(product),
            time_cycle=operation.time_cycle,
            pieces_per_cycle=workcenter._get_capacity(product) or 1.0,
            machines=operation.pp_machines or 1,
            overlap=operation.pp_overlap_type or "none",
            overlap_value=operation.pp_overlap_value,
            queue_minutes=operation.pp_queue_minutes,
            is_external=external,
            partner_id=operation.pp_partner_id.id if external else None,
        )

    def _engine_bom(self, product, bom, phantom=False):
        """The engine's view of ``bom`` for ``product`` (quantities in item units),
        with its own routing (none for a kit)."""
        phases = None
        if not phantom:
            phases = [
                self._prepare_phase(product, operation)
                for operation in bom.operation_ids
                if not operation._skip_operation_line(product)
            ]
        return Bom(
            product_id=product.id,
            quantity=bom.product_uom_id._compute_quantity(
                bom.product_qty, product.uom_id, round=False
            ),
            lines=[
                BomLine(
                    component_id=line.product_id.id,
                    quantity=line.product_qty,
                    # Not rounded: 1 g is 0.001 kg whatever the kilogram's rounding.
                    factor=line.product_uom_id._compute_quantity(
                        1.0, line.product_id.uom_id, round=False
                    ),
                    scrap_rate=line.product_id.pp_scrap_rate,
                    operation_key=line.operation_id.id or None,
                    alternatives=[
                        (alternative.product_id.id, alternative.ratio or 1.0)
                        for alternative in line.pp_alternative_ids.sorted("priority")
                    ],
                )
                for line in bom.bom_line_ids
                if not line._skip_bom_line(product)
            ],
            phantom=phantom,
            key=bom.id,
            phases=phases,
        )

    def _prepare_demands(self, params, lines, items, logger):
        """One engine :class:`JobOrderLine` per job order line, in the item's unit."""
        demands = []
        for line in lines:
            job_order = line.job_order_id
            try:
                quantity = line.product_uom_id._compute_quantity(
                    line.product_qty, line.product_id.uom_id
                )
            except UserError:
                logger.warning(
                    self.env._(
                        "%(line)s: its unit does not convert into the item's unit; "
                        "not planned.",
                        line=line.display_name,
                    ),
                    product=line.product_id,
                    job_order=job_order,
                )
                continue
            bom = None
            if line.bom_id:
                valid = line.bom_id.active and line.bom_id.company_id in (
                    params.company,
                    self.env["res.company"],
                )
                if valid or not params.bom_fallback:
                    bom = self._engine_bom(line.product_id, line.bom_id)
                else:
                    logger.info(
                        self.env._(
                            "%(line)s: version %(bom)s is not valid, the item's "
                            "default bill of materials is used.",
                            line=line.display_name,
                            bom=line.bom_id.display_name,
                        ),
                        product=line.product_id,
                        job_order=job_order,
                    )
            demands.append(
                JobOrderLine(
                    key=line.id,
                    job_order_id=job_order.id,
                    product_id=line.product_id.id,
                    quantity=quantity,
                    due=line.date_deadline or job_order.date_deadline,
                    warehouse_id=line.warehouse_id.id or job_order.warehouse_id.id,
                    priority=(1000 - job_order.priority_id.sequence)
                    if job_order.priority_id
                    else 0,
                    bom=bom,
                )
            )
        return demands

    def _calendar_window(self, params, lines):
        days = [params.date_from] + [d for d in lines.mapped("date_deadline") if d]
        return (
            min(days) - timedelta(days=CALENDAR_MARGIN_DAYS),
            max(days) + timedelta(days=CALENDAR_MARGIN_DAYS),
        )

    def _load_calendars(self, params, workcenters, date_from, date_to):
        """Work center calendars, and the company's under the key ``False``."""
        calendars = workcenters._pp_get_calendars(date_from, date_to)
        company_calendar = params.company.resource_calendar_id
        calendars[False] = self.env["resource.calendar"]._pp_build_calendars(
            [(False, company_calendar, False, None)], date_from, date_to
        )[False]
        return calendars

    def _prepare_options(self, params, calendars):
        calendar = calendars[False]
        start = datetime.combine(params.date_from, time.min, calendar.tz).astimezone(
            UTC
        )
        if params.date_from == self.env["pp.stock.position"]._get_today(params.company):
            start = max(start, fields.Datetime.now().replace(tzinfo=UTC))
        if not calendar.is_empty:
            start = calendar.add_minutes(start, 0)
        return PlanOptions(
            start=start,
            calendar=calendar,
            direction=params.direction,
            separate=params.separate,
            order_types=tuple(
                kind
                for kind in ("production", "purchase", "subcontract")
                if getattr(params, f"create_{kind}")
            ),
            materials=params.with_materials,
            phases=params.with_phases,
            max_levels=params.max_levels,
            use_lot=params.use_lot,
            use_multiple=params.use_multiple,
            group_days=params.group_days,
            group_anchor=params.group_anchor,
            group_across=params.group_across,
            availability=params.consider_availability,
            availability_mode=params.availability_mode,
            first_level_availability=params.first_level_availability,
            negative_availability=params.negative_availability,
            use_min_stock=params.use_min_stock,
            use_coverage=params.use_coverage,
            alternatives=params.alternatives,
            workcenter_tolerance=params.workcenter_tolerance
            if params.use_alternative_workcenters
            else None,
            atp=params.atp,
        )

    # ------------------------------------------------------------------
    # Writing
    # ------------------------------------------------------------------
    def _write_orders(self, params, run, result, lines, origin=None, confirmed=None):
        """Write the planned orders, then phases, materials and grouped needs.

        Tens of thousands of rows: ids reserved with one query per table and the
        rows sent with one ``COPY`` per table (each table formatted while the
        server checks the one before: :class:`CopyPipeline`), the stored
        values the ORM would compute (unit, warehouse, companies, related job
        order and item) given explicitly; the rights (:meth:`_check_rights`)
        are checked first. The ORM is then told what changed, so job order
        states and dates follow, and nothing written is recomputed.

        ``origin`` replaces the engine's (MRP writes ``mrp``); ``confirmed``
        gives the confirmed quantity of orders by key (MRP's two passes).

        :return: ``{engine order key: pp.planned.order}``
        """
        with CopyPipeline(self.env.cr) as pipeline:
            records, _names = self._queue_orders(
                params, run, result, lines, pipeline, origin, confirmed
            )
        self._orders_written(result.orders)
        return records

    def _queue_orders(
        self,
        params,
        run,
        result,
        lines,
        pipeline,
        origin=None,
        confirmed=None,
        written=None,
        ahead=None,
    ):
        """Queue the rows of :meth:`_write_orders` on ``pipeline``: every query
        (rights, names, ids, units) first, once the statements queued before
        are done, then the rows, table by table.

        ``result.orders`` may be a part of a run's orders (MRP writes each
        low-level code's while the next is netted): ``written`` then maps the
        keys of the orders queued before to their ``pp.planned.order`` (a
        parent is always queued before its children), and ``ahead`` (an
        :class:`OrderRowsAhead`, rights checked) gives names, ids, units and
        scrap rates without a query, so that nothing waits for the server.
        The caller ends the pipeline, then calls :meth:`_orders_written`.

        :return: ``({engine order key: pp.planned.order}, {key: name})``
        """
        env = self.env
        if ahead is None:
            pipeline.wait()
            self._check_rights()
            env.flush_all()
        orders = sorted(result.orders, key=lambda order: order.level)
        if not orders:
            return {}, {}
        Order = env["pp.planned.order"]
        company = params.company
        writer = env["pp.planning.run"]
        if ahead is None:
            ahead = OrderRowsAhead(self, params, pipeline, orders)
        names = dict(
            zip([order.key for order in orders], ahead.names(len(orders)), strict=True)
        )
        line_ids = set(lines.ids)
        uoms = ahead.uoms
        phases = [(order, phase) for order in orders for phase in order.phases]
        materials = [
            (order, material) for order in orders for material in order.materials
        ]
        scrap = ahead.scrap
        covers = [
            (order, cover)
            for order in orders
            if len(order.covers) > 1
            for cover in order.covers
            if cover.job_order_id
        ]
        # Every id first: no query may go out while the rows are being sent.
        for table in (
            "pp_planned_order",
            "pp_planned_order_operation",
            "pp_planned_order_material",
            "pp_planned_order_grouping",
        ):
            pipeline.column_types(writer, table)
        ids = dict(
            zip(
                (o.key for o in orders),
                ahead.ids("pp_planned_order", len(orders)),
                strict=True,
            )
        )
        phase_ids = dict(
            zip(
                ((o.key, p.key) for o, p in phases),
                ahead.ids("pp_planned_order_operation", len(phases)),
                strict=True,
            )
        )
        cover_ids = ahead.ids("pp_planned_order_grouping", len(covers))
        parents = dict(ids)
        if written:
            parents.update((key, order.id) for key, order in written.items())
        # One COPY for every level: the parents' keys are checked at its end.
        columns = {
            "name": [names[o.key] for o in orders],
            "order_type": [o.order_type for o in orders],
            "origin": [origin or o.origin for o in orders],
            "job_order_id": [o.job_order_id or None for o in orders],
            "job_order_line_id": [
                o.demand_key
                if o.origin == "independent" and o.demand_key in line_ids
                else None
                for o in orders
            ],
            "parent_id": [parents.get(o.parent_key) for o in orders],
            "level": [o.level for o in orders],
            "product_id": [o.product_id for o in orders],
            "product_qty": [o.quantity for o in orders],
            "product_uom_id": [uoms[o.product_id] for o in orders],
            "partner_id": [o.partner_id or None for o in orders],
            "bom_id": [o.bom_key or None for o in orders],
            "warehouse_id": [o.warehouse_id or None for o in orders],
            "date_start": [o.date_start or None for o in orders],
            "date_end": [o.date_end or None for o in orders],
            "date_fob": [o.date_fob or None for o in orders],
            "date_eta": [o.date_eta or None for o in orders],
            "priority": [o.priority for o in orders],
            "qty_confirmed": [(confirmed or {}).get(o.key, 0.0) for o in orders],
        }
        writer._bulk_insert(
            "pp_planned_order",
            columns,
            {
                "state": "draft",
                "mandatory": False,
                "run_id": run.id,
                "company_id": company.id,
            },
            ids=[ids[o.key] for o in orders],
            pipeline=pipeline,
        )
        self._write_phases(phases, ids, phase_ids, company, pipeline)
        self._write_materials(materials, ids, phase_ids, company, scrap, pipeline)
        self._write_grouping(covers, parents, company, line_ids, cover_ids, pipeline)
        records = {key: Order.browse(record_id) for key, record_id in ids.items()}
        return records, names

    def _orders_written(self, orders):
        """Tell the ORM what the planned orders' rows change elsewhere."""
        env = self.env
        env.invalidate_all()
        # Only what depends on the new rows elsewhere is recomputed (job order
        # states and dates); the rows' own stored values were written.
        job_orders = env["pp.job.order"].browse(
            {o.job_order_id for o in orders if o.job_order_id}
        )
        job_orders.modified(["planned_order_ids"])
        job_orders.line_ids.modified(["planned_order_ids"])
        covered = env["pp.job.order"].browse(
            {
                c.job_order_id
                for o in orders
                if len(o.covers) > 1
                for c in o.covers
                if c.job_order_id
            }
        )
        covered.modified(["grouping_ids"])
        env.flush_all()

    def _write_phases(self, phases, ids, phase_ids, company, pipeline):
        """Queue the phases ``(order, phase)`` on their reserved ids."""
        if not phases:
            return
        self.env["pp.planning.run"]._bulk_insert(
            "pp_planned_order_operation",
            {
                "planned_order_id": [ids[o.key] for o, _p in phases],
                "sequence": [p.sequence for _o, p in phases],
                "name": [p.name for _o, p in phases],
                "operation_id": [p.spec.key if p.spec else None for _o, p in phases],
                "workcenter_id": [p.workcenter_id for _o, p in phases],
                "is_external": [
                    bool(p.spec and p.spec.is_external) for _o, p in phases
                ],
                "partner_id": [
                    p.spec.partner_id if p.spec and p.spec.is_external else None
                    for _o, p in phases
                ],
                "time_setup": [p.time_setup for _o, p in phases],
                "time_run": [p.time_run for _o, p in phases],
                "time_cycle": [
                    p.spec.time_cycle if p.spec else 0.0 for _o, p in phases
                ],
                "pieces_per_cycle": [
                    p.spec.pieces_per_cycle if p.spec else 1.0 for _o, p in phases
                ],
                "machines": [p.spec.machines if p.spec else 1 for _o, p in phases],
                "overlap_type": [
                    p.spec.overlap if p.spec else "none" for _o, p in phases
                ],
                "overlap_value": [
                    p.spec.overlap_value if p.spec else 0.0 for _o, p in phases
                ],
                "queue_minutes": [
                    p.spec.queue_minutes if p.spec else 0.0 for _o, p in phases
                ],
                "date_start": [p.date_start for _o, p in phases],
                "date_end": [p.date_end for _o, p in phases],
                "job_order_id": [o.job_order_id for o, _p in phases],
                "product_id": [o.product_id for o, _p in phases],
            },
            {"company_id": company.id, "workers": 1, "queue_loads_workcenter": False},
            ids=[phase_ids[o.key, p.key] for o, p in phases],
            pipeline=pipeline,
        )

    def _write_materials(self, materials, ids, phase_ids, company, scrap, pipeline):
        """Queue the materials ``(order, material)``, numbered by the server
        (nothing refers to them)."""
        if not materials:
            return
        self.env["pp.planning.run"]._bulk_insert(
            "pp_planned_order_material",
            {
                "planned_order_id": [ids[o.key] for o, _m in materials],
                "product_id": [m.product_id for _o, m in materials],
                "product_qty": [m.quantity for _o, m in materials],
                "qty_per_unit": [m.qty_per_unit for _o, m in materials],
                "scrap_rate": [scrap[m.product_id] for _o, m in materials],
                "date_use": [m.date_use or None for _o, m in materials],
                "operation_id": [
                    phase_ids.get((o.key, m.phase_key)) for o, m in materials
                ],
                "qty_available": [m.qty_available for _o, m in materials],
                "is_alternative": [m.is_alternative for _o, m in materials],
            },
            {},
            audit=False,
            ids=False,
            pipeline=pipeline,
        )

    def _write_grouping(self, covers, ids, company, line_ids, cover_ids, pipeline):
        """Queue the needs an order covers, when it covers more than one."""
        if not covers:
            return
        self.env["pp.planning.run"]._bulk_insert(
            "pp_planned_order_grouping",
            {
                "planned_order_id": [ids[o.key] for o, _c in covers],
                "job_order_id": [c.job_order_id for _o, c in covers],
                # A line only for a job order line's own need (no parent).
                "job_order_line_id": [
                    c.demand_key
                    if c.parent_key is None and c.demand_key in line_ids
                    else None
                    for _o, c in covers
                ],
                "parent_id": [ids.get(c.parent_key) for _o, c in covers],
                "product_qty": [c.quantity for _o, c in covers],
                "date_need": [c.need or None for _o, c in covers],
            },
            {"company_id": company.id},
            ids=cover_ids,
            pipeline=pipeline,
        )

    def _repeg(self, orphans, records):
        """Peg kept orders to the new planned order of their job order using them."""
        if not orphans:
            return
        users = {}
        for order in records.values():
            for product in order.material_ids.product_id:
                users.setdefault(
                    (order.job_order_id.id, order.level, product.id), order
                )
        for orphan in orphans:
            parent = users.get(
                (orphan.job_order_id.id, orphan.level - 1, orphan.product_id.id)
            )
            if parent:
                orphan.parent_id = parent

    def _log_results(self, params, run, logger, result, records, job_orders):
        """Warnings of the engine, late / overdue job orders, counts; dates."""
        products = self.env["product.product"].browse(
            {w.product_id for w in result.warnings if w.product_id}
        )
        jobs = self.env["pp.job.order"].browse(
            {w.job_order_id for w in result.warnings if w.job_order_id}
        )
        messages = {
            "no_bom": self.env._("%(item)s has no bill of materials: not planned."),
            "no_routing": self.env._(
                "%(item)s has no routing: timed on its manufacturing lead time."
            ),
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
                "%(item)s: the quantity to plan is not positive; not planned."
            ),
            "no_item": self.env._("%(item)s cannot be planned: not planned."),
            "grouped_late": self.env._(
                "%(item)s: %(detail)s needs grouped on their latest date get the "
                "planned order after they need it."
            ),
        }
        seen = set()
        for warning in result.warnings:
            key = (warning.code, warning.product_id, warning.job_order_id)
            if key in seen:
                continue
            seen.add(key)
            product = (
                products.browse(warning.product_id) if warning.product_id else None
            )
            job_order = (
                jobs.browse(warning.job_order_id) if warning.job_order_id else None
            )
            logger.warning(
                messages[warning.code]
                % {
                    "item": product.display_name if product else "",
                    "detail": warning.detail,
                },
                product=product,
                job_order=job_order,
            )
        late = job_orders.browse(sorted(result.late))
        overdue = job_orders.browse(sorted(result.overdue))
        for job_order in overdue:
            logger.warning(
                self.env._(
                    "%(job)s is overdue: its ready-goods date %(date)s is past.",
                    job=job_order.display_name,
                    date=job_order.date_deadline,
                ),
                job_order=job_order,
            )
        for job_order in late - overdue:
            logger.warning(
                self.env._(
                    "%(job)s is late: it cannot be ready by %(date)s.",
                    job=job_order.display_name,
                    date=job_order.date_deadline,
                ),
                job_order=job_order,
            )
        # Each line its own suggested date, the job order the latest of them.
        for targets, days in (
            (job_orders, result.suggested),
            (job_orders.line_ids, result.suggested_lines),
        ):
            by_day = defaultdict(list)
            for record_id, day in days.items():
                by_day[day].append(record_id)
            for day, record_ids in by_day.items():
                targets.browse(record_ids).write({"suggested_date": day})
            targets.filtered(
                lambda record, days=days: (
                    record.id not in days and record.suggested_date
                )
            ).write({"suggested_date": False})
        counts = defaultdict(lambda: defaultdict(int))
        for order in result.orders:
            counts[order.job_order_id][order.order_type] += 1
        type_names = dict(
            self.env["pp.planned.order"]
            ._fields["order_type"]
            ._description_selection(self.env)
        )
        for job_order in job_orders:
            by_type = counts.get(job_order.id, {})
            logger.info(
                self.env._(
                    "%(job)s: %(count)s planned orders (%(detail)s).",
                    job=job_order.display_name,
                    count=sum(by_type.values()),
                    detail=", ".join(
                        f"{type_names[kind]} {format_qty(number)}"
                        for kind, number in sorted(by_type.items())
                    ),
                ),
                job_order=job_order,
            )
        logger.record(
            {
                "count_created": len(records),
                "count_operations": sum(len(order.phases) for order in result.orders),
                "late_job_order_ids": [fields.Command.set(late.ids)],
                "overdue_job_order_ids": [fields.Command.set(overdue.ids)],
            }
        )
