# 同心: `make run` serves the demo, `make test` runs every check. Only python3 (>= 3.11) and make
# are needed; everything else is installed into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
BENCH_STAMP := $(VENV)/.installed-bench-$(shell cksum pyproject.toml | cut -d' ' -f1)
# Development defaults; production sets its own environment (docs/configuration.md).
DEV_ENV := DEBUG=$${DEBUG:-1}
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test lint messages collectstatic bench clean wheelhouse

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,demo]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

setup: $(STAMP)

# The benchmarks also need the baseline they measure against (django-import-export).
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,demo,bench]"
	touch $(BENCH_STAMP)

# The background worker (long imports) runs beside the web server and stops with it.
run: setup
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) HOST=$(HOST) PORT=$(PORT) $(BIN)/python manage.py seed_demo
	$(DEV_ENV) sh -c 'trap "kill 0" INT TERM EXIT; \
		$(BIN)/python manage.py db_worker --interval 1 & \
		$(BIN)/python manage.py runserver $(HOST):$(PORT)'

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV_ENV) $(BIN)/mypy .
	$(BIN)/lint-imports

test: setup lint
	$(DEV_ENV) $(BIN)/python manage.py check --fail-level WARNING
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest

# Needs GNU gettext: extract new strings into the catalogue, then compile the committed .mo.
messages: setup
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --add-location file --ignore ".venv/*" --ignore "static/*"
	$(DEV_ENV) $(BIN)/python manage.py compilemessages -l zh_Hans --ignore ".venv/*"

collectstatic: setup
	$(BIN)/python manage.py collectstatic --noinput

# Every pinned dependency and the application as wheels, for a server without internet
# (docs/deployment.md, "Offline install"); build it on the server's system (Debian 12, Python 3.11).
wheelhouse: setup
	rm -rf wheelhouse
	$(BIN)/python -m pip wheel --quiet --wheel-dir wheelhouse .

clean:
	rm -rf $(VENV) db.sqlite3* staticfiles .pytest_cache .ruff_cache .mypy_cache

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/list_pages.py
	$(BIN)/python benchmarks/lists.py
	$(BIN)/python benchmarks/dashboard.py
	$(BIN)/python benchmarks/county_workbook.py
	$(BIN)/python benchmarks/spreadsheets.py
	$(BIN)/python benchmarks/moves.py
	$(BIN)/python benchmarks/reminders.py
