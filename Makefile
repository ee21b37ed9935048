# Coverage Navigator: one entry point per task.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SYSTEM := .venv/.system-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
# test-fast spreads its tests over this many processes (one per core by default).
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)

LOCK     := requirements.lock
DEV_LOCK := requirements-dev.lock
# The locks are resolved for the Python the project runs on (Linux x86_64, CPython 3.11.7);
# some pins need 3.11.5 or later.
LOCK_PYTHON := 3.11.7
UV_COMPILE   = $(BIN)/uv pip compile pyproject.toml --generate-hashes --quiet \
	--python-version $(LOCK_PYTHON) --python-platform x86_64-unknown-linux-gnu \
	--custom-compile-command 'make lock' \
	$(if $(UPGRADE),--upgrade) $(if $(PACKAGE),--upgrade-package $(PACKAGE))

.PHONY: run test test-fast lint fmt check bench install system clean lock audit messages translations

# Python packages, exactly as pinned in the dev lock (runtime + dev extra), reinstalled when the
# lock or pyproject.toml changes. Two steps because --require-hashes can't take an editable
# install: every dependency from the lock with its hash checked, then the project itself with
# --no-deps (nothing unpinned comes in) and --no-build-isolation (builds with the locked
# setuptools instead of fetching whatever is newest).
# Pip's own configuration (index mirrors, find-links) is left alone on purpose: with hashes
# required, pip only accepts a file whose hash is in the lock, and skips a local or mirrored
# wheel whose hash differs in favour of the one that matches, so extra indexes can speed an
# install up but can't change what gets installed. The locks come from PyPI only (uv reads
# no pip configuration), so the hashes are PyPI's.
# pip check catches a dependency added to pyproject.toml but not yet to the locks (or a .venv
# left inconsistent by older installs).
$(STAMP): $(DEV_LOCK) pyproject.toml
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/pip install -q --require-hashes -r $(DEV_LOCK)
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	@$(BIN)/pip check || \
	  { echo "Run 'make lock' if pyproject.toml changed, else 'make clean install'"; \
	    exit 1; }
	touch $@

install: $(STAMP)

# Debian packages the tests need: Chromium for browser tests, poppler for PDF checks,
# PostgreSQL (pg_virtualenv) for the tests that run the app on PostgreSQL; wrk for the benchmarks.
$(SYSTEM): | $(STAMP)
	@if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null \
	    || ! command -v pg_virtualenv >/dev/null || ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils \
	      postgresql postgresql-contrib wrk >/dev/null; \
	  else \
	    echo "Please install chromium, poppler-utils, postgresql and wrk (apt-get install ...)"; \
	    exit 1; \
	  fi; \
	fi
	touch $@

system: $(SYSTEM)

run: install
	$(BIN)/covnav migrate
	$(BIN)/covnav serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check app tests bench migrations
	$(BIN)/ruff format --check app tests bench migrations
	$(BIN)/mypy

fmt: install
	$(BIN)/ruff format app tests bench migrations
	$(BIN)/ruff check --fix app tests bench migrations

check: install
	$(BIN)/covnav check data/steps.yaml

# Gettext catalogs for the templates and Python messages (README: Translations).
# `make messages` extracts every marked message into the template catalog (.pot);
# `make translations` brings each language's .po up to date with it, then compiles the .mo
# files the app loads (committed, so a fresh clone and the Docker image have them).
# tests/test_i18n_catalogs.py fails when either step is due.
LOCALE_DIR := app/translations
POT        := $(LOCALE_DIR)/messages.pot
messages: install
	$(BIN)/pybabel -q extract -F babel.cfg --sort-by-file --add-location=file --no-wrap \
	  --add-comments=Translators: -k Say --project=coverage-navigator \
	  --copyright-holder="Coverage Navigator" -o $(POT) .

translations: install
	$(BIN)/pybabel -q update --no-wrap --ignore-obsolete --no-fuzzy-matching -i $(POT) -d $(LOCALE_DIR)
	$(BIN)/pybabel compile --statistics -d $(LOCALE_DIR)

# Everything: checks, then every test (browsers, PDFs, the real server, PostgreSQL). pg_virtualenv
# starts a throwaway PostgreSQL cluster for the run and drops it after.
test: install system lint
	$(BIN)/covnav check data/steps.yaml
	pg_virtualenv -o max_connections=50 $(BIN)/python -m pytest -q -p no:cacheprovider

# The unit and in-process HTTP tests, under a minute on every core (pytest-xdist): no browser, no server subprocess, no
# PostgreSQL, and not the walks of every path (those run in `make test`).
test-fast: install
	$(BIN)/python -m pytest -q -p no:cacheprovider -n $(JOBS) -m "not (browser or live or postgres or slow)"

# Each prints its numbers next to a baseline measured in the same run.
bench: install
	$(BIN)/python bench/flow_bench.py
	$(BIN)/python bench/pdf_bench.py
	$(BIN)/python bench/load_bench.py
	$(BIN)/python bench/http_bench.py

# Re-resolve both locks from pyproject.toml after adding or changing a dependency. Existing
# pins are kept unless `make lock UPGRADE=1` (everything) or `make lock PACKAGE=name` (one).
# The dev lock is constrained by the runtime lock, so the tests run against the exact versions
# the Dockerfile installs.
lock: $(BIN)/uv
	$(UV_COMPILE) -o $(LOCK)
	$(UV_COMPILE) --extra dev --constraint $(LOCK) -o $(DEV_LOCK)

# uv alone, at the version and hash the dev lock pins, so `make lock` also works while
# pyproject.toml asks for something the locks don't have yet (when `make install` fails).
$(BIN)/uv: $(DEV_LOCK)
	test -x $(BIN)/python || python3 -m venv $(VENV)
	awk '/^uv==/ {p = 1; print; next} p && /^ / {print; next} {p = 0}' $(DEV_LOCK) > $(VENV)/uv.txt
	$(BIN)/pip install -q --require-hashes -r $(VENV)/uv.txt
	touch $@

# Known vulnerabilities in the pinned packages; needs the network (PyPI's per-release JSON with
# its advisories from the OSV database). --disable-pip --require-hashes: audit the lock exactly
# as pinned, without resolving or installing anything. --strict: a package that could not be
# looked up fails the audit instead of being skipped with "No known vulnerabilities found".
AUDIT = $(BIN)/pip-audit --strict --disable-pip --require-hashes --progress-spinner off
audit: install
	$(AUDIT) -r $(LOCK)
	$(AUDIT) -r $(DEV_LOCK)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache
