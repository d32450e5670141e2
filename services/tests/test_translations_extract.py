# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every translatable string of the addon's Python code reaches the .pot file.

Odoo exports Python strings with Babel, which evaluates the string arguments of
each ``_()`` call: an f-string among them (``qty=f"{x:g}"``) makes it fail and
silently drops the file's later messages from the translation template.
"""

import io
from pathlib import Path

import pytest
from babel.messages import extract as babel_extract

ADDON = Path(__file__).resolve().parents[2]
PYTHON_FILES = sorted(
    path
    for folder in ("models", "wizards", "report")
    for path in (ADDON / folder).glob("*.py")
)


def test_files_found():
    assert any(path.name == "pp_job_order_generation.py" for path in PYTHON_FILES)


@pytest.mark.parametrize("path", PYTHON_FILES, ids=lambda path: path.name)
def test_babel_extracts_every_message(path):
    messages = list(
        babel_extract.extract_python(
            io.BytesIO(path.read_bytes()), ["_", "_lt"], [], {}
        )
    )
    assert messages is not None
