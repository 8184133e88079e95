# Luukku: the two commands are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LUUKKU := $(BIN)/luukku
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench
HOST ?= 127.0.0.1
PORT ?= 8000
SEED ?= 2026

.PHONY: demo test install lint format test-sqlite test-postgres bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

demo: $(STAMP)
	mkdir -p var
	$(LUUKKU) migrate --noinput
	$(LUUKKU) seed demo --seed $(SEED)
	$(LUUKKU) collectstatic --noinput --verbosity 0
	@echo ""
	@echo "Luukku demo: http://$(HOST):$(PORT)/"
	$(LUUKKU) seed demo --print-logins
	$(LUUKKU) runserver $(HOST):$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: $(STAMP)
	mkdir -p var
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	LUUKKU_ENV=test $(LUUKKU) makemigrations --check --dry-run
	@# The two databases' runs are independent (in-memory SQLite, a throwaway PostgreSQL cluster), so they run side
	@# by side on the two cores; -O keeps each run's output together.
	$(MAKE) --no-print-directory -j2 -O test-sqlite test-postgres

test-sqlite: $(STAMP)
	@echo "== pytest on SQLite =="
	LUUKKU_ENV=test $(BIN)/pytest -q $(PYTEST_ARGS)

test-postgres: $(STAMP)
	@echo "== pytest on PostgreSQL =="
	LUUKKU_ENV=test scripts/with-postgres.sh $(BIN)/pytest -q $(PYTEST_ARGS)

# The whole run takes about an hour: it generates the country at scale 1.0 × 10 years on SQLite and on PostgreSQL.
# BENCH_SCALE=0.1 make bench for a quicker look; see bench/national.py for the other knobs.
bench: $(BENCH_STAMP)
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) var/*.sqlite3* var/static
