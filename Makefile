# Production Planning for Odoo 18 — build, run and test loop.
# `make run` and `make test` install everything they need on a fresh machine.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ADDON := production_planning
ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
CACHE ?= $(HOME)/.cache/$(ADDON)
# Odoo 18.0 source: $(ODOO_PATH), else /opt/odoo/18.0, else a shallow clone.
ODOO_PATH ?= $(if $(wildcard /opt/odoo/18.0/odoo/release.py),/opt/odoo/18.0,$(CACHE)/odoo-18.0)
ODOO_GIT ?= https://github.com/odoo/odoo.git
PYTHON_BIN ?= python3.11
VENV ?= $(CACHE)/venv
PY := $(VENV)/bin/python
# Build folder outside the checkout (it links the checkout as an addon).
BUILD ?= $(CACHE)/build-$(shell echo $(ROOT) | md5sum | cut -c1-8)
ADDONS_DIR := $(BUILD)/addons
ODOO_CONF := $(BUILD)/odoo.conf
DB_HOST ?= 127.0.0.1
DB_PORT ?= 5432
DB_USER ?= root
RUN_DB ?= $(ADDON)
TEST_DB ?= $(ADDON)_test
HTTP_PORT ?= 8069
TEST_HTTP_PORT ?= 8169
PYTEST_ARGS ?=
ODOO_TESTS ?= tests
ODOO_BIN := $(PY) $(ODOO_PATH)/odoo-bin -c $(ODOO_CONF)
REQ_STAMP := $(VENV)/.req-$(shell cat $(ROOT)/requirements.txt $(ROOT)/requirements-oca.txt | md5sum | cut -c1-12)
# Where pip puts the OCA addons' wheels (odoo/addons/<name>).
OCA_ADDONS = $(shell $(PY) -c "import site; print(site.getsitepackages()[0])" 2>/dev/null)/odoo/addons
export PYTHONPATH := $(ODOO_PATH)
export PGHOST := $(DB_HOST)
export PGPORT := $(DB_PORT)
export PGUSER := $(DB_USER)


.PHONY: help run test test-engine test-odoo test-odoo-core check-install check-wheel wheel i18n lint bench bench-db bench-engine bench-planning bench-mrp bench-mrp-db bench-fcs bench-fcs-jobshop bench-fcs-plant \
	odoo venv setup db-ready browser clean

help:
	@echo "make run     set up everything, create database '$(RUN_DB)' with demo data, start Odoo on http://localhost:$(HTTP_PORT) (admin/admin)"
	@echo "make test    engine tests (pytest) then Odoo tests (pytest-odoo) on a fresh database '$(TEST_DB)'"
	@echo "make test-odoo-core  Odoo's own mrp/sale_mrp/purchase_stock/mrp_subcontracting tests with the addon (BASELINE=1: without it)"
	@echo "make lint    ruff (and pylint-odoo)"
	@echo "make wheel   build the pip wheel odoo_addon_$(ADDON) into $(BUILD)/dist"
	@echo "make bench   benchmarks (one JSON line each): bench-engine (engine by size), bench-planning (Odoo end to end, against make-to-order)"
	@echo "make bench-mrp  MRP against OCA's mrp_multi_level on the same factory (one JSON line per size)"
	@echo "make bench-fcs  FCS on the classic job-shop instances, against a bare CP-SAT model and PyJobShop (one JSON line per instance)"

# --- set-up -----------------------------------------------------------------
odoo:
	@if [ ! -f "$(ODOO_PATH)/odoo/release.py" ]; then \
	  if [ "$${CI:-}" = "true" ]; then \
	    echo "ERROR: Odoo 18.0 source not found at $(ODOO_PATH) (set ODOO_PATH)." >&2; exit 1; \
	  fi; \
	  echo "Cloning Odoo 18.0 into $(ODOO_PATH)"; \
	  git clone --depth 1 --branch 18.0 $(ODOO_GIT) "$(ODOO_PATH)"; \
	fi

$(REQ_STAMP): $(ROOT)/requirements.txt $(ROOT)/requirements-oca.txt
	@command -v $(PYTHON_BIN) >/dev/null || { echo "ERROR: $(PYTHON_BIN) not found (set PYTHON_BIN)" >&2; exit 1; }
	@[ -x "$(PY)" ] || $(PYTHON_BIN) -m venv "$(VENV)"
	$(PY) -m pip install -q --upgrade pip wheel setuptools
	$(PY) -m pip install -q -r $(ROOT)/requirements.txt
	$(PY) -m pip install -q --no-deps -r $(ROOT)/requirements-oca.txt
	@rm -f $(VENV)/.req-*; touch $@

