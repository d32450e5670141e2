# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import pp_job_order_generate
from . import pp_job_order_generate_line
from . import pp_job_order_generate_day
from . import pp_job_order_change
from . import pp_general_planning
from . import pp_planning_settings
from . import pp_forecast_period_fill
from . import pp_planned_order_release
from . import pp_planned_order_restore
from . import pp_mrp_planning
from . import pp_fcs_planning
from . import pp_job_order_progress
