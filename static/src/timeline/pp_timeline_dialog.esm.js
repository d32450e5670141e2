/** @odoo-module **/
/* Copyright 2026 Production Planning contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
/**
 * The dialogs a planning timeline (class ``o_pp_timeline*``) opens have a
 * title, as Odoo's calendar gives its own: "Open: PLO/2026/00007" for a bar,
 * "Create Planned Orders" for a double tap on the background, never the
 * dialog's default title "Odoo".
 */
import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";
import {FormViewDialog} from "@web/views/view_dialogs/form_view_dialog";
import {TimelineController} from "@web_timeline/views/timeline/timeline_controller.esm";

patch(TimelineController.prototype, {
    setup() {
        super.setup(...arguments);
        const params = this.props.modelParams;
        if (!params || !params.class || !params.class.startsWith("o_pp_timeline")) {
            return;
        }
        // The original methods add the dialogs: give them their title there.
        const dialogService = this.dialogService;
        this.dialogService = Object.create(dialogService, {
            add: {
                value: (Component, props, options) =>
                    dialogService.add(
                        Component,
                        Component === FormViewDialog && !props.title
                            ? {...props, title: this._getPlanningDialogTitle(props.resId)}
                            : props,
                        options
                    ),
            },
        });
    },

    /**
     * @param {Number|false} resId the record the dialog opens, none to create one
     * @returns {String}
     */
    _getPlanningDialogTitle(resId) {
        const actionName = this.env.config.getDisplayName();
        if (!resId) {
            return _t("Create %s", actionName);
        }
        const record = (this.model.data || []).find((item) => item.id === resId);
        const name = record && (record.display_name || record.name);
        return name ? _t("Open: %s", name) : actionName;
    },
});
