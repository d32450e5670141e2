/** @odoo-module **/
// Copyright 2026 Production Planning contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("production_planning_release", {
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
            content: "Open the planned order of the booster sets themselves",
            trigger: ".o_list_view .o_data_row:contains('Booster Set BS-2') td[name='name']",
            run: "click",
        },
        {
            content: "The draft planned order shows its feasibility",
            trigger: ".o_form_view .o_field_widget[name='feasibility'] .badge",
        },
        {
            content: "Release it",
            trigger: ".o_form_view .o_form_statusbar button[name='action_release']",
            run: "click",
        },
        {
            content: "The release dialog counts one production order",
            trigger: ".modal .o_field_widget[name='count_production']:contains('1')",
        },
        {
            content: "Nothing to buy: no purchase options",
            trigger: ".modal:has(.o_field_widget[name='count_production']):not(:has(.o_field_widget[name='vendor_fallback'], .o_field_widget[name='merge_days'], .o_field_widget[name='external_phases']))",
        },
        {
            content: "Release",
            trigger: ".modal-footer button[name='action_release']",
            run: "click",
        },
        {
            content: "The release run is done",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
        {
            content: "Open the manufacturing order",
            trigger: ".o_form_view button[name='action_view_productions']",
            run: "click",
        },
        {
            content: "The MO of the booster sets is confirmed",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Confirmed')",
        },
        {
            content: "for the booster sets",
            trigger: ".o_form_view .o_field_widget[name='product_id']:contains('BS-2')",
        },
        {
            content: "Back to the planned order",
            trigger: ".o_breadcrumb a:contains('PLO/')",
            run: "click",
        },
        {
            content: "Restore it",
            trigger: ".o_form_view .o_form_statusbar button[name='action_restore']",
            run: "click",
        },
        {
            content: "The restoration dialog has a title",
            trigger: ".modal .modal-title:contains('Restore Released Planned Orders')",
        },
        {
            content: "Restore",
            trigger: ".modal-footer button[name='action_restore']",
            run: "click",
        },
        {
            content: "A notification says what was restored",
            trigger: ".o_notification:contains('One planned order restored to draft')",
        },
        {
            content: "and the restoration run opens, done",
            trigger: ".o_form_view:has(.o_field_widget[name='kind']:contains('Restoration')) .o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
    ],
});
