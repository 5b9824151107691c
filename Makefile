# The two commands: `make demo` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The demo serves plain HTTP on the loopback with synthetic data.
DEMO_ENV := HOMECOMING_SECRET_KEY_FILE=var/secret-key HOMECOMING_IDENTITY_KEYS_FILE=var/identity-keys \
	HOMECOMING_BLIND_INDEX_KEY_FILE=var/blind-index-key HOMECOMING_AUDIT_KEYS_FILE=var/audit-keys HOMECOMING_NETWORK_KEYS_FILE=var/network-keys HOMECOMING_HTTPS=false HOMECOMING_DEMO=true \
	HOMECOMING_ALLOWED_HOSTS=127.0.0.1,localhost HOMECOMING_STATIC_ROOT=$(CURDIR)/var/static
NEW_KEY := import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())
# Commands in `make test` that run outside pytest (which sets its own environment).
CHECK_ENV := HOMECOMING_DEBUG=true
# Test processes per database (pytest-xdist): one per core of the 2-core CI machine. Each
# worker has a test database of its own (test_homecoming_gw0, _gw1).
TEST_WORKERS ?= 2
# What the PostgreSQL pass leaves out (README, "How the tests use PostgreSQL").
POSTGRES_PASS := not no_database and not browser and not own_databases and not demo

.PHONY: demo demo-hub test lint install install-dev runtime-packages system-packages test-assets messages bench-indicators bench drills sweep clean

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

var/secret-key:
	mkdir -p var
	umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

# The demo makes its own keys, once: the demo data stays readable across runs.
var/identity-keys var/blind-index-key var/audit-keys var/network-keys:
	mkdir -p var
	umask 077 && $(PY) -c '$(NEW_KEY)' > $@

demo: install runtime-packages var/secret-key var/identity-keys var/blind-index-key var/audit-keys var/network-keys
	$(DEMO_ENV) $(PY) manage.py migrate --no-input
	$(DEMO_ENV) $(PY) manage.py createcachetable
	$(DEMO_ENV) $(PY) manage.py seed_demo
	$(DEMO_ENV) $(PY) manage.py collectstatic --no-input --verbosity 0
	@echo "Serving on http://127.0.0.1:8000 — press Ctrl+C to stop."
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# The network hub's demo beside the city's: its own database, on port 8001 (README, "The network hub").
HUB_ENV := $(DEMO_ENV) HOMECOMING_ROLE=hub DATABASE_URL=sqlite:///$(CURDIR)/var/hub.sqlite3
demo-hub: install runtime-packages var/secret-key var/identity-keys var/blind-index-key var/audit-keys var/network-keys
	$(HUB_ENV) $(PY) manage.py migrate --no-input
	$(HUB_ENV) $(PY) manage.py createcachetable
	$(HUB_ENV) $(PY) manage.py seed_demo
	$(HUB_ENV) $(PY) manage.py collectstatic --no-input --verbosity 0
	@echo "Serving the network hub on http://127.0.0.1:8001 — press Ctrl+C to stop."
	$(HUB_ENV) $(PY) manage.py runserver 127.0.0.1:8001

# Pango and fonts for the PDF reports; the test suite's packages on top for `make test`.
runtime-packages:
	bash scripts/system-packages.sh runtime

system-packages:
	bash scripts/system-packages.sh

# Test-only assets from npm (axe-core, injected by the browser tests), as the lock file pins them.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

test-assets: system-packages node_modules/.installed

lint: install-dev
	mkdir -p var
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(CHECK_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(CHECK_ENV) $(PY) manage.py check

test: install-dev system-packages test-assets lint
	@echo "== Test suite on SQLite"
	$(PY) -m pytest -n $(TEST_WORKERS)
	@echo "== Test suite on PostgreSQL (a throwaway cluster on the loopback)"
	@echo "   (tests that use no database, browser tests, the two-server exchange test and the seeded demo's tests"
	@echo "   ran above: what the last three ask of the database is tested here by the view tests)"
	$(PY) scripts/with_postgres.py $(PY) -m pytest -n $(TEST_WORKERS) -m "$(POSTGRES_PASS)"

# Every page for every role that may open it, axe in English, Russian and Kazakh (issue 18; `make test`
# opens each page once, as one role, with axe in English): tens of minutes.
sweep: install-dev system-packages test-assets
	HOMECOMING_SWEEP=all $(PY) -m pytest -p no:cacheprovider -n $(TEST_WORKERS) homecoming/tests/test_browser_every_page.py

# The indicator catalogue timed on generated data, SQLite then PostgreSQL (README, "Indicators
# at scale"): minutes, not part of `make test`. PARTICIPANTS=100000 for the national figure.
PARTICIPANTS ?= 10000
bench-indicators: install-dev system-packages
	mkdir -p var && rm -f var/bench.sqlite3
	DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(PY) scripts/bench_indicators.py --participants $(PARTICIPANTS)
	$(PY) scripts/with_postgres.py $(PY) scripts/bench_indicators.py --participants $(PARTICIPANTS)

# The main pages timed on generated data (README, "Performance at scale"): for each SIZE, a fresh
# SQLite file, then a throwaway PostgreSQL cluster; a table each, and var/bench-<database>-<size>.json.
# HOMECOMING_DEBUG=true only for its fixed throwaway keys: the command times with DEBUG off.
# `make bench SIZE=100000` for the national figure. var/bench.sqlite3 keeps the last SQLite data set
# (`manage.py bench --keep` measures it again).
SIZE ?= 1000 10000
BENCH_ENV := HOMECOMING_DEBUG=true
bench: install-dev system-packages
	mkdir -p var
	for size in $(SIZE); do \
		rm -f var/bench.sqlite3 var/bench.sqlite3-wal var/bench.sqlite3-shm; \
		$(BENCH_ENV) DATABASE_URL=sqlite:///$(CURDIR)/var/bench.sqlite3 $(PY) manage.py bench --size $$size || exit 1; \
		$(BENCH_ENV) $(PY) scripts/with_postgres.py $(PY) manage.py bench --size $$size || exit 1; \
	done

# The load and fault drills (README, "Drills"): gunicorn on a throwaway PostgreSQL cluster with 1,000
# generated participants, 50 users for 5 minutes, kill -9, PostgreSQL stopped, SQLite's disk full, two
# people editing; about 10 minutes. Each drill starts and removes what it needs; DATABASE_URL is never
# touched. Exits non-zero when a check fails; the figures also go to var/drills.json.
# HOMECOMING_DEBUG=true only lets manage.py start: the drills give their servers keys of their own.
drills: install-dev system-packages
	mkdir -p var
	$(BENCH_ENV) $(PY) manage.py drill all --json var/drills.json

# Re-extract the message catalogues after changing user-facing strings, then translate
# the new entries in locale/ru and locale/kk and run `make messages` again to compile.
messages: install
	$(CHECK_ENV) $(PY) manage.py makemessages --locale ru --locale kk --no-obsolete --no-location --no-wrap --ignore '.venv/*' --ignore 'node_modules/*'
	$(CHECK_ENV) $(PY) manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache node_modules
