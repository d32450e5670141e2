# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Planned orders are numbered PLO/ (PO/ reads as a purchase order); job order
lines date over their whole tree of planned orders.

The shared planned order sequence still on the old default prefix takes the
new one; a prefix a user changed is left alone, and so are the numbers of the
planned orders already made. The estimated dates of job order lines (stored)
are computed again, as are the job order states and dates that now count the
grouped planned orders of other job orders.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def migrate(cr, version):
    """Rename the default prefix of the planned order sequences."""
    if not version:
        return
    cr.execute(
        SQL(
            "UPDATE ir_sequence SET prefix = %s WHERE code = %s AND prefix = %s",
            "PLO/%(year)s/",
            "pp.planned.order",
            "PO/%(year)s/",
        )
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    lines = env["pp.job.order.line"].search([])
    env.add_to_compute(lines._fields["date_start_estimated"], lines)
    env.add_to_compute(lines._fields["date_end_estimated"], lines)
    job_orders = env["pp.job.order"].search([])
    for name in ("state", "date_start_estimated", "date_end_estimated"):
        env.add_to_compute(job_orders._fields[name], job_orders)
    env.flush_all()
