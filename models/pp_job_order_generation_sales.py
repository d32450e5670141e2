# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import float_compare


class PpJobOrderGenerationSales(models.AbstractModel):
    """Loads the sale order line candidates of the job order generation.

    One candidate per open line of a confirmed sale order whose item generates
    job orders and that has no job order yet (SPEC §5), for the quantity still
    to deliver in the item's unit. The generation procedure
    (``pp.job.order.generation``) nets them with the forecasts and the
    availability afterwards.
    """

    _name = "pp.job.order.generation.sales"
    _description = "Job Order Generation: Sale Order Lines"

    @api.model
    def _prepare_candidates(self, params):
        """One candidate dict per open sale line of an item generating job orders."""
        sale_lines = self.env["sale.order.line"].search(
            self._get_line_domain(params), order="pp_ready_date, id"
        )
        has_project = "project_id" in self.env["sale.order"]._fields
        vals_list = []
        for sale_line in sale_lines:
            remaining = sale_line.product_uom_qty - sale_line.qty_delivered
            if (
                float_compare(
                    remaining, 0.0, precision_rounding=sale_line.product_uom.rounding
                )
                <= 0
            ):
                continue
            product = sale_line.product_id
            qty = sale_line.product_uom._compute_quantity(
                remaining, product.uom_id, raise_if_failure=False
            )
            vals = {
                "source": "sale",
                "selected": True,
                "product_id": product.id,
                "partner_id": sale_line.order_id.partner_id.commercial_partner_id.id,
                "project_id": sale_line.order_id.project_id.id
                if has_project
                else False,
                "warehouse_id": sale_line.order_id.warehouse_id.id,
                "sale_line_id": sale_line.id,
                "date": sale_line.pp_ready_date,
                "demand_qty": qty,
                "product_qty": qty,
            }
            self._apply_missing_date(params, vals, product)
            vals_list.append(vals)
        return vals_list

    @api.model
    def _explain_no_candidates(self, params):
        """Why no sale order line is proposed, for the empty tab."""
        domain = self._get_line_domain(params)
        open_lines = [term for term in domain if term[0] != "pp_job_order_line_ids"]
        covered = self.env["sale.order.line"].search_count(open_lines)
        without_job_order = self.env["sale.order.line"].search_count(domain)
        if without_job_order:
            return self.env._(
                "The %(count)s sale order lines of items that generate job "
                "orders and have no job order yet are fully delivered.",
                count=without_job_order,
            )
        if covered:
            return self.env._(
                "Every open sale order line of items that generate job orders "
                "is already covered by a job order (%(count)s lines).",
                count=covered,
            )
        date_to = params.date_to and fields.Date.to_string(params.date_to)
        return self.env._(
            "No confirmed sale order line of an item that generates job orders "
            "(Planning tab of the item) is due by %(date)s in these sites.",
            date=date_to or self.env._("any date"),
        )

    @api.model
    def _get_line_domain(self, params):
        """Sale order lines that may propose a job order (before their quantity
        still to deliver is known)."""
        domain = [
            ("company_id", "=", params.company.id),
            ("order_id.state", "=", "sale"),
            ("display_type", "=", False),
            ("product_id.pp_generate_job_orders", "=", True),
            ("pp_job_order_line_ids", "not any", [("state", "!=", "cancelled")]),
            ("order_id.warehouse_id", "in", params.warehouses.ids),
        ]
        if params.date_to:
            domain += [
                "|",
                ("pp_ready_date", "=", False),
                ("pp_ready_date", "<=", params.date_to),
            ]
        return domain

    @api.model
    def _apply_missing_date(self, params, vals, product):
        """Date a candidate without ready-goods date as the parameters say."""
        if vals["date"]:
            return
        if params.missing_date_mode == "end_date":
            vals["date"] = params.missing_date
            vals["note"] = self.env._("No date: given ready-goods date used")
        elif params.missing_date_mode == "start_date":
            lead = product._pp_get_lead_time(params.company)
            vals["date_start"] = params.missing_date
            vals["date"] = params.missing_date + timedelta(days=lead)
            vals["note"] = self.env._(
                "No date: given start date plus %(days)s days of lead time used",
                days=lead,
            )
        else:
            vals["selected"] = False
            vals["note"] = self.env._("No ready-goods date: skipped")
