# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL

# (breakdown, component, estimated column, actual column); a synthetic
# breakdown adds up to the total, an analytic one to the industrial cost
COMPONENTS = [
    ("synthetic", "industrial", "estimated_industrial", "actual_industrial"),
    ("synthetic", "direct_costs", "estimated_direct_costs", "actual_direct_costs"),
    ("synthetic", "markup", "estimated_markup", "actual_markup"),
    ("synthetic", "general", "estimated_general", "actual_general"),
    ("synthetic", "other", "estimated_other", "actual_other"),
    ("synthetic", "corrections", "estimated_correction", "actual_correction"),
    ("synthetic", "corrections", "estimated_rounding", "actual_rounding"),
    ("analytic", "material", "estimated_material", "actual_material"),
    ("analytic", "internal", "estimated_internal", "actual_internal"),
    ("analytic", "external", "estimated_external", "actual_external"),
]


class PpJobCostingAnalysis(models.Model):
    """Job costing analysis (SPEC §12): each costing's cost sheet as rows of
    (breakdown, component, estimated or actual, amount) for pie and bar charts.
    *Synthetic*: industrial cost, direct costs, mark-up, general, other and
    corrections (adding up to the total); *analytic*: materials, internal and
    external work (adding up to the industrial cost)."""

    _name = "pp.job.costing.analysis"
    _description = "Job Costing Analysis"
    _auto = False
    _order = "costing_id, breakdown, component"

    costing_id = fields.Many2one("pp.job.costing", readonly=True)
    job_order_id = fields.Many2one("pp.job.order", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    breakdown = fields.Selection(
        [("synthetic", "Synthetic"), ("analytic", "Analytic")], readonly=True
    )
    component = fields.Selection(
        [
            ("industrial", "Industrial Cost"),
            ("direct_costs", "Direct Costs"),
            ("markup", "Mark-up"),
            ("general", "General Costs"),
            ("other", "Other Costs"),
            ("corrections", "Correction and Rounding"),
            ("material", "Materials"),
            ("internal", "Internal Work"),
            ("external", "External Work"),
        ],
        readonly=True,
    )
    side = fields.Selection(
        [("estimated", "Estimated"), ("actual", "Actual")], readonly=True
    )
    amount = fields.Float(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        parts = []
        for breakdown, component, estimated, actual in COMPONENTS:
            for side, column in (("estimated", estimated), ("actual", actual)):
                parts.append(
                    SQL(
                        "SELECT c.id AS costing_id, c.job_order_id, c.company_id, "
                        "%(breakdown)s::varchar AS breakdown, "
                        "%(component)s::varchar AS component, "
                        "%(side)s::varchar AS side, "
                        "COALESCE(%(column)s, 0)::float AS amount "
                        "FROM pp_job_costing c WHERE c.date_computed IS NOT NULL",
                        breakdown=breakdown,
                        component=component,
                        side=side,
                        column=SQL.identifier("c", column),
                    )
                )
        self.env.cr.execute(
            SQL(
                "CREATE VIEW %s AS "
                "(SELECT row_number() OVER () AS id, u.* FROM (%s) u)",
                SQL.identifier(self._table),
                SQL(" UNION ALL ").join(parts),
            )
        )
