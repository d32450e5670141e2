# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""State of a job order computed from the documents it generated."""

from __future__ import annotations

from dataclasses import dataclass, field

STATES = (
    "not_examined",
    "scheduled",
    "launched",
    "executive",
    "closed",
    "historicized",
    "cancelled",
)

MANUAL_STATES = ("historicized", "cancelled")
EXECUTIVE_MO_STATES = ("confirmed", "progress", "to_close", "done")
# A request for quotation (draft, sent, to approve) is not a purchase yet.
EXECUTIVE_PURCHASE_STATES = ("purchase", "done")


@dataclass
class JobOrderFacts:
    """Counts and states of the documents linked to a job order.

    ``purchase_states`` holds the state of each purchase line of the job
    order (its purchase order's); the lines buying an external phase of a
    manufacturing order are left out by the caller (the manufacturing order
    decides).
    """

    planned_count: int = 0
    planned_production_released: int = 0
    planned_purchase_released: int = 0
    mo_states: list[str] = field(default_factory=list)
    released_mo_untouched: int = 0
    purchase_states: list[str] = field(default_factory=list)
    main_mo_done: bool = False


def compute_state(manual_state: str | None, facts: JobOrderFacts) -> str:
    """Return the job order state, the first matching rule winning.

    1. a manual ``historicized`` or ``cancelled`` state is kept;
    2. main manufacturing order done: ``closed``;
    3. a manufacturing order confirmed/in progress/to close/done, or a
       confirmed purchase order line: ``executive``; the MOs a release
       confirmed and nobody has touched yet (``released_mo_untouched`` of the
       confirmed ones) do not count here;
    4. released planned orders (production, purchase or subcontract), a draft
       manufacturing order or a request for quotation not confirmed yet:
       ``launched``;
    5. planned orders: ``scheduled``;
    6. otherwise ``not_examined``.

    Cancelled manufacturing and purchase orders are ignored.
    """
    if manual_state in MANUAL_STATES:
        return manual_state
    if facts.main_mo_done:
        return "closed"
    mo_states = [s for s in facts.mo_states if s != "cancel"]
    executive_mos = sum(1 for s in mo_states if s in EXECUTIVE_MO_STATES)
    purchase_states = [s for s in facts.purchase_states if s != "cancel"]
    if executive_mos > facts.released_mo_untouched or any(
        s in EXECUTIVE_PURCHASE_STATES for s in purchase_states
    ):
        return "executive"
    if (
        facts.planned_production_released > 0
        or facts.planned_purchase_released > 0
        or purchase_states
        or "draft" in mo_states
    ):
        return "launched"
    if facts.planned_count > 0:
        return "scheduled"
    return "not_examined"
