# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fewer foreign keys per row on the tables a run writes in bulk.

* ``pp_mrp_line`` rows hang on a ``pp_mrp_item`` head (run, site, item):
  the heads are made from the rows already written, each row gets its head,
  and the row's own run, item and site columns go.
* ``pp_planned_order_material`` keeps no audit columns nor company (its
  planned order's): the columns and their keys go.
* ``pp_planned_order.job_order_id`` is indexed only where set: the index is
  dropped here, the update makes it again.
"""


def migrate(cr, version):
    """Give the time-phased rows their heads; drop the columns that go."""
    if not version:
        return
    cr.execute(
        "SELECT 1 FROM information_schema.columns "
        "WHERE table_name = 'pp_mrp_line' AND column_name = 'run_id'"
    )
    if cr.fetchone():
        cr.execute(
            """
            CREATE TABLE IF NOT EXISTS pp_mrp_item (
                id serial PRIMARY KEY,
                run_id integer NOT NULL,
                product_id integer NOT NULL,
                warehouse_id integer
            )
            """
        )
        cr.execute(
            """
            INSERT INTO pp_mrp_item (run_id, warehouse_id, product_id)
            SELECT DISTINCT run_id, warehouse_id, product_id FROM pp_mrp_line
             ORDER BY run_id, warehouse_id, product_id
            """
        )
        cr.execute("ALTER TABLE pp_mrp_line ADD COLUMN IF NOT EXISTS item_id integer")
        cr.execute(
            """
            UPDATE pp_mrp_line AS line SET item_id = item.id
              FROM pp_mrp_item AS item
             WHERE item.run_id = line.run_id
               AND item.product_id = line.product_id
               AND item.warehouse_id IS NOT DISTINCT FROM line.warehouse_id
            """
        )
        cr.execute(
            "ALTER TABLE pp_mrp_line DROP COLUMN run_id, DROP COLUMN product_id, "
            "DROP COLUMN warehouse_id"
        )
    cr.execute("DROP INDEX IF EXISTS pp_planned_order__job_order_id_index")
    cr.execute(
        "ALTER TABLE pp_planned_order_material DROP COLUMN IF EXISTS create_uid, "
        "DROP COLUMN IF EXISTS write_uid, DROP COLUMN IF EXISTS create_date, "
        "DROP COLUMN IF EXISTS write_date, DROP COLUMN IF EXISTS company_id"
    )
