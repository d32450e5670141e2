# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Planned orders are numbered PLO/ (PO/ reads as a purchase order).

The shared planned order sequence still on the old default prefix takes the
new one; a prefix a user changed is left alone, and so are the numbers of the
planned orders already made.
"""

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
