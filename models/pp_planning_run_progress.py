# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PpPlanningRunProgress(models.Model):
    """How far a background run has got, written outside the run's transaction.

    One row per run, written by :meth:`pp.planning.run._write_progress` from its
    own cursor so that planners see it while the run goes on; the run's own
    row stays untouched until the run commits.
    """

    _name = "pp.planning.run.progress"
    _description = "Planning Run Progress"

    run_id = fields.Many2one(
        "pp.planning.run", required=True, ondelete="cascade", index=True
    )
    progress = fields.Float(string="Progress %")

    _sql_constraints = [
        ("run_unique", "UNIQUE(run_id)", "A run has one progress."),
    ]
