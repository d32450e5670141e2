# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""MRP engine: a textbook record computed by hand, lot rules, suggestions,
two-pass, minimum stock, coverage, undated documents and the past.

Periods are days on a calendar that works around the clock, every day, from
Monday 2027-03-01 (day 1). A document due on day *d* is needed at the end of
that day (midnight); lead times are in days, so an order received at the end
of day *d* with a lead time of *L* days is released at the end of day *d-L*.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from mrp_checker import checked_mrp as plan_mrp

from services.bom import Bom, BomCycleError, BomLine
from services.calendar import Attendance, WorkingCalendar
from services.mrp import MrpDemand, MrpOptions, MrpSupply
from services.planning import Item

A, B, C = 1, 2, 3
SITE = 7
CAL = WorkingCalendar.from_weekly(
    [Attendance(d, 0, 24) for d in range(7)], "UTC", date(2027, 1, 1), date(2027, 6, 30)
)
START = datetime(2027, 3, 1, tzinfo=UTC)


def day(number):
    """Day ``number`` of the record (1 = Monday 2027-03-01)."""
    return date(2027, 3, 1) + timedelta(days=number - 1)


def end(number):
    """The end of day ``number`` (midnight after it)."""
    return datetime(2027, 3, 1, tzinfo=UTC) + timedelta(days=number)


def options(**changes):
    return MrpOptions(start=START, calendar=CAL, **changes)


def textbook_items(changes=None):
    """A (made, 1 day, lot for lot) takes 2 B (bought, 2 days, multiples of 50)."""
    result = {
        A: Item(
            A,
            "A",
            bom=Bom(A, 1, [BomLine(B, 2)], key="bom-a"),
            lead_days=1,
            policy="mrp",
        ),
        B: Item(
            B, "B", procurement="purchase", partner_id=9, lead_days=2, lot_multiple=50
        ),
        C: Item(C, "C", procurement="purchase", partner_id=9, lead_days=3),
    }
    for product_id, values in (changes or {}).items():
        for name, value in values.items():
            setattr(result[product_id], name, value)
    return result


def demands_of(product_id, quantities, **values):
    return [
        MrpDemand(
            ("sale.order.line", number),
            product_id,
            quantity,
            day(number),
            SITE,
            **values,
        )
        for number, quantity in enumerate(quantities, start=1)
        if quantity
    ]


def planned(result, product_id):
    """(quantity, release day end, receipt day end) of an item's planned orders."""
    return sorted(
        (order.quantity, order.date_start, order.date_end)
        for order in result.orders
        if order.product_id == product_id
    )


