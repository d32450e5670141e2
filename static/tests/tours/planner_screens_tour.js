/** @odoo-module **/
// Copyright 2026 Production Planning contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("production_planning_screens", {
    steps: () => [
        {
            content: "A multi-product job order shows its items under its number",
            trigger: ".o_form_view .oe_title:contains('PP Tour Chair × 3, PP Tour Table × 4')",
        },
        {
            content: "Open the Sources tab",
            trigger: ".o_notebook .nav-link:contains('Sources')",
            run: "click",
        },
        {
            content: "Back to the list through the breadcrumb",
            trigger: ".o_breadcrumb a:contains('Job Orders')",
            run: "click",
        },
        {
            content: "The list shows the multi-product job order's items with their quantities",
            trigger: ".o_list_view .o_data_row:has(td[name='product_summary']:contains('PP Tour Table × 4'))",
        },
        {
            content: "No quantity summed across different items",
            trigger: ".o_list_view .o_data_row:has(td[name='product_summary']:contains('PP Tour Table × 4')) td[name='product_qty']:empty",
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
            content: "Open the latest run",
            trigger: ".o_list_view .o_data_row:first .o_data_cell",
            run: "click",
        },
        {
            content: "Open its parameters",
            trigger: ".o_notebook .nav-link:contains('Parameters')",
            run: "click",
        },
        {
            content: "The parameters read as labelled values",
            trigger: ".o_pp_parameters th:contains('Grouping')",
        },
        {
            content: "Open the forecasts",
            trigger: "body",
            run() {
                window.location.href = "/odoo/action-production_planning.pp_forecast_action";
            },
            expectUnloadPage: true,
        },
        {
            content: "Open the tour forecast",
            trigger: ".o_list_view .o_data_row:contains('PP Tour Forecast') .o_data_cell",
            run: "click",
        },
        {
            content: "Add periods",
            trigger: ".o_form_view button[name='action_fill_periods']",
            run: "click",
        },
        {
            content: "Choose the number of periods",
            trigger: ".modal .o_field_widget[name='period_count'] input",
            run: "edit 2",
        },
        {
            content: "Choose the item",
            trigger: ".modal .o_field_widget[name='product_ids'] input",
            run: "edit PP Tour Chair",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item:contains('PP Tour Chair')",
            run: "click",
        },
        {
            content: "Add the periods and enter quantities",
            trigger: ".modal button[name='action_fill']",
            run: "click",
        },
        {
            content: "The grid shows the item's group with its periods",
            trigger: ".o_list_view .o_group_name:contains('PP Tour Chair (2)')",
        },
    ],
});
