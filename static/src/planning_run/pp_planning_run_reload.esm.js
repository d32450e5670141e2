/** @odoo-module **/
/* Copyright 2026 Production Planning contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
/**
 * A planning run's form and the list of runs reload when a background run
 * ends. The server sends the run's user the bus message
 * ``pp_planning_run_ended`` (``{run_id, state}``) once the run's transaction is
 * committed (``pp.planning.run._notify_end``), beside the "finished"
 * notification: the screen then shows the run done (or failed), its counts and
 * its log, not "Running 1 %".
 */
import {onMounted, onWillUnmount} from "@odoo/owl";
import {FormController} from "@web/views/form/form_controller";
import {ListController} from "@web/views/list/list_controller";
import {patch} from "@web/core/utils/patch";
import {useService} from "@web/core/utils/hooks";

export const RUN_MODEL = "pp.planning.run";
export const RUN_ENDED = "pp_planning_run_ended";

/**
 * Reload the view's model when a run it shows ends.
 *
 * @param {Function} shows called with the id of the run that ended: whether
 *     the view shows it (and may reload now)
 * @param {Function} reload reloads the view
 */
export function useRunEndedReload(shows, reload) {
    const busService = useService("bus_service");
    const onRunEnded = async ({run_id: runId}) => {
        if (shows(runId)) {
            await reload();
        }
    };
    onMounted(() => busService.subscribe(RUN_ENDED, onRunEnded));
    onWillUnmount(() => busService.unsubscribe(RUN_ENDED, onRunEnded));
}

patch(FormController.prototype, {
    setup() {
        super.setup(...arguments);
        if (this.props.resModel === RUN_MODEL) {
            useRunEndedReload(
                (runId) => this.model.root.resId === runId && !this.model.root.dirty,
                () => this.model.load()
            );
        }
    },
});

patch(ListController.prototype, {
    setup() {
        super.setup(...arguments);
        if (this.props.resModel === RUN_MODEL) {
            // A run that ends may be on the page or change the counts of a group;
            // not while the user has selected runs to act on.
            useRunEndedReload(
                () => !this.model.root.selection.length,
                () => this.model.load()
            );
        }
    },
});
