# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a planner sees of his runs: the screens told when a background run
ends."""

import json

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.queue_job.job import Job

from .common import TODAY, DeskPlanningCommon


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestRunScreens(DeskPlanningCommon):
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
