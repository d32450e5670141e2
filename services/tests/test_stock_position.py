# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from services.safety_stock import StockEvent
from services.stock_position import ItemPosition, StockPosition


def d(text):
    return date.fromisoformat(text)


def position():
    """Site 1: 10 on hand, -5 on 03-05, +20 on 03-10, -30 on 03-20."""
    stock = StockPosition()
    stock.add_on_hand(1, 7, 10.0)
    stock.add_event(1, 7, d("2026-03-10"), 20.0, "PO1")
    stock.add_event(1, 7, d("2026-03-05"), -5.0, "SO1")
    stock.add_event(1, 7, d("2026-03-20"), -30.0, "SO2")
    return stock


def test_available_at():
    item = position().item(1, 7)
    assert item.available_at(d("2026-03-04")) == 10.0
    assert item.available_at(d("2026-03-05")) == 5.0
    assert item.available_at(d("2026-03-10")) == 25.0
    assert item.available_at(d("2026-03-20")) == -5.0


def test_free_from_is_the_minimum_of_what_follows():
    item = position().item(1, 7)
    # 10 in stock on 03-01, but 5 leave on 03-05 and the 03-20 issue ends at -5.
    assert item.free_from(d("2026-03-01")) == -5.0
    assert item.free_from(d("2026-03-21")) == -5.0
    without_last = ItemPosition(on_hand=10.0, events=item.events[:2])
    assert without_last.free_from(d("2026-03-01")) == 5.0
    assert without_last.free_from(d("2026-03-10")) == 25.0


def test_events_sorted_and_sites_summed():
    stock = position()
    stock.add_on_hand(2, 7, 4.0)
    stock.add_event(2, 7, d("2026-03-01"), 1.0)
    both = stock.item([1, 2], 7)
    assert both.on_hand == 14.0
    assert [e.date for e in both.events] == sorted(e.date for e in both.events)
    assert both.available_at(d("2026-03-01")) == 15.0


def test_zero_events_are_ignored_and_unknown_items_are_empty():
    stock = StockPosition()
    stock.add_event(1, 7, d("2026-03-01"), 0.0)
    assert stock.events == {}
    empty = stock.item(1, 99)
    assert (empty.on_hand, empty.events) == (0.0, [])
    assert StockEvent(d("2026-03-01"), 1.0).reference == ""
