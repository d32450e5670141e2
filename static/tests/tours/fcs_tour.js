/** @odoo-module **/
// Copyright 2026 Production Planning contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("production_planning_fcs", {
    url: "/odoo/action-production_planning.pp_fcs_planning_action",
    steps: () => [
        {
            content: "The dialog offers the solver's time limit",
            trigger: ".modal .o_field_widget[name='time_limit'] input",
            run: "edit 5",
        },
        {
            content: "Schedule",
            trigger: ".modal-footer button[name='action_schedule']",
            run: "click",
        },
        {
            content: "The run opens, done",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
        {
            content: "Open the execution it wrote",
            trigger: ".o_form_view button[name='action_view_fcs_execution']",
            run: "click",
        },
        {
            content: "The execution shows the solver's status",
            trigger: ".o_form_view .o_field_widget[name='solver_status']:not(:empty)",
        },
        {
            content: "Look at the work centers",
            trigger: ".o_form_view .o_notebook a[name='workcenters']",
            run: "click",
        },
        {
            content: "Its work centers' load",
            trigger: ".o_form_view .o_field_widget[name='workcenter_kpi_ids'] .o_data_row",
        },
        {
            content: "Open its tasks",
            trigger: ".o_form_view button[name='action_view_tasks']",
            run: "click",
        },
        {
            content: "The tasks on a timeline by work center",
            trigger: ".o_timeline_view .vis-item",
        },
        {
            content: "Back to the execution",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('FCS/')",
            run: "click",
        },
        {
            content: "Apply it",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_apply']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The execution is applied",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Applied')",
        },
    ],
});
