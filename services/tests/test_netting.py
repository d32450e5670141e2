# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import UTC, date, datetime, time

from services.ledger import Ledger, StockPosition
from services.netting import Demand, NettedDemand
from services.netting import net_demands as net


def d(text):
    return date.fromisoformat(text)


def noon(text):
    return datetime.combine(d(text), time(12), tzinfo=UTC)


# on_hand 10; -5 on 03-05; +20 on 03-10
ON_HAND = 10.0
EVENTS = [(noon("2026-03-10"), 20.0), (noon("2026-03-05"), -5.0)]


def net_demands(demands, on_hand, events, mode="minimum", **values):
    """Net against a ledger of item 1 holding ``on_hand`` and ``events``."""
    position = StockPosition(tz="Europe/Rome")
    position.add_on_hand(0, 1, on_hand)
    for moment, quantity in events:
        position.add_event(0, 1, moment, quantity)
    return net(demands, Ledger(position, mode), **values)


def demands():
    # given out of order on purpose
    return [
        Demand("C", 1, 15.0, d("2026-03-12")),
        Demand("A", 1, 8.0, d("2026-03-03")),
        Demand("B", 1, 6.0, d("2026-03-06")),
    ]


def summary(result):
    return [(n.demand.key, n.available, n.quantity) for n in result]


def test_netting_without_reserve():
    """A (03-03): 10 in stock but 5 leave on 03-05, so only 5 are free -> 3 left.

    B: 5 - 5 = 0 -> 6 left.  C: 25 - 5 = 20 -> 0 left.
    """
    result = net_demands(demands(), ON_HAND, EVENTS)
    assert summary(result) == [("A", 5.0, 3.0), ("B", 0.0, 6.0), ("C", 20.0, 0.0)]
    assert all(isinstance(n, NettedDemand) for n in result)


def test_stock_is_never_promised_twice():
    """What A and B take plus the issue of 03-05 never exceeds what exists."""
    result = net_demands(demands(), ON_HAND, EVENTS)
    taken = {n.demand.key: n.demand.quantity - n.quantity for n in result}
    # Up to 03-09 only the 10 on hand exist, and 5 of them leave on 03-05.
    assert taken["A"] + taken["B"] + 5 <= ON_HAND


def test_netting_at_the_need_date():
    """Mode at_date: A sees the 10 of its day and takes 8, ignoring 03-05.

    B: 5 - 8 < 0 -> 0, 6 left.  C: 25 - 8 = 17 -> 0 left.
    """
    result = net_demands(demands(), ON_HAND, EVENTS, mode="at_date")
    assert summary(result) == [("A", 10.0, 0.0), ("B", 0.0, 6.0), ("C", 17.0, 0.0)]


def test_an_event_of_the_demand_s_day_counts():
    # The 20 of 03-10 arrive at noon: a demand of that day sees them.
    result = net_demands([Demand("Z", 1, 20.0, d("2026-03-10"))], ON_HAND, EVENTS)
    assert summary(result) == [("Z", 25.0, 0.0)]


def test_generation_and_planning_share_one_ledger():
    # What a first netting booked is not offered to a second one.
    position = StockPosition()
    position.add_on_hand(0, 1, 10.0)
    ledger = Ledger(position)
    net([Demand("A", 1, 6.0, d("2026-03-02"))], ledger)
    assert summary(net([Demand("B", 1, 6.0, d("2026-03-03"))], ledger)) == [
        ("B", 4.0, 2.0)
    ]


def test_netting_with_reserve():
    """Reserve 3.  A: 5 free - 3 = 2 -> 6 left, consumes 2.

    B: 5 - 3 - 2 = 0 -> 6 left.  C: 25 - 3 - 2 = 20 -> 0 left.
    """
    result = net_demands(demands(), ON_HAND, EVENTS, reserve=3)
    assert summary(result) == [("A", 2.0, 6.0), ("B", 0.0, 6.0), ("C", 20.0, 0.0)]


