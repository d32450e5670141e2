# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class PpPlannedOrderRestore(models.TransientModel):
    """Undo the release of planned orders (SPEC §8), all of them or none."""

    _name = "pp.planned.order.restore"
    _description = "Restore Released Planned Orders"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    planned_order_ids = fields.Many2many(
        "pp.planned.order",
        string="Planned Orders",
        check_company=True,
        domain="[('company_id', '=', company_id), ('state', '=', 'released')]",
    )

    @api.model
    def default_get(self, fields_list):
        """The released planned orders selected."""
        values = super().default_get(fields_list)
        context = self.env.context
        if (
            "planned_order_ids" in fields_list
            and context.get("active_model") == "pp.planned.order"
            and context.get("active_ids")
        ):
            orders = self.env["pp.planned.order"].browse(context["active_ids"])
            values["planned_order_ids"] = [
                fields.Command.set(
                    orders.filtered(lambda order: order.state == "released").ids
                )
            ]
        return values

    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = self.env._("Restore Released Planned Orders")

    def action_restore(self):
        """Restore the planned orders in a restoration run: their documents
        are cancelled and removed, they become drafts again; refused, naming
        the document, when one of them is no longer untouched (then nothing
        changes). Tells what was done and opens the run (RPC-callable)."""
        self.ensure_one()
        procedure = self.env["pp.restoration.procedure"]
        run = procedure._run_restoration(
            procedure._get_parameters(
                {
                    "company_id": self.company_id.id,
                    "planned_order_ids": self.planned_order_ids.ids,
                }
            )
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if run.state == "done" else "danger",
                "title": run.name,
                "message": self._get_done_message(run),
                "next": run._get_form_action(),
            },
        }

    def _get_done_message(self, run):
        """What the restoration did, in a sentence."""
        if run.state != "done":
            return self.env._("The restoration failed: %(error)s", error=run.error)
        restored = len(run.released_planned_order_ids)
        if restored == 1:
            message = self.env._("One planned order restored to draft.")
        else:
            message = self.env._(
                "%(count)s planned orders restored to draft.", count=restored
            )
        if run.count_removed:
            message += " " + self.env._(
                "Manufacturing orders and requests for quotation deleted: %(count)s.",
                count=run.count_removed,
            )
        return message
