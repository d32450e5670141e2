# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import date
from typing import Any

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


@dataclass
class ProcedureParameters:
    """The resolved parameters of one run of a procedure.

    Each procedure declares its subclass with one field per parameter, named
    like the fields of its wizard and the keys of ``_default_parameters``;
    records are recordsets, dates ``date`` objects. Fields with a default are
    worked out by the procedure (``_complete_parameters``), never given.
    """

    company: Any  # res.company

    def items(self):
        """``(name, value)`` of every parameter, in their declared order."""
        return [
            (field.name, getattr(self, field.name)) for field in dataclass_fields(self)
        ]


@dataclass
class ProcedureResult:
    """What one run of a procedure did, as its public method returns it.

    Each procedure declares its subclass; :meth:`as_dict` gives the plain
    values (ids, states) an RPC client receives.
    """

    run_id: int
    state: str  # done / failed

    def as_dict(self):
        """The result as plain values."""
        return dict(_items(self))


def _items(instance):
    """``(name, value)`` of every field of a dataclass instance, in order
    (values as they are: recordsets are not copied)."""
    return [
        (field.name, getattr(instance, field.name))
        for field in dataclass_fields(instance)
    ]


class PpPlanningProcedure(models.AbstractModel):
    """What every planning procedure shares: its parameters.

    A procedure declares its parameters as a :class:`ProcedureParameters`
    dataclass (``_parameters_class``) and their company defaults in
    ``_default_parameters``; ``_record_parameters`` maps those holding records
    to their model, ``_date_parameters`` names those holding dates. Plain values
    (ids, ISO dates) from RPC, cron or a wizard are resolved here, unknown names
    refused, then checked by the procedure's ``_check_parameters``.
    """

    _name = "pp.planning.procedure"
    _description = "Planning Procedure"

    _parameters_class = ProcedureParameters
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
        """Resolve plain parameter values (ids, ISO dates) into the
        procedure's :class:`ProcedureParameters`.

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
        resolved = {}
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
            resolved[name] = value
        params = self._parameters_class(company=company, **resolved)
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
    def _prepare_job_parameters(self, params):
        """Plain values of ``params`` that :meth:`_get_parameters` reads back
        (what a queued run is started with)."""
        values = {"company_id": params.company.id}
        for name in self._default_parameters(params.company):
            value = getattr(params, name)
            if name in self._record_parameters:
                value = value.ids
            elif isinstance(value, date):
                value = fields.Date.to_string(value)
            values[name] = value
        return values

    @api.model
    def _prepare_run_parameters(self, params):
        """The parameters as kept on the run: plain values, records by their names."""
        values = {}
        for name, value in params.items():
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
