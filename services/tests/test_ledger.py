# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The time-phased ledger, by hand and against a brute-force reference."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.ledger import DEFERRED, FIRST, Ledger, StockPosition

DAY = datetime(2027, 3, 1, tzinfo=UTC)


def day(n, hour=12):
    return DAY + timedelta(days=n, hours=hour - 12)


def position(on_hand=0.0, events=()):
    result = StockPosition()
    result.add_on_hand(1, 7, on_hand)
    for moment, quantity in events:
        result.add_event(1, 7, moment, quantity)
    return result


def test_minimum_mode_keeps_stock_for_a_later_issue():
    # 10 on hand, 6 leave on day 5: a need on day 2 may take 4, one on day 6 the 4 left.
    ledger = Ledger(position(10, [(day(5), -6)]))
    assert ledger.free(1, 7, day(2)) == 4
    assert ledger.take(1, 7, 9, day(2)) == 4
    assert ledger.free(1, 7, day(6)) == 0
    assert ledger.projected(1, 7, day(3)) == 6


def test_a_receipt_covers_only_needs_at_or_after_it():
    ledger = Ledger()
    ledger.declare(1, 7, [day(n) for n in range(8)])
    ledger.receive(1, 7, 5, day(4))
    assert ledger.free(1, 7, day(3)) == 0
    assert ledger.free(1, 7, day(4)) == 5
    assert ledger.take(1, 7, 3, day(6)) == 3
    # The 3 promised on day 6 are not offered again to a need on day 5.
    assert ledger.free(1, 7, day(5)) == 2


def test_at_date_mode_ignores_later_firm_issues_not_later_bookings():
    ledger = Ledger(position(10, [(day(5), -6)]), mode="at_date")
    assert ledger.free(1, 7, day(2)) == 10
    assert ledger.take(1, 7, 7, day(8)) == 4  # the day 5 issue came first
    # The 4 booked on day 8 stay promised: a need on day 2 sees 6, not 10.
    assert ledger.free(1, 7, day(2)) == 6
    assert ledger.take(1, 7, 10, day(2)) == 6
    assert ledger.free(1, 7, day(1)) == 0


def test_needs_blind_to_the_position_get_only_the_run_lots():
    ledger = Ledger(position(10))
    ledger.declare(1, 7, [day(1), day(2), day(3)])
    ledger.receive(1, 7, 3, day(1))
    assert ledger.free(1, 7, day(2), firm=False) == 3
    assert ledger.free(1, 7, day(2)) == 13
    assert ledger.take(1, 7, 5, day(2), firm=False) == 3
    assert ledger.free(1, 7, day(2)) == 10
    # A need that considers the stock takes it all; the lot is gone with it.
    assert ledger.take(1, 7, 12, day(3)) == 10
    ledger.receive(1, 7, 2, day(3))
    assert ledger.free(1, 7, day(3), firm=False) == 2


def test_thresholds_keep_and_refill():
    ledger = Ledger(position(5))
    ledger.declare(1, 7, [day(1)])
    ledger.set_threshold(1, 7, keep=3)
    # Without a reorder level the refill brings the stock back to the minimum.
    assert ledger.take(1, 7, 4, day(1)) == 2
    assert ledger.refill(1, 7, day(1)) == 0
    ledger.issue(1, 7, 1, day(1))
    assert ledger.refill(1, 7, day(1)) == 1
    ledger.set_threshold(1, 7, keep=3, target=10)
    assert ledger.refill(1, 7, day(1)) == 8
    # The threshold is not a need's to take, even when it is all that is left.
    assert ledger.take(1, 7, 1, day(1)) == 0


def test_shortage_and_deferred_receipts():
    ledger = Ledger(position(-2))
    assert ledger.shortage(1, 7, day(1)) == 2
    ledger.receive(1, 7, 5, DEFERRED)
    assert ledger.free(1, 7, day(400)) == -2
    assert ledger.take(1, 7, 9, DEFERRED) == 3


def test_undeclared_moments_are_rounded_to_the_safe_side():
    ledger = Ledger(position(3, [(day(5), -3)]))
    # A receipt between two slots counts from the next slot; a query between
    # them reads the previous one.
    ledger.receive(1, 7, 4, day(4))
    assert ledger.projected(1, 7, day(4, 18)) == 3
    assert ledger.free(1, 7, day(4, 18)) == 3
    ledger.declare(1, 7, [day(4), day(4, 18)])
    assert ledger.projected(1, 7, day(4, 18)) == 7
    assert ledger.free(1, 7, day(4, 18)) == 4
    assert ledger.free(1, 7, FIRST) == 3


