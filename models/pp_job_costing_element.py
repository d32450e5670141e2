# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .pp_cost_element import CATEGORY_SELECTION


class PpJobCostingElement(models.Model):
    """A cost element as one costing uses it (copied from ``pp.cost.element``
    when the costing is created, editable there)."""

    _name = "pp.job.costing.element"
    _description = "Job Costing Element"
    _order = "sequence, id"

    costing_id = fields.Many2one(
        "pp.job.costing", required=True, ondelete="cascade", index=True
    )
    element_id = fields.Many2one("pp.cost.element", ondelete="set null")
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    category = fields.Selection(CATEGORY_SELECTION, required=True, default="direct")
    percent = fields.Float()
    value = fields.Monetary()
    currency_id = fields.Many2one(related="costing_id.currency_id")
