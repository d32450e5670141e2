# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The engine must stay pure Python: standard library and itself only, but for
OR-Tools in the CP-SAT scheduler (SPEC §2 puts the CP-SAT model in the engine;
``ortools`` is the addon's declared external dependency)."""

import ast
import sys
from pathlib import Path

import pytest

SERVICES = Path(__file__).resolve().parents[1]
SOURCES = sorted(p for p in SERVICES.rglob("*.py") if "tests" not in p.parts)
ALLOWED = set(sys.stdlib_module_names) | {"services"}
ALSO_ALLOWED = {"fcs.py": {"ortools"}}


def imported_roots(path):
    """Yield (line, top-level module) of every absolute import of a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.lineno, (node.module or "").split(".")[0]


def test_sources_found():
    names = {p.name for p in SOURCES}
    assert {
        "__init__.py",
        "lots.py",
        "periods.py",
        "safety_stock.py",
        "netting.py",
        "grouping.py",
        "combine.py",
        "job_order_state.py",
    } <= names


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_odoo_nor_third_party_import(path):
    roots = list(imported_roots(path))
    assert not [r for r in roots if r[1] == "odoo"], f"{path.name} imports odoo"
    allowed = ALLOWED | ALSO_ALLOWED.get(path.name, set())
    bad = [r for r in roots if r[1] not in allowed]
    assert not bad, f"{path.name} imports outside the standard library: {bad}"


def test_checker_detects_forbidden_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\nfrom odoo import models\nimport numpy.linalg\nfrom . import lots\n"
    )
    assert list(imported_roots(sample)) == [(1, "os"), (2, "odoo"), (3, "numpy")]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_license_header(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[:2] == [
        "# Copyright 2026 Production Planning contributors",
        "# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).",
    ]


def test_package_imports_submodules():
    import services

    for name in (
        "combine",
        "grouping",
        "job_order_state",
        "lots",
        "netting",
        "periods",
        "safety_stock",
    ):
        assert hasattr(services, name)