venv: $(REQ_STAMP)

setup: odoo venv
	@mkdir -p $(ADDONS_DIR) $(BUILD)/data
	@ln -sfn $(ROOT) $(ADDONS_DIR)/$(ADDON)
	@printf '[options]\naddons_path = %s,%s,%s\ndata_dir = %s\ndb_host = %s\ndb_port = %s\ndb_user = %s\nadmin_passwd = admin\nhttp_port = %s\nlimit_time_real = 0\nlimit_time_cpu = 0\nserver_wide_modules = base,web,queue_job\n\n[queue_job]\nchannels = root:1\n' \
	  "$(ODOO_PATH)/odoo/addons" "$(OCA_ADDONS)" "$(ADDONS_DIR)" "$(BUILD)/data" "$(DB_HOST)" "$(DB_PORT)" "$(DB_USER)" "$(HTTP_PORT)" > $(ODOO_CONF)

db-ready:
	@pg_isready -q -h $(DB_HOST) -p $(DB_PORT) || { \
	  echo "ERROR: PostgreSQL does not answer on $(DB_HOST):$(DB_PORT)." >&2; \
	  echo "Start it, e.g.: pg_ctlcluster --skip-systemctl-redirect \$$(ls /etc/postgresql) main start" >&2; \
	  exit 1; }

