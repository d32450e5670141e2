# Copyright 2026 Production Planning contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import res_company
from . import pp_product_uom_mixin
from . import pp_procurement_priority
from . import pp_job_order_type
from . import pp_planning_run
from . import pp_planning_run_log
from . import pp_stock_position
from . import pp_forecast
from . import pp_forecast_line
from . import pp_job_order
from . import pp_job_order_line
from . import pp_job_order_generation
from . import pp_planned_order
from . import pp_bom_line_alternative
from . import product_template
from . import product_product
from . import product_supplierinfo
from . import mrp_bom_line
from . import mrp_production
from . import pp_workcenter_capacity
from . import mrp_workcenter
from . import purchase_order_line
from . import sale_order
from . import sale_order_line