def test_partial_coverage_then_consumption():
    """Two demands on the same day: the second sees what the first left.

    5 free (5 of the 10 leave on 03-05); X (key 1) 4 -> 0 left;
    Y (key 2) 9 sees 1 -> 8 left.
    """
    result = net_demands(
        [Demand(2, 1, 9.0, d("2026-03-01")), Demand(1, 1, 4.0, d("2026-03-01"))],
        ON_HAND,
        EVENTS,
    )
    assert summary(result) == [(1, 5.0, 0.0), (2, 1.0, 8.0)]


def test_exclude_overdue():
    """Today 03-04: A (03-03) is overdue, keeps its 8 and consumes nothing.

    B: 5 - 0 = 5 -> 1 left, consumes 5.  C: 25 - 5 = 20 -> 0 left.
    """
    result = net_demands(
        demands(), ON_HAND, EVENTS, today=d("2026-03-04"), exclude_overdue=True
    )
    assert summary(result) == [("A", 5.0, 8.0), ("B", 5.0, 1.0), ("C", 20.0, 0.0)]


def test_overdue_included_when_flag_off():
    result = net_demands(demands(), ON_HAND, EVENTS, today=d("2026-03-04"))
    assert summary(result) == [("A", 5.0, 3.0), ("B", 0.0, 6.0), ("C", 20.0, 0.0)]


def test_exclude_overdue_without_today_does_nothing():
    result = net_demands(demands(), ON_HAND, EVENTS, exclude_overdue=True)
    assert summary(result) == [("A", 5.0, 3.0), ("B", 0.0, 6.0), ("C", 20.0, 0.0)]


def test_demand_dated_today_is_not_overdue():
    result = net_demands(
        demands(), ON_HAND, EVENTS, today=d("2026-03-03"), exclude_overdue=True
    )
    assert summary(result)[0] == ("A", 5.0, 3.0)


def test_exclude_overdue_with_reserve():
    """Today 03-04, reserve 3: A overdue sees 5 - 3 = 2 and keeps 8.

    B: 5 - 3 = 2 -> 4 left.  C: 25 - 3 - 2 = 20 -> 0 left.
    """
    result = net_demands(
        demands(),
        ON_HAND,
        EVENTS,
        reserve=3,
        today=d("2026-03-04"),
        exclude_overdue=True,
    )
    assert summary(result) == [("A", 2.0, 8.0), ("B", 2.0, 4.0), ("C", 20.0, 0.0)]


def test_undated_demand_counts_as_today():
    """Today 03-06; the undated demand 'a' sorts after B (03-06, '2' < 'a').

    B (key '2') 6: sees 5 -> 1 left.  'a' 4: sees 5 - 5 = 0 -> 4 left.
    """
    result = net_demands(
        [Demand("a", 1, 4.0, None), Demand("2", 1, 6.0, d("2026-03-06"))],
        ON_HAND,
        EVENTS,
        today=d("2026-03-06"),
    )
    assert summary(result) == [("2", 5.0, 1.0), ("a", 0.0, 4.0)]


def test_undated_demand_without_today_goes_last():
    """Undated demand is dated date.max: it comes last and sees every event.

    B (03-06) 6 sees 5 -> 1 left, consumes 5.  U 12 sees 25 - 5 = 20 -> 0 left.
    """
    result = net_demands(
        [Demand("U", 1, 12.0, None), Demand("B", 1, 6.0, d("2026-03-06"))],
        ON_HAND,
        EVENTS,
    )
    assert summary(result) == [("B", 5.0, 1.0), ("U", 20.0, 0.0)]


def test_sort_by_key_as_string_on_same_date():
    # str keys: "10" < "9"
    result = net_demands(
        [Demand(9, 1, 7.0, d("2026-03-02")), Demand(10, 1, 7.0, d("2026-03-02"))],
        ON_HAND,
        [],
    )
    assert summary(result) == [(10, 10.0, 0.0), (9, 3.0, 4.0)]


def test_negative_availability():
    result = net_demands([Demand("A", 1, 4.0, d("2026-03-01"))], -2.0, [])
    assert summary(result) == [("A", 0.0, 4.0)]


def test_empty():
    assert net_demands([], 10.0, EVENTS) == []


def test_demand_defaults():
    demand = Demand("k", 3, 1.0, None)
    assert (demand.partner_id, demand.project_id, demand.warehouse_id) == (
        None,
        None,
        None,
    )
    assert demand.source == "sale"
