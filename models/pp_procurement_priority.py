# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PpProcurementPriority(models.Model):
    _name = "pp.procurement.priority"
    _description = "Procurement Priority"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help="Lower sequences are more urgent; used to order lists."
    )
    weight = fields.Integer(
        default=1,
        help="Weight of a day of delay of job orders with this priority, used by "
        "finite capacity scheduling.",
    )
    color = fields.Integer()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
