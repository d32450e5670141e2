# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Run the engine tests without Odoo.

The addon root is put on ``sys.path`` so tests can ``from services import ...``.
"""

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

# In CI the property-based tests draw the same examples every run (a failure
# there is reproducible); on a developer's machine they explore new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")


def _no_package_setup():
    """Do nothing instead of importing a package ``__init__.py``."""


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Keep pytest from importing the addon's ``__init__.py`` (it imports odoo).

    Pytest sets up every package above a test by importing its ``__init__.py``
    (to run a ``setup_module``). The addon root imports ``odoo``, so that setup is
    disabled for the packages holding these tests; they define no module setup.
    """
    for item in items:
        for node in item.listchain():
            if isinstance(node, pytest.Package):
                node.setup = _no_package_setup
