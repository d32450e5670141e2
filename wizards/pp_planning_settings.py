# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..services.grouping import GROUPINGS, grouping_for


class PpPlanningSettings(models.TransientModel):
    """The planning settings of a company, editable by a Planning Manager.

    Odoo's Settings app needs a system administrator; planning managers keep
    their own defaults here. Every ``pp_*`` field is the company's.
    """

    _name = "pp.planning.settings"
    _description = "Planning Settings"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    pp_default_job_order_type_id = fields.Many2one(
        related="company_id.pp_default_job_order_type_id", readonly=False
    )
    pp_default_job_type = fields.Selection(
        related="company_id.pp_default_job_type", readonly=False
    )
    pp_default_grouping = fields.Selection(
        related="company_id.pp_default_grouping", readonly=False
    )
    pp_allowed_groupings = fields.Char(
        string="Allowed Groupings",
        compute="_compute_pp_allowed_groupings",
        help="The groupings the default job order structure allows, comma separated.",
    )
    pp_planning_horizon_months = fields.Integer(
        related="company_id.pp_planning_horizon_months", readonly=False
    )
    pp_default_direction = fields.Selection(
        related="company_id.pp_default_direction", readonly=False
    )
    pp_default_consider_availability = fields.Boolean(
        related="company_id.pp_default_consider_availability", readonly=False
    )
    pp_default_availability_mode = fields.Selection(
        related="company_id.pp_default_availability_mode", readonly=False
    )
    pp_run_history_days = fields.Integer(
        related="company_id.pp_run_history_days", readonly=False
    )
    pp_release_vendor_fallback = fields.Selection(
        related="company_id.pp_release_vendor_fallback", readonly=False
    )
    pp_release_default_vendor_id = fields.Many2one(
        related="company_id.pp_release_default_vendor_id", readonly=False
    )
    pp_release_merge_days = fields.Integer(
        related="company_id.pp_release_merge_days", readonly=False
    )
    pp_release_round_up = fields.Boolean(
        related="company_id.pp_release_round_up", readonly=False
    )
    pp_release_reuse_rfq = fields.Boolean(
        related="company_id.pp_release_reuse_rfq", readonly=False
    )
    pp_release_group_subcontract = fields.Boolean(
        related="company_id.pp_release_group_subcontract", readonly=False
    )
    pp_release_external_phases = fields.Boolean(
        related="company_id.pp_release_external_phases", readonly=False
    )
    pp_external_service_id = fields.Many2one(
        related="company_id.pp_external_service_id", readonly=False
    )
    pp_flow_generation = fields.Boolean(
        related="company_id.pp_flow_generation", readonly=False
    )
    pp_flow_release = fields.Boolean(
        related="company_id.pp_flow_release", readonly=False
    )
    pp_color_not_examined = fields.Selection(
        related="company_id.pp_color_not_examined", readonly=False
    )
    pp_color_scheduled = fields.Selection(
        related="company_id.pp_color_scheduled", readonly=False
    )
    pp_color_launched = fields.Selection(
        related="company_id.pp_color_launched", readonly=False
    )
    pp_color_executive = fields.Selection(
        related="company_id.pp_color_executive", readonly=False
    )
    pp_color_closed = fields.Selection(
        related="company_id.pp_color_closed", readonly=False
    )
    pp_color_historicized = fields.Selection(
        related="company_id.pp_color_historicized", readonly=False
    )
    pp_color_cancelled = fields.Selection(
        related="company_id.pp_color_cancelled", readonly=False
    )

    @api.depends("pp_default_job_type")
    def _compute_pp_allowed_groupings(self):
        for settings in self:
            settings.pp_allowed_groupings = ",".join(
                GROUPINGS.get(settings.pp_default_job_type, ())
            )

    @api.onchange("pp_default_job_type")
    def _onchange_pp_default_job_type(self):
        self.pp_default_grouping = grouping_for(
            self.pp_default_job_type, self.pp_default_grouping
        )

    @api.model_create_multi
    def create(self, vals_list):
        company_vals = [self._pop_company_vals(vals) for vals in vals_list]
        records = super().create(vals_list)
        for record, vals in zip(records, company_vals, strict=True):
            record._write_company(vals)
        return records

    def write(self, vals):
        company_vals = self._pop_company_vals(vals)
        result = super().write(vals)
        for record in self:
            record._write_company(company_vals)
        return result

    def action_save(self):
        """Close the settings (their values are saved with the record)."""
        return {"type": "ir.actions.act_window_close"}

    @api.model
    def _pop_company_vals(self, vals):
        return {name: vals.pop(name) for name in list(vals) if name.startswith("pp_")}

    def _write_company(self, vals):
        """Write the planning settings on the company, for a Planning Manager.

        Planning Managers have no write access to companies; they may change
        these fields only, of a company they work in. A default grouping the
        default structure does not allow is refused.
        """
        if not vals:
            return
        job_type = vals.get("pp_default_job_type", self.company_id.pp_default_job_type)
        grouping = vals.get("pp_default_grouping", self.company_id.pp_default_grouping)
        if job_type and grouping and grouping != grouping_for(job_type, grouping):
            structures = dict(
                self._fields["pp_default_job_type"]._description_selection(self.env)
            )
            groupings = dict(
                self._fields["pp_default_grouping"]._description_selection(self.env)
            )
            raise ValidationError(
                self.env._(
                    "%(company)s: %(structure)s job orders cannot be grouped "
                    "%(grouping)s.",
                    company=self.company_id.display_name,
                    structure=structures.get(job_type, job_type),
                    grouping=groupings.get(grouping, grouping).lower(),
                )
            )
        if not self.env.user.has_group("production_planning.group_pp_manager"):
            raise AccessError(
                self.env._("Only a Planning Manager changes the planning settings.")
            )
        if self.company_id not in self.env.companies:
            raise AccessError(
                self.env._(
                    "You do not work in %(company)s.",
                    company=self.company_id.display_name,
                )
            )
        self.company_id.sudo().write(vals)
