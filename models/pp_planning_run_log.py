# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PpPlanningRunLog(models.Model):
    _name = "pp.planning.run.log"
    _description = "Planning Run Log Line"
    _order = "run_id, id"

    run_id = fields.Many2one(
        "pp.planning.run", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    level = fields.Selection(
        [("info", "Information"), ("warning", "Warning"), ("error", "Error")],
        required=True,
        default="info",
    )
    message = fields.Text(required=True)
    product_id = fields.Many2one("product.product", string="Item")
    job_order_id = fields.Many2one(
        "pp.job.order",
    )
    res_model = fields.Char(string="Document Model")
    res_id = fields.Many2oneReference(string="Document ID", model_field="res_model")
    document_name = fields.Char(string="Document")

    def action_open_document(self):
        """Open the document this line is about."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }
