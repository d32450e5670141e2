/** @odoo-module **/
/* Copyright 2026 Production Planning contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
/**
 * A selection field offering only some of its values: those listed, comma
 * separated, in another field of the record, which the view holds too
 * (``options="{'allowed_field': 'name'}"``), computed on the server from the
 * same rule its checks use. The current value stays shown even when it is not
 * allowed.
 *
 *     <field name="allowed_groupings" invisible="1"/>
 *     <field name="grouping" widget="pp_allowed_selection"
 *            options="{'allowed_field': 'allowed_groupings'}"/>
 */
import {SelectionField, selectionField} from "@web/views/fields/selection/selection_field";
import {registry} from "@web/core/registry";

export class PpAllowedSelectionField extends SelectionField {
    static props = {
        ...SelectionField.props,
        allowedField: {type: String},
    };

    get options() {
        const data = this.props.record.data;
        const allowed = (data[this.props.allowedField] || "").split(",");
        const current = data[this.props.name];
        return super.options.filter(
            ([value]) => allowed.includes(value) || value === current
        );
    }
}

export const ppAllowedSelectionField = {
    ...selectionField,
    component: PpAllowedSelectionField,
    supportedTypes: ["selection"],
    extractProps(fieldInfo, dynamicInfo) {
        return {
            ...selectionField.extractProps(fieldInfo, dynamicInfo),
            allowedField: fieldInfo.options.allowed_field,
        };
    },
};

registry.category("fields").add("pp_allowed_selection", ppAllowedSelectionField);