def test_unknown_mode_and_naive_moment():
    with pytest.raises(ValueError, match="Unknown availability mode"):
        Ledger(mode="sometimes")
    with pytest.raises(ValueError, match="no time zone"):
        StockPosition().add_event(1, 7, datetime(2027, 3, 1), 1)


def test_end_of_day_in_the_planning_time_zone():
    rome = StockPosition(tz="Europe/Rome")
    assert rome.end_of_day(date(2027, 3, 1)) == datetime(
        2027, 3, 1, 22, 59, 59, 999999, tzinfo=UTC
    )
    assert rome.day_of(datetime(2027, 3, 1, 23, 30, tzinfo=UTC)) == date(2027, 3, 2)


# --- against a brute-force reference --------------------------------------
def reference_free(on_hand, events, at, mode):
    """Free quantity by scanning every event (``(moment, qty, firm)``)."""
    counted = events

    def level(t):
        return on_hand + sum(q for m, q, _f in counted if m <= t)

    later = sorted({m for m, _q, _f in counted if m > at})
    if mode == "minimum":
        return min([level(at)] + [level(t) for t in later])
    hard = [
        sum(q for m, q, f in counted if at < m <= t and not (f and q < 0))
        for t in later
    ]
    return level(at) + min([0.0, *hard])


operations = st.lists(
    st.tuples(
        st.sampled_from(["receive", "issue", "take", "take_run"]),
        st.integers(0, 20),
        st.integers(1, 30),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(
    on_hand=st.integers(-5, 30),
    firm=st.lists(st.tuples(st.integers(0, 20), st.integers(-15, 15)), max_size=12),
    ops=operations,
    mode=st.sampled_from(["minimum", "at_date"]),
)
def test_ledger_matches_a_brute_force_reference(on_hand, firm, ops, mode):
    ledger = Ledger(position(on_hand, [(day(n), q) for n, q in firm if q]), mode)
    ledger.declare(1, 7, [day(n) for n in range(21)])
    events = [(day(n), float(q), True) for n, q in firm if q]
    blind = set()  # positions in ``events`` of bookings blind to the position
    for kind, n, quantity in ops:
        at = day(n)
        if kind == "receive":
            ledger.receive(1, 7, quantity, at)
            events.append((at, float(quantity), False))
            continue
        if kind == "issue":
            ledger.issue(1, 7, quantity, at)
            events.append((at, -float(quantity), False))
            blind.add(len(events) - 1)
            continue
        run_only = kind == "take_run"
        expected = reference_free(on_hand, events, at, mode)
        if run_only:
            # Lots minus what needs blind to the position took, never more than is there.
            own = [
                (m, q, f)
                for index, (m, q, f) in enumerate(events)
                if not f and (q > 0 or index in blind)
            ]
            expected = min(expected, reference_free(0.0, own, at, "minimum"))
        assert ledger.free(1, 7, at, firm=not run_only) == pytest.approx(expected)
        taken = ledger.take(1, 7, quantity, at, firm=not run_only)
        assert taken == pytest.approx(max(0.0, min(quantity, expected)))
        if taken:
            events.append((at, -taken, False))
            if run_only:
                blind.add(len(events) - 1)
    # Takes never make a day worse than the firm position left it, nor push it
    # below zero (minimum mode; unconditional issues may).
    if mode == "minimum" and not any(kind == "issue" for kind, _n, _q in ops):
        for n in range(21):
            level = on_hand + sum(q for m, q, _f in events if m <= day(n))
            firm_level = on_hand + sum(q for m, q, f in events if f and m <= day(n))
            assert level >= min(0.0, firm_level) - 1e-6


@settings(max_examples=200, deadline=None)
@given(
    firm=st.lists(st.tuples(st.integers(0, 20), st.integers(-15, 15)), max_size=12),
    receipts=st.lists(st.tuples(st.integers(0, 20), st.integers(0, 23)), max_size=8),
    queries=st.lists(st.tuples(st.integers(0, 20), st.integers(0, 23)), max_size=8),
)
def test_undeclared_moments_never_offer_more(firm, receipts, queries):
    exact = Ledger(position(5, [(day(n), q) for n, q in firm if q]))
    rough = Ledger(position(5, [(day(n), q) for n, q in firm if q]))
    moments = [day(n, h) for n, h in receipts + queries]
    exact.declare(1, 7, moments)
    for n, hour in receipts:
        exact.receive(1, 7, 3, day(n, hour))
        rough.receive(1, 7, 3, day(n, hour))
    for n, hour in queries:
        assert rough.free(1, 7, day(n, hour)) <= exact.free(1, 7, day(n, hour)) + 1e-9
