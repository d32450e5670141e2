# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .pp_planned_order_operation import OVERLAP_TYPES


class MrpRoutingWorkcenter(models.Model):
    """What planning needs of an operation that Odoo does not keep: the
    machines it runs on, how it overlaps the next one, the queue after it,
    and whether a subcontractor does it (an external phase)."""

    _inherit = "mrp.routing.workcenter"

    pp_machines = fields.Integer(
        string="Machines",
        default=1,
        help="Machines working this operation in parallel; each runs whole cycles, "
        "so one piece is never split between two machines.",
    )
    pp_overlap_type = fields.Selection(
        OVERLAP_TYPES,
        string="Overlap with Next",
        default="none",
        required=True,
        help="When the next operation may start: when this one ends (none), as soon "
        "as it starts (total), after a number of pieces, or after a number of "
        "working minutes. The next one still works the last piece after this one "
        "ends.",
    )
    pp_overlap_value = fields.Float(
        string="Overlap After",
        help="Pieces (overlap after pieces) or working minutes (after minutes).",
    )
    pp_queue_minutes = fields.Float(
        string="Queue Time (min)",
        help="Working minutes to wait after this operation before the next one "
        "(cooling, drying, transport).",
    )
    pp_setup_family = fields.Char(
        string="Setup Family",
        help="Phases of one family follow each other on the work center without a "
        "changeover; between families the work center's changeover time applies "
        "(finite capacity scheduling).",
    )
    pp_unit_cost = fields.Float(
        string="Unit Cost",
        digits="Product Price",
        help="Cost of this operation per unit produced; when set, job costing uses "
        "it instead of the time times the work center's cost per hour.",
    )
    pp_batch_code = fields.Char(
        string="Grouping Code",
        help="Phases of one grouping code run in one batch on a work center with a "
        "batching window: one right after another of its code, within the window, "
        "skips its setup (finite capacity scheduling).",
    )
    pp_is_external = fields.Boolean(
        string="External Phase",
        help="Done by a subcontractor: the planned phases of this operation are "
        "external, and a release that purchases external phases asks the "
        "subcontractor for a quotation.",
    )
    pp_partner_id = fields.Many2one(
        "res.partner",
        string="Subcontractor",
        check_company=True,
        help="Who does this operation when it is an external phase.",
    )

    @api.constrains("pp_machines", "pp_overlap_value", "pp_queue_minutes")
    def _check_pp_timing(self):
        for operation in self:
            if operation.pp_machines < 1:
                raise ValidationError(
                    self.env._(
                        "Operation %(operation)s needs at least one machine.",
                        operation=operation.display_name,
                    )
                )
            if operation.pp_overlap_value < 0 or operation.pp_queue_minutes < 0:
                raise ValidationError(
                    self.env._(
                        "Operation %(operation)s: overlap and queue time cannot be "
                        "negative.",
                        operation=operation.display_name,
                    )
                )

    @api.constrains("pp_is_external", "pp_partner_id")
    def _check_pp_external(self):
        for operation in self:
            if operation.pp_is_external and not operation.pp_partner_id:
                raise ValidationError(
                    self.env._(
                        "Operation %(operation)s is an external phase: choose its "
                        "subcontractor.",
                        operation=operation.display_name,
                    )
                )
