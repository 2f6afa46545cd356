# motcua — `make run` to try it, `make test` to check it. `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
export MOTCUA_DATA_DIR ?= $(CURDIR)/var

.PHONY: help install assets init run test test-deps lint format typecheck test-sqlite test-pg test-browser bench clean

help: ## list every target
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-13s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e . --config-settings editable_mode=compat
	touch $@

FONT := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

$(FONT):  # the receipt PDF is typeset in DejaVu Sans (Vietnamese diacritics)
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null

install: $(BIN)/.installed assets $(FONT) ## create .venv and install motcua with its front-end assets

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

web/static/vendor/htmx.min.js: node_modules/.package-lock.json
	mkdir -p web/static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js $@

assets: web/static/vendor/htmx.min.js ## install pinned front-end packages from npm and copy what is served

init: install ## migrate the database and load the bundled catalog (idempotent)
	$(BIN)/motcua init

run: init ## install, migrate, load catalog and demo data, serve on http://127.0.0.1:8000 (SQLite)
	$(BIN)/motcua demo-data
	MOTCUA_BASE_URL=$${MOTCUA_BASE_URL:-http://$(HOST):$(PORT)} $(BIN)/motcua serve --host $(HOST) --port $(PORT)

$(BIN)/.test-installed: $(BIN)/.installed pyproject.toml
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]' --config-settings editable_mode=compat
	touch $@

test-deps: $(BIN)/.test-installed assets ## install test extras, npm packages and Debian's chromium
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

lint: $(BIN)/.test-installed ## ruff (lint + format check) and the dependency rule (import-linter)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(BIN)/.test-installed ## apply ruff's formatting and safe fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: $(BIN)/.test-installed ## mypy (strict on core/ and payments/)
	$(BIN)/mypy

test-sqlite: test-deps ## the whole suite on SQLite
	$(BIN)/pytest -q --database=sqlite

test-pg: test-deps ## the suite's database tests again on PostgreSQL (a throwaway cluster if none answers on 5432)
	tools/with-postgres.sh "$(PG_URL)" $(BIN)/pytest -q --database=

test: test-deps lint typecheck ## everything CI gates on: lint, types, the suite on SQLite and PostgreSQL side by side
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-pg

bench: test-deps init ## search/detail as ratios of a bare Litestar route; dossiers/s on SQLite and PostgreSQL; Lighthouse; faults (README)
	tools/with-postgres.sh "$(PG_URL)" $(BIN)/python -m tests.bench.run --pg-url=

clean: ## remove the virtualenv, node_modules and the data dir
	rm -rf $(VENV) node_modules web/static/vendor var test-artifacts
