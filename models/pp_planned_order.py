# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

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
        ORDER_TYPES, string="Type", required=True, default="production", index=True
    )
    origin = fields.Selection(ORIGINS, required=True, default="manual", index=True)
    job_order_id = fields.Many2one(
        "pp.job.order", check_company=True, index=True, ondelete="cascade"
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
    state = fields.Selection(
        [("draft", "Draft"), ("released", "Released"), ("cancelled", "Cancelled")],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        index=True,
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

    @api.depends("order_type")
    def _compute_color(self):
        colors = {"production": 10, "purchase": 4, "subcontract": 2}
        for order in self:
            order.color = colors.get(order.order_type, 0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("pp.planned.order") or "/"
                )
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        released = self.filtered(lambda order: order.state == "released")
        if released:
            raise UserError(
                self.env._(
                    "Planned order %(name)s is released: restore it before "
                    "deleting it.",
                    name=released[0].display_name,
                )
            )

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

    def action_set_mandatory(self):
        """Mark the planned orders as mandatory."""
        self.write({"mandatory": True})
        return True

    def action_clear_mandatory(self):
        """Clear the mandatory flag of the planned orders."""
        self.write({"mandatory": False})
        return True


class PpPlannedOrderMaterial(models.Model):
    _name = "pp.planned.order.material"
    _description = "Planned Order Material"
    _order = "planned_order_id, date_use, id"
    _check_company_auto = True

    planned_order_id = fields.Many2one(
        "pp.planned.order", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="planned_order_id.company_id", store=True, index=True
    )
    product_id = fields.Many2one(
        "product.product", string="Item", required=True, check_company=True
    )
    product_qty = fields.Float(
        string="Quantity", required=True, digits="Product Unit of Measure"
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    qty_per_unit = fields.Float(
        string="Quantity per Unit", digits="Product Unit of Measure"
    )
    scrap_rate = fields.Float(string="Scrap %")
    date_use = fields.Datetime(string="Usage Date")
    operation_id = fields.Many2one(
        "pp.planned.order.operation",
        string="Phase",
        ondelete="set null",
        domain="[('planned_order_id', '=', planned_order_id)]",
    )
    qty_available = fields.Float(
        string="Available at Usage Date", digits="Product Unit of Measure"
    )
    is_alternative = fields.Boolean(string="Alternative")


class PpPlannedOrderOperation(models.Model):
    _name = "pp.planned.order.operation"
    _description = "Planned Order Phase"
    _order = "planned_order_id, sequence, id"
    _check_company_auto = True

    planned_order_id = fields.Many2one(
        "pp.planned.order", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="planned_order_id.company_id", store=True, index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    workcenter_id = fields.Many2one(
        "mrp.workcenter", string="Work Center", check_company=True, index=True
    )
    operation_id = fields.Many2one(
        "mrp.routing.workcenter", string="Routing Operation", check_company=True
    )
    is_external = fields.Boolean(
        string="External", help="Done by a subcontractor (external phase)."
    )
    partner_id = fields.Many2one("res.partner", string="External Partner")
    time_setup = fields.Float(string="Setup (min)")
    time_run = fields.Float(
        string="Run (min)", help="Run time for the whole quantity, in minutes."
    )
    machines = fields.Integer(default=1)
    workers = fields.Integer(default=1)
    pieces_per_cycle = fields.Float(default=1.0)
    overlap_type = fields.Selection(
        [
            ("none", "None"),
            ("total", "Total"),
            ("pieces", "After Pieces"),
            ("time", "After Minutes"),
        ],
        string="Overlap",
        default="none",
        required=True,
    )
    overlap_value = fields.Float()
    queue_minutes = fields.Float(string="Queue (min)")
    queue_loads_workcenter = fields.Boolean(
        string="Queue Loads the Work Center",
        help="The queue time occupies the work center (e.g. drying in the oven).",
    )
    date_start = fields.Datetime(string="Start")
    date_end = fields.Datetime(string="End")
    sequence_number = fields.Integer(
        string="Phase Sequence", help="Order on the work center (phase sequencing)."
    )
