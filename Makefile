# The two commands the README promises: `make run` and `make test`. Both set everything up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 5000
FLASK := $(VENV)/bin/flask --app wsgi
TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/pkt_test
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint-imports test-postgres test-browser setup setup-dev check-system translations clean bench \
	migration-baseline load lock

# Installs come from the lock files only, every file checked against its hash.
$(VENV)/.runtime: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes -r requirements.lock
	touch $@

$(VENV)/.dev: requirements-dev.lock $(VENV)/.runtime
	$(PY) -m pip install -q --require-hashes -r requirements-dev.lock
	touch $@

# After editing requirements.txt or requirements-dev.txt: pin the new or changed packages and their
# dependencies, with hashes, into requirements.lock and requirements-dev.lock (other pins are kept;
# `make lock LOCK_ARGS=--upgrade` moves every unpinned dependency to its newest version). The dev
# lock is constrained by the runtime lock, so both install the same runtime versions.
LOCK_VENV := .venv-lock
LOCK_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet \
	--generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock:
	test -x $(LOCK_VENV)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_VENV) && \
	  $(LOCK_VENV)/bin/pip install -q pip-tools==7.6.2; }
	$(LOCK_COMPILE) --output-file requirements.lock requirements.txt
	$(LOCK_COMPILE) --constraint requirements.lock --output-file requirements-dev.lock requirements-dev.txt

setup: $(VENV)/.runtime check-system translations instance/secret_key
setup-dev: $(VENV)/.dev check-system translations node_modules/.installed

# Test tools from npm (the Digital Credentials Consortium's verifier, axe-core, the Nu HTML
# Checker), exactly as package-lock.json pins them.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

check-system: $(VENV)/.runtime
	@$(PY) scripts/check_system.py

translations: $(VENV)/.runtime
	@for dir in app/*/translations; do \
	  [ -d "$$dir/fr" ] || continue; $(VENV)/bin/pybabel -q compile -f -d "$$dir" || exit 1; done

instance/secret_key:
	mkdir -p instance
	umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(48))" > $@

# Serve a seeded demo on SQLite at http://127.0.0.1:$(PORT).
run: setup
	@export APP_ENV=development SECRET_KEY="$$(cat instance/secret_key)" \
	  PUBLIC_BASE_URL="$${PUBLIC_BASE_URL:-http://127.0.0.1:$(PORT)}"; \
	$(FLASK) init-db && \
	$(FLASK) catalogue load && \
	$(FLASK) keys generate --if-missing && \
	$(FLASK) audit key generate --if-missing && \
	$(FLASK) demo seed --if-empty && \
	echo "Serving on http://127.0.0.1:$(PORT)" && \
	$(FLASK) run --host 127.0.0.1 --port $(PORT) --no-reload

# The import contracts (pyproject.toml [tool.importlinter]: the layers, no package cycles, pure
# rules), then the whole suite on SQLite (browser tests included when Chromium is installed).
test: setup-dev lint-imports
	$(PY) -m pytest $(PYTEST_ARGS)

lint-imports: setup-dev
	$(VENV)/bin/lint-imports --no-cache

# The suite again on PostgreSQL (browser tests run in `make test`).
test-postgres: setup-dev
	@psql "$(dir $(TEST_DATABASE_URL))postgres" -qc "DROP DATABASE IF EXISTS $(notdir $(TEST_DATABASE_URL))" >/dev/null
	@psql "$(dir $(TEST_DATABASE_URL))postgres" -qc "CREATE DATABASE $(notdir $(TEST_DATABASE_URL))" >/dev/null
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) REQUIRE_POSTGRES=1 $(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

# Every benchmark, whatever happens to each, then one table of every figure with its target,
# verdict and spread; exit 1 at the end if any target was missed (docs/benchmarks.md).
# BENCH_QUICK=1: small sizes, to check the harness in a few minutes.
bench: setup-dev
	$(PY) bench/suite.py bench

# Before the first release only: rewrite the single baseline revision from the current models.
# After a release, add revisions instead: `$(FLASK) db migrate -m "what changed"`.
migration-baseline: setup
	rm -f migrations/versions/*_baseline_baseline_schema.py
	@tmp=$$(mktemp -d); \
	APP_ENV=development DATABASE_URL="sqlite:///$$tmp/empty.db" \
	  $(FLASK) db migrate -m "baseline schema" --rev-id baseline; \
	status=$$?; rm -rf "$$tmp"; exit $$status

# Mixed-traffic load test and verify-vs-bare-Flask throughput on 127.0.0.1 (see docs/operations.md).
load: setup
	bench/load/run.sh

clean:
	rm -rf $(VENV) $(LOCK_VENV) .pytest_cache node_modules
