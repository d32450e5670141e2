# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

ROME = ZoneInfo("Europe/Rome")


def rome(text):
    return datetime.fromisoformat(text).replace(tzinfo=ROME).astimezone(UTC)


@tagged("post_install", "-at_install")
class TestWorkcenterCalendar(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "PP Rome 2 shifts",
                "tz": "Europe/Rome",
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"Day {day} {period}",
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for hour_from, hour_to, period in (
                        (8, 12, "morning"),
                        (12, 13, "lunch"),
                        (13, 17, "afternoon"),
                    )
                ],
            }
        )
        cls.workcenter = cls.env["mrp.workcenter"].create(
            {"name": "PP Press", "resource_calendar_id": cls.calendar.id}
        )
        cls.other = cls.env["mrp.workcenter"].create(
            {"name": "PP Lathe", "resource_calendar_id": cls.calendar.id}
        )

    def _calendar(self, workcenter=None):
        calendars = (self.workcenter | self.other)._pp_get_calendars(
            date(2027, 3, 22), date(2027, 4, 2)
        )
        return calendars[(workcenter or self.workcenter).id]

    def test_working_hours_in_the_calendar_time_zone_across_dst(self):
        cal = self._calendar()
        # The lunch break is not working time; summer time starts on 2027-03-28.
        self.assertEqual(cal.minutes_per_day()[date(2027, 3, 22)], 480)
        self.assertEqual(
            cal.add_minutes(rome("2027-03-26 16:00"), 120), rome("2027-03-29 09:00")
        )
        self.assertEqual(cal.intervals[0][0], rome("2027-03-22 08:00"))

    def test_leaves_of_the_work_center_and_of_the_calendar(self):
        self.env["resource.calendar.leaves"].create(
            [
                {
                    "name": "PP Plant holiday",
                    "calendar_id": self.calendar.id,
                    "date_from": "2027-03-23 00:00:00",
                    "date_to": "2027-03-23 23:00:00",
                },
                {
                    "name": "PP Press maintenance",
                    "calendar_id": self.calendar.id,
                    "resource_id": self.workcenter.resource_id.id,
                    "date_from": "2027-03-24 07:00:00",
                    "date_to": "2027-03-24 11:00:00",
                },
            ]
        )
        press, lathe = self._calendar(), self._calendar(self.other)
        self.assertNotIn(date(2027, 3, 23), press.minutes_per_day())
        self.assertEqual(press.minutes_per_day()[date(2027, 3, 24)], 240)
        self.assertEqual(lathe.minutes_per_day()[date(2027, 3, 24)], 480)

    def test_capacity_exceptions(self):
        self.workcenter.pp_capacity_ids = [
            Command.create({"date": "2027-03-27", "hours": 5, "note": "Overtime"}),
            Command.create({"date": "2027-03-25", "hours": 0, "note": "Inventory"}),
        ]
        per_day = self._calendar().minutes_per_day()
        self.assertEqual(per_day[date(2027, 3, 27)], 300)
        self.assertNotIn(date(2027, 3, 25), per_day)
        self.assertEqual(
            self._calendar(self.other).minutes_per_day()[date(2027, 3, 25)], 480
        )
        with self.assertRaisesRegex(
            ValidationError, r"^PP Press on 2027-03-30: the hours of a day are between"
        ):
            self.workcenter.pp_capacity_ids = [
                Command.create({"date": "2027-03-30", "hours": 25})
            ]

    def test_queries_do_not_grow_with_work_centers(self):
        many = self.env["mrp.workcenter"].create(
            [
                {"name": f"PP WC {i}", "resource_calendar_id": self.calendar.id}
                for i in range(5)
            ]
        )

        def count(workcenters):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            workcenters._pp_get_calendars(date(2027, 3, 22), date(2027, 3, 26))
            return self.env.cr.sql_log_count - before

        self.assertEqual(count(self.workcenter), count(many))
