# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import pytest

from services.job_order_state import STATES, JobOrderFacts, compute_state


def test_states_tuple():
    assert STATES == (
        "not_examined",
        "scheduled",
        "launched",
        "executive",
        "closed",
        "historicized",
        "cancelled",
    )


def test_defaults():
    facts = JobOrderFacts()
    assert facts.mo_states == []
    assert compute_state(None, facts) == "not_examined"
    # default list not shared
    facts.mo_states.append("draft")
    assert JobOrderFacts().mo_states == []


def test_scheduled():
    assert compute_state(None, JobOrderFacts(planned_count=2)) == "scheduled"


def test_launched_by_released_planned_production():
    facts = JobOrderFacts(planned_count=2, planned_production_released=1)
    assert compute_state(None, facts) == "launched"


def test_launched_by_draft_mo():
    assert compute_state(None, JobOrderFacts(mo_states=["draft"])) == "launched"


@pytest.mark.parametrize("mo_state", ["confirmed", "progress", "to_close", "done"])
def test_executive_by_mo(mo_state):
    facts = JobOrderFacts(planned_count=1, mo_states=["draft", mo_state])
    assert compute_state(None, facts) == "executive"


def test_launched_by_released_planned_purchase():
    facts = JobOrderFacts(planned_count=3, planned_purchase_released=1)
    assert compute_state(None, facts) == "launched"


@pytest.mark.parametrize("purchase_state", ["draft", "sent", "to approve"])
def test_launched_by_a_request_for_quotation(purchase_state):
    facts = JobOrderFacts(purchase_states=[purchase_state, "cancel"])
    assert compute_state(None, facts) == "launched"


@pytest.mark.parametrize("purchase_state", ["purchase", "done"])
def test_executive_by_confirmed_purchase_line(purchase_state):
    facts = JobOrderFacts(
        planned_count=1,
        planned_purchase_released=1,
        purchase_states=["draft", purchase_state],
    )
    assert compute_state(None, facts) == "executive"


def test_cancelled_purchase_lines_ignored():
    facts = JobOrderFacts(purchase_states=["cancel"])
    assert compute_state(None, facts) == "not_examined"


def test_closed_when_main_mo_done():
    facts = JobOrderFacts(mo_states=["done", "progress"], main_mo_done=True)
    assert compute_state(None, facts) == "closed"


@pytest.mark.parametrize("manual", ["historicized", "cancelled"])
def test_manual_state_wins(manual):
    facts = JobOrderFacts(planned_count=1, mo_states=["done"], main_mo_done=True)
    assert compute_state(manual, facts) == manual
    assert compute_state(manual, JobOrderFacts()) == manual


@pytest.mark.parametrize("manual", ["scheduled", "closed", "executive", ""])
def test_other_manual_states_ignored(manual):
    assert compute_state(manual, JobOrderFacts(planned_count=1)) == "scheduled"


def test_cancelled_mos_ignored():
    assert compute_state(None, JobOrderFacts(mo_states=["cancel"])) == "not_examined"
    facts = JobOrderFacts(planned_count=1, mo_states=["cancel", "cancel"])
    assert compute_state(None, facts) == "scheduled"
    facts = JobOrderFacts(mo_states=["cancel", "draft"])
    assert compute_state(None, facts) == "launched"


def test_executive_beats_launched():
    facts = JobOrderFacts(
        planned_count=1,
        planned_production_released=1,
        purchase_states=["purchase", "purchase"],
    )
    assert compute_state(None, facts) == "executive"


def test_zero_counts_are_not_examined():
    facts = JobOrderFacts(
        planned_count=0,
        planned_production_released=0,
        planned_purchase_released=0,
        purchase_states=[],
    )
    assert compute_state(None, facts) == "not_examined"


def test_a_released_mo_untouched_keeps_it_launched():
    facts = JobOrderFacts(
        planned_count=2,
        planned_production_released=1,
        mo_states=["confirmed"],
        released_mo_untouched=1,
    )
    assert compute_state(None, facts) == "launched"
    facts.released_mo_untouched = 0  # started: in progress
    facts.mo_states = ["progress"]
    assert compute_state(None, facts) == "executive"
