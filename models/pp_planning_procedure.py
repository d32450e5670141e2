# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date
from types import SimpleNamespace

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class PpPlanningProcedure(models.AbstractModel):
    """What every planning procedure shares: its parameters.

    A procedure lists its parameters with their company defaults in
    ``_default_parameters``; ``_record_parameters`` maps those holding records
    to their model, ``_date_parameters`` names those holding dates. Plain values
    (ids, ISO dates) from RPC, cron or a wizard are resolved here, unknown names
    refused, then checked by the procedure's ``_check_parameters``.
    """

    _name = "pp.planning.procedure"
    _description = "Planning Procedure"

    # Tables the procedure writes with SQL (COPY), by model: their create
    # rights are checked before anything is written.
    _written_models = ()
    _record_parameters = {}
    _date_parameters = ()
    # Parameters kept off the run (worked out, not given).
    _internal_parameters = ()

    @api.model
    def _default_parameters(self, company):
        """Default value of every parameter for ``company`` (plain values)."""
        return {}

    @api.model
    def _in_user_language(self):
        """The procedure in its user's language when the caller gave none
        (XML-RPC, scheduled actions, queue jobs): the run's log is written in
        the language of the user who runs it, who reads it."""
        if self.env.context.get("lang") or not self.env.user.lang:
            return self
        return self.with_context(lang=self.env.user.lang)

    @api.model
    def _procedure_label(self):
        """The procedure's name in messages."""
        return self._description

    @api.model
    def _get_parameters(self, values=None):
        """Resolve plain parameter values (ids, ISO dates) into parameters.

        Missing values take the company's defaults (``company_id``, else the
        user's current company); unknown names are refused.
        """
        values = dict(values or {})
        company = self.env["res.company"].browse(
            values.pop("company_id", False) or self.env.company.id
        )
        defaults = self._default_parameters(company)
        unknown = sorted(set(values) - set(defaults))
        if unknown:
            raise UserError(
                self.env._(
                    "Unknown %(procedure)s parameter(s): %(names)s.",
                    procedure=self._procedure_label(),
                    names=", ".join(unknown),
                )
            )
        params = SimpleNamespace(company=company)
        for name, default in defaults.items():
            value = values.get(name, default)
            if name in self._record_parameters:
                ids = value if isinstance(value, list | tuple) else [value]
                # Each record once, however often it is given.
                value = self.env[self._record_parameters[name]].browse(
                    list(dict.fromkeys(record_id for record_id in ids if record_id))
                )
            elif name in self._date_parameters:
                value = fields.Date.to_date(value) or False
            setattr(params, name, value)
        self._complete_parameters(params)
        self._check_parameters(params)
        return params

    @api.model
    def _complete_parameters(self, params):
        """Work out what the given parameters leave open (hook)."""

    @api.model
    def _check_parameters(self, params):
        """Refuse parameters that cannot give a meaningful run (hook)."""

    @api.model
    def _prepare_run_parameters(self, params):
        """The parameters as kept on the run: plain values, records by their names."""
        values = {}
        for name, value in vars(params).items():
            if name == "company" or name in self._internal_parameters:
                continue
            if name in self._record_parameters:
                value = ", ".join(value.mapped("display_name"))
            elif isinstance(value, date):
                value = fields.Date.to_string(value)
            elif isinstance(value, list | tuple):
                value = ", ".join(str(item) for item in value)
            values[name] = value
        return values

    @api.model
    def _check_rights(self):
        """Refuse, before anything is written, a user who is no Planning User
        or may not create the records the procedure writes (its SQL writer
        bypasses access rights, so they are checked here)."""
        if not self.env.su and not self.env.user.has_group(
            "production_planning.group_pp_user"
        ):
            raise AccessError(
                self.env._(
                    "Only a Planning User runs the %(procedure)s (%(user)s is not "
                    "one).",
                    procedure=self._procedure_label(),
                    user=self.env.user.display_name,
                )
            )
        for model in self._written_models:
            self.env[model].check_access("create")
