# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import random
from datetime import date

import pytest

from services.grouping import GROUPINGS, DemandGroup, group_demands, grouping_for
from services.netting import Demand


def d(text):
    return date.fromisoformat(text)


def make_demands():
    """Warehouse 1 and 2, products 10/11, partners 100/101, projects 5/6."""
    return [
        Demand("s1", 10, 2.0, d("2026-03-10"), 100, 5, 1),
        Demand("s2", 10, 3.0, d("2026-03-05"), 101, 5, 1),
        Demand("s3", 11, 4.0, d("2026-03-07"), 100, 6, 1),
        Demand("s4", 10, 5.0, d("2026-03-01"), 100, 5, 2),
        Demand("s5", 11, 1.5, None, 101, 6, 1),
        Demand("s6", 11, 2.5, d("2026-03-07"), 100, 5, 1),
    ]


def view(groups):
    return [(g.key, [x.key for x in g.demands], g.date, g.quantity) for g in groups]


def test_mono_item():
    groups = group_demands(make_demands(), "mono", "item")
    assert view(groups) == [
        ((2, 10), ["s4"], d("2026-03-01"), 5.0),
        ((1, 10), ["s2", "s1"], d("2026-03-05"), 5.0),
        ((1, 11), ["s3", "s6", "s5"], d("2026-03-07"), 8.0),
    ]
    assert all(isinstance(g, DemandGroup) for g in groups)


def test_mono_none_one_group_per_demand():
    groups = group_demands(make_demands(), "mono", "none")
    assert view(groups) == [
        ((2, 10, "s4"), ["s4"], d("2026-03-01"), 5.0),
        ((1, 10, "s2"), ["s2"], d("2026-03-05"), 3.0),
        ((1, 11, "s3"), ["s3"], d("2026-03-07"), 4.0),
        ((1, 11, "s6"), ["s6"], d("2026-03-07"), 2.5),
        ((1, 10, "s1"), ["s1"], d("2026-03-10"), 2.0),
        ((1, 11, "s5"), ["s5"], None, 1.5),
    ]


@pytest.mark.parametrize("grouping", ["customer", "project", "customer_project", "x"])
def test_mono_other_grouping_raises(grouping):
    with pytest.raises(ValueError, match=grouping):
        group_demands(make_demands(), "mono", grouping)


def test_multi_customer():
    groups = group_demands(make_demands(), "multi", "customer")
    assert view(groups) == [
        ((2, 100), ["s4"], d("2026-03-01"), 5.0),
        ((1, 101), ["s2", "s5"], d("2026-03-05"), 4.5),
        ((1, 100), ["s3", "s6", "s1"], d("2026-03-07"), 8.5),
    ]


def test_multi_project():
    groups = group_demands(make_demands(), "multi", "project")
    assert view(groups) == [
        ((2, 5), ["s4"], d("2026-03-01"), 5.0),
        ((1, 5), ["s2", "s6", "s1"], d("2026-03-05"), 7.5),
        ((1, 6), ["s3", "s5"], d("2026-03-07"), 5.5),
    ]


def test_multi_customer_project():
    groups = group_demands(make_demands(), "multi", "customer_project")
    assert view(groups) == [
        ((2, 100, 5), ["s4"], d("2026-03-01"), 5.0),
        ((1, 101, 5), ["s2"], d("2026-03-05"), 3.0),
        # same date 03-07: "(1, 100, 5)" < "(1, 100, 6)"
        ((1, 100, 5), ["s6", "s1"], d("2026-03-07"), 4.5),
        ((1, 100, 6), ["s3"], d("2026-03-07"), 4.0),
        ((1, 101, 6), ["s5"], None, 1.5),
    ]


def test_multi_none_groups_by_warehouse():
    groups = group_demands(make_demands(), "multi", "none")
    assert view(groups) == [
        ((2,), ["s4"], d("2026-03-01"), 5.0),
        # 3 + 4 + 2.5 + 2 + 1.5
        ((1,), ["s2", "s3", "s6", "s1", "s5"], d("2026-03-05"), 13.0),
    ]


def test_multi_item_raises():
    with pytest.raises(ValueError, match="item"):
        group_demands(make_demands(), "multi", "item")


@pytest.mark.parametrize("job_type", sorted(GROUPINGS))
@pytest.mark.parametrize(
    "grouping",
    sorted({grouping for allowed in GROUPINGS.values() for grouping in allowed}),
)
def test_groupings_offered_are_those_that_group(job_type, grouping):
    """What GROUPINGS offers a structure groups; anything else is refused."""
    if grouping in GROUPINGS[job_type]:
        assert group_demands(make_demands(), job_type, grouping)
    else:
        with pytest.raises(ValueError, match=grouping):
            group_demands(make_demands(), job_type, grouping)


def test_multi_product_is_never_grouped_by_item():
    assert "item" not in GROUPINGS["multi"]
    assert GROUPINGS["mono"][0] == "item"


def test_grouping_for_keeps_an_allowed_grouping_else_takes_the_default():
    assert grouping_for("multi", "project") == "project"
    assert grouping_for("multi", "item") == "customer"
    assert grouping_for("mono", "customer") == "item"
    assert grouping_for("mono", "none") == "none"
    assert grouping_for("batch", "item") == "item"


def test_unknown_job_type_raises():
    with pytest.raises(ValueError, match="batch"):
        group_demands(make_demands(), "batch", "none")


def test_group_of_undated_demands():
    groups = group_demands(
        [Demand("b", 1, 1.0, None), Demand("a", 1, 2.0, None)], "mono", "item"
    )
    assert view(groups) == [((None, 1), ["a", "b"], None, 3.0)]


def test_same_date_groups_sorted_by_key_string():
    # both dated 03-01, compared as strings: "(1, 10)" < "(1, 2)"
    demands = [
        Demand("x", 2, 1.0, d("2026-03-01"), warehouse_id=1),
        Demand("y", 10, 1.0, d("2026-03-01"), warehouse_id=1),
    ]
    groups = group_demands(demands, "mono", "item")
    assert [g.key for g in groups] == [(1, 10), (1, 2)]


def test_deterministic_whatever_the_input_order():
    expected = {
        (job_type, grouping): view(group_demands(make_demands(), job_type, grouping))
        for job_type, grouping in [
            ("mono", "item"),
            ("mono", "none"),
            ("multi", "customer"),
            ("multi", "project"),
            ("multi", "customer_project"),
            ("multi", "none"),
        ]
    }
    rng = random.Random(42)
    for _ in range(20):
        shuffled = make_demands()
        rng.shuffle(shuffled)
        for (job_type, grouping), value in expected.items():
            assert view(group_demands(shuffled, job_type, grouping)) == value


def test_empty():
    assert group_demands([], "multi", "customer") == []
