# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round

from ..services.lots import format_qty
from .pp_planning_procedure import ProcedureParameters, ProcedureResult

RECORD_PARAMETERS = {
    "planned_order_ids": "pp.planned.order",
    "default_vendor_id": "res.partner",
}
VENDOR_FALLBACKS = ("refuse", "skip", "default")


@dataclass
class ReleaseParameters(ProcedureParameters):
    """Release parameters (SPEC §8); see the release wizard."""

    planned_order_ids: Any  # pp.planned.order
    vendor_fallback: str  # refuse / skip / default
    default_vendor_id: Any  # res.partner
    merge_days: int
    round_up: bool
    reuse_rfq: bool
    group_subcontract: bool
    external_phases: bool


@dataclass
class ReleaseResult(ProcedureResult):
    """What a release run did (ids)."""

    planned_order_ids: list  # released
    skipped_planned_order_ids: list
    production_ids: list
    purchase_ids: list

    @classmethod
    def from_run(cls, run, planned_orders):
        """The result of the release ``run`` of ``planned_orders``."""
        return cls(
            run_id=run.id,
            state=run.state,
            planned_order_ids=run.released_planned_order_ids.ids,
            skipped_planned_order_ids=(
                planned_orders - run.released_planned_order_ids
            ).ids,
            production_ids=run.production_ids.ids,
            purchase_ids=run.purchase_ids.ids,
        )


