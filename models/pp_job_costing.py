# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..services import costing as engine

SHEET_FIELDS = (
    "material",
    "internal",
    "external",
    "industrial",
    "direct_costs",
    "direct",
    "markup",
    "marked_up",
    "general",
    "other",
    "correction",
    "rounding",
    "total",
)


class PpJobCosting(models.Model):
    """A costing of a job order (SPEC §12): the tree of its documents with
    estimated and actual costs and the cost sheet of both sides.

    :meth:`action_compute` (re-runnable) reads the job order's MOs with their
    components and work orders, its draft planned orders with their materials
    and phases and its purchase lines in bulk, costs them with
    ``services/costing.py`` and replaces the lines and totals.
    """

    _name = "pp.job.costing"
    _description = "Job Costing"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, default="/", copy=False)
    job_order_id = fields.Many2one(
        "pp.job.order",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="job_order_id.company_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    cost_type = fields.Selection(
        [
            ("standard", "Standard Cost"),
            ("average", "Average Cost"),
            ("last_purchase", "Last Purchase Price"),
        ],
        required=True,
        default="standard",
        help="Estimated cost of materials without a purchase line: the item's "
        "standard cost, the average of its stock valuation or its last purchase "
        "price (the standard cost when it has no such history).",
    )
    date_computed = fields.Datetime(string="Computed On", readonly=True, copy=False)
    element_ids = fields.One2many(
        "pp.job.costing.element", "costing_id", string="Cost Elements", copy=True
    )
    line_ids = fields.One2many(
        "pp.job.costing.line", "costing_id", string="Documents", readonly=True
    )
    markup_percent = fields.Float(string="Mark-up (%)")
    markup_value = fields.Monetary(string="Mark-up (Value)")
    correction = fields.Monetary(help="Added to both totals before rounding.")
    rounding_method = fields.Selection(
        [("none", "No Rounding"), ("up", "Up"), ("down", "Down")],
        required=True,
        default="none",
    )
    rounding_digits = fields.Integer(
        default=0,
        help="Round the totals to a multiple of ten to this power (2: hundreds).",
    )
    actual_over_estimate = fields.Boolean(
        compute="_compute_actual_over_estimate",
        help="The actual total is above the estimated total.",
    )
    # the cost sheets, written by action_compute
    estimated_material = fields.Monetary(readonly=True)
    estimated_internal = fields.Monetary(
        string="Estimated Internal Work", readonly=True
    )
    estimated_external = fields.Monetary(
        string="Estimated External Work", readonly=True
    )
    estimated_industrial = fields.Monetary(
        string="Estimated Industrial Cost", readonly=True
    )
    estimated_direct_costs = fields.Monetary(readonly=True)
    estimated_direct = fields.Monetary(string="Estimated Direct Cost", readonly=True)
    estimated_markup = fields.Monetary(string="Estimated Mark-up", readonly=True)
    estimated_marked_up = fields.Monetary(
        string="Estimated Marked-up Cost", readonly=True
    )
    estimated_general = fields.Monetary(string="Estimated General Costs", readonly=True)
    estimated_other = fields.Monetary(string="Estimated Other Costs", readonly=True)
    estimated_correction = fields.Monetary(readonly=True)
    estimated_rounding = fields.Monetary(readonly=True)
    estimated_total = fields.Monetary(readonly=True)
    actual_material = fields.Monetary(readonly=True)
    actual_internal = fields.Monetary(string="Actual Internal Work", readonly=True)
    actual_external = fields.Monetary(string="Actual External Work", readonly=True)
    actual_industrial = fields.Monetary(string="Actual Industrial Cost", readonly=True)
    actual_direct_costs = fields.Monetary(readonly=True)
    actual_direct = fields.Monetary(string="Actual Direct Cost", readonly=True)
    actual_markup = fields.Monetary(string="Actual Mark-up", readonly=True)
    actual_marked_up = fields.Monetary(string="Actual Marked-up Cost", readonly=True)
    actual_general = fields.Monetary(string="Actual General Costs", readonly=True)
    actual_other = fields.Monetary(string="Actual Other Costs", readonly=True)
    actual_correction = fields.Monetary(readonly=True)
    actual_rounding = fields.Monetary(readonly=True)
    actual_total = fields.Monetary(readonly=True)

    @api.depends("estimated_total", "actual_total")
    def _compute_actual_over_estimate(self):
        for costing in self:
            costing.actual_over_estimate = (
                costing.currency_id.compare_amounts(
                    costing.actual_total, costing.estimated_total
                )
                > 0
            )

    @api.model_create_multi
    def create(self, vals_list):
        """Number the costing after its job order and propose the company's
        cost elements when none are given."""
        for vals in vals_list:
            job = self.env["pp.job.order"].browse(vals.get("job_order_id"))
            if vals.get("name", "/") == "/" and job:
                count = self.search_count([("job_order_id", "=", job.id)])
                vals["name"] = f"{job.name} / {count + 1}"
            if "element_ids" not in vals and job:
                elements = self.env["pp.cost.element"].search(
                    [("company_id", "=", job.company_id.id)]
                )
                vals["element_ids"] = [
                    fields.Command.create(
                        {
                            "element_id": e.id,
                            "sequence": e.sequence,
                            "name": e.name,
                            "category": e.category,
                            "percent": e.percent,
                            "value": e.value,
                        }
                    )
                    for e in elements
                ]
        return super().create(vals_list)

    def action_compute(self):
        """(Re)compute the document tree and both cost sheets: the previous
        lines are replaced, in one transaction."""
        self.check_access("write")
        self.env["pp.job.costing.line"].check_access("create")
        for costing in self:
            nodes = costing._cost_nodes()
            rollup = engine.roll_up(
                [
                    engine.CostLine(
                        n["key"], n["parent"], n["kind"], n["estimated"], n["actual"]
                    )
                    for n in nodes
                ]
            )
            estimated, actual = engine.totals(
                rollup,
                [
                    engine.CostElement(e.name, e.category, e.percent, e.value)
                    for e in costing.element_ids
                ],
                markup_percent=costing.markup_percent,
                markup_value=costing.markup_value,
                correction=costing.correction,
                rounding=costing.rounding_method,
                digits=costing.rounding_digits,
            )
            costing.line_ids.unlink()
            costing._write_lines(nodes, rollup)
            values = {"date_computed": fields.Datetime.now()}
            for name in SHEET_FIELDS:
                values[f"estimated_{name}"] = getattr(estimated, name)
                values[f"actual_{name}"] = getattr(actual, name)
            costing.write(values)
        return True

    def action_view_lines(self):
        """The document tree as a list grouped by document."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "production_planning.pp_job_costing_line_action"
        )
        action["domain"] = [("costing_id", "=", self.id)]
        return action

    def action_view_analysis(self):
        """This costing's synthetic and analytic breakdowns as charts."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "production_planning.pp_job_costing_analysis_action"
        )
        action["domain"] = [("costing_id", "in", self.ids)]
        return action

    # .. the tree .........................................................
    def _write_lines(self, nodes, rollup):
        """Create the lines parents first (one ``create`` per tree level)."""
        ids = {}
        level = [n for n in nodes if n["parent"] is None]
        while level:
            records = self.env["pp.job.costing.line"].create(
                [self._prepare_line_vals(n, ids, rollup) for n in level]
            )
            for node, record in zip(level, records, strict=True):
                ids[node["key"]] = record.id
            keys = {n["key"] for n in level}
            level = [n for n in nodes if n["parent"] in keys]

    def _prepare_line_vals(self, node, ids, rollup):
        estimated = rollup.line_estimated[node["key"]]
        actual = rollup.line_actual[node["key"]]
        return {
            "costing_id": self.id,
            "parent_id": ids.get(node["parent"]),
            "name": node["name"],
            "document_ref": node.get("document"),
            "kind": node["kind"] or False,
            "product_id": node.get("product", False),
            "workcenter_id": node.get("workcenter", False),
            "quantity": node.get("quantity", 0.0),
            "estimated_cost": node["estimated"],
            "actual_cost": node["actual"],
            "estimated_subtotal": estimated,
            "actual_subtotal": actual,
            "over_estimate": self.currency_id.compare_amounts(actual, estimated) > 0,
        }

    def _cost_nodes(self):
        """The document tree of the job order as plain nodes, parents first."""
        self.ensure_one()
        job = self.job_order_id
        productions = job.production_ids.filtered(lambda p: p.state != "cancel")
        planned = job.planned_order_ids.filtered(lambda o: o.state == "draft")
        purchase_lines = (
            job.purchase_line_ids | job.planned_order_ids.purchase_line_id
        ).filtered(lambda l: l.state != "cancel")
        made_inside = (
            productions.product_id
            | planned.filtered(lambda o: o.order_type == "production").product_id
        )
        consumed = (
            productions.move_raw_ids.product_id
            | planned.filtered(
                lambda o: o.order_type == "production"
            ).material_ids.product_id
        )
        prices = {}
        for line in purchase_lines.filtered(lambda l: l.product_id in consumed):
            prices.setdefault(line.product_id.id, self._purchase_unit_price(line))
        costs = self._item_costs(consumed | planned.product_id)
        root = ("job", job.id)
        nodes = [self._node(root, None, job.display_name, f"pp.job.order,{job.id}")]
        context = {
            "made_inside": made_inside,
            "prices": prices,
            "costs": costs,
        }
        for production in productions:
            nodes += self._production_nodes(production, root, context)
        for order in planned:
            nodes += self._planned_nodes(order, root, context)
        for line in purchase_lines - purchase_lines.filtered(
            lambda l: l.product_id in consumed
        ):
            nodes.append(self._purchase_node(line, root))
        return nodes

    @staticmethod
    def _node(
        key, parent, name, document, kind=None, estimated=0.0, actual=0.0, **extra
    ):
        return {
            "key": key,
            "parent": parent,
            "name": name,
            "document": document,
            "kind": kind,
            "estimated": estimated,
            "actual": actual,
            **extra,
        }

    def _unit_cost(self, product, context):
        return engine.unit_cost(
            self.cost_type,
            context["costs"].get(product.id, engine.ItemCosts(product.standard_price)),
            context["prices"].get(product.id),
        )

    def _production_nodes(self, production, parent, context):
        """An MO: its components (estimated at the cost type, actual at their
        stock valuation, as Odoo's MO overview) and its work orders."""
        currency = self.currency_id
        key = ("mo", production.id)
        nodes = [
            self._node(
                key,
                parent,
                production.name,
                f"mrp.production,{production.id}",
                product=production.product_id.id,
                quantity=production.product_qty,
            )
        ]
        for move in production.move_raw_ids.filtered(lambda m: m.state != "cancel"):
            made = move.product_id in context["made_inside"]
            unit = self._unit_cost(move.product_id, context)
            actual = 0.0
            if move.state == "done" and not made:
                layers = move.sudo().stock_valuation_layer_ids
                actual = currency.round(abs(sum(layers.mapped("value"))))
            nodes.append(
                self._node(
                    ("move", move.id),
                    key,
                    move.product_id.display_name,
                    f"stock.move,{move.id}",
                    "material",
                    currency.round(
                        engine.material_cost(move.product_uom_qty, unit, made)
                    ),
                    actual,
                    product=move.product_id.id,
                    quantity=move.product_uom_qty,
                )
            )
        for workorder in production.workorder_ids:
            nodes += self._workorder_nodes(workorder, key, production)
        return nodes

    def _workorder_nodes(self, workorder, parent, production):
        """A work order: its estimate on its work center and the time recorded,
        one row per work center actually used."""
        center = workorder.workcenter_id
        own_rate = workorder.costs_hour or center.costs_hour
        logs = [
            (
                log.workcenter_id,
                log.duration,
                own_rate
                if log.workcenter_id == center
                else log.workcenter_id.costs_hour,
            )
            for log in workorder.time_ids
        ]
        rows = engine.internal_rows(
            (center, workorder.duration_expected, center.costs_hour),
            logs,
            production.product_qty,
            workorder.operation_id.pp_unit_cost or None,
        )
        nodes = []
        for index, (row_center, estimated, actual) in enumerate(rows):
            nodes.append(
                self._node(
                    ("wo", workorder.id, index),
                    parent,
                    f"{workorder.name} ({row_center.display_name})",
                    f"mrp.workorder,{workorder.id}",
                    "internal",
                    estimated,
                    actual,
                    workcenter=row_center.id,
                )
            )
        return nodes

    def _planned_nodes(self, order, parent, context):
        """A draft planned order: estimates only. Production: its materials and
        phases; purchase: the item; subcontract: external work. A bought
        component of another planned order is counted there."""
        key = ("planned", order.id)
        if order.order_type != "production":
            if (
                order.parent_id
                and order.parent_id in self.job_order_id.planned_order_ids
            ):
                return []
            unit = self._unit_cost(order.product_id, context)
            kind = "material" if order.order_type == "purchase" else "external"
            if kind == "external":
                unit = self._subcontract_price(order, unit)
            return [
                self._node(
                    key,
                    parent,
                    order.name,
                    f"pp.planned.order,{order.id}",
                    kind,
                    self.currency_id.round(order.product_qty * unit),
                    product=order.product_id.id,
                    quantity=order.product_qty,
                )
            ]
        nodes = [
            self._node(
                key,
                parent,
                order.name,
                f"pp.planned.order,{order.id}",
                product=order.product_id.id,
                quantity=order.product_qty,
            )
        ]
        for material in order.material_ids:
            made = material.product_id in context["made_inside"]
            unit = self._unit_cost(material.product_id, context)
            nodes.append(
                self._node(
                    ("material", material.id),
                    key,
                    material.product_id.display_name,
                    f"pp.planned.order.material,{material.id}",
                    "material",
                    self.currency_id.round(
                        engine.material_cost(material.product_qty, unit, made)
                    ),
                    product=material.product_id.id,
                    quantity=material.product_qty,
                )
            )
        for phase in order.operation_ids:
            minutes = (phase.time_setup or 0.0) + (phase.time_run or 0.0)
            unit = phase.operation_id.pp_unit_cost or None
            nodes.append(
                self._node(
                    ("phase", phase.id),
                    key,
                    phase.name,
                    f"pp.planned.order.operation,{phase.id}",
                    "external" if phase.is_external else "internal",
                    engine.work_cost(
                        minutes,
                        0.0 if phase.is_external else phase.workcenter_id.costs_hour,
                        order.product_qty,
                        unit,
                    ),
                    workcenter=phase.workcenter_id.id,
                )
            )
        return nodes

    def _subcontract_price(self, order, default):
        """The subcontractor's price for a subcontract planned order (its
        vendor line for the quantity), else ``default``."""
        seller = order.product_id._select_seller(
            partner_id=order.partner_id,
            quantity=order.product_qty,
            date=order.date_start and order.date_start.date(),
            uom_id=order.product_id.uom_id,
        )
        if not seller:
            return default
        price = seller.currency_id._convert(
            seller.price,
            self.currency_id,
            self.company_id,
            fields.Date.context_today(self),
        )
        return seller.product_uom._compute_price(price, order.product_id.uom_id)

    def _purchase_node(self, line, parent):
        """An RFQ/PO line bought for the job order itself: material, or
        external work when it is a subcontract; actual is what was received."""
        unit = self._purchase_unit_price(line)
        subcontract = bool(
            line.product_id.bom_ids.filtered(
                lambda b: (
                    b.type == "subcontract" and line.partner_id in b.subcontractor_ids
                )
            )
        )
        return self._node(
            ("purchase", line.id),
            parent,
            f"{line.order_id.name} - {line.product_id.display_name}",
            f"purchase.order.line,{line.id}",
            "external" if subcontract else "material",
            self.currency_id.round(line.product_qty * unit),
            self.currency_id.round(line.qty_received * unit),
            product=line.product_id.id,
            quantity=line.product_qty,
        )

    def _purchase_unit_price(self, line):
        """A purchase line's unit price in the company currency, per unit of
        the line's unit."""
        price = line.price_unit
        if line.currency_id != self.currency_id:
            price = line.currency_id._convert(
                price,
                self.currency_id,
                self.company_id,
                line.order_id.date_order or fields.Date.today(),
            )
        return price

    def _item_costs(self, products):
        """``{product id: ItemCosts}``: standard cost, average of the incoming
        stock valuation and last confirmed purchase price, read in bulk."""
        company = self.company_id
        products = products.with_company(company)
        averages = {}
        for product, value, quantity in self.env["stock.valuation.layer"]._read_group(
            [
                ("product_id", "in", products.ids),
                ("company_id", "=", company.id),
                ("quantity", ">", 0),
            ],
            ["product_id"],
            ["value:sum", "quantity:sum"],
        ):
            if quantity:
                averages[product.id] = value / quantity
        last = {}
        for line in self.env["purchase.order.line"].search(
            [
                ("product_id", "in", products.ids),
                ("company_id", "=", company.id),
                ("state", "in", ("purchase", "done")),
            ],
            order="date_order desc, id desc",
        ):
            if line.product_id.id not in last:
                price = self._purchase_unit_price(line)
                last[line.product_id.id] = line.product_uom._compute_price(
                    price, line.product_id.uom_id
                )
        costs = defaultdict(engine.ItemCosts)
        for product in products:
            costs[product.id] = engine.ItemCosts(
                product.standard_price,
                averages.get(product.id),
                last.get(product.id),
            )
        return costs

    def unlink(self):
        """A costing is deleted with its lines (refused on a job order the
        user may not edit)."""
        self.job_order_id.check_access("write")
        return super().unlink()

    @api.constrains("rounding_digits")
    def _check_rounding_digits(self):
        for costing in self:
            if not -6 <= costing.rounding_digits <= 9:
                raise ValidationError(
                    self.env._(
                        "Costing %(costing)s: round to a power of ten between -6 "
                        "and 9.",
                        costing=costing.name,
                    )
                )
