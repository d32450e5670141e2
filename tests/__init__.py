# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import test_job_order
from . import test_job_order_generation
from . import test_rpc_and_tour
from . import test_security
from . import test_generation_hardening
from . import test_company_rules
from . import test_forecast_guards
from . import test_workcenter_calendar
from . import test_planned_order
from . import test_grouping_coverage
from . import test_planned_order_trust
from . import test_external_phases
from . import test_generation_wizard
from . import test_bulk_insert
from . import test_job_costing
from . import test_reports
from . import test_fcs
from . import test_general_planning
from . import test_mrp
from . import test_netting_core
from . import test_release
from . import test_run_screens
