# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def post_init_hook(env):
    """Give every existing company a job order type to number its job orders."""
    env["res.company"].search([])._pp_create_default_job_order_types()
