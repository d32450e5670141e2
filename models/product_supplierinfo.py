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

    pp_shipping_days = fields.Integer(
        string="Shipping Days",
        help="Days of the delivery lead time the goods travel: the vendor ships "
        "(FOB) this many days before they arrive (ETA).",
    )

    _sql_constraints = [
        (
            "pp_shipping_days_positive",
            "CHECK(pp_shipping_days >= 0)",
            "The shipping days of a vendor line cannot be negative.",
        ),
        (
            "pp_lot_multiple_positive",
            "CHECK(pp_lot_multiple >= 0)",
            "The lot multiple of a vendor line cannot be negative.",
        ),
    ]
