# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import pytest

from services.bom import (
    Bom,
    BomCycleError,
    BomLine,
    component_quantity,
    components,
    explode,
    low_level_codes,
)

# 1 Table = 4 Legs (5% scrap) + 1 Top; 1 Top = 0.5 m² Board (in dm²: factor 100)
# + 1 Fixing Kit (phantom: 4 Screws + 4 Plugs); 2 Legs = 1 Tube.
TABLE, LEG, TOP, BOARD, KIT, SCREW, PLUG, TUBE = range(1, 9)
NAMES = {1: "Table", 2: "Leg", 3: "Top", 4: "Board", 5: "Kit", 6: "Screw", 7: "Plug"}


def factory():
    return {
        TABLE: Bom(
            TABLE,
            1,
            [BomLine(LEG, 4, scrap_rate=5, operation_key="assembly"), BomLine(TOP, 1)],
        ),
        TOP: Bom(
            TOP,
            1,
            [BomLine(BOARD, 0.5, factor=100), BomLine(KIT, 1, operation_key="drill")],
        ),
        KIT: Bom(KIT, 1, [BomLine(SCREW, 4), BomLine(PLUG, 4)], phantom=True),
        LEG: Bom(LEG, 2, [BomLine(TUBE, 1)]),
    }


def test_component_quantity_with_bom_quantity_factor_and_scrap():
    bom = factory()[TABLE]
    assert component_quantity(bom, bom.lines[0], 10) == 42.0
    top = factory()[TOP]
    assert component_quantity(top, top.lines[0], 3) == 150.0
    with pytest.raises(ValueError, match="quantity <= 0"):
        component_quantity(Bom(9, 0, []), BomLine(1, 1), 1)


def test_explode_levels_phantom_and_operations():
    result = explode(TABLE, 10, factory())
    rows = [
        (r.product_id, r.quantity, r.level, r.parent_id, r.operation_key)
        for r in result
    ]
    assert rows == [
        (LEG, 42.0, 1, TABLE, "assembly"),
        (TOP, 10.0, 1, TABLE, None),
        # 42 legs, 2 per BOM -> 21 tubes
        (TUBE, 21.0, 2, LEG, None),
        (BOARD, 500.0, 2, TOP, None),
        # the kit is exploded through: its parts belong to the top's drilling
        (SCREW, 40.0, 2, TOP, "drill"),
        (PLUG, 40.0, 2, TOP, "drill"),
    ]


def test_explode_only_first_levels():
    result = explode(TABLE, 1, factory(), max_level=1)
    assert {r.product_id for r in result} == {LEG, TOP}
    assert explode(BOARD, 5, factory()) == []


def test_low_level_codes():
    boms = factory()
    # The top also uses a leg directly: the leg is planned at its deepest level.
    boms[TOP].lines.append(BomLine(LEG, 1))
    codes = low_level_codes(boms.values())
    assert codes[TABLE] == 0
    assert codes[TOP] == 1
    assert codes[LEG] == 2
    assert codes[TUBE] == 3
    assert codes[SCREW] == codes[KIT] + 1 == 3


def test_cycle_is_named():
    boms = factory()
    boms[TUBE] = Bom(TUBE, 1, [BomLine(TABLE, 1)])
    with pytest.raises(BomCycleError) as caught:
        low_level_codes(boms.values(), NAMES)
    assert str(caught.value) == "Bill of materials cycle: Table → Leg → 8 → Table"
    assert caught.value.cycle == [TABLE, LEG, TUBE, TABLE]
    with pytest.raises(BomCycleError, match="Table → Leg → 8 → Table"):
        explode(TOP, 1, boms, names=NAMES)


def test_self_reference_is_a_cycle():
    with pytest.raises(BomCycleError, match="cycle: 5 → 5"):
        explode(5, 1, {5: Bom(5, 1, [BomLine(5, 1)])})


def test_low_level_codes_over_versions_and_alternatives():
    boms = factory()
    # A second version of the table uses a frame no default BOM knows, and the
    # board line of the top may be replaced by a plank.
    version = Bom(TABLE, 1, [BomLine(9, 1)], key="table-v2")
    boms[TOP].lines[0].alternatives = [(10, 1.0)]
    codes = low_level_codes([*boms.values(), version])
    assert codes[9] == 1
    assert codes[10] == codes[BOARD] == 2


def test_components_one_level_kits_exploded():
    boms = factory()
    rows = [
        (r.product_id, r.quantity, r.parent_id, r.operation_key)
        for r in components(boms[TOP], 2, boms)
    ]
    assert rows == [
        (BOARD, 100.0, TOP, None),
        (SCREW, 8.0, TOP, "drill"),
        (PLUG, 8.0, TOP, "drill"),
    ]
