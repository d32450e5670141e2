/** @odoo-module **/
// Copyright 2026 Production Planning contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("production_planning_general_planning", {
    url: "/odoo/action-production_planning.pp_job_order_action",
    steps: () => [
        {
            content: "Select the demo job order of booster sets",
            trigger: ".o_list_view .o_data_row:contains('BS-2') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "and the one of CP-80 pumps",
            trigger: ".o_list_view .o_data_row:contains('CP-80') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Two job orders are selected",
            trigger: ".o_list_selection_box:contains('2')",
        },
        {
            content: "Plan them",
            trigger: "button[name='action_plan']:visible",
            run: "click",
        },
        {
            content: "The planning dialog lists the selected job orders",
            trigger: ".modal .o_field_widget[name='job_order_ids'] .o_data_row:contains('BS-2')",
        },
        {
            content: "Plan as soon as possible",
            trigger: ".modal .o_field_widget[name='direction'] input[data-value='asap']",
            run: "click",
        },
        {
            content: "Start planning",
            trigger: ".modal-footer button[name='action_plan']",
            run: "click",
        },
        {
            content: "The run opens, done",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
        {
            content: "Open its planned orders",
            trigger: ".o_form_view button[name='action_view_planned_orders']",
            run: "click",
        },
        {
            content: "The planned orders of the booster sets are listed",
            trigger: ".o_list_view .o_data_row:contains('BS-2')",
        },
        {
            content: "Switch to the timeline",
            trigger: ".o_switch_view.o_timeline",
            run: "click",
        },
        {
            content: "The timeline shows the planned orders grouped by job order",
            trigger: ".o_timeline_view .vis-timeline .vis-item",
        },
        {
            content: "Select a bar",
            trigger: ".o_timeline_view .vis-item:contains('PLO/')",
            run: "click",
        },
        {
            content: "Let the tap end (two taps within 300 ms are a double tap)",
            trigger: ".o_timeline_view .vis-item.vis-selected .vis-drag-center",
            run() {
                return new Promise((resolve) => setTimeout(resolve, 500));
            },
        },
        {
            content: "Open it (a double tap on the selected bar)",
            trigger: ".o_timeline_view .vis-item.vis-selected .vis-drag-center",
            run: "dblclick",
        },
        {
            content: "Its dialog is titled with the planned order, not 'Odoo'",
            trigger: ".modal .modal-title:contains('Open: PLO/')",
        },
        {
            content: "Close it",
            trigger: ".modal .btn-close",
            run: "click",
        },
        {
            content: "Back on the timeline",
            trigger: ".o_timeline_view:not(:has(.modal))",
        },
        {
            content: "Every bar has its job order's row: no UNASSIGNED row",
            trigger: ".o_timeline_view .vis-timeline:has(.vis-label):not(:has(.vis-label:contains('UNASSIGNED')))",
        },
        {
            content: "Days the company never works are left out of the time axis",
            trigger: ".o_timeline_view .vis-timeline:has(.vis-time-axis .vis-grid):not(:has(.vis-grid.vis-saturday, .vis-grid.vis-sunday))",
        },
    ],
});
