# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class MrpBomLine(models.Model):
    _inherit = "mrp.bom.line"

    pp_critical = fields.Boolean(
        string="Critical Material",
        help="Finite capacity scheduling checks only critical materials when asked.",
    )
    pp_alternative_ids = fields.One2many(
        "pp.bom.line.alternative", "bom_line_id", string="Alternative Materials"
    )
    pp_alternative_count = fields.Integer(
        string="Alternatives", compute="_compute_pp_alternative_count"
    )

    @api.depends("pp_alternative_ids")
    def _compute_pp_alternative_count(self):
        for line in self:
            line.pp_alternative_count = len(line.pp_alternative_ids)

    def action_pp_open_alternatives(self):
        """Open the planning data (critical flag, alternatives) of the component."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Planning Data of %(item)s", item=self.product_id.display_name
            ),
            "res_model": "mrp.bom.line",
            "res_id": self.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref(
                        "production_planning.mrp_bom_line_view_form_pp_alternatives"
                    ).id,
                    "form",
                )
            ],
            "target": "new",
        }
