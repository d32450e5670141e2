# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..services.costing import CATEGORIES

CATEGORY_SELECTION = [
    ("direct", "Direct"),
    ("general", "General"),
    ("other", "Other"),
]
assert tuple(key for key, _label in CATEGORY_SELECTION) == CATEGORIES


class PpCostElement(models.Model):
    """A cost element of the job costing sheet (SPEC §12): a percent of its
    base (direct: the industrial cost; general and other: the marked-up cost)
    or a value. The active elements of a company are proposed in every new
    costing, where they can be changed."""

    _name = "pp.cost.element"
    _description = "Cost Element"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    category = fields.Selection(CATEGORY_SELECTION, required=True, default="direct")
    percent = fields.Float(
        help="Percent of the base: the industrial cost for a direct element, the "
        "marked-up cost for a general or other one.",
    )
    value = fields.Monetary(help="A fixed amount, estimated and actual alike.")
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.constrains("percent", "value")
    def _check_amount(self):
        for element in self:
            if element.percent < 0 or element.value < 0:
                raise ValidationError(
                    self.env._(
                        "Cost element %(element)s: percent and value cannot be "
                        "negative.",
                        element=element.name,
                    )
                )
