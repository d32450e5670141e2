# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import fields, models

from ..services.calendar import Attendance, WorkingCalendar


class MrpWorkcenter(models.Model):
    _inherit = "mrp.workcenter"

    pp_capacity_ids = fields.One2many(
        "pp.workcenter.capacity",
        "workcenter_id",
        string="Capacity Exceptions",
        help="Days with other working hours than the calendar's (overtime, short "
        "days, days off).",
    )

    def _pp_get_calendars(self, date_from, date_to):
        """Working calendars of the work centers, local days ``date_from``..``date_to``.

        Built from each work center's working hours (attendances in the
        calendar's time zone, two-week calendars included, breaks excluded),
        its leaves and the calendar's global leaves, and its capacity
        exceptions; read with one query per table for all the work centers.

        :return: ``{workcenter_id: WorkingCalendar}``; a work center without
            working hours gets an empty calendar
        """
        calendars = self.resource_calendar_id
        two_weeks = {calendar.id: calendar.two_weeks_calendar for calendar in calendars}
        attendances = defaultdict(list)
        for row in self.env["resource.calendar.attendance"].search_read(
            [
                ("calendar_id", "in", calendars.ids),
                ("display_type", "=", False),
                ("day_period", "!=", "lunch"),
                ("resource_id", "=", False),
            ],
            [
                "calendar_id",
                "dayofweek",
                "hour_from",
                "hour_to",
                "week_type",
                "date_from",
                "date_to",
            ],
        ):
            attendances[row["calendar_id"][0]].append(
                Attendance(
                    weekday=int(row["dayofweek"]),
                    hour_from=row["hour_from"],
                    hour_to=row["hour_to"],
                    week_type=int(row["week_type"])
                    if two_weeks[row["calendar_id"][0]] and row["week_type"]
                    else None,
                    date_from=row["date_from"] or None,
                    date_to=row["date_to"] or None,
                )
            )
        start = datetime.combine(date_from - timedelta(days=1), time.min)
        end = datetime.combine(date_to + timedelta(days=2), time.min)
        leaves = self.env["resource.calendar.leaves"].search_read(
            [
                ("calendar_id", "in", calendars.ids),
                ("date_from", "<", end),
                ("date_to", ">", start),
                "|",
                ("resource_id", "=", False),
                ("resource_id", "in", self.resource_id.ids),
            ],
            ["calendar_id", "resource_id", "date_from", "date_to"],
        )
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
        result = {}
        for workcenter in self:
            calendar = workcenter.resource_calendar_id
            own_leaves = [
                (
                    pytz.utc.localize(leave["date_from"]),
                    pytz.utc.localize(leave["date_to"]),
                )
                for leave in leaves
                if leave["calendar_id"]
                and leave["calendar_id"][0] == calendar.id
                and (
                    not leave["resource_id"]
                    or leave["resource_id"][0] == workcenter.resource_id.id
                )
            ]
            result[workcenter.id] = WorkingCalendar.from_weekly(
                attendances.get(calendar.id, []),
                calendar.tz or "UTC",
                date_from,
                date_to,
                leaves=own_leaves,
                overrides=overrides.get(workcenter.id),
            )
        return result
