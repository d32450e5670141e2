/** @odoo-module **/
/* Copyright 2026 Production Planning contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
/**
 * Planning timelines (class ``o_pp_timeline`` on the <timeline> element): bars
 * keep their place in their row from one reload to the next (by start, then
 * id) and the "UNASSIGNED" row shows only when a bar has no row. With class
 * ``o_pp_timeline_fixed_rows`` the rows are what a bar belongs to (its job
 * order): a drag moves a bar in time only, never to another row. Days the
 * company's calendar never works (weekends) are left out of the time axis.
 */
import {patch} from "@web/core/utils/patch";
import {TimelineController} from "@web_timeline/views/timeline/timeline_controller.esm";
import {TimelineRenderer} from "@web_timeline/views/timeline/timeline_renderer.esm";

function isPlanningTimeline(params) {
    return Boolean(params && params.class && params.class.startsWith("o_pp_timeline"));
}

function hasFixedRows(params) {
    return isPlanningTimeline(params) && params.class.endsWith("_fixed_rows");
}

patch(TimelineRenderer.prototype, {
    init_timeline() {
        super.init_timeline(...arguments);
        if (!isPlanningTimeline(this.params) || !this.timeline) {
            return;
        }
        const options = {order: (a, b) => a.start - b.start || a.id - b.id};
        if (hasFixedRows(this.params)) {
            options.editable = {...this.options.editable, updateGroup: false};
        }
        this.timeline.setOptions(options);
        this.orm
            .call("pp.planned.order", "get_timeline_hidden_weekdays", [])
            .then((weekdays) => {
                if (!weekdays.length || !this.timeline) {
                    return;
                }
                // 2024-01-01 is a Monday: one weekly span (local time) per day off.
                const monday = luxon.DateTime.fromISO("2024-01-01T00:00:00");
                const format = (day) => day.toFormat("yyyy-MM-dd HH:mm:ss");
                const hiddenDates = weekdays.map((weekday) => ({
                    start: format(monday.plus({days: weekday})),
                    end: format(monday.plus({days: weekday + 1})),
                    repeat: "weekly",
                }));
                this.timeline.setOptions({hiddenDates});
            });
    },
    async split_groups(records) {
        const groups = await super.split_groups(...arguments);
        if (!isPlanningTimeline(this.params) || !this.model.last_group_bys.length) {
            return groups;
        }
        const field = this.model.last_group_bys[0];
        const unassigned = records.some((record) => !record[field]);
        return unassigned ? groups : groups.filter((group) => group.id !== -1);
    },
});

patch(TimelineController.prototype, {
    async internalMove() {
        if (hasFixedRows(this.model.params)) {
            const field = this.model.last_group_bys[0];
            for (const move of this.moveQueue) {
                delete move.data[field];
            }
        }
        return super.internalMove(...arguments);
    },
});
