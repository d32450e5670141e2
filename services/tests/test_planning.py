# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""General planning engine: a hand-checked table, its legs, top and bars.

Calendar: Monday to Friday, 08:00-12:00 and 13:00-17:00 UTC, from Monday
2027-03-01. A table (assembly: 30 min setup + 60 min per table on work center
A) takes 4 legs and 1 top; a leg (turning: 60 min per leg on work center B)
takes 1 bar; tops are bought in 2 days, bars in 3 (1 of which shipping).
"""

from datetime import UTC, date, datetime

import pytest

# Every plan of these tests passes the independent checker.
from checker import checked_plan as plan

from services.bom import Bom, BomCycleError, BomLine
from services.calendar import Attendance, WorkingCalendar
from services.ledger import StockPosition
from services.planning import (
    Item,
    JobOrderLine,
    PhaseSpec,
    PlanOptions,
    Reserved,
    WorkCenter,
)

TABLE, LEG, TOP, BAR, TOP2 = 1, 2, 3, 4, 5
A, B, C = 101, 102, 103
NAMES = {TABLE: "Table", LEG: "Leg", TOP: "Top", BAR: "Bar", TOP2: "Top Oak"}

CAL = WorkingCalendar.from_weekly(
    [Attendance(d, f, t) for d in range(5) for f, t in ((8, 12), (13, 17))],
    "UTC",
    date(2027, 2, 1),
    date(2027, 4, 30),
)
START = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def items(**changes):
    """The four items; ``changes`` maps an item name to attribute overrides."""
    result = {
        TABLE: Item(
            TABLE,
            "Table",
            bom=Bom(
                TABLE,
                1,
                [BomLine(LEG, 4, operation_key="assemble"), BomLine(TOP, 1)],
                key="bom-table",
            ),
            phases=[PhaseSpec("assemble", "Assemble", A, time_setup=30, time_cycle=60)],
        ),
        LEG: Item(
            LEG,
            "Leg",
            bom=Bom(LEG, 1, [BomLine(BAR, 1)], key="bom-leg"),
            phases=[PhaseSpec("turn", "Turn", B, time_cycle=60)],
        ),
        TOP: Item(TOP, "Top", procurement="purchase", lead_days=2, partner_id=7),
        BAR: Item(
            BAR,
            "Bar",
            procurement="purchase",
            lead_days=3,
            shipping_days=1,
            partner_id=8,
        ),
        TOP2: Item(TOP2, "Top Oak", procurement="purchase", lead_days=2, partner_id=7),
    }
    for name, values in changes.items():
        item = result[{v: k for k, v in NAMES.items()}[name]]
        for attribute, value in values.items():
            setattr(item, attribute, value)
    return result


def workcenters(alternatives=()):
    return {
        A: WorkCenter(A, CAL),
        B: WorkCenter(B, CAL, alternatives=list(alternatives)),
        C: WorkCenter(C, CAL),
    }


def options(**values):
    return PlanOptions(start=START, calendar=CAL, **values)


def demand(job=1, qty=2, due=date(2027, 3, 8), **values):
    return JobOrderLine(
        key=f"line-{job}",
        job_order_id=job,
        product_id=TABLE,
        quantity=qty,
        due=due,
        **values,
    )


def summary(result):
    """``{item name: [(qty, start, end), ...]}`` with short datetimes."""
    found = {}
    for order in sorted(result.orders, key=lambda o: (o.product_id, o.key)):
        found.setdefault(NAMES[order.product_id], []).append(
            (
                order.quantity,
                order.date_start.strftime("%m-%d %H:%M"),
                order.date_end.strftime("%m-%d %H:%M"),
            )
        )
    return found


def by_item(result, product_id):
    return [order for order in result.orders if order.product_id == product_id]


def test_alap_three_levels_across_weekend():
    result = plan(items(), workcenters(), [demand()], options())
    assert summary(result) == {
        # Due Monday 03-08: ends at 17:00; 150 min back.
        "Table": [(2, "03-08 14:30", "03-08 17:00")],
        # 8 legs x 60 min = 480 min back from the assembly start, over the weekend.
        "Leg": [(8, "03-05 14:30", "03-08 14:30")],
        # Bought: 2 calendar days before the assembly starts.
        "Top": [(2, "03-06 14:30", "03-08 14:30")],
        "Bar": [(8, "03-02 14:30", "03-05 14:30")],
    }
    table = by_item(result, TABLE)[0]
    leg = by_item(result, LEG)[0]
    bar = by_item(result, BAR)[0]
    assert (table.origin, table.level, table.parent_key) == ("independent", 0, None)
    assert (leg.origin, leg.level, leg.parent_key) == ("dependent", 1, table.key)
    assert (bar.level, bar.parent_key, bar.job_order_id) == (2, leg.key, 1)
    assert [(m.product_id, m.quantity, m.date_use) for m in table.materials] == [
        (LEG, 8, at("2027-03-08 14:30")),
        (TOP, 2, at("2027-03-08 14:30")),
    ]
    assert [(p.name, p.time_setup, p.time_run) for p in table.phases] == [
        ("Assemble", 30, 120)
    ]
    # FOB = end - 1 shipping day, ETA = end.
    assert (bar.date_fob, bar.date_eta) == (at("2027-03-04 14:30"), bar.date_end)
    assert bar.partner_id == 8 and bar.order_type == "purchase"
    assert table.bom_key == "bom-table" and bar.bom_key is None
    assert not result.late and not result.warnings


def test_alap_separate_leaves_a_working_day_between_levels():
    result = plan(items(), workcenters(), [demand()], options(separate=True))
    assert summary(result) == {
        "Table": [(2, "03-08 14:30", "03-08 17:00")],
        # End of the working day before Monday: Friday 17:00.
        "Leg": [(8, "03-05 08:00", "03-05 17:00")],
        "Top": [(2, "03-03 17:00", "03-05 17:00")],
        # End of Thursday, the working day before the leg starts.
        "Bar": [(8, "03-01 17:00", "03-04 17:00")],
    }


def test_asap_from_start_parent_after_components():
    result = plan(items(), workcenters(), [demand()], options(direction="asap"))
    assert summary(result) == {
        "Bar": [(8, "03-01 08:00", "03-04 08:00")],
        "Top": [(2, "03-01 08:00", "03-03 08:00")],
        # After the bars arrive.
        "Leg": [(8, "03-04 08:00", "03-04 17:00")],
        # After the legs: next working moment.
        "Table": [(2, "03-05 08:00", "03-05 10:30")],
    }
    assert not result.late


def test_asap_separate_starts_parent_next_working_day():
    result = plan(
        items(), workcenters(), [demand()], options(direction="asap", separate=True)
    )
    found = summary(result)
    assert found["Leg"] == [(8, "03-05 08:00", "03-05 17:00")]
    assert found["Table"] == [(2, "03-08 08:00", "03-08 10:30")]


def test_atp_replans_late_job_order_asap_with_suggested_date():
    late = demand(job=1, due=date(2027, 3, 2))
    on_time = demand(job=2, due=date(2027, 3, 12))
    without = plan(items(), workcenters(), [late, on_time], options())
    assert without.late == {1} and not without.suggested
    result = plan(items(), workcenters(), [late, on_time], options(atp=True))
    assert result.atp == {1}
    assert result.suggested == {1: date(2027, 3, 5)}
    table = next(o for o in by_item(result, TABLE) if o.job_order_id == 1)
    assert table.direction == "asap" and table.date_end == at("2027-03-05 10:30")
    other = next(o for o in by_item(result, TABLE) if o.job_order_id == 2)
    assert other.direction == "alap" and other.date_end == at("2027-03-12 17:00")


def test_overdue_job_order():
    result = plan(items(), workcenters(), [demand(due=date(2027, 2, 26))], options())
    assert result.overdue == {1} and 1 in result.late


def test_economic_lot_and_multiple_surplus_covers_later_need():
    changed = items(Bar={"economic_lot": 10, "lot_multiple": 4})
    first = demand(job=1, qty=1, due=date(2027, 3, 8))
    second = demand(job=2, qty=1, due=date(2027, 3, 12))
    result = plan(changed, workcenters(), [first, second], options())
    bars = by_item(result, BAR)
    # 4 bars needed, lot 10 rounded to the multiple: 12; the second 4 from the surplus.
    assert [bar.quantity for bar in bars] == [12]
    assert [(c.job_order_id, c.quantity) for c in bars[0].covers] == [(1, 4), (2, 4)]
    no_lots = plan(changed, workcenters(), [first, second], options(use_lot=False))
    assert [bar.quantity for bar in by_item(no_lots, BAR)] == [4, 4]


def test_grouping_across_job_orders_within_days():
    first = demand(job=1, due=date(2027, 3, 8))
    second = demand(job=2, due=date(2027, 3, 10))
    result = plan(items(), workcenters(), [first, second], options(group_days=5))
    tables = by_item(result, TABLE)
    assert [table.quantity for table in tables] == [4]
    assert [(c.job_order_id, c.quantity) for c in tables[0].covers] == [(1, 2), (2, 2)]
    # Due on the earliest need; its components follow the grouped order.
    assert tables[0].date_end == at("2027-03-08 17:00")
    assert [leg.quantity for leg in by_item(result, LEG)] == [16]
    latest = plan(
        items(),
        workcenters(),
        [first, second],
        options(group_days=5, group_anchor="latest"),
    )
    assert by_item(latest, TABLE)[0].date_end == at("2027-03-10 17:00")
    too_far = plan(items(), workcenters(), [first, second], options(group_days=1))
    assert [table.quantity for table in by_item(too_far, TABLE)] == [2, 2]
    apart = plan(
        items(),
        workcenters(),
        [first, second],
        options(group_days=5, group_across=False),
    )
    assert [table.quantity for table in by_item(apart, TABLE)] == [2, 2]
    assert [leg.quantity for leg in by_item(apart, LEG)] == [8, 8]


def test_availability_modes_and_first_level():
    position = StockPosition()
    position.add_on_hand(0, BAR, 5)
    position.add_on_hand(0, TABLE, 1)
    # 4 bars arrive Thursday, after the bar need (Friday 14:30 ALAP)? No: before.
    position.add_event(0, BAR, at("2027-03-04 08:00"), 4)
    # 6 bars leave on 03-20: not free for an earlier need in "minimum" mode.
    position.add_event(0, BAR, at("2027-03-20 08:00"), -6)
    at_date = plan(
        items(), workcenters(), [demand()], options(availability=True), position
    )
    assert by_item(at_date, BAR) == []  # 9 available, 8 needed
    leg = by_item(at_date, LEG)[0]
    assert leg.materials[0].qty_available == 9
    assert [t.quantity for t in by_item(at_date, TABLE)] == [
        2
    ]  # first level not netted
    minimum = plan(
        items(),
        workcenters(),
        [demand()],
        options(availability=True, availability_mode="minimum"),
        position,
    )
    assert [bar.quantity for bar in by_item(minimum, BAR)] == [5]  # 9 - 6 free = 3
    first_level = plan(
        items(),
        workcenters(),
        [demand()],
        options(availability=True, first_level_availability=True),
        position,
    )
    assert [t.quantity for t in by_item(first_level, TABLE)] == [1]
    assert [leg.quantity for leg in by_item(first_level, LEG)] == [4]


def test_negative_availability_and_minimum_stock():
    position = StockPosition()
    position.add_on_hand(0, BAR, -2)
    ignored = plan(
        items(), workcenters(), [demand()], options(availability=True), position
    )
    assert [bar.quantity for bar in by_item(ignored, BAR)] == [8]
    negative = plan(
        items(),
        workcenters(),
        [demand()],
        options(availability=True, negative_availability=True),
        position,
    )
    assert [bar.quantity for bar in by_item(negative, BAR)] == [10]
    stocked = StockPosition()
    stocked.add_on_hand(0, BAR, 5)
    kept = plan(
        items(Bar={"min_stock": 3, "reorder_level": 10, "policy": "stock"}),
        workcenters(),
        [demand()],
        options(availability=True, use_min_stock=True),
        stocked,
    )
    # 2 usable above the minimum, 6 to buy, plus 7 to bring the 3 left up to 10.
    assert [bar.quantity for bar in by_item(kept, BAR)] == [13]
    missing = plan(
        items(Bar={"policy": "stock"}),
        workcenters(),
        [demand()],
        options(availability=True, use_min_stock=True),
        stocked,
    )
    assert [(w.code, w.product_id) for w in missing.warnings] == [("no_min_stock", BAR)]


def test_coverage_weeks_add_future_usage():
    result = plan(
        items(Bar={"coverage_weeks": 1, "average_daily_usage": 2}),
        workcenters(),
        [demand()],
        options(use_coverage=True),
    )
    assert [bar.quantity for bar in by_item(result, BAR)] == [22]


def test_reserved_supply_is_not_planned_again():
    result = plan(
        items(),
        workcenters(),
        [demand(job=1), demand(job=2)],
        options(),
        reserved=[Reserved(1, TABLE, 2), Reserved(2, LEG, 3)],
    )
    assert [t.job_order_id for t in by_item(result, TABLE)] == [2]
    assert [leg.quantity for leg in by_item(result, LEG)] == [5]


def test_levels_and_order_types():
    one = plan(items(), workcenters(), [demand()], options(max_levels=1))
    assert set(summary(one)) == {"Table"}
    assert [m.product_id for m in by_item(one, TABLE)[0].materials] == [LEG, TOP]
    two = plan(items(), workcenters(), [demand()], options(max_levels=2))
    assert set(summary(two)) == {"Table", "Leg", "Top"}
    made = plan(
        items(), workcenters(), [demand()], options(order_types=("production",))
    )
    assert set(summary(made)) == {"Table", "Leg"}
    bare = plan(
        items(), workcenters(), [demand()], options(materials=False, phases=False)
    )
    table = by_item(bare, TABLE)[0]
    assert table.materials == [] and table.phases == []
    assert set(summary(bare)) == {"Table", "Leg", "Top", "Bar"}
    # Without phases a production order takes its lead time (0 days here).
    assert table.date_start == table.date_end == at("2027-03-08 17:00")


def test_bom_cycle_names_the_cycle():
    cyclic = items()
    cyclic[LEG].bom.lines.append(BomLine(TABLE, 1))
    with pytest.raises(BomCycleError) as error:
        plan(cyclic, workcenters(), [demand()], options())
    assert error.value.cycle == [TABLE, LEG, TABLE]
    assert "Table → Leg → Table" in str(error.value)


def test_missing_bom_and_vendor_skip_the_branch():
    result = plan(
        items(Leg={"bom": None}, Top={"partner_id": None}),
        workcenters(),
        [demand()],
        options(),
    )
    assert set(summary(result)) == {"Table"}
    assert sorted((w.code, w.product_id, w.job_order_id) for w in result.warnings) == [
        ("no_bom", LEG, 1),
        ("no_vendor", TOP, 1),
    ]


def test_no_routing_is_timed_on_lead_time_and_warned():
    result = plan(
        items(Leg={"phases": [], "lead_days": 1}), workcenters(), [demand()], options()
    )
    leg = by_item(result, LEG)[0]
    assert (leg.date_start, leg.date_end) == (
        at("2027-03-07 14:30"),
        at("2027-03-08 14:30"),
    )
    assert [(w.code, w.product_id) for w in result.warnings] == [("no_routing", LEG)]


def test_bad_quantity_and_no_working_time():
    empty = {**workcenters(), A: WorkCenter(A, WorkingCalendar([]))}
    result = plan(items(), empty, [demand(qty=0), demand(job=2)], options())
    assert result.orders == []
    assert sorted((w.code, w.job_order_id) for w in result.warnings) == [
        ("bad_quantity", 1),
        ("no_working_time", 2),
    ]


def test_asap_failure_drops_the_subtree_only():
    empty = {**workcenters(), B: WorkCenter(B, WorkingCalendar([]))}
    result = plan(items(), empty, [demand()], options(direction="asap"))
    # The legs cannot be timed: their table waits for nothing it can get.
    assert "Leg" not in summary(result)
    assert [(w.code, w.product_id) for w in result.warnings] == [
        ("no_working_time", LEG)
    ]


def test_alternative_work_center_above_tolerance():
    result = plan(
        items(),
        workcenters(alternatives=[C]),
        [demand(job=1), demand(job=2)],
        options(workcenter_tolerance=0),
    )
    legs = by_item(result, LEG)
    assert sorted(leg.phases[0].workcenter_id for leg in legs) == [B, C]
    same = plan(
        items(), workcenters(alternatives=[C]), [demand(1), demand(2)], options()
    )
    assert {leg.phases[0].workcenter_id for leg in by_item(same, LEG)} == {B}


def test_alternative_material_when_short_and_first():
    changed = items()
    changed[TABLE].bom.lines[1].alternatives = [(TOP2, 1.0)]
    position = StockPosition()
    position.add_on_hand(0, TOP2, 5)
    position.add_on_hand(0, TOP, 1)
    short = plan(
        changed,
        workcenters(),
        [demand()],
        options(availability=True, alternatives="when_short"),
        position,
    )
    table = by_item(short, TABLE)[0]
    assert [(m.product_id, m.quantity, m.is_alternative) for m in table.materials] == [
        (LEG, 8, False),
        (TOP, 1, False),
        (TOP2, 1, True),
    ]
    assert by_item(short, TOP) == [] and by_item(short, TOP2) == []
    first = plan(
        changed,
        workcenters(),
        [demand()],
        options(availability=True, alternatives="first"),
        position,
    )
    table = by_item(first, TABLE)[0]
    assert [(m.product_id, m.quantity) for m in table.materials] == [
        (LEG, 8),
        (TOP2, 2),
    ]
    unused = plan(changed, workcenters(), [demand()], options(), position)
    assert [m.product_id for m in by_item(unused, TABLE)[0].materials] == [LEG, TOP]


def test_priority_takes_stock_first():
    position = StockPosition()
    position.add_on_hand(0, BAR, 8)
    result = plan(
        items(),
        workcenters(),
        [demand(job=1), demand(job=2, priority=5)],
        options(availability=True),
        position,
    )
    assert [bar.job_order_id for bar in by_item(result, BAR)] == [1]


def test_line_version_overrides_item_bom():
    version = Bom(TABLE, 1, [BomLine(LEG, 3)], key="bom-table-v2")
    result = plan(items(), workcenters(), [demand(bom=version)], options())
    table = by_item(result, TABLE)[0]
    assert table.bom_key == "bom-table-v2"
    assert [leg.quantity for leg in by_item(result, LEG)] == [6]
    assert by_item(result, TOP) == []


# --- wrong plans of the earlier engine, each fixed ---------------------------
OAK = 6


def test_a_version_s_own_components_are_planned():
    # The version uses an oak top no default BOM knows: it is planned too.
    changed = items()
    changed[OAK] = Item(OAK, "Oak", procurement="purchase", lead_days=2, partner_id=7)
    version = Bom(TABLE, 1, [BomLine(LEG, 4), BomLine(OAK, 1)], key="bom-table-oak")
    result = plan(changed, workcenters(), [demand(bom=version)], options())
    assert [(o.quantity, o.parent_key) for o in by_item(result, OAK)] == [
        (2, by_item(result, TABLE)[0].key)
    ]


def test_a_late_alap_lot_never_feeds_an_earlier_asap_need():
    # Legs come in lots of 20. The ALAP job order's lot ends late in March; the
    # ASAP job order cannot use it at the start: it gets legs of its own.
    changed = items(Leg={"economic_lot": 20})
    late = demand(job=1, due=date(2027, 3, 26), direction="alap")
    early = demand(job=2, direction="asap")
    result = plan(changed, workcenters(), [late, early], options())
    table = next(o for o in by_item(result, TABLE) if o.job_order_id == 2)
    feeding = [
        leg
        for leg in by_item(result, LEG)
        if any(c.parent_key == table.key for c in leg.covers)
    ]
    assert [leg.direction for leg in feeding] == ["asap"]
    assert table.date_start >= max(leg.date_end for leg in feeding)


def test_an_on_time_job_order_sharing_a_late_lot_is_not_late():
    # Bars in lots of 20. Job order 1 is due too soon (its orders start before
    # the start); job order 2, due weeks later, uses what its bar lot leaves:
    # bought from the start, the lot is there long before job order 2 needs it.
    changed = items(Bar={"economic_lot": 20})
    result = plan(
        changed,
        workcenters(),
        [demand(job=1, due=date(2027, 3, 2)), demand(job=2, due=date(2027, 3, 30))],
        options(),
    )
    bars = by_item(result, BAR)
    assert [bar.quantity for bar in bars] == [20]
    assert [(c.job_order_id, c.quantity) for c in bars[0].covers] == [(1, 8), (2, 8)]
    assert bars[0].date_feasible == at("2027-03-04 08:00")
    assert result.late == {1}


def test_at_the_need_date_never_issues_the_same_stock_twice():
    # 8 bars in stock. The ASAP job order needs them at the start, the ALAP one
    # weeks later: the earlier need is served first, the later one buys.
    position = StockPosition()
    position.add_on_hand(0, BAR, 8)
    result = plan(
        items(),
        workcenters(),
        [
            demand(job=1, due=date(2027, 3, 26), direction="alap"),
            demand(job=2, direction="asap"),
        ],
        options(availability=True, availability_mode="at_date"),
        position,
    )
    assert [(bar.job_order_id, bar.quantity) for bar in by_item(result, BAR)] == [
        (1, 8)
    ]


def test_an_alternative_is_never_used_twice():
    # 2 oak tops replace tops; two tables each need 2 tops, one ASAP, one ALAP.
    changed = items()
    changed[TABLE].bom.lines[1].alternatives = [(TOP2, 1.0)]
    position = StockPosition()
    position.add_on_hand(0, TOP2, 2)
    result = plan(
        changed,
        workcenters(),
        [
            demand(job=1, due=date(2027, 3, 26), direction="alap"),
            demand(job=2, direction="asap"),
        ],
        options(availability=True, alternatives="when_short"),
        position,
    )
    used = [
        (o.job_order_id, m.quantity)
        for o in by_item(result, TABLE)
        for m in o.materials
        if m.product_id == TOP2
    ]
    assert used == [(2, 2)]
    assert [(top.job_order_id, top.quantity) for top in by_item(result, TOP)] == [
        (1, 2)
    ]


def test_when_short_counts_what_earlier_orders_promised():
    # 2 tops in stock, 2 oak tops as alternative; two tables of 2: the first
    # takes the tops, the second sees none left and takes the oak ones.
    changed = items()
    changed[TABLE].bom.lines[1].alternatives = [(TOP2, 1.0)]
    position = StockPosition()
    position.add_on_hand(0, TOP, 2)
    position.add_on_hand(0, TOP2, 2)
    result = plan(
        changed,
        workcenters(),
        [demand(job=1, due=date(2027, 3, 8)), demand(job=2, due=date(2027, 3, 12))],
        options(availability=True, alternatives="when_short"),
        position,
    )
    materials = {
        o.job_order_id: [(m.product_id, m.quantity) for m in o.materials]
        for o in by_item(result, TABLE)
    }
    assert materials == {1: [(LEG, 8), (TOP, 2)], 2: [(LEG, 8), (TOP2, 2)]}
    assert by_item(result, TOP) == [] and by_item(result, TOP2) == []


def test_atp_suggests_each_line_its_own_date():
    # Due on the first day: the table takes until Friday, the top (bought in
    # 2 days) is there on Wednesday.
    lines = [
        demand(job=1, due=date(2027, 3, 1)),
        JobOrderLine("line-top", 1, TOP, 1, date(2027, 3, 1)),
    ]
    result = plan(items(), workcenters(), lines, options(atp=True))
    assert result.atp == {1}
    assert result.suggested_lines == {
        "line-1": date(2027, 3, 5),
        "line-top": date(2027, 3, 3),
    }
    assert result.suggested == {1: date(2027, 3, 5)}


def test_grouping_keys_on_the_bom_not_the_object():
    same = [
        Bom(TABLE, 1, [BomLine(LEG, 4), BomLine(TOP, 1)], key="v2") for _ in range(2)
    ]
    result = plan(
        items(),
        workcenters(),
        [demand(job=1, bom=same[0]), demand(job=2, due=date(2027, 3, 9), bom=same[1])],
        options(group_days=5),
    )
    assert [t.quantity for t in by_item(result, TABLE)] == [4]


def test_asap_groups_across_job_orders():
    result = plan(
        items(),
        workcenters(),
        [demand(job=1), demand(job=2, due=date(2027, 3, 10))],
        options(direction="asap", group_days=5),
    )
    tables = by_item(result, TABLE)
    assert [(t.quantity, sorted(c.job_order_id for c in t.covers)) for t in tables] == [
        (4, [1, 2])
    ]
    apart = plan(
        items(),
        workcenters(),
        [demand(job=1), demand(job=2, due=date(2027, 3, 10))],
        options(direction="asap", group_days=5, group_across=False),
    )
    assert [t.quantity for t in by_item(apart, TABLE)] == [2, 2]


def test_latest_anchor_warns_and_marks_the_earliest_need_late():
    result = plan(
        items(),
        workcenters(),
        [demand(job=1), demand(job=2, due=date(2027, 3, 12))],
        options(group_days=5, group_anchor="latest"),
    )
    assert [t.date_end for t in by_item(result, TABLE)] == [at("2027-03-12 17:00")]
    assert [(w.code, w.product_id, w.detail) for w in result.warnings] == [
        ("grouped_late", TABLE, "1")
    ]
    assert result.late == {1}


def test_phases_run_in_sequence_order():
    changed = items()
    changed[TABLE].phases = [
        PhaseSpec("pack", "Pack", A, sequence=20, time_cycle=30),
        PhaseSpec("assemble", "Assemble", A, sequence=10, time_setup=30, time_cycle=60),
    ]
    result = plan(changed, workcenters(), [demand()], options())
    table = by_item(result, TABLE)[0]
    assert [(p.name, p.date_start, p.date_end) for p in table.phases] == [
        ("Assemble", at("2027-03-08 13:30"), at("2027-03-08 16:00")),
        ("Pack", at("2027-03-08 16:00"), at("2027-03-08 17:00")),
    ]


def test_a_version_carries_its_own_routing():
    version = Bom(
        TABLE,
        1,
        [BomLine(LEG, 4), BomLine(TOP, 1)],
        key="bom-table-glued",
        phases=[PhaseSpec("glue", "Glue", C, time_cycle=120)],
    )
    result = plan(items(), workcenters(), [demand(bom=version)], options())
    table = by_item(result, TABLE)[0]
    assert [(p.name, p.workcenter_id, p.time_run) for p in table.phases] == [
        ("Glue", C, 240)
    ]


def test_lead_days_keep_the_local_hour_across_daylight_saving():
    rome = WorkingCalendar.from_weekly(
        [Attendance(d, 8, 17) for d in range(7)],
        "Europe/Rome",
        date(2027, 3, 1),
        date(2027, 4, 30),
    )
    changed = items(Table={"phases": [], "lead_days": 0}, Top={"lead_days": 3})
    result = plan(
        changed,
        {A: WorkCenter(A, rome)},
        [demand(due=date(2027, 3, 30))],
        PlanOptions(start=START, calendar=rome, max_levels=2),
    )
    top = by_item(result, TOP)[0]
    local = [
        moment.astimezone(rome.tz).strftime("%m-%d %H:%M")
        for moment in (top.date_start, top.date_end)
    ]
    # Summer time starts on 03-28: three days before 17:00 is 17:00 again.
    assert local == ["03-27 17:00", "03-30 17:00"]


def test_minimum_stock_is_refilled_without_a_reorder_level():
    # 2 bars in stock, 3 kept: none may be used, and the lot brings the stock
    # back to the minimum.
    position = StockPosition()
    position.add_on_hand(0, BAR, 2)
    result = plan(
        items(Bar={"min_stock": 3, "policy": "stock"}),
        workcenters(),
        [demand()],
        options(availability=True, use_min_stock=True),
        position,
    )
    assert [bar.quantity for bar in by_item(result, BAR)] == [9]


def test_a_group_takes_the_needs_within_days_of_its_first():
    # Due 03-08, 03-11 and 03-16, grouped within 5 days: {03-08, 03-11}, {03-16}.
    lines = [
        demand(job=1, qty=1, due=date(2027, 3, 8)),
        demand(job=2, qty=1, due=date(2027, 3, 11)),
        demand(job=3, qty=1, due=date(2027, 3, 16)),
    ]
    result = plan(items(), workcenters(), lines, options(group_days=5))
    assert [
        (t.quantity, [c.job_order_id for c in t.covers], t.date_end)
        for t in by_item(result, TABLE)
    ] == [(2, [1, 2], at("2027-03-08 17:00")), (1, [3], at("2027-03-16 17:00"))]


def _tops(*specs, **values):
    """Job order lines of tops: ``(job, quantity, due)`` each."""
    return [
        JobOrderLine(f"top-{job}", job, TOP, qty, due, **values)
        for job, qty, due in specs
    ]


def test_asap_lots_refill_the_minimum_stock_once():
    # 10 tops kept, none in stock, three ASAP needs of 5: 15 + 10, not 10 per lot.
    lines = _tops(
        (1, 5, date(2027, 3, 11)),
        (2, 5, date(2027, 3, 12)),
        (3, 5, date(2027, 3, 15)),
        direction="asap",
    )
    result = plan(
        items(Top={"min_stock": 10, "policy": "stock"}),
        workcenters(),
        lines,
        options(
            availability=True,
            availability_mode="minimum",
            use_min_stock=True,
            first_level_availability=True,
        ),
        StockPosition(),
    )
    assert sum(top.quantity for top in by_item(result, TOP)) == 25


def test_a_closed_group_leaves_its_lot_to_the_next_need():
    # Tops come in lots of 20: grouped within 3 days or not, the need of the
    # 24th uses what the lot of the 10th left.
    lines = _tops((1, 5, date(2027, 3, 10)), (2, 5, date(2027, 3, 24)))
    for days in (0, 3):
        result = plan(
            items(Top={"economic_lot": 20}),
            workcenters(),
            lines,
            options(group_days=days),
        )
        assert [top.quantity for top in by_item(result, TOP)] == [20]


def test_stock_is_pegged_before_a_late_lot():
    # Tops take 30 days and come by 20. The first job order is due too soon;
    # the second is covered by a firm receipt of the 20th, not by what the late
    # lot leaves: it is on time.
    position = StockPosition()
    position.add_event(0, TOP, at("2027-03-20 09:00"), 10)
    result = plan(
        items(Top={"lead_days": 30, "lot_multiple": 20}),
        workcenters(),
        _tops((1, 10, date(2027, 3, 5)), (2, 10, date(2027, 3, 25))),
        options(
            availability=True,
            availability_mode="minimum",
            first_level_availability=True,
        ),
        position,
    )
    tops = by_item(result, TOP)
    assert [(t.quantity, [c.job_order_id for c in t.covers]) for t in tops] == [
        (20, [1])
    ]
    assert result.late == {1}


def test_dated_demand_of_documents_without_job_order():
    """MRP's input: demand events keyed by their documents, owned by no job
    order (0), netted, grouped and pegged like job order lines."""
    sale = JobOrderLine(("sale.order.line", 11), 0, TABLE, 2, date(2027, 3, 8))
    forecast = JobOrderLine(("pp.forecast.line", 5), 0, TABLE, 1, date(2027, 3, 9))
    position = StockPosition()
    position.add_on_hand(0, TOP, 1)
    result = plan(
        items(),
        workcenters(),
        [sale, forecast],
        options(group_days=5, availability=True, first_level_availability=True),
        position=position,
    )
    [table] = by_item(result, TABLE)
    assert table.quantity == 3
    assert [(c.demand_key, c.quantity) for c in table.covers] == [
        (("sale.order.line", 11), 2),
        (("pp.forecast.line", 5), 1),
    ]
    assert {o.job_order_id for o in result.orders} == {0}
    # One top of the three comes from stock: 2 bought.
    assert [o.quantity for o in by_item(result, TOP)] == [2]
    assert not result.late
