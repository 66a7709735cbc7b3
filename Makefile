# kotograph — `make run` and `make test` are all a new user needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON  ?= $(shell command -v python3.11 || command -v python3)
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
NPM_STAMP := node_modules/.installed
CORPUS  ?= examples
HOST    ?= 127.0.0.1
PORT    ?= 8000
STORE   ?= var/store
APT_PACKAGES := libvoikko1 voikko-fi fonts-dejavu-core chromium libmimalloc2.0 virtuoso-opensource libseccomp2
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# The examples' municipalities are fictional: their gazetteer comes with them.
ifeq ($(CORPUS),examples)
export KOTOGRAPH_EXTRA_REFERENCE ?= ["examples/reference"]
endif
export KOTOGRAPH_STORE ?= $(STORE)

# The server runs on mimalloc (Debian libmimalloc2.0) when it is installed: evaluating SPARQL
# allocates many small objects in Oxigraph, and glibc's malloc made the who-query's p50 24 %
# slower (docs/performance.md). A deployment choice, here only; expanded when a recipe runs,
# after `setup` has installed the package.
MIMALLOC = $(firstword $(wildcard /usr/lib/*/libmimalloc.so.2 /usr/lib/libmimalloc.so.2))
SERVE   = $(if $(MIMALLOC),LD_PRELOAD=$(MIMALLOC) )$(BIN)/kotograph serve --host $(HOST) --port $(PORT)

.PHONY: help setup setup-dev run serve ingest test test-fast lint eval eval-synthetic eval-national bench clean apt

help:
	@echo "make run    install what is missing, ingest $(CORPUS)/, serve on http://$(HOST):$(PORT)"
	@echo "make test   install what is missing, run the whole test suite"
	@echo "make setup  install only (idempotent): apt packages, .venv (requirements.lock), npm packages"
	@echo "make setup-dev  also the test tools (requirements-dev.lock); make test does it"
	@echo "make eval   score extraction on the development set through the REST API (eval/RESULTS.md)"
	@echo "make eval-synthetic  regression/scale check on a synthetic sample (eval/SYNTHETIC.md)"
	@echo "make eval-national  score extraction on the whole synthetic national corpus (seed 1)"
	@echo "make bench  run the benchmarks, write BENCHMARKS.md"
	@echo "make lint   ruff"

setup: apt $(STAMP) $(NPM_STAMP)

# The product's dependencies are requirements.lock; tests, lint and benchmarks add
# requirements-dev.lock (pytest, ruff, Playwright, schemathesis, the oxigraph server, …).
setup-dev: setup $(DEV_STAMP)

apt:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if ! $(PYTHON) -c "import ensurepip" 2>/dev/null; then missing="$$missing python3-venv"; fi; \
	if ! command -v npm >/dev/null; then missing="$$missing nodejs npm"; fi; \
	if [ -n "$$missing" ]; then \
	  echo "apt-get install:" $$missing; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	@touch $@

$(DEV_STAMP): $(STAMP) requirements-dev.lock
	$(BIN)/python -m pip install -q -r requirements-dev.lock
	@touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

ingest: setup
	$(BIN)/kotograph ingest $(CORPUS)

run: setup
	@if [ -f $(STORE).server.json ]; then echo "a kotograph server already owns $(STORE) (see $(STORE).server.json)"; exit 1; fi
	$(BIN)/kotograph ingest $(CORPUS)
	$(SERVE)

serve: setup
	$(SERVE)

test: setup-dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

test-fast: setup-dev
	$(BIN)/python -m pytest -q -m "not server and not browser"

lint: setup-dev
	$(BIN)/ruff check .

eval: setup
	$(BIN)/python -m eval.devset --write

eval-synthetic: setup
	$(BIN)/python -m eval.synthetic

# The growth benchmark's corpus (seed 1, 134 documents, every employment area), which no
# rule was tuned on: about a minute on two cores.
eval-national: setup
	$(BIN)/python -m eval.synthetic --seed 1 --documents 140 --out eval/NATIONAL.md

bench: setup-dev
	$(BIN)/python -m bench.run

clean:
	rm -rf var/ .pytest_cache tests/artifacts
