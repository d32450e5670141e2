# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import services
from . import models
from . import wizards
from . import report
from .hooks import post_init_hook
