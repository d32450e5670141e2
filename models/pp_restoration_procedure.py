# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dataclasses import dataclass
from typing import Any

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .pp_planning_procedure import ProcedureParameters, ProcedureResult


@dataclass
class RestorationParameters(ProcedureParameters):
    """Restoration parameters (SPEC §8): the released planned orders."""

    planned_order_ids: Any  # pp.planned.order


@dataclass
class RestorationResult(ProcedureResult):
    """What a restoration run did (ids and counts)."""

    planned_order_ids: list  # restored
    purchase_ids: list  # RFQs that stay, changed
    count_removed: int

    @classmethod
    def from_run(cls, run):
        """The result of the restoration ``run``."""
        return cls(
            run_id=run.id,
            state=run.state,
            planned_order_ids=run.released_planned_order_ids.ids,
            purchase_ids=run.purchase_ids.ids,
            count_removed=run.count_removed,
        )


class PpRestorationProcedure(models.AbstractModel):
    """Restoration of released planned orders (SPEC §8), callable without a
    wizard.

    Undoes a release while its documents are untouched (see
    ``pp.planned.order._restore_release``), all of the planned orders or none,
    in one restoration run that logs what each one gave back.
    """

    _name = "pp.restoration.procedure"
    _inherit = "pp.planning.procedure"
    _description = "Restoration Procedure"
    _parameters_class = RestorationParameters
    _record_parameters = {"planned_order_ids": "pp.planned.order"}

    @api.model
    def _default_parameters(self, company):
        """The only parameter: the released planned orders to restore."""
        return {"planned_order_ids": []}

    @api.model
    def _procedure_label(self):
        return self.env._("restoration")

    @api.model
    def _check_rights(self):
        """Only a Planning Manager restores (the documents are deleted)."""
        if not self.env.su and not self.env.user.has_group(
            "production_planning.group_pp_manager"
        ):
            raise AccessError(
                self.env._("Only a Planning Manager restores released planned orders.")
            )

    @api.model
    def _check_parameters(self, params):
        """Refuse a restoration without planned orders or across companies."""
        orders = params.planned_order_ids
        if not orders:
            raise UserError(
                self.env._("Choose the released planned orders to restore.")
            )
        foreign = orders.filtered(lambda order: order.company_id != params.company)
        if foreign:
            raise UserError(
                self.env._(
                    "Planned order %(order)s does not belong to %(company)s.",
                    order=foreign[0].display_name,
                    company=params.company.display_name,
                )
            )

    @api.model
    def restore(self, parameters=None):
        """Restore released planned orders: their documents are removed and
        they become drafts again, or, when one document was worked on, the
        whole restoration is refused naming it (then nothing changes).

        ``parameters``: ``{"planned_order_ids": [...]}`` (required) and
        optionally ``company_id``.

        :return: ``{"run_id", "state", "planned_order_ids" (restored),
            "purchase_ids" (RFQs that stay, changed), "count_removed"}``
        """
        procedure = self._in_user_language()
        run = procedure._run_restoration(procedure._get_parameters(parameters))
        return RestorationResult.from_run(run).as_dict()

    @api.model
    def _run_restoration(self, params):
        """Restore ``params.planned_order_ids`` inside a restoration run."""
        self._check_rights()
        procedure = self.with_company(params.company).with_context(mail_notrack=True)
        return self.env["pp.planning.run"]._run_procedure(
            "restoration",
            self._prepare_run_parameters(params),
            lambda run, logger: procedure._restore(params, logger),
            company=params.company,
        )

    def _restore(self, params, logger):
        orders = params.planned_order_ids.with_company(params.company)
        done = orders._restore_release(logger=logger)
        logger.record(
            {
                "count_removed": done["removed"],
                "count_updated": len(done["changed"]),
                "job_order_ids": [fields.Command.set(orders.job_order_id.ids)],
                "purchase_ids": [fields.Command.set(done["changed"].ids)],
                "released_planned_order_ids": [fields.Command.set(orders.ids)],
            }
        )