browser:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null || { \
	  echo "Installing Chromium for the browser tours"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null || { \
	  echo "ERROR: no Chromium for the Odoo tours (install the 'chromium' package)." >&2; exit 1; }
	@command -v wkhtmltopdf >/dev/null || { \
	  echo "Installing wkhtmltopdf for the PDF reports"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wkhtmltopdf >/dev/null; }
	@command -v wkhtmltopdf >/dev/null || { \
	  echo "ERROR: no wkhtmltopdf for the PDF reports (install the 'wkhtmltopdf' package)." >&2; exit 1; }

# --- run --------------------------------------------------------------------
run: setup db-ready
	@if ! psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname='$(RUN_DB)'" | grep -q 1; then \
	  echo "Creating database $(RUN_DB) with $(ADDON) and demo data"; \
	  $(ODOO_BIN) -d $(RUN_DB) -i $(ADDON) --stop-after-init --log-level=warn; \
	fi
	$(ODOO_BIN) -d $(RUN_DB) --db-filter='^$(RUN_DB)$$'

# --- tests ------------------------------------------------------------------
test: test-engine test-odoo

test-engine: venv
	cd $(ROOT) && $(PY) -m pytest -p no:odoo -p no:cacheprovider services/tests -q $(PYTEST_ARGS)

# Installs the addon from scratch (with demo data) in $(TEST_DB), refusing any
# warning or error in the install log, then runs tests/ with pytest-odoo.
test-odoo: setup db-ready browser
	dropdb --if-exists $(TEST_DB)
	rm -f $(BUILD)/install-$(TEST_DB).log
	$(ODOO_BIN) -d $(TEST_DB) -i $(ADDON) --stop-after-init --log-level=info \
	  --logfile=$(BUILD)/install-$(TEST_DB).log
	@bash $(ROOT)/.ci/check-log $(BUILD)/install-$(TEST_DB).log
	cd $(BUILD) && $(PY) -m pytest -p no:cacheprovider \
	  --odoo-config=$(ODOO_CONF) --odoo-database=$(TEST_DB) \
	  --odoo-extra=http-port=$(TEST_HTTP_PORT) \
	  --odoo-log-level=warn $(ADDONS_DIR)/$(ADDON)/$(ODOO_TESTS) -q $(PYTEST_ARGS)

# Odoo's own tests of the modules the addon extends, on a database where the addon is
# installed (no demo data), through pytest-odoo so the whole registry (addon included)
# is loaded; run it beside BASELINE=1 (same modules, addon not installed) to compare.
CORE_TESTS ?= mrp sale_mrp purchase_stock mrp_subcontracting
CORE_DB ?= $(ADDON)_core$(if $(BASELINE),_baseline)
CORE_MODULES = $(if $(BASELINE),mrp$(comma)sale_stock$(comma)purchase_stock$(comma)mrp_subcontracting$(comma)mrp_account$(comma)sale_mrp$(comma)project$(comma)queue_job$(comma)web_timeline,$(ADDON))
comma := ,
test-odoo-core: setup db-ready browser
	dropdb --if-exists $(CORE_DB)
	$(ODOO_BIN) -d $(CORE_DB) -i $(CORE_MODULES) --without-demo=all --stop-after-init --log-level=warn
	cd $(ODOO_PATH) && for module in $(CORE_TESTS); do \
	  echo "== $$module"; \
	  $(PY) -m pytest -p no:cacheprovider --odoo-config=$(ODOO_CONF) --odoo-database=$(CORE_DB) \
	    --odoo-extra=http-port=$(TEST_HTTP_PORT) --odoo-log-level=warn odoo/addons/$$module/tests -q -rfE \
	    | grep -E '^(FAILED|ERROR) |passed|failed' || true; \
	done

# Install without demo data must be clean too.
check-install: setup db-ready
	dropdb --if-exists $(TEST_DB)_nodemo
	rm -f $(BUILD)/install-$(TEST_DB)_nodemo.log
	$(ODOO_BIN) -d $(TEST_DB)_nodemo -i $(ADDON) --without-demo=all --stop-after-init \
	  --log-level=info --logfile=$(BUILD)/install-$(TEST_DB)_nodemo.log
	@bash $(ROOT)/.ci/check-log $(BUILD)/install-$(TEST_DB)_nodemo.log
	dropdb --if-exists $(TEST_DB)_nodemo

# --- packaging --------------------------------------------------------------
# The wheel is built from the checked-in files, copied into a folder named after the
# addon (whool takes the addon name from the folder).
WHEEL_SRC := $(BUILD)/wheel-src/$(ADDON)
WHEEL_VENV := $(BUILD)/wheel-venv
wheel: venv
	rm -rf $(BUILD)/wheel-src $(BUILD)/dist
	mkdir -p $(WHEEL_SRC) $(BUILD)/dist
	cd $(ROOT) && git ls-files -z | tar --null -T - -c | tar -x -C $(WHEEL_SRC)
	$(PY) -m pip wheel -q --no-deps -w $(BUILD)/dist $(WHEEL_SRC)
	@ls $(BUILD)/dist/odoo_addon_$(ADDON)-18.0.*-py3-none-any.whl

# Installs the wheel with --no-deps into a fresh virtualenv (which sees Odoo's own
# dependencies through a .pth file) and installs the module from there in a scratch
# database, as a user installing the package would. The metadata is grepped from a
# file: grep -q on a pipe ends unzip with SIGPIPE once METADATA passes 64 KB (pipefail).
check-wheel: wheel db-ready
	rm -rf $(WHEEL_VENV)
	$(PYTHON_BIN) -m venv $(WHEEL_VENV)
	$(PY) -c "import site; print(site.getsitepackages()[0])" \
	  > $$($(WHEEL_VENV)/bin/python -c "import site; print(site.getsitepackages()[0])")/odoo_deps.pth
	$(WHEEL_VENV)/bin/python -m pip install -q --no-deps -r $(ROOT)/requirements-oca.txt
	$(WHEEL_VENV)/bin/python -m pip install -q --no-deps $(BUILD)/dist/odoo_addon_$(ADDON)-*.whl
	@site=$$($(WHEEL_VENV)/bin/python -c "import site; print(site.getsitepackages()[0])"); \
	  test -f $$site/odoo/addons/$(ADDON)/__manifest__.py || { echo "ERROR: the wheel did not install odoo/addons/$(ADDON)" >&2; exit 1; }; \
	  unzip -p $(BUILD)/dist/odoo_addon_$(ADDON)-*.whl '*.dist-info/METADATA' > $(BUILD)/dist/METADATA; \
	  grep -q '^Requires-Dist: ortools' $(BUILD)/dist/METADATA || { echo "ERROR: the wheel does not require ortools" >&2; exit 1; }; \
	  dropdb --if-exists $(TEST_DB)_wheel; rm -f $(BUILD)/install-$(TEST_DB)_wheel.log; \
	  $(WHEEL_VENV)/bin/python $(ODOO_PATH)/odoo-bin --addons-path=$(ODOO_PATH)/odoo/addons,$$site/odoo/addons \
	    --db_host=$(DB_HOST) --db_port=$(DB_PORT) --db_user=$(DB_USER) --data-dir=$(BUILD)/data \
	    -d $(TEST_DB)_wheel -i $(ADDON) --without-demo=all --stop-after-init --log-level=info \
	    --logfile=$(BUILD)/install-$(TEST_DB)_wheel.log
	@bash $(ROOT)/.ci/check-log $(BUILD)/install-$(TEST_DB)_wheel.log
	@grep -q "$(WHEEL_VENV)" $(BUILD)/install-$(TEST_DB)_wheel.log || grep -q "addons paths:.*wheel-venv" $(BUILD)/install-$(TEST_DB)_wheel.log
	dropdb --if-exists $(TEST_DB)_wheel

# Regenerate i18n/production_planning.pot from a fresh install without demo data.
i18n: setup db-ready
	dropdb --if-exists $(ADDON)_i18n
	$(ODOO_BIN) -d $(ADDON)_i18n -i $(ADDON) --without-demo=all --stop-after-init --log-level=warn
	$(ODOO_BIN) -d $(ADDON)_i18n --i18n-export=$(ROOT)/i18n/$(ADDON).pot \
	  --modules=$(ADDON) --stop-after-init --log-level=warn
	dropdb --if-exists $(ADDON)_i18n
	@command -v msgmerge >/dev/null && msgmerge -q -U --backup=none $(ROOT)/i18n/it.po $(ROOT)/i18n/$(ADDON).pot || true

lint: venv
	$(PY) -m pip install -q ruff
	cd $(ROOT) && $(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .
	@if $(PY) -m pip install -q pylint-odoo >/dev/null 2>&1; then \
	  cd $(ROOT)/.. && $(VENV)/bin/pylint --load-plugins=pylint_odoo --rcfile=$(ROOT)/.pylintrc $(ROOT) ; \
	else echo "pylint-odoo does not install here; skipped"; fi

# Benchmarks run on their own database (the addon without demo data, plus the
# seeded factory of bench/factory.py, generated on first use) and print one JSON line.
BENCH_DB ?= $(ADDON)_bench
bench-db: setup db-ready
	@if ! psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname='$(BENCH_DB)'" | grep -q 1; then \
	  echo "Creating database $(BENCH_DB) with $(ADDON), without demo data" >&2; \
	  $(ODOO_BIN) -d $(BENCH_DB) -i $(ADDON) --without-demo=all --stop-after-init --log-level=warn; \
	fi

bench: bench-engine bench-planning

# The engine alone on the blueprint factory, by size (no database).
bench-engine: venv
	cd $(ROOT) && $(PY) bench/bench_engine.py

# Runs roll back what they plan: vacuum the rows they left behind first. Odoo's
# make-to-order is measured on a copy of the same database, dropped afterwards
# (BENCH_MTO_DB= leaves it out).
BENCH_MTO_DB ?= $(BENCH_DB)_mto
bench-planning: bench-db
	@ODOO_RC=$(ODOO_CONF) BENCH_DB=$(BENCH_DB) $(PY) $(ROOT)/bench/bench_planning.py prepare
	@psql -d $(BENCH_DB) -qc "VACUUM ANALYZE pp_planned_order, pp_planned_order_operation, pp_planned_order_material, pp_planned_order_grouping, pp_planning_run_log"
	@if [ -n "$(BENCH_MTO_DB)" ]; then dropdb --if-exists $(BENCH_MTO_DB) && createdb -T $(BENCH_DB) $(BENCH_MTO_DB); fi
	@ODOO_RC=$(ODOO_CONF) BENCH_DB=$(BENCH_DB) BENCH_MTO_DB=$(BENCH_MTO_DB) \
	  $(PY) $(ROOT)/bench/bench_planning.py run; status=$$?; \
	  if [ -n "$(BENCH_MTO_DB)" ]; then dropdb --if-exists $(BENCH_MTO_DB); fi; exit $$status

# MRP against OCA's mrp_multi_level (bench/bench_mrp.py). OCA's addons are installed
# with --no-deps into $(BENCH_OCA), a folder only this benchmark's odoo.conf puts on
# the addons path: odoo.conf, make run and make test never see them. The addons are
# installed once in $(BENCH_MRP_DB) (no demo data); each size gets its own copy of it
# ($(BENCH_MRP_DB)_<size>) where the factory is generated once and kept. Sizes:
# small (1,000 items, 4 levels, 5,000 demands), large (10,000, 5, 50,000), or
# ITEMS/LEVELS/DEMANDS; BENCH_OCA_TIMEOUT (900 s) caps OCA's run.
BENCH_MRP_DB ?= $(ADDON)_bench_mrp
BENCH_MRP_SIZES ?= small large
BENCH_OCA := $(BUILD)/bench-oca
BENCH_OCA_STAMP := $(BENCH_OCA)/.req-$(shell cat $(ROOT)/requirements-bench.txt | md5sum | cut -c1-12)
BENCH_MRP_CONF := $(BUILD)/odoo-bench-mrp.conf
BENCH_NICE ?= nice -n 10

$(BENCH_OCA_STAMP): $(ROOT)/requirements-bench.txt | venv
	rm -rf $(BENCH_OCA)
	$(PY) -m pip install -q --no-deps --target $(BENCH_OCA) -r $(ROOT)/requirements-bench.txt
	@touch $@

bench-mrp-db: setup db-ready $(BENCH_OCA_STAMP)
	@sed 's#^addons_path = .*#&,$(BENCH_OCA)/odoo/addons#' $(ODOO_CONF) > $(BENCH_MRP_CONF)
	@if ! psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname='$(BENCH_MRP_DB)'" | grep -q 1; then \
	  echo "Creating database $(BENCH_MRP_DB) with $(ADDON) and mrp_multi_level, without demo data" >&2; \
	  $(PY) $(ODOO_PATH)/odoo-bin -c $(BENCH_MRP_CONF) -d $(BENCH_MRP_DB) -i $(ADDON),mrp_multi_level \
	    --without-demo=all --stop-after-init --log-level=warn; \
	fi

bench-mrp: bench-mrp-db
	@for size in $(BENCH_MRP_SIZES); do \
	  db=$(BENCH_MRP_DB)_$$(echo $$size | tr '/' '_'); \
	  if ! ODOO_RC=$(BENCH_MRP_CONF) BENCH_DB=$$db $(PY) $(ROOT)/bench/bench_mrp.py ready $$size 2>/dev/null; then \
	    echo "Generating the $$size factory in $$db" >&2; \
	    dropdb --if-exists $$db; createdb -T $(BENCH_MRP_DB) $$db; \
	    ODOO_RC=$(BENCH_MRP_CONF) BENCH_DB=$$db $(BENCH_NICE) $(PY) $(ROOT)/bench/bench_mrp.py prepare $$size; \
	  fi; \
	  psql -d $$db -qc "VACUUM ANALYZE mrp_move, mrp_planned_order, mrp_inventory, pp_planned_order, pp_planned_order_material, pp_mrp_line, pp_mrp_suggestion, pp_planning_run, pp_planning_run_log"; \
	  ODOO_RC=$(BENCH_MRP_CONF) BENCH_DB=$$db $(BENCH_NICE) $(PY) $(ROOT)/bench/bench_mrp.py run $$size; \
	done

# FCS on the job-shop instances (bench/bench_fcs.py): ours, a bare CP-SAT model and
# PyJobShop, same limit and workers. PyJobShop goes --no-deps into $(BENCH_FCS), named
# only by this target's PYTHONPATH. INSTANCES="ft06 la01" (names in JOBSHOP_DIR, or
# paths), FCS_TIME_LIMIT (30 s), FCS_WORKERS (2).
BENCH_FCS := $(BUILD)/bench-fcs
BENCH_FCS_STAMP := $(BENCH_FCS)/.req-$(shell cat $(ROOT)/requirements-bench-fcs.txt | md5sum | cut -c1-12)

$(BENCH_FCS_STAMP): $(ROOT)/requirements-bench-fcs.txt | venv
	rm -rf $(BENCH_FCS)
	$(PY) -m pip install -q --no-deps --target $(BENCH_FCS) -r $(ROOT)/requirements-bench-fcs.txt
	@touch $@

# Then the generated plant against Odoo's button_plan (bench/bench_fcs_plant.py) on
# its own database $(BENCH_FCS_DB) (the addon without demo data, plant kept).
BENCH_FCS_DB ?= $(ADDON)_bench_fcs

bench-fcs: bench-fcs-jobshop bench-fcs-plant

bench-fcs-jobshop: venv $(BENCH_FCS_STAMP)
	cd $(ROOT) && PYTHONPATH=$(BENCH_FCS) $(PY) bench/bench_fcs.py

bench-fcs-plant: setup db-ready
	@$(MAKE) --no-print-directory bench-db BENCH_DB=$(BENCH_FCS_DB)
	@$(ODOO_BIN) -d $(BENCH_FCS_DB) -u $(ADDON) --stop-after-init --log-level=warn
	@ODOO_RC=$(ODOO_CONF) BENCH_DB=$(BENCH_FCS_DB) $(PY) $(ROOT)/bench/bench_fcs_plant.py prepare
	@ODOO_RC=$(ODOO_CONF) BENCH_DB=$(BENCH_FCS_DB) $(PY) $(ROOT)/bench/bench_fcs_plant.py run

clean:
	rm -rf $(BUILD)
