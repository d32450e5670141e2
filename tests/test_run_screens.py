# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a planner sees of his runs: the screens told when a background run
ends, the parameters as labelled values in his language and format, the log
in the language of the user who ran it."""

import json
import re
from html import unescape

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from odoo.addons.queue_job.job import Job

from .common import TODAY, DeskPlanningCommon


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestRunScreens(DeskPlanningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("it_IT")
        cls.italian = new_test_user(
            cls.env,
            "pp_italian_planner",
            groups="production_planning.group_pp_user,mrp.group_mrp_user",
            lang="it_IT",
            tz="UTC",
        )

    def _bus_messages(self, kind):
        """The bus messages of ``kind`` the transaction would send (run at its
        commit: the test cursor never commits)."""
        self.env.cr.precommit.run()
        messages = []
        for bus in self.env["bus.bus"].search([], order="id"):
            message = json.loads(bus.message)
            if message["type"] == kind:
                messages.append((json.loads(bus.channel), message["payload"]))
        return messages

    def _perform(self, run):
        """Do what the job runner does with a queued run's job."""
        Job.load(self.env, run.queue_job_uuid).perform()
        run.invalidate_recordset()

    # ------------------------------------------------------------------
    # A background run that ends tells the screens showing it
    # ------------------------------------------------------------------
    def test_background_run_end_tells_the_users_screens(self):
        run = self.env["pp.job.order.planning"]._enqueue_planning(
            {"job_order_ids": self._job().ids}
        )
        self._perform(run)
        self.assertEqual(run.state, "done", run.error)
        [(channel, payload)] = self._bus_messages("pp_planning_run_ended")
        self.assertEqual(payload, {"run_id": run.id, "state": "done"})
        # Sent to the run's user (his partner's channel), like the notification.
        self.assertEqual(channel[1:], ["res.partner", run.user_id.partner_id.id])
        [(_channel, notification)] = self._bus_messages("simple_notification")
        self.assertEqual(notification["title"], run.name)

    def test_failed_background_run_tells_the_screens_too(self):
        self.company.pp_release_external_phases = True  # without the service
        run = self.env["pp.job.order.planning"]._enqueue_planning(
            {"job_order_ids": self._job().ids, "release_after": True}
        )
        self._perform(run)
        self.assertEqual(run.state, "failed")
        [(_channel, payload)] = self._bus_messages("pp_planning_run_ended")
        self.assertEqual(payload, {"run_id": run.id, "state": "failed"})

    # ------------------------------------------------------------------
    # Parameters as the user reads them
    # ------------------------------------------------------------------
    def _rows(self, run, lang="en_US"):
        """The parameters table of the run's form: {label: value}."""
        run = run.with_context(lang=lang)
        run.invalidate_recordset(["parameters_html"])
        html = str(run.parameters_html or "")
        return {
            unescape(label): unescape(value)
            for label, value in re.findall(r"<th[^>]*>(.*?)</th><td>(.*?)</td>", html)
        }

    def test_parameters_read_as_labelled_values_in_the_users_format(self):
        job = self._job()
        result = self._plan(
            job,
            direction="asap",
            date_from="2027-03-02",
            max_levels=0,
            availability_sources=["on_hand", "purchases"],
        )
        run = self.env["pp.planning.run"].browse(result["run_id"])
        rows = self._rows(run)
        self.assertEqual(rows["Start Date"], "03/02/2027")
        self.assertEqual(rows["Direction"], "As Soon As Possible")
        self.assertEqual(rows["Job Orders"], job.name)
        # Zero is a value, not nothing.
        self.assertEqual(rows["Levels (0 = All)"], "0")
        self.assertEqual(rows["Load Tolerance %"], "0.00")
        self.assertEqual(
            rows["Availability Sources"], "On Hand; Requests for Quotation"
        )
        self.assertEqual(rows["ATP Check"], "No")
        # In Italian, the Italian date format (the labels are the addon's
        # terms, not loaded in this database).
        self.assertEqual(self._rows(run, "it_IT")["Start Date"], "02/03/2027")

    def test_parameters_without_a_field_are_not_shown_as_raw_keys(self):
        run = self.env["pp.planning.run"].create(
            {
                "kind": "release",
                "parameters": {
                    "merge_days": 0,
                    "warehouses": "WH",  # internal, or kept by an older version
                    "round_up": True,
                },
            }
        )
        self.assertEqual(
            self._rows(run),
            {"Merge Purchases Within (days)": "0", "Round Quantities Up": "Yes"},
        )
        # A kind without a parameter model shows no table of raw keys at all.
        run = self.env["pp.planning.run"].create(
            {"kind": "mrp", "parameters": {"horizon_days": 30}}
        )
        self.assertFalse(run.parameters_html)

    def test_datetime_parameters_in_the_users_time_zone_and_format(self):
        run = self.env["pp.planning.run"].create({"kind": "release"})
        model = self.env["pp.planned.order"]
        field = model._fields["date_start"]
        self.env.user.tz = "Europe/Rome"
        self.assertEqual(
            run._format_parameter(model, field, "2027-03-01 14:30:00"),
            "03/01/2027 15:30",
        )
        self.assertEqual(
            run.with_context(lang="it_IT")._format_parameter(
                model, field, "2027-03-01 14:30:00"
            ),
            "01/03/2027 15:30",
        )

    # ------------------------------------------------------------------
    # The log in the language of the user who ran it
    # ------------------------------------------------------------------
    def test_release_over_rpc_logs_in_the_users_language(self):
        job = self._job()
        self._plan(job)
        desk = self._orders(job, self.desk)
        # As an XML-RPC call comes: no language in the context.
        procedure = self.env["pp.release.procedure"].with_user(self.italian)
        self.assertFalse(procedure.env.context.get("lang"))
        result = procedure.release({"planned_order_ids": desk.ids})
        run = self.env["pp.planning.run"].browse(result["run_id"])
        [line] = run.log_ids
        self.assertEqual(
            line.message,
            f"{desk.name} rilasciato nell'ordine di produzione "
            f"{desk.production_id.name}.",
        )

    def test_background_run_logs_and_notifies_in_the_users_language(self):
        job = self._job()
        run = (
            self.env["pp.job.order.planning"]
            .with_user(self.italian)
            ._enqueue_planning({"job_order_ids": job.ids})
        )
        self._perform(run)
        self.assertEqual(run.state, "done", run.error)
        self.assertIn(
            f"{job.display_name}: 4 ordini pianificati",
            " ".join(run.log_ids.mapped("message")),
        )
        [(_channel, notification)] = self._bus_messages("simple_notification")
        self.assertEqual(
            notification["message"], "Elaborazione di pianificazione terminata."
        )
