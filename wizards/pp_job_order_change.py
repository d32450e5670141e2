# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class PpJobOrderChange(models.TransientModel):
    _name = "pp.job.order.change"
    _description = "Change Job Orders"

    job_order_ids = fields.Many2many(
        "pp.job.order",
        string="Job Orders",
        default=lambda self: self._default_job_order_ids(),
    )
    date_mode = fields.Selection(
        [
            ("keep", "Keep"),
            ("set", "Set a ready-goods date"),
            ("shift", "Shift by days"),
        ],
        string="Ready-Goods Date",
        required=True,
        default="keep",
    )
    date_deadline = fields.Date(string="New Ready-Goods Date")
    shift_days = fields.Integer(string="Days", help="Negative values bring dates in.")
    change_priority = fields.Boolean()
    priority_id = fields.Many2one("pp.procurement.priority", string="New Priority")
    mandatory = fields.Selection(
        [("keep", "Keep"), ("set", "Set"), ("clear", "Clear")],
        required=True,
        default="keep",
    )

    @api.model
    def _default_job_order_ids(self):
        if self.env.context.get("active_model") == "pp.job.order":
            return self.env["pp.job.order"].browse(
                self.env.context.get("active_ids", [])
            )
        return self.env["pp.job.order"]

    def action_apply(self):
        """Apply the changes to the selected job orders and their lines."""
        self.ensure_one()
        job_orders = self.job_order_ids
        locked = job_orders.filtered(lambda j: j.state in ("closed", "cancelled"))
        if locked:
            raise UserError(
                self.env._(
                    "Closed or cancelled job orders cannot be changed: %(names)s.",
                    names=", ".join(locked.mapped("display_name")),
                )
            )
        if self.date_mode == "set":
            if not self.date_deadline:
                raise UserError(self.env._("Give the new ready-goods date."))
            job_orders.write({"date_deadline": self.date_deadline})
            job_orders.line_ids.write({"date_deadline": self.date_deadline})
        elif self.date_mode == "shift" and self.shift_days:
            delta = timedelta(days=self.shift_days)
            for job_order in job_orders:
                job_order.date_deadline += delta
                for line in job_order.line_ids:
                    line.date_deadline = (
                        line.date_deadline or job_order.date_deadline
                    ) + delta
        if self.change_priority:
            job_orders.write({"priority_id": self.priority_id.id})
        if self.mandatory != "keep":
            job_orders.write({"mandatory": self.mandatory == "set"})
        return {"type": "ir.actions.act_window_close"}
