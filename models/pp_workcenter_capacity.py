# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PpWorkcenterCapacity(models.Model):
    """A day on which a work center works a different number of hours.

    Overtime on a Saturday, a short day before a holiday, a day off (0 hours):
    planning uses these hours instead of the work center's calendar that day.
    """

    _name = "pp.workcenter.capacity"
    _description = "Work Center Capacity Exception"
    _order = "workcenter_id, date"

    workcenter_id = fields.Many2one(
        "mrp.workcenter", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="workcenter_id.company_id", store=True, index=True
    )
    date = fields.Date(required=True)
    hours = fields.Float(
        required=True,
        help="Working hours of the day, from the calendar's first start time (08:00 "
        "on a day the calendar does not work); 0 makes it a day off.",
    )
    note = fields.Char(string="Reason")

    _sql_constraints = [
        (
            "workcenter_date_uniq",
            "unique(workcenter_id, date)",
            "A work center has one capacity exception per day.",
        ),
    ]

    @api.constrains("hours")
    def _check_hours(self):
        for capacity in self:
            if not 0 <= capacity.hours <= 24:
                raise ValidationError(
                    self.env._(
                        "%(workcenter)s on %(date)s: the hours of a day are between "
                        "0 and 24.",
                        workcenter=capacity.workcenter_id.display_name,
                        date=capacity.date,
                    )
                )
