# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

# Report colours of SPEC §13: (background, text)
STATUS_COLOURS = {
    "closed": ("#000000", "#ffffff"),
    "executive": ("#ffe066", "#000000"),
    "launched": ("#2e9e44", "#ffffff"),
    "scheduled": ("#c6efce", "#000000"),
    "other": ("#ffffff", "#000000"),
}
ORDERINGS = {
    "job_order": lambda job: (job.name or "",),
    "project": lambda job: (job.project_id.display_name or "", job.name or ""),
    "customer": lambda job: (job.partner_id.display_name or "", job.name or ""),
    "item": lambda job: (job.product_summary or "", job.name or ""),
    "date_start": lambda job: (
        job.date_start_estimated or fields.Date.to_date("9999-12-31"),
        job.name or "",
    ),
}
DEFAULT_OPTIONS = {
    "detail": "analytic",
    "order_by": "job_order",
    "procurement_types": ["production", "purchase", "subcontract"],
}


class ReportJobOrderProgress(models.AbstractModel):
    """Job order progress (SPEC §13): every document of each job order with a
    status colour (closed black, in execution yellow, launched green,
    scheduled light green, other white), synthetic (one row per job order) or
    analytic (its planned orders, MOs with their work orders and purchase
    lines), in the chosen order. Options come from the report wizard
    (``pp.job.order.progress``) or default to analytic by job order."""

    _name = "report.production_planning.report_pp_job_order_progress"
    _description = "Job Order Progress Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        options = {**DEFAULT_OPTIONS, **((data or {}).get("options") or {})}
        jobs = self.env["pp.job.order"].browse(
            (data or {}).get("job_order_ids") or docids
        )
        jobs = jobs.sorted(ORDERINGS[options["order_by"]])
        rows = []
        for job in jobs:
            documents = self._documents(job, options["procurement_types"])
            rows.append(
                {
                    "job": job,
                    "status": self._job_status(job),
                    "documents": documents if options["detail"] == "analytic" else [],
                    "counts": self._counts(documents),
                }
            )
        return {
            "doc_ids": jobs.ids,
            "doc_model": "pp.job.order",
            "docs": jobs,
            "rows": rows,
            "options": options,
            "colours": STATUS_COLOURS,
            "today": fields.Date.context_today(self),
        }

    @staticmethod
    def _job_status(job):
        return job.state if job.state in STATUS_COLOURS else "other"

    @staticmethod
    def _counts(documents):
        counts = dict.fromkeys(STATUS_COLOURS, 0)
        for document in documents:
            counts[document["status"]] += 1
        return counts

    def _documents(self, job, procurement_types):
        """The job order's documents as rows: kind, name, item, quantity,
        dates, status; work orders under their MO."""
        rows = []
        for order in job.planned_order_ids.filtered(
            lambda o: o.state == "draft" and o.order_type in procurement_types
        ):
            rows.append(
                self._row(
                    "planned",
                    order.name,
                    order.product_id,
                    order.product_qty,
                    order.date_start,
                    order.date_end,
                    "scheduled",
                )
            )
        if "production" in procurement_types:
            for production in job.production_ids.filtered(
                lambda p: p.state != "cancel"
            ):
                rows.append(
                    self._row(
                        "production",
                        production.name,
                        production.product_id,
                        production.product_qty,
                        production.date_start,
                        production.date_finished,
                        self._production_status(production.state),
                    )
                )
                for workorder in production.workorder_ids:
                    rows.append(
                        self._row(
                            "workorder",
                            workorder.name,
                            workorder.workcenter_id,
                            workorder.qty_production,
                            workorder.date_start,
                            workorder.date_finished,
                            self._workorder_status(workorder.state),
                            level=1,
                        )
                    )
        lines = (
            job.purchase_line_ids | job.planned_order_ids.purchase_line_id
        ).filtered(lambda l: l.state != "cancel")
        for line in lines:
            kind = (
                "subcontract"
                if line.order_id.partner_id
                in line.product_id.bom_ids.filtered(
                    lambda b: b.type == "subcontract"
                ).subcontractor_ids
                else "purchase"
            )
            if kind not in procurement_types:
                continue
            rows.append(
                self._row(
                    kind,
                    line.order_id.name,
                    line.product_id,
                    line.product_qty,
                    line.order_id.date_order,
                    line.date_planned,
                    self._purchase_status(line),
                )
            )
        return rows

    @staticmethod
    def _row(kind, name, item, quantity, start, end, status, level=0):
        return {
            "kind": kind,
            "name": name,
            "item": item.display_name if item else "",
            "quantity": quantity,
            "start": start,
            "end": end,
            "status": status,
            "level": level,
        }

    @staticmethod
    def _production_status(state):
        return {
            "confirmed": "launched",
            "progress": "executive",
            "to_close": "executive",
            "done": "closed",
        }.get(state, "other")

    @staticmethod
    def _workorder_status(state):
        return {
            "pending": "launched",
            "waiting": "launched",
            "ready": "launched",
            "progress": "executive",
            "done": "closed",
        }.get(state, "other")

    @staticmethod
    def _purchase_status(line):
        if line.state in ("draft", "sent", "to approve"):
            return "scheduled"
        if line.qty_received >= line.product_qty:
            return "closed"
        return "executive" if line.qty_received else "launched"
