/** @odoo-module **/
// Copyright 2026 Production Planning contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("production_planning_job_order_generation", {
    url: "/odoo/action-production_planning.pp_job_order_generate_action",
    steps: () => [
        {
            content: "The generation opens as a dialog on its parameters",
            trigger: ".modal .o_form_view .o_field_widget[name='use_sales']",
        },
        {
            content: "Load the candidates",
            trigger: ".modal .o_form_view button[name='action_load']",
            run: "click",
        },
        {
            content: "The sale order line of the tour item is proposed",
            trigger: ".modal .o_field_widget[name='sale_line_ids'] .o_data_row:contains('PP Tour Chair')",
        },
        {
            content: "Open the safety stock tab",
            trigger: ".modal .nav-link:contains('Safety Stock')",
            run: "click",
        },
        {
            content: "Open the day-by-day availability of the tour kit",
            trigger: ".modal .o_field_widget[name='stock_line_ids'] .o_data_row:contains('PP Tour Kit') button[name='action_view_days']",
            run: "click",
        },
        {
            content: "The detail shows the minimum stock once, and its days",
            trigger: ".modal:contains('Availability of PP Tour Kit') .o_field_widget[name='day_ids'] .o_data_row",
        },
        {
            content: "Back to the candidates",
            trigger: ".modal:contains('Availability of PP Tour Kit') .modal-footer button[name='action_back_to_candidates']",
            run: "click",
        },
        {
            content: "The generation is shown again on its candidates",
            trigger: ".modal .o_form_view .o_field_widget[name='sale_line_ids'] .o_data_row:contains('PP Tour Chair')",
        },
        {
            content: "Back to the parameters",
            trigger: ".modal .o_form_view button[name='action_back']",
            run: "click",
        },
        {
            content: "The parameters are shown again",
            trigger: ".modal .o_form_view button[name='action_load']:contains('Load Candidates')",
        },
        {
            content: "Load the candidates again",
            trigger: ".modal .o_form_view button[name='action_load']",
            run: "click",
        },
        {
            content: "Go to the summary",
            trigger: ".modal .o_form_view button[name='action_summary']",
            run: "click",
        },
        {
            content: "The summary lists the line",
            trigger: ".modal .o_field_widget[name='summary_line_ids'] .o_data_row:contains('PP Tour Chair')",
        },
        {
            content: "Create the job orders",
            trigger: ".modal .o_form_view button[name='action_generate']",
            run: "click",
        },
        {
            content: "A notification tells what was created",
            trigger: ".o_notification:contains('Job orders generated')",
        },
        {
            content: "The done step lists the job order with its item",
            trigger: ".modal .o_field_widget[name='job_order_ids'] .o_data_row:contains('PP Tour Chair')",
        },
        {
            content: "Open the job orders",
            trigger: ".modal button[name='action_view_job_orders']",
            run: "click",
        },
        {
            content: "The generated job order is listed with its item",
            trigger: ".o_list_view .o_data_row td[name='product_summary']:contains('PP Tour Chair')",
        },
    ],
});
