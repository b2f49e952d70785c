# spinewise: `make run` sets up and runs the app; `make test` sets up and runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint typecheck unit bench bench-clinic docs lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Dependencies come from the lock files (exact versions, with hashes); the project itself
# is then installed editable without resolving anything again. `make lock` refreshes them.
$(VENV)/.installed: requirements/run.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/run.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements/dev.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/spinewise serve --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

unit: $(VENV)/.installed-dev
	$(BIN)/pytest tests/unit

test: lint typecheck
	$(BIN)/pytest

docs: $(VENV)/.installed-dev
	$(BIN)/python -m spinewise.docgen

bench: $(VENV)/.installed-dev
	@command -v wrk >/dev/null || echo "note: the set-logging benchmark needs Debian's wrk (apt-get install wrk)"
	@if command -v npm >/dev/null; then cd benchmarks/node && npm ci --silent --no-audit --no-fund; \
	else echo "note: without Node.js and npm the constant-rate set-logging run is skipped"; fi
	$(BIN)/python benchmarks/run_all.py

# The clinic at scale on PostgreSQL (issue 10; minutes, so not part of `make bench`): the
# database named here is dropped and made again (the role needs CREATEDB).
CLINIC_DB ?= postgresql://spinewise:spinewise@127.0.0.1:5432/spinewise_clinic
bench-clinic: $(VENV)/.installed-dev
	@command -v wrk >/dev/null || echo "note: the clinic benchmark needs Debian's wrk (apt-get install wrk)"
	$(BIN)/python benchmarks/clinic_bench.py --db $(CLINIC_DB) --fresh --plot

LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links --strip-extras
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet pip-tools
	.venv-lock/bin/pip-compile $(LOCK_FLAGS) --upgrade -o requirements/run.txt pyproject.toml
	.venv-lock/bin/pip-compile $(LOCK_FLAGS) --upgrade --extra dev -o requirements/dev.txt pyproject.toml

clean:
	rm -rf $(VENV) .venv-lock build *.egg-info src/*.egg-info