class PpReleaseProcedure(models.AbstractModel):
    """Release of planned orders (SPEC §8), callable without a wizard.

    Production planned orders become confirmed manufacturing orders, purchase
    ones request for quotation lines grouped per vendor, subcontract ones
    purchase orders to the subcontractor (``mrp_subcontracting`` makes the
    subcontract MO and its resupply when the order is confirmed). Everything
    happens in one release run: it completes, or writes nothing.
    """

    _name = "pp.release.procedure"
    _inherit = "pp.planning.procedure"
    _description = "Release Procedure"
    _parameters_class = ReleaseParameters
    _record_parameters = RECORD_PARAMETERS
    # Manufacturing orders through the ORM, as the planner; RFQs as superuser.
    _written_models = ("mrp.production",)

    # ------------------------------------------------------------------
    # Parameters
    # ------------------------------------------------------------------
    @api.model
    def _default_parameters(self, company):
        """Default value of every parameter: the company's release defaults."""
        return {
            "planned_order_ids": [],
            "vendor_fallback": company.pp_release_vendor_fallback or "refuse",
            "default_vendor_id": company.pp_release_default_vendor_id.id,
            "merge_days": company.pp_release_merge_days,
            "round_up": company.pp_release_round_up,
            "reuse_rfq": company.pp_release_reuse_rfq,
            "group_subcontract": company.pp_release_group_subcontract,
            "external_phases": company.pp_release_external_phases,
        }

    @api.model
    def _procedure_label(self):
        return self.env._("release")

    @api.model
    def _check_parameters(self, params):
        """Refuse a release that cannot be made as asked, naming the record."""
        company = params.company
        orders = params.planned_order_ids
        if not orders:
            raise UserError(self.env._("Choose the planned orders to release."))
        foreign = orders.filtered(lambda order: order.company_id != company)
        if foreign:
            raise UserError(
                self.env._(
                    "Planned order %(order)s does not belong to %(company)s.",
                    order=foreign[0].display_name,
                    company=company.display_name,
                )
            )
        not_draft = orders.filtered(lambda order: order.state != "draft")
        if not_draft:
            raise UserError(
                self.env._(
                    "Planned order %(order)s is %(state)s: only draft planned "
                    "orders are released.",
                    order=not_draft[0].display_name,
                    state=dict(
                        not_draft._fields["state"]._description_selection(self.env)
                    )[not_draft[0].state],
                )
            )
        if params.vendor_fallback not in VENDOR_FALLBACKS:
            raise UserError(
                self.env._(
                    "Release parameter vendor_fallback must be one of %(allowed)s, "
                    "not %(value)s.",
                    allowed=", ".join(VENDOR_FALLBACKS),
                    value=params.vendor_fallback,
                )
            )
        if params.vendor_fallback == "default" and not params.default_vendor_id:
            raise UserError(
                self.env._("Choose the default vendor for planned orders without one.")
            )
        if params.merge_days < 0:
            raise UserError(self.env._("Merging days cannot be negative."))
        if params.external_phases and not company.pp_external_service_id:
            raise UserError(
                self.env._(
                    "Set the external processing service in the planning settings "
                    "of %(company)s to purchase external phases.",
                    company=company.display_name,
                )
            )

    # ------------------------------------------------------------------
    # Public procedure
    # ------------------------------------------------------------------
    @api.model
    def release(self, parameters=None):
        """Release planned orders into MOs, RFQs and subcontract orders.

        ``parameters`` is a dict of plain values named like the fields of the
        release wizard: ``planned_order_ids`` (required), ``vendor_fallback``
        (``refuse`` / ``skip`` / ``default``), ``default_vendor_id``,
        ``merge_days``, ``round_up``, ``reuse_rfq``, ``group_subcontract``,
        ``external_phases``; missing ones take the company's release defaults.

        :return: ``{"run_id", "state", "planned_order_ids" (released),
            "skipped_planned_order_ids", "production_ids", "purchase_ids"}``
        """
        procedure = self._in_user_language()
        params = procedure._get_parameters(parameters)
        run = procedure._run_release(params)
        return ReleaseResult.from_run(run, params.planned_order_ids).as_dict()

    @api.model
    def _run_release(self, params, run=None):
        """Release ``params.planned_order_ids`` inside a release run; return it.

        ``run`` is a queued run to execute (background), else a run is created.
        """
        self._check_rights()
        procedure = self.with_company(params.company).with_context(mail_notrack=True)
        return self.env["pp.planning.run"]._run_procedure(
            "release",
            self._prepare_run_parameters(params),
            lambda run, logger: procedure._release(params, run, logger),
            company=params.company,
            run=run,
        )

    @api.model
    def _enqueue_release(self, parameters):
        """Start a release in the background; return the queued run.

        ``parameters`` are plain values as :meth:`release` takes them. They are
        checked now, and so are the vendors when planned orders without one are
        refused: what would refuse the release is said before anything is
        queued; the run then shows its progress and tells when it has ended.
        """
        self._check_rights()
        params = self._get_parameters(parameters)
        if params.vendor_fallback == "refuse":
            for order in params.planned_order_ids.filtered(
                lambda o: o.order_type != "production"
            ):
                self._get_vendor(params, order)
        return self.env["pp.planning.run"]._enqueue(
            "release",
            self._prepare_run_parameters(params),
            self._prepare_job_parameters(params),
            company=params.company,
        )

    @api.model
    def _run_release_queued(self, parameters, run):
        """Queue job entry point: release with plain ``parameters`` in ``run``."""
        return self._run_release(self._get_parameters(parameters), run=run)

    # ------------------------------------------------------------------
    # The run
    # ------------------------------------------------------------------
    def _release(self, params, run, logger):
        # Nobody else releases these planned orders meanwhile.
        params.planned_order_ids._lock_for_update()
        orders = params.planned_order_ids.with_company(params.company)
        productions_orders = orders.filtered(lambda o: o.order_type == "production")
        productions = productions_orders._release_productions()
        for order, production in zip(productions_orders, productions, strict=True):
            logger.info(
                self.env._(
                    "%(order)s released into manufacturing order %(mo)s.",
                    order=order.name,
                    mo=production.name,
                ),
                product=order.product_id,
                job_order=order.job_order_id,
                document=production,
            )
        buying = orders - productions_orders
        created, reused, skipped = self._release_purchases(params, buying, logger)
        if params.external_phases and productions_orders:
            more, more_reused = self._release_external_phases(
                params, productions_orders, logger
            )
            created |= more
            reused |= more_reused - created
        purchases = created | reused
        released = orders - skipped
        logger.record(
            {
                "count_created": len(productions) + len(created),
                "count_updated": len(reused),
                "count_skipped": len(skipped),
                "job_order_ids": [fields.Command.set(released.job_order_id.ids)],
                "production_ids": [fields.Command.set(productions.ids)],
                "purchase_ids": [fields.Command.set(purchases.ids)],
                "released_planned_order_ids": [fields.Command.set(released.ids)],
            }
        )

    def _release_purchases(self, params, orders, logger):
        """Release purchase and subcontract planned orders into RFQ lines.

        RFQs are written as superuser (like Odoo's buy rule): a Planning User
        releases without purchase rights; what is written was checked here.

        :return: (purchase orders created, open RFQs added to, planned orders
            skipped for want of a vendor)
        """
        PurchaseOrder = self.env["purchase.order"].sudo()
        skipped = orders.browse()
        groups = defaultdict(orders.browse)
        for order in orders:
            vendor = self._get_vendor(params, order)
            if not vendor:
                skipped |= order
                logger.warning(
                    self.env._(
                        "%(order)s not released: %(item)s has no vendor.",
                        order=order.name,
                        item=order.product_id.display_name,
                    ),
                    product=order.product_id,
                    job_order=order.job_order_id,
                    document=order,
                )
                continue
            picking_type = order._get_receipt_type()
            separate = (
                order.order_type == "subcontract" and not params.group_subcontract
            )
            key = (vendor, picking_type, order.id if separate else 0)
            groups[key] |= order
        created = reused = PurchaseOrder
        lines_vals = []
        line_orders = []
        for (vendor, picking_type, _separate), group in groups.items():
            purchase_vals = self._prepare_purchase_vals(
                params, vendor, picking_type, group
            )
            purchase = self._find_open_rfq(params, purchase_vals, group)
            if purchase:
                reused |= purchase
                purchase.origin = _join(
                    (purchase.origin or "").split(", ") + group._get_origins()
                )
            else:
                purchase = PurchaseOrder.create(purchase_vals)
                created |= purchase
            for cluster in self._merge(params, group):
                lines_vals.append(
                    self._prepare_purchase_line_vals(params, purchase, vendor, cluster)
                )
                line_orders.append(cluster)
        lines = self.env["purchase.order.line"].sudo().create(lines_vals)
        for line, cluster, vals in zip(lines, line_orders, lines_vals, strict=True):
            if "name" not in vals:  # described by the line: name the orders too
                line.name = line._pp_prepare_name(cluster, line.name)
            cluster._write_release({"state": "released", "purchase_line_id": line.id})
            for order in cluster:
                values = {
                    "order": order.name,
                    "po": line.order_id.name,
                    "qty": format_qty(line.product_qty),
                    "unit": line.product_uom.name,
                    "item": line.product_id.display_name,
                    "vendor": line.partner_id.display_name,
                }
                if len(cluster) == 1:
                    message = self.env._(
                        "%(order)s released into %(po)s: %(qty)s %(unit)s of "
                        "%(item)s from %(vendor)s.",
                        **values,
                    )
                else:
                    message = self.env._(
                        "%(order)s released into %(po)s, on one line with "
                        "%(others)s: %(qty)s %(unit)s of %(item)s from %(vendor)s.",
                        others=", ".join((cluster - order).mapped("name")),
                        **values,
                    )
                logger.info(
                    message,
                    product=order.product_id,
                    job_order=order.job_order_id,
                    document=line.order_id,
                )
        return created, reused, skipped

    def _get_vendor(self, params, order):
        """The vendor of a planned order, else the fallback's (or refuse)."""
        vendor = order._get_release_vendor()
        if vendor:
            return vendor
        if params.vendor_fallback == "skip":
            return self.env["res.partner"]
        if params.vendor_fallback == "default" and (
            order.order_type != "subcontract"
            or order._get_subcontract_bom(params.default_vendor_id)
        ):
            return params.default_vendor_id
        if order.order_type == "subcontract":
            raise UserError(
                self.env._(
                    "Planned order %(order)s: no subcontractor has a subcontracting "
                    "bill of materials of %(item)s.",
                    order=order.display_name,
                    item=order.product_id.display_name,
                )
            )
        raise UserError(
            self.env._(
                "Planned order %(order)s: %(item)s has no vendor. Give the item a "
                "vendor, or release with a default vendor or skipping such orders.",
                order=order.display_name,
                item=order.product_id.display_name,
            )
        )

    def _find_open_rfq(self, params, vals, orders):
        """A draft RFQ to add to, when the release reuses them.

        The one Odoo's buy rule would add to (``_make_po_get_domain``): still
        a draft (a sent RFQ is the vendor's already), of the vendor, receipt
        type, company, buyer and currency the new RFQ (``vals``) would get,
        delivered to the company (no dropship address).
        """
        if not params.reuse_rfq or (
            orders[:1].order_type == "subcontract" and not params.group_subcontract
        ):
            return self.env["purchase.order"].sudo()
        return (
            self.env["purchase.order"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", vals["partner_id"]),
                    ("state", "=", "draft"),
                    ("picking_type_id", "=", vals["picking_type_id"]),
                    ("company_id", "=", vals["company_id"]),
                    ("user_id", "=", vals["user_id"]),
                    ("currency_id", "=", vals["currency_id"]),
                    ("dest_address_id", "=", False),
                ],
                order="id",
                limit=1,
            )
        )

    def _prepare_purchase_vals(
        self, params, vendor, picking_type, orders, product=None
    ):
        """Values of a new RFQ, as Odoo's buy rule prepares them (currency of
        the vendor's price list of ``product``, default the orders' item)."""
        company = params.company
        partner = vendor.with_company(company)
        product = (product or orders[:1].product_id).with_company(company)
        seller = product._select_seller(partner_id=vendor)
        return {
            "partner_id": vendor.id,
            "user_id": vendor.buyer_id.id,
            "picking_type_id": picking_type.id,
            "company_id": company.id,
            "currency_id": seller.currency_id.id
            or partner.property_purchase_currency_id.id
            or company.currency_id.id,
            "origin": _join(orders._get_origins()),
            "payment_term_id": partner.property_supplier_payment_term_id.id,
            "date_order": min(orders.mapped("date_start")),
            "fiscal_position_id": self.env["account.fiscal.position"]
            .with_company(company)
            ._get_fiscal_position(vendor)
            .id,
        }

    def _merge(self, params, orders):
        """Planned orders of the same item whose ends fall within the merging
        days of the first one go on one line; each cluster in date order."""
        clusters = []
        position = self.env["pp.stock.position"]
        day = {
            order: position._local_day(params.company, order.date_end)
            for order in orders
        }
        by_item = defaultdict(orders.browse)
        for order in orders.sorted(lambda o: (o.date_end, o.id)):
            by_item[order.product_id] |= order
        for item_orders in by_item.values():
            cluster = orders.browse()
            for order in item_orders:
                if (
                    cluster
                    and order.order_type == "purchase"
                    and params.merge_days
                    and (day[order] - day[cluster[0]]).days <= params.merge_days
                ):
                    cluster |= order
                    continue
                if cluster:
                    clusters.append(cluster)
                cluster = order
            clusters.append(cluster)
        return clusters

    def _prepare_purchase_line_vals(self, params, purchase, vendor, orders):
        """Values of the RFQ line of planned orders of one item (merged).

        Price and discount come from the vendor's supplier info for the
        quantity (``_prepare_purchase_order_line``); the date is the first
        planned order's end (its ETA).
        """
        product = orders[:1].product_id.with_company(params.company)
        qty = sum(
            order.product_uom_id._compute_quantity(order.product_qty, product.uom_id)
            for order in orders
        )
        purchase_uom = product.uom_po_id
        qty = product.uom_id._compute_quantity(qty, purchase_uom)
        if params.round_up:
            qty = float_round(qty, precision_rounding=1.0, rounding_method="UP")
        seller = product._select_seller(
            partner_id=vendor,
            quantity=qty,
            date=self.env["pp.stock.position"]._local_day(
                params.company, min(orders.mapped("date_start"))
            ),
            uom_id=purchase_uom,
        )
        vals = self._prepare_line_vals(params, purchase, product, qty, seller)
        if vals.get("name"):
            # Without it, the line describes the item itself (then see
            # _release_purchases).
            vals["name"] = self.env["purchase.order.line"]._pp_prepare_name(
                orders, vals["name"]
            )
        vals.update(
            date_planned=min(orders.mapped("date_end")),
            pp_job_order_id=orders.job_order_id[:1].id,
        )
        return vals

    def _prepare_line_vals(self, params, purchase, product, qty, seller):
        """RFQ line values of ``qty`` (purchase unit) of ``product``.

        With a price list entry of the RFQ's vendor, Odoo's own
        ``_prepare_purchase_order_line``; without one, price, discount and
        description are left to the line's computation (standard price), as
        when a buyer adds the item by hand; never another vendor's price.
        """
        vals = self.env["purchase.order.line"]._prepare_purchase_order_line(
            product, qty, product.uom_po_id, params.company, seller, purchase
        )
        if not seller:
            for name in ("price_unit", "discount", "name"):
                vals.pop(name, None)
        return vals

    def _service_quantity(self, order, service):
        """How much external processing service a production order buys: one
        service unit per unit made (converted when both units are of a kind)."""
        qty = order.product_qty
        unit = order.product_uom_id
        if unit.category_id == service.uom_po_id.category_id:
            return unit._compute_quantity(qty, service.uom_po_id)
        return unit._compute_quantity(qty, order.product_id.uom_id)

    def _release_external_phases(self, params, orders, logger):
        """Ask the partners of the released orders' external phases for a quote.

        One line of the company's external processing service per phase, for
        the order's quantity, due at the phase's end; grouped per partner.

        :return: (purchase orders created, open RFQs added to)
        """
        company = params.company
        service = company.pp_external_service_id.with_company(company)
        phases = orders.operation_ids.filtered(
            lambda phase: phase.is_external and phase.partner_id
        )
        created = reused = self.env["purchase.order"].sudo()
        groups = defaultdict(phases.browse)
        for phase in phases:
            picking_type = phase.planned_order_id._get_receipt_type()
            groups[phase.partner_id, picking_type] |= phase
        lines_vals = []
        for (partner, picking_type), group_phases in groups.items():
            planned = group_phases.planned_order_id
            purchase_vals = self._prepare_purchase_vals(
                params, partner, picking_type, planned, product=service
            )
            purchase = self._find_open_rfq(params, purchase_vals, planned)
            if purchase:
                reused |= purchase
            else:
                purchase = created.create(purchase_vals)
                created |= purchase
            for phase in group_phases:
                order = phase.planned_order_id
                qty = self._service_quantity(order, service)
                seller = service._select_seller(
                    partner_id=partner, quantity=qty, uom_id=service.uom_po_id
                )
                vals = self._prepare_line_vals(params, purchase, service, qty, seller)
                vals.update(
                    name=self.env._(
                        "%(mo)s - %(phase)s: %(qty)s %(unit)s of %(item)s",
                        mo=order.production_id.name,
                        phase=phase.name,
                        qty=format_qty(qty),
                        unit=order.product_id.uom_id.name,
                        item=order.product_id.display_name,
                    ),
                    date_planned=phase.date_end or order.date_end,
                    pp_job_order_id=order.job_order_id.id,
                    pp_external_planned_order_id=order.id,
                    pp_external_phase_id=phase.id,
                )
                lines_vals.append(vals)
        lines = self.env["purchase.order.line"].sudo().create(lines_vals)
        for line in lines:
            order = line.pp_external_planned_order_id
            logger.info(
                self.env._(
                    "External phase %(phase)s of %(order)s asked of %(partner)s "
                    "in %(po)s.",
                    phase=line.pp_external_phase_id.name,
                    order=order.name,
                    partner=line.partner_id.display_name,
                    po=line.order_id.name,
                ),
                product=order.product_id,
                job_order=order.job_order_id,
                document=line.order_id,
            )
        return created, reused


def _join(names):
    """Distinct non-empty names, comma separated, in their first order."""
    return ", ".join(dict.fromkeys(name for name in names if name))
