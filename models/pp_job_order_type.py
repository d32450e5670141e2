# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class PpJobOrderType(models.Model):
    _name = "pp.job.order.type"
    _description = "Job Order Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    job_type = fields.Selection(
        [("mono", "Mono-product"), ("multi", "Multi-product")],
        string="Default Structure",
        required=True,
        default="mono",
    )
    sequence_id = fields.Many2one(
        "ir.sequence",
        string="Numbering",
        copy=False,
        help="Sequence numbering the job orders of this type; created when empty.",
    )
    properties_definition = fields.PropertiesDefinition("Extra Data")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.model_create_multi
    def create(self, vals_list):
        types = super().create(vals_list)
        for job_type in types.filtered(lambda t: not t.sequence_id):
            job_type.sequence_id = (
                self.env["ir.sequence"].sudo().create(job_type._prepare_sequence_vals())
            )
        return types

    def _prepare_sequence_vals(self):
        self.ensure_one()
        return {
            "name": self.env._("Job Orders %(type)s", type=self.name),
            "code": False,
            # The type's id keeps the numbers of two new types apart.
            "prefix": f"JO{self.id}/%(year)s/",
            "padding": 5,
            "company_id": self.company_id.id,
        }
