# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Job costing engine: every cost component on hand-computed examples."""

import pytest

from services.costing import (
    CostElement,
    CostingError,
    CostLine,
    ItemCosts,
    internal_rows,
    material_cost,
    roll_up,
    round_total,
    sheet,
    totals,
    unit_cost,
    work_cost,
)

STEEL = ItemCosts(standard=10.0, average=12.5, last_purchase=11.0)
NEW = ItemCosts(standard=7.0)  # no stock valuation or purchase yet


@pytest.mark.parametrize(
    "cost_type, costs, price, expected",
    [
        ("standard", STEEL, None, 10.0),
        ("average", STEEL, None, 12.5),
        ("last_purchase", STEEL, None, 11.0),
        ("average", NEW, None, 7.0),  # no history: the standard cost
        ("last_purchase", NEW, None, 7.0),
        ("standard", STEEL, 9.25, 9.25),  # a purchase line's price wins
        ("average", STEEL, 9.25, 9.25),
    ],
)
def test_material_unit_cost_by_cost_type(cost_type, costs, price, expected):
    assert unit_cost(cost_type, costs, price) == expected


def test_materials_and_a_component_made_inside():
    assert material_cost(4, 12.5) == 50.0
    assert material_cost(4, 12.5, made_inside=True) == 0.0
    with pytest.raises(CostingError, match="cost type 'fifo'"):
        unit_cost("fifo", STEEL)


def test_internal_work_with_and_without_operation_unit_cost():
    assert work_cost(90, 40.0) == 60.0  # 1.5 h x 40
    assert work_cost(90, 40.0, quantity=3, unit=8.0) == 24.0  # unit cost wins


def test_changed_work_center_gives_two_rows():
    # planned 120 min on Lathe at 30/h; 60 min logged on Lathe, 90 on Mill at 50/h
    rows = internal_rows(
        ("Lathe", 120, 30.0), [("Lathe", 60, 30.0), ("Mill", 90, 50.0)]
    )
    assert rows == [("Lathe", 60.0, 30.0), ("Mill", 0.0, 75.0)]
    # only the planned work center: one row
    assert internal_rows(("Lathe", 120, 30.0), [("Lathe", 100, 30.0)]) == [
        ("Lathe", 60.0, 50.0)
    ]
    # nothing logged yet: the estimate alone
    assert internal_rows(("Lathe", 120, 30.0), []) == [("Lathe", 60.0, 0.0)]
    # an operation unit cost: 5 x 6 = 30, split by the time logged (60 / 90)
    rows = internal_rows(
        ("Lathe", 120, 30.0), [("Lathe", 60, 30.0), ("Mill", 90, 50.0)], 5, 6.0
    )
    assert rows == [("Lathe", 30.0, 12.0), ("Mill", 0.0, 18.0)]


def _tree():
    # job order -> MO (work + materials) and a subcontract PO line
    return [
        CostLine("job"),
        CostLine("mo", "job"),
        CostLine("wo", "mo", "internal", 60.0, 75.0),
        CostLine("steel", "mo", "material", 50.0, 48.0),
        CostLine("po", "job", "external", 100.0, 110.0),
    ]


def test_roll_up_per_kind_and_per_line():
    rollup = roll_up(_tree())
    assert rollup.estimated == {"material": 50.0, "internal": 60.0, "external": 100.0}
    assert rollup.actual == {"material": 48.0, "internal": 75.0, "external": 110.0}
    assert (rollup.line_estimated["mo"], rollup.line_actual["mo"]) == (110.0, 123.0)
    assert (rollup.line_estimated["job"], rollup.line_actual["job"]) == (210.0, 233.0)


def test_roll_up_refuses_a_broken_tree():
    with pytest.raises(CostingError, match="unknown parent 'x'"):
        roll_up([CostLine("a", "x")])
    with pytest.raises(CostingError, match="its own ancestor"):
        roll_up([CostLine("a", "b"), CostLine("b", "a")])
    with pytest.raises(CostingError, match="unknown kind 'labour'"):
        roll_up([CostLine("a", None, "labour")])


def test_cost_sheet_by_hand():
    elements = [
        CostElement("Packaging", "direct", percent=10.0),  # of industrial
        CostElement("Transport", "direct", value=5.0),
        CostElement("Overheads", "general", percent=20.0),  # of marked-up
        CostElement("Insurance", "other", value=3.0),
    ]
    estimated, actual = totals(
        roll_up(_tree()), elements, markup_percent=15.0, correction=-2.0
    )
    # estimated: industrial 210; direct costs 21 + 5 = 26; direct 236;
    # mark-up 35.4; marked-up 271.4; general 54.28; other 3; total 326.68
    assert estimated.industrial == 210.0
    assert estimated.direct_costs == pytest.approx(26.0)
    assert estimated.direct == pytest.approx(236.0)
    assert estimated.markup == pytest.approx(35.4)
    assert estimated.marked_up == pytest.approx(271.4)
    assert estimated.general == pytest.approx(54.28)
    assert estimated.other == 3.0
    assert estimated.total == pytest.approx(326.68)
    assert estimated.rounding == 0.0
    # actual: industrial 233 -> 23.3 + 5; 261.3; 39.195; 300.495; 60.099; 3
    assert actual.total == pytest.approx(300.495 + 60.099 + 3 - 2)
    assert actual.total > estimated.total


def test_markup_value_and_rounding_up_and_down():
    kinds = {"material": 1234.5}
    assert sheet(kinds, [], markup_value=100.0).total == 1334.5
    up = sheet(kinds, [], rounding="up", digits=2)
    assert (up.total, up.rounding) == (1300.0, pytest.approx(65.5))
    down = sheet(kinds, [], rounding="down", digits=1)
    assert (down.total, down.rounding) == (1230.0, pytest.approx(-4.5))
    assert round_total(1230.0, "up", 1) == 1230.0  # already a multiple
    assert round_total(12.34, "up", -1) == 12.4
    with pytest.raises(CostingError, match="rounding 'half'"):
        round_total(1.0, "half", 0)
    with pytest.raises(CostingError, match="Freight: unknown category"):
        sheet(kinds, [CostElement("Freight", "indirect", value=1.0)])
