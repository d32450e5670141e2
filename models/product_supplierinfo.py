# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProductSupplierinfo(models.Model):
    _inherit = "product.supplierinfo"

    pp_lot_multiple = fields.Float(
        string="Lot Multiple",
        digits="Product Unit of Measure",
        help="Quantities bought from this vendor are rounded up to a multiple of "
        "this quantity (the minimum quantity is the economic lot).",
    )

    _sql_constraints = [
        (
            "pp_lot_multiple_positive",
            "CHECK(pp_lot_multiple >= 0)",
            "The lot multiple of a vendor line cannot be negative.",
        ),
    ]
