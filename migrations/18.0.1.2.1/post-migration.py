# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The time-phased table keeps its pegging and document names with its rows.

``pp_mrp_line.pegged_planned_order_id`` was a foreign key: every planned
order the next MRP run replaced looked up (without an index) and rewrote the
rows of the runs before. The link moves to ``pegged_id`` (no key) with the
order's name in ``pegged_name``, the column is dropped; the document names of
the rows and suggestions already written are stored, as new rows have them.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def migrate(cr, version):
    """Move the pegging off its foreign key; store the document names."""
    if not version:
        return
    cr.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = 'pp_mrp_line' "
        "AND column_name = 'pegged_planned_order_id'"
    )
    if cr.fetchone():
        cr.execute(
            "UPDATE pp_mrp_line AS line SET pegged_id = line.pegged_planned_order_id, "
            "pegged_name = o.name FROM pp_planned_order o "
            "WHERE o.id = line.pegged_planned_order_id"
        )
        cr.execute("ALTER TABLE pp_mrp_line DROP COLUMN pegged_planned_order_id")
    env = api.Environment(cr, SUPERUSER_ID, {})
    procedure = env["pp.mrp.procedure"]
    for table in ("pp_mrp_line", "pp_mrp_suggestion"):
        cr.execute(
            SQL(
                "SELECT DISTINCT document_ref FROM %s WHERE document_ref IS NOT NULL",
                SQL.identifier(table),
            )
        )
        references = [row[0] for row in cr.fetchall()]
        names = procedure._document_names(_existing(env, references))
        if names:
            cr.execute(
                SQL(
                    "UPDATE %s AS t SET document_name = n.name "
                    "FROM unnest(%s::varchar[], %s::varchar[]) AS n(ref, name) "
                    "WHERE t.document_ref = n.ref",
                    SQL.identifier(table),
                    list(names),
                    list(names.values()),
                )
            )


def _existing(env, references):
    """The references whose model is still installed."""
    return [ref for ref in references if ref.split(",")[0] in env]
