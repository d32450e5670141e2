# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import UTC, datetime

from services.feasibility import MaterialNeed, check_feasibility
from services.ledger import StockPosition

SITE = 1
STEEL, WOOD = 10, 11
# Noon of each day of May: needs and events of a day happen then.
MAY = {day: datetime(2026, 5, day, 12, tzinfo=UTC) for day in range(1, 32)}


def _position():
    position = StockPosition()
    position.add_on_hand(SITE, STEEL, 10.0)
    position.add_event(SITE, STEEL, MAY[5], 20.0, "PO1")  # receipt
    position.add_event(SITE, STEEL, MAY[6], -8.0, "MO1")  # firm issue
    return position


def test_on_hand_covers_the_first_order():
    colours, checks = check_feasibility(
        _position(), [MaterialNeed(1, 100, SITE, STEEL, MAY[2], 6.0)]
    )
    assert colours == {100: "green"}
    assert checks[1].available == 6.0
    assert checks[1].colour == "green"


def test_earlier_needs_are_served_first():
    needs = [
        MaterialNeed(1, 100, SITE, STEEL, MAY[2], 6.0),
        MaterialNeed(2, 101, SITE, STEEL, MAY[3], 6.0),  # only 4 left
        MaterialNeed(3, 102, SITE, STEEL, MAY[3], 5.0),  # nothing left
    ]
    colours, checks = check_feasibility(_position(), needs)
    assert colours == {100: "green", 101: "amber", 102: "red"}
    assert [checks[k].available for k in (1, 2, 3)] == [6.0, 4.0, 0.0]


def test_supply_due_by_the_usage_date_counts_and_firm_issues_are_netted():
    # 10 on hand + 20 received on the 5th - 8 issued on the 6th = 22 on the 6th.
    colours, checks = check_feasibility(
        _position(), [MaterialNeed(1, 100, SITE, STEEL, MAY[6], 25.0)]
    )
    assert colours == {100: "amber"}
    assert checks[1].available == 22.0
    colours, _checks = check_feasibility(
        _position(), [MaterialNeed(1, 100, SITE, STEEL, MAY[5], 30.0)]
    )
    assert colours == {100: "green"}


def test_an_order_is_as_feasible_as_its_scarcest_material():
    needs = [
        MaterialNeed(1, 100, SITE, STEEL, MAY[2], 5.0),
        MaterialNeed(2, 100, SITE, WOOD, MAY[2], 3.0),  # no wood at all
    ]
    colours, checks = check_feasibility(_position(), needs)
    assert colours == {100: "red"}
    assert (checks[1].colour, checks[2].colour) == ("green", "red")


def test_other_sites_do_not_supply():
    colours, _checks = check_feasibility(
        _position(), [MaterialNeed(1, 100, 2, STEEL, MAY[9], 1.0)]
    )
    assert colours == {100: "red"}


def test_a_later_promise_is_kept_from_an_earlier_need():
    # The first need served is on the 4th and takes the 10 on hand; a need on
    # the 2nd served after it finds nothing left (the receipt of the 5th comes
    # too late for it): the units promised are not given twice.
    needs = [
        MaterialNeed(1, 100, SITE, STEEL, MAY[4], 10.0),
        MaterialNeed(2, 101, SITE, STEEL, MAY[2], 5.0),
    ]
    colours, checks = check_feasibility(_position(), needs)
    assert colours == {100: "green", 101: "red"}
    assert checks[2].available == 0.0


def test_draft_planned_orders_cover_what_firm_supply_leaves_short():
    planned = StockPosition()
    planned.add_event(SITE, WOOD, MAY[3], 5.0, "PLO1")  # a draft planned order
    planned.add_event(SITE, STEEL, MAY[9], 10.0, "PLO2")  # ends too late
    needs = [
        MaterialNeed(1, 100, SITE, WOOD, MAY[4], 4.0),  # all from PLO1
        MaterialNeed(2, 101, SITE, WOOD, MAY[4], 3.0),  # 1 left of PLO1
        MaterialNeed(3, 102, SITE, STEEL, MAY[8], 30.0),  # 22 firm, PLO2 late
        MaterialNeed(4, 103, SITE, WOOD, MAY[2], 1.0),  # before PLO1 ends
    ]
    colours, checks = check_feasibility(_position(), needs, planned=planned)
    assert colours == {100: "planned", 101: "amber", 102: "amber", 103: "red"}
    assert [(checks[k].available, checks[k].planned) for k in (1, 2, 3, 4)] == [
        (0.0, 4.0),
        (0.0, 1.0),
        (22.0, 0.0),
        (0.0, 0.0),
    ]
    assert checks[1].colour == "planned"
    # Firm stock first: a need covered by it takes nothing planned.
    colours, checks = check_feasibility(
        _position(), [MaterialNeed(5, 104, SITE, STEEL, MAY[2], 6.0)], planned=planned
    )
    assert (colours[104], checks[5].planned) == ("green", 0.0)