def test_textbook_two_levels_eight_periods():
    """Gross requirements of A over 8 days: 0 10 15 20 0 25 10 30; on hand 10;
    an MO brings 20 A at the end of day 3. By hand:

    A: projected 10, 0 (d2), 5 (d3: +20 -15), then short 15 (d4), 25 (d6),
    10 (d7), 30 (d8): planned receipts of those quantities, released a day
    earlier (ends of days 3, 5, 6, 7).
    B: gross 2 x A's releases: 30 (end d3), 50 (d5), 20 (d6), 60 (d7); on hand
    40: projected 10 after d3; d5 short 40 -> 50; 10 left, d6 short 10 -> 50;
    40 left, d7 short 20 -> 50; 30 left. Receipts at ends of days 5, 6, 7,
    released two days earlier (ends of days 3, 4, 5).
    """
    supplies = [MrpSupply(("mrp.production", 5), A, 20, end(3), SITE, "production")]
    result = plan_mrp(
        textbook_items(),
        {},
        {(SITE, A): 10, (SITE, B): 40},
        demands_of(A, [0, 10, 15, 20, 0, 25, 10, 30]),
        supplies,
        options(),
    )
    assert planned(result, A) == [
        (10, end(6), end(7)),
        (15, end(3), end(4)),
        (25, end(5), end(6)),
        (30, end(7), end(8)),
    ]
    assert planned(result, B) == [
        (50, end(3), end(5)),
        (50, end(4), end(6)),
        (50, end(5), end(7)),
    ]
    table_a = [
        (line.moment, line.qty_demand, line.qty_supply, line.qty_available)
        for line in result.lines
        if line.product_id == A
    ]
    assert table_a == [
        (START, 0, 10, 10),
        (end(2), 10, 0, 0),
        (end(3), 0, 20, 20),
        (end(3), 15, 0, 5),
        (end(4), 0, 15, 20),
        (end(4), 20, 0, 0),
        (end(6), 0, 25, 25),
        (end(6), 25, 0, 0),
        (end(7), 0, 10, 10),
        (end(7), 10, 0, 0),
        (end(8), 0, 30, 30),
        (end(8), 30, 0, 0),
    ]
    b_rows = [line for line in result.lines if line.product_id == B]
    assert [row.qty_available for row in b_rows][-1] == 30
    # The MO is used on its day: no suggestion.
    assert result.suggestions == []
    # Pegging: each planned order of A covers the sale line of its day.
    covers = {
        order.date_end: [cover.demand_key for cover in order.covers]
        for order in result.orders
        if order.product_id == A
    }
    assert covers[end(4)] == [("sale.order.line", 4)]
    # The table pegs each demand row to the order covering it.
    row = next(
        line
        for line in result.lines
        if line.document == ("sale.order.line", 4) and line.product_id == A
    )
    pegged = next(o for o in result.orders if o.key == row.pegged)
    assert (pegged.product_id, pegged.date_end) == (A, end(4))
    # B's orders cover A's planned orders (dependent demand).
    b_parents = {
        cover.parent_key
        for order in result.orders
        if order.product_id == B
        for cover in order.covers
    }
    a_keys = {order.key for order in result.orders if order.product_id == A}
    assert b_parents and b_parents <= a_keys


def test_lot_rules():
    """Economic lot raises, the multiple rounds up, the maximum splits."""
    demand = demands_of(C, [0, 0, 0, 0, 23])
    cases = [
        ({}, [23]),
        ({"economic_lot": 40}, [40]),
        ({"lot_multiple": 10}, [30]),
        ({"economic_lot": 25, "lot_multiple": 10}, [30]),
        ({"max_lot": 10}, [3, 10, 10]),
        ({"max_lot": 10, "economic_lot": 5}, [5, 10, 10]),
        ({"max_lot": 10, "lot_multiple": 4}, [4, 10, 10]),
    ]
    for values, expected in cases:
        result = plan_mrp(textbook_items({C: values}), {}, {}, demand, [], options())
        assert sorted(o.quantity for o in result.orders) == expected, values
        # Every lot of the split is due at the need and pegged to it.
        assert {o.date_end for o in result.orders} == {end(5)}
        assert sum(c.quantity for o in result.orders for c in o.covers) == 23
    off = plan_mrp(
        textbook_items({C: {"economic_lot": 40, "max_lot": 10}}),
        {},
        {},
        demand,
        [],
        options(use_lot=False, use_max_lot=False),
    )
    assert [o.quantity for o in off.orders] == [23]


def test_grouping_days_per_item():
    """Needs within N days of the first share one order due on the first."""
    demand = demands_of(C, [0, 0, 0, 5, 6, 7, 8])
    result = plan_mrp(
        textbook_items({C: {"group_days": 2}}), {}, {}, demand, [], options()
    )
    assert planned(result, C) == [(8, end(4), end(7)), (18, end(1), end(4))]
    # The run's grouping applies to items without their own.
    result = plan_mrp(textbook_items(), {}, {}, demand, [], options(group_days=1))
    assert sorted(o.quantity for o in result.orders) == [11, 15]


