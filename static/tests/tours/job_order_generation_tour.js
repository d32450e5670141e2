/** @odoo-module **/
// Copyright 2026 Production Planning contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("production_planning_job_order_generation", {
    url: "/odoo/action-production_planning.pp_job_order_generate_action",
    steps: () => [
        {
            content: "Load the candidates",
            trigger: ".o_form_view button[name='action_load']",
            run: "click",
        },
        {
            content: "The sale order line of the tour item is proposed",
            trigger: ".o_field_widget[name='sale_line_ids'] .o_data_row:contains('PP Tour Chair')",
        },
        {
            content: "Go to the summary",
            trigger: ".o_form_view button[name='action_summary']",
            run: "click",
        },
        {
            content: "The summary lists the line",
            trigger: ".o_field_widget[name='summary_line_ids'] .o_data_row:contains('PP Tour Chair')",
        },
        {
            content: "Create the job orders",
            trigger: ".o_form_view button[name='action_generate']",
            run: "click",
        },
        {
            content: "The job orders list is open",
            trigger: ".o_breadcrumb .active:contains('Job Orders')",
        },
        {
            content: "The generated job order is listed",
            trigger: ".o_list_view .o_data_row td[name='product_id']:contains('PP Tour Chair')",
        },
    ],
});
