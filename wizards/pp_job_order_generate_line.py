# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

SOURCES = [
    ("sale", "Sale Order"),
    ("forecast", "Forecast"),
    ("stock", "Safety Stock"),
]


class PpJobOrderGenerateLine(models.TransientModel):
    _name = "pp.job.order.generate.line"
    _description = "Job Order Generation Candidate"
    _order = "source, date, product_id, id"

    wizard_id = fields.Many2one(
        "pp.job.order.generate", required=True, ondelete="cascade", index=True
    )
    source = fields.Selection(SOURCES, required=True, readonly=True)
    selected = fields.Boolean(default=True)
    product_id = fields.Many2one("product.product", string="Item", readonly=True)
    product_uom_id = fields.Many2one(
        related="product_id.uom_id", string="Unit", readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    project_id = fields.Many2one("project.project", readonly=True)
    warehouse_id = fields.Many2one(
        "stock.warehouse", string="Production Site", readonly=True
    )
    sale_line_id = fields.Many2one("sale.order.line", readonly=True)
    sale_order_id = fields.Many2one(
        related="sale_line_id.order_id", string="Sale Order"
    )
    forecast_line_ids = fields.Many2many("pp.forecast.line", readonly=True)
    forecast_id = fields.Many2one("pp.forecast", readonly=True)
    period_start = fields.Date(readonly=True)
    period_end = fields.Date(readonly=True)
    date = fields.Date(string="Ready-Goods Date")
    date_start = fields.Date(
        string="Start Date",
        help="Given start date of a line without ready-goods date.",
    )
    demand_qty = fields.Float(
        string="Demand", readonly=True, digits="Product Unit of Measure"
    )
    available_qty = fields.Float(
        string="Available", readonly=True, digits="Product Unit of Measure"
    )
    product_qty = fields.Float(
        string="Quantity to Make", digits="Product Unit of Measure"
    )
    note = fields.Char(readonly=True)
    # Safety stock projection (source 'stock').
    on_hand = fields.Float(readonly=True, digits="Product Unit of Measure")
    initial_available = fields.Float(
        string="Initial Availability", readonly=True, digits="Product Unit of Measure"
    )
    final_available = fields.Float(
        string="Final Availability", readonly=True, digits="Product Unit of Measure"
    )
    minimum_available = fields.Float(
        string="Minimum Availability", readonly=True, digits="Product Unit of Measure"
    )
    min_stock = fields.Float(
        string="Minimum Stock", readonly=True, digits="Product Unit of Measure"
    )
    reorder_level = fields.Float(readonly=True, digits="Product Unit of Measure")
    average_daily_usage = fields.Float(readonly=True, digits="Product Unit of Measure")
    day_ids = fields.One2many(
        "pp.job.order.generate.day", "line_id", string="Availability Detail"
    )

    def _prepare_candidate(self):
        """The line as a candidate dict of the generation procedure."""
        self.ensure_one()
        return {
            "source": self.source,
            "selected": self.selected,
            "product_id": self.product_id.id,
            "partner_id": self.partner_id.id,
            "project_id": self.project_id.id,
            "warehouse_id": self.warehouse_id.id,
            "sale_line_id": self.sale_line_id.id,
            "forecast_line_ids": self.forecast_line_ids.ids,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "date": self.date,
            "date_start": self.date_start,
            "demand_qty": self.demand_qty,
            "product_qty": self.product_qty,
            "note": self.note,
        }

    def action_view_days(self):
        """Open the day-by-day availability of a safety stock candidate."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Availability of %(item)s", item=self.product_id.display_name
            ),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref(
                        "production_planning.pp_job_order_generate_line_view_days_form"
                    ).id,
                    "form",
                )
            ],
            "target": "new",
        }

    def action_back_to_candidates(self):
        """Close the day-by-day detail and show the generation again."""
        self.ensure_one()
        return self.wizard_id._action_reopen()