def test_suggestions_expedite_instead_of_buying_again():
    """A confirmed purchase arriving after the need is expedited to it."""
    supplies = [MrpSupply(("purchase.order.line", 1), C, 30, end(6), SITE)]
    result = plan_mrp(
        textbook_items(), {}, {}, demands_of(C, [0, 0, 20]), supplies, options()
    )
    assert result.orders == []
    expedite, decrease = result.suggestions
    assert expedite.action == "expedite"
    assert expedite.supply_key == ("purchase.order.line", 1)
    assert (expedite.date_current, expedite.date_proposed) == (end(6), end(3))
    assert expedite.qty_current == expedite.qty_proposed == 30
    # Only 20 of its 30 are needed.
    assert (decrease.action, decrease.qty_proposed) == ("decrease", 20)
    # Without suggestions the receipt stays where it is: a new order is planned.
    result = plan_mrp(
        textbook_items(),
        {},
        {},
        demands_of(C, [0, 0, 20]),
        supplies,
        options(with_suggestions=False),
    )
    assert [o.quantity for o in result.orders] == [20]
    assert result.suggestions == []


def test_suggestions_cancel_decrease_postpone():
    supplies = [
        MrpSupply(("purchase.order.line", 1), C, 10, end(2), SITE),
        MrpSupply(("purchase.order.line", 2), C, 30, end(4), SITE),
        MrpSupply(("purchase.order.line", 3), C, 15, end(5), SITE),
    ]
    # Needs: 25 on day 6. FIFO: line 1 (10) then 15 of line 2; line 3 unused.
    result = plan_mrp(
        textbook_items(),
        {},
        {},
        demands_of(C, [0, 0, 0, 0, 0, 25]),
        supplies,
        options(),
    )
    assert result.orders == []
    found = {(s.supply_key[1], s.action): s for s in result.suggestions}
    assert set(found) == {
        (1, "postpone"),
        (2, "decrease"),
        (2, "postpone"),
        (3, "cancel"),
    }
    assert found[(1, "postpone")].date_proposed == end(6)
    # A postponement moves the date only; the quantity is the decrease's business.
    assert found[(2, "postpone")].qty_proposed == 30
    assert found[(2, "decrease")].qty_proposed == 15
    assert found[(3, "cancel")].qty_proposed == 0


def test_suggestion_increase_open_request():
    """A need on the day of an RFQ (not firm) increases it instead of a new order."""
    supplies = [
        MrpSupply(
            ("purchase.order.line", 4),
            C,
            10,
            end(3) - timedelta(hours=1),
            SITE,
            firm=False,
        )
    ]
    result = plan_mrp(
        textbook_items(), {}, {}, demands_of(C, [0, 0, 25]), supplies, options()
    )
    assert result.orders == []
    [suggestion] = result.suggestions
    assert (suggestion.action, suggestion.qty_current, suggestion.qty_proposed) == (
        "increase",
        10,
        25,
    )
    # A confirmed purchase is not increased: the rest is planned.
    supplies[0].firm = True
    result = plan_mrp(
        textbook_items(), {}, {}, demands_of(C, [0, 0, 25]), supplies, options()
    )
    assert [o.quantity for o in result.orders] == [15]


def test_two_pass_confirmed_quantity():
    """Firm demand first: each order's confirmed quantity is what firm demand needs."""
    demand = demands_of(C, [0, 0, 12]) + [
        MrpDemand(("pp.forecast.line", 1), C, 8, day(3), SITE, "forecasts", firm=False),
        MrpDemand(("pp.forecast.line", 2), C, 5, day(6), SITE, "forecasts", firm=False),
    ]
    result = plan_mrp(textbook_items(), {}, {}, demand, [], options(two_pass=True))
    by_end = {o.date_end: o for o in result.orders}
    assert by_end[end(3)].quantity == 20
    assert result.qty_confirmed[by_end[end(3)].key] == 12
    assert result.qty_confirmed[by_end[end(6)].key] == 0
    assert plan_mrp(textbook_items(), {}, {}, demand, [], options()).qty_confirmed == {}


