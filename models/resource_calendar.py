# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, models

from ..services.calendar import Attendance, WorkingCalendar


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _pp_get_calendar(self, date_from, date_to):
        """The engine's working calendar of this calendar (global leaves only)."""
        self.ensure_one()
        return self._pp_build_calendars(
            [(self.id, self, False, None)], date_from, date_to
        )[self.id]

    @api.model
    def _pp_build_calendars(self, entries, date_from, date_to, exclude_leave_ids=()):
        """Working calendars for local days ``date_from``..``date_to``.

        :param entries: ``(key, resource.calendar, resource id or False,
            {date: hours} overrides or None)`` tuples
        :return: ``{key: WorkingCalendar}`` built from the attendances (in the
            calendar's time zone, two-week calendars included, breaks excluded),
            the calendar's global leaves and the resource's own leaves, and the
            overrides; one query per table for all the entries. A missing
            calendar gives an empty calendar.
        """
        calendars = self.browse(
            {calendar.id for _key, calendar, _r, _o in entries if calendar}
        )
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
                ("id", "not in", list(exclude_leave_ids)),
                ("date_from", "<", end),
                ("date_to", ">", start),
                "|",
                ("resource_id", "=", False),
                ("resource_id", "in", [r for _k, _c, r, _o in entries if r]),
            ],
            ["calendar_id", "resource_id", "date_from", "date_to"],
        )
        result = {}
        for key, calendar, resource_id, overrides in entries:
            own_leaves = [
                (
                    pytz.utc.localize(leave["date_from"]),
                    pytz.utc.localize(leave["date_to"]),
                )
                for leave in leaves
                if calendar
                and leave["calendar_id"]
                and leave["calendar_id"][0] == calendar.id
                and (not leave["resource_id"] or leave["resource_id"][0] == resource_id)
            ]
            result[key] = WorkingCalendar.from_weekly(
                attendances.get(calendar.id, []) if calendar else [],
                (calendar.tz if calendar else None) or "UTC",
                date_from,
                date_to,
                leaves=own_leaves,
                overrides=overrides,
            )
        return result
