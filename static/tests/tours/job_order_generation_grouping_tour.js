/** @odoo-module **/
// Copyright 2026 Production Planning contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {registry} from "@web/core/registry";

const GROUPING = ".modal .o_field_widget[name='grouping'] select";

function groupingValues(select) {
    return [...select.options].map((option) => JSON.parse(option.value));
}

registry.category("web_tour.tours").add("production_planning_generation_grouping", {
    url: "/odoo/action-production_planning.pp_job_order_generate_action",
    steps: () => [
        {
            content: "Mono-product job orders are offered grouping by item",
            trigger: `${GROUPING}:has(option[value='"item"'])`,
        },
        {
            content: "Make multi-product job orders",
            trigger: ".modal .o_field_widget[name='job_type'] input[data-value='multi']",
            run: "click",
        },
        {
            content: "Multi-product job orders are grouped by customer, never by item",
            trigger: `${GROUPING}:has(option[value='"customer"']:checked)`,
            run() {
                const values = groupingValues(this.anchor);
                if (values.includes("item")) {
                    throw new Error(`Grouping by item offered: ${values}`);
                }
            },
        },
        {
            content: "Load the candidates",
            trigger: ".modal .o_form_view button[name='action_load']",
            run: "click",
        },
        {
            content: "Go to the summary",
            trigger: ".modal .o_form_view button[name='action_summary']",
            run: "click",
        },
        {
            content: "The summary shows the tour customer's job order with its line and unit",
            trigger:
                ".modal .o_field_widget[name='summary_html'] .o_pp_summary_job_order:contains('PP Tour Customer') tr:contains('PP Tour Chair'):contains('6.00'):contains('Units')",
        },
        {
            content: "Needs without customer are in a job order of their own",
            trigger:
                ".modal .o_field_widget[name='summary_html'] .o_pp_summary_job_order:contains('PP Tour Customer'):not(:contains('PP Tour Kit'))",
        },
        {
            content: "Close the generation",
            trigger: ".modal .modal-footer button:contains('Close')",
            run: "click",
        },
        {
            content: "The generation is closed",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