def test_minimum_stock_without_demand_and_with():
    """Below the minimum stock a lot refills it even when nothing else asks."""
    items = textbook_items({C: {"min_stock": 10, "reorder_level": 25}})
    result = plan_mrp(items, {}, {(SITE, C): 4}, [], [], options())
    [order] = result.orders
    assert order.quantity == 21  # back to the reorder level from 4
    assert order.date_end == START
    # Off: nothing.
    off = plan_mrp(items, {}, {(SITE, C): 4}, [], [], options(use_min_stock=False))
    assert off.orders == []
    # With demand the stock never goes below the minimum.
    result = plan_mrp(
        items, {}, {(SITE, C): 30}, demands_of(C, [0, 0, 25]), [], options()
    )
    assert [(o.quantity, o.date_end) for o in result.orders] == [(20, end(3))]


def test_coverage_weeks_of_future_demand():
    """Coverage keeps that many weeks of the horizon's average daily demand."""
    items = textbook_items({C: {"coverage_weeks": 1}})
    demand = demands_of(C, [0, 0, 0, 0, 0, 0, 0, 0, 0, 14])  # 14 over 10 days
    result = plan_mrp(
        items, {}, {(SITE, C): 20}, demand, [], options(use_coverage=True)
    )
    # Kept 1 week x 1.4 a day = 9.8: 20 - 14 leaves 6, refilled to 9.8 -> 3.8.
    assert [round(o.quantity, 6) for o in result.orders] == [3.8]
    assert plan_mrp(items, {}, {(SITE, C): 20}, demand, [], options()).orders == []


def test_undated_documents_skipped_or_dated():
    demand = [MrpDemand(("sale.order.line", 1), C, 5, None, SITE)]
    skipped = plan_mrp(textbook_items(), {}, {}, demand, [], options())
    assert skipped.orders == []
    assert [w.code for w in skipped.warnings] == ["undated"]
    dated = plan_mrp(textbook_items(), {}, {}, demand, [], options(undated_date=day(9)))
    assert [(o.quantity, o.date_end) for o in dated.orders] == [(5, end(9))]


def test_past_documents_today_unless_considered():
    demand = [MrpDemand(("sale.order.line", 1), C, 5, day(-3), SITE)]
    result = plan_mrp(textbook_items(), {}, {}, demand, [], options())
    assert [o.date_end for o in result.orders] == [end(1)]
    past = plan_mrp(textbook_items(), {}, {}, demand, [], options(consider_past=True))
    assert [o.date_end for o in past.orders] == [end(-3)]


def test_horizon_sources_and_policies():
    demand = demands_of(C, [0, 5, 0, 0, 0, 0, 0, 0, 7])
    until = plan_mrp(textbook_items(), {}, {}, demand, [], options(date_until=day(5)))
    assert [o.quantity for o in until.orders] == [5]
    no_sales = plan_mrp(
        textbook_items(), {}, {}, demand, [], options(sources=("purchases",))
    )
    assert no_sales.orders == []
    # An item whose policy MRP does not plan is netted (its table) but not ordered.
    only_mrp = plan_mrp(
        textbook_items({C: {"policy": "job_order"}}),
        {},
        {},
        demand,
        [],
        options(policies=("mrp",)),
    )
    assert only_mrp.orders == []
    assert [line.qty_available for line in only_mrp.lines] == [-5, -12]


def test_item_without_vendor_warned_and_skipped():
    items = textbook_items({C: {"partner_id": None}})
    result = plan_mrp(items, {}, {}, demands_of(C, [0, 4]), [], options())
    assert result.orders == []
    assert [w.code for w in result.warnings] == ["no_vendor"]


def test_bom_cycle_names_it():
    items = textbook_items()
    items[B] = Item(B, "B", bom=Bom(B, 1, [BomLine(A, 1)], key="bom-b"), lead_days=1)
    with pytest.raises(BomCycleError, match="A → B → A|B → A → B"):
        plan_mrp(items, {}, {}, demands_of(A, [0, 4]), [], options())
