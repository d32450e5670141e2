# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import fields, models


class MrpWorkcenter(models.Model):
    _inherit = "mrp.workcenter"

    pp_capacity_ids = fields.One2many(
        "pp.workcenter.capacity",
        "workcenter_id",
        string="Capacity Exceptions",
        help="Days with other working hours than the calendar's (overtime, short "
        "days, days off).",
    )

    pp_changeover_ids = fields.One2many(
        "pp.workcenter.changeover",
        "workcenter_id",
        string="Changeovers",
        help="Minutes to change from one setup family to another.",
    )
    pp_machines = fields.Integer(
        string="Parallel Machines",
        default=1,
        help="How many identical machines the work center has: finite capacity "
        "scheduling runs that many phases at once on it.",
    )
    pp_batch_hours = fields.Float(
        string="Batching Window (h)",
        help="Phases with the grouping code (on the routing operation) of the phase "
        "before them on a machine, starting at most this many working hours after "
        "it ends, run in its batch without their setup; finite capacity scheduling "
        "may make a phase wait that long to join its batch. 0: no batching.",
    )

    def _pp_get_calendars(self, date_from, date_to, exclude_leave_ids=()):
        """Working calendars of the work centers, local days ``date_from``..``date_to``.

        Built from each work center's working hours (attendances in the
        calendar's time zone, two-week calendars included, breaks excluded),
        its leaves and the calendar's global leaves (but ``exclude_leave_ids``)
        and its capacity exceptions; read with one query per table for all
        the work centers.

        :return: ``{workcenter_id: WorkingCalendar}``; a work center without
            working hours gets an empty calendar
        """
        overrides = defaultdict(dict)
        for row in self.env["pp.workcenter.capacity"].search_read(
            [
                ("workcenter_id", "in", self.ids),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ],
            ["workcenter_id", "date", "hours"],
        ):
            overrides[row["workcenter_id"][0]][row["date"]] = row["hours"]
        return self.env["resource.calendar"]._pp_build_calendars(
            [
                (
                    workcenter.id,
                    workcenter.resource_calendar_id,
                    workcenter.resource_id.id,
                    overrides.get(workcenter.id),
                )
                for workcenter in self
            ],
            date_from,
            date_to,
            exclude_leave_ids,
        )
