# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    pp_job_order_id = fields.Many2one(
        "pp.job.order", string="Job Order", index="btree_not_null", copy=False
    )

    def _get_backorder_mo_vals(self):
        """A backorder still produces for the job order of its manufacturing order."""
        vals = super()._get_backorder_mo_vals()
        vals["pp_job_order_id"] = self.pp_job_order_id.id
        return vals
