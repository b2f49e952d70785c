# spinewise: `make run` sets up and runs the app; `make test` sets up and runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint typecheck unit bench docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
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

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
