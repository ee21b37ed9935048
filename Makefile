# Coverage Navigator: one entry point per task.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SYSTEM := .venv/.system-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test lint check bench install system clean

# Python packages, reinstalled when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/pip install -q -U pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(STAMP)

# Debian packages the tests need: Chromium for browser tests, poppler for PDF checks,
# PostgreSQL (pg_virtualenv) for the tests that run the app on PostgreSQL.
$(SYSTEM): | $(STAMP)
	@if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null \
	    || ! command -v pg_virtualenv >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils \
	      postgresql postgresql-contrib >/dev/null; \
	  else \
	    echo "Please install chromium, poppler-utils and postgresql (apt-get install ...)"; \
	    exit 1; \
	  fi; \
	fi
	touch $@

system: $(SYSTEM)

run: install
	$(BIN)/covnav migrate
	$(BIN)/covnav serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check app tests bench
	$(BIN)/mypy

check: install
	$(BIN)/covnav check data/steps.yaml

# pg_virtualenv starts a throwaway PostgreSQL cluster for the run and drops it after.
test: install system
	$(BIN)/covnav check data/steps.yaml
	$(BIN)/ruff check app tests bench
	$(BIN)/mypy
	pg_virtualenv -o max_connections=50 $(BIN)/python -m pytest -q -p no:cacheprovider

# Each prints its numbers next to a baseline measured in the same run.
bench: install
	$(BIN)/python bench/flow_bench.py
	$(BIN)/python bench/pdf_bench.py
	$(BIN)/python bench/load_bench.py
	$(BIN)/python bench/http_bench.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache
