# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pure-Python planning engine (no Odoo dependency)."""

from . import (
    combine,
    grouping,
    job_order_state,
    lots,
    netting,
    periods,
    safety_stock,
)

__all__ = [
    "combine",
    "grouping",
    "job_order_state",
    "lots",
    "netting",
    "periods",
    "safety_stock",
]
