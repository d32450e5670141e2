# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


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
        """Cancel and remove the documents of the planned orders' release and
        set them back to draft; refused, naming the document, when one of them
        is no longer untouched (then nothing changes)."""
        self.ensure_one()
        if not self.env.user.has_group("production_planning.group_pp_manager"):
            raise AccessError(
                self.env._("Only a Planning Manager restores released planned orders.")
            )
        orders = self.planned_order_ids
        if not orders:
            raise UserError(
                self.env._("Choose the released planned orders to restore.")
            )
        foreign = orders.filtered(lambda order: order.company_id != self.company_id)
        if foreign:
            raise UserError(
                self.env._(
                    "Planned order %(order)s does not belong to %(company)s.",
                    order=foreign[0].display_name,
                    company=self.company_id.display_name,
                )
            )
        orders.with_context(mail_notrack=True)._restore_release()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Restored Planned Orders"),
            "res_model": "pp.planned.order",
            "domain": [("id", "in", orders.ids)],
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "target": "current",
        }
