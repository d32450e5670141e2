/** @odoo-module **/
// Copyright 2026 Production Planning contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("production_planning_mrp", {
    url: "/odoo/action-production_planning.pp_mrp_planning_action",
    steps: () => [
        {
            content: "The MRP dialog offers its sources",
            trigger: ".modal .o_field_widget[name='use_sales'] input:checked",
        },
        {
            content: "Run MRP",
            trigger: ".modal-footer button[name='action_run']",
            run: "click",
        },
        {
            content: "The run opens, done",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
        {
            content: "It is an MRP run",
            trigger: ".o_form_view .o_field_widget[name='kind']:contains('MRP')",
        },
        {
            content: "Open its time-phased table",
            trigger: ".o_form_view button[name='action_view_mrp_lines']",
            run: "click",
        },
        {
            content: "The table is grouped by item",
            trigger: ".o_list_view .o_group_header",
        },
        {
            content: "Open the first item",
            trigger: ".o_list_view .o_group_header:first",
            run: "click",
        },
        {
            content: "Its rows show the projected available",
            trigger: ".o_list_view .o_data_row td[name='qty_available']",
        },
        {
            content: "Back to the run",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('RUN/')",
            run: "click",
        },
        {
            content: "Open the suggestions",
            trigger: ".o_form_view button[name='action_view_mrp_suggestions']",
            run: "click",
        },
        {
            content: "The suggestions name their documents",
            trigger: ".o_list_view .o_data_row td[name='document_name']:not(:empty)",
        },
    ],
});
