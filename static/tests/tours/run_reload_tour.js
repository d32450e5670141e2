/** @odoo-module **/
// Copyright 2026 Production Planning contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";
import { session } from "@web/session";

/**
 * Do what queue_job's runner does with the queued planning runs' jobs: call
 * /queue_job/runjob for each (the test marks them enqueued).
 */
async function runQueuedJobs() {
    const runs = await rpc("/web/dataset/call_kw/pp.planning.run/search_read", {
        model: "pp.planning.run",
        method: "search_read",
        args: [[["state", "=", "queued"]], ["queue_job_uuid"]],
        kwargs: {},
    });
    for (const run of runs) {
        await fetch(
            `/queue_job/runjob?db=${encodeURIComponent(session.db)}&job_uuid=${run.queue_job_uuid}`
        );
    }
}

registry.category("web_tour.tours").add("production_planning_run_reload", {
    url: "/odoo/action-production_planning.pp_job_order_action",
    steps: () => [
        {
            content: "Open the job order of booster sets",
            trigger: ".o_list_view .o_data_row:contains('BS-2') td[name='name']",
            run: "click",
        },
        {
            content: "Plan it",
            trigger: ".o_form_view .o_form_statusbar button[name='action_plan']",
            run: "click",
        },
        {
            content: "Start planning: it is queued",
            trigger: ".modal-footer button[name='action_plan']",
            run: "click",
        },
        {
            content: "The run opens, queued",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Queued')",
        },
        {
            content: "Its job runs in the background",
            trigger: ".o_form_view .o_field_widget[name='kind']:contains('General Planning')",
            run: runQueuedJobs,
        },
        {
            content: "The open form shows the run done, without a reload by hand",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
        {
            content: "with what it planned",
            trigger: ".o_form_view button[name='action_view_planned_orders']",
        },
        {
            content: "Back to the job orders",
            trigger: ".o_breadcrumb a:contains('Job Orders')",
            run: "click",
        },
        {
            content: "Open the job order of CP-80 pumps",
            trigger: ".o_list_view .o_data_row:contains('CP-80') td[name='name']",
            run: "click",
        },
        {
            content: "Plan it too",
            trigger: ".o_form_view .o_form_statusbar button[name='action_plan']",
            run: "click",
        },
        {
            content: "Start planning",
            trigger: ".modal-footer button[name='action_plan']",
            run: "click",
        },
        {
            content: "Queued",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Queued')",
        },
        {
            content: "Open the planning runs",
            trigger: "body",
            run() {
                window.location.href = "/odoo/action-production_planning.pp_planning_run_action";
            },
            expectUnloadPage: true,
        },
        {
            content: "The list shows the run queued",
            trigger: ".o_list_view .o_data_row:first td[name='live_state']:contains('Queued')",
            run: runQueuedJobs,
        },
        {
            content: "The list shows it done when it ends",
            trigger: ".o_list_view .o_data_row:first td[name='live_state']:contains('Done')",
        },
    ],
});
