# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PpWorkcenterChangeover(models.Model):
    """Minutes a work center needs to change from one setup family to another
    (SPEC §10): finite capacity scheduling leaves that gap between two phases of
    these families and orders phases to need fewer changes. A pair not listed
    costs nothing; the same family never does."""

    _name = "pp.workcenter.changeover"
    _description = "Work Center Changeover"
    _order = "workcenter_id, family_from, family_to"

    workcenter_id = fields.Many2one(
        "mrp.workcenter", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="workcenter_id.company_id", store=True)
    family_from = fields.Char(string="From Family", required=True)
    family_to = fields.Char(string="To Family", required=True)
    minutes = fields.Float(string="Changeover (min)", required=True)

    _sql_constraints = [
        (
            "pair_unique",
            "unique(workcenter_id, family_from, family_to)",
            "A work center has one changeover time per pair of families.",
        ),
        (
            "minutes_positive",
            "check(minutes >= 0)",
            "Changeover minutes cannot be negative.",
        ),
    ]
