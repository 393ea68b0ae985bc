# Frontline: `make run` sets everything up and serves the app; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
export DJANGO_SETTINGS_MODULE ?= config.settings.local

.PHONY: run install messages static setup test lint bench browser-deps clean

$(BIN)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

install: $(BIN)/.installed

messages: install
	$(MANAGE) compilemessages --ignore=.venv --ignore=var -v 0

static: install
	$(MANAGE) collectstatic --noinput -v 0

setup: messages static
	mkdir -p var
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) load_gazetteer
	$(MANAGE) seed_demo

# The deadline job runs beside the server (every 5 minutes); Ctrl-C stops both (the job
# restores the Ctrl-C the shell takes from background commands).
run: setup
	@echo "Frontline at http://127.0.0.1:$(PORT)/"
	$(MANAGE) voice_escalate --every 300 & \
	$(BIN)/granian --interface wsgi config.wsgi:application --host 127.0.0.1 --port $(PORT) --workers 2 --blocking-threads 8 --access-log

# Browser tests drive Debian's Chromium; it (and a Khmer font) is installed when missing.
browser-deps:
	@command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi khmer || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-khmeros >/dev/null; }

test: messages browser-deps
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest -q $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check frontline config
	$(MANAGE) makemigrations --check --dry-run
	DJANGO_SECRET_KEY=lint-$$(printf '%064d' 0) DJANGO_ALLOWED_HOSTS=frontline.example \
	  DJANGO_SETTINGS_MODULE=config.settings.production $(MANAGE) check --deploy --fail-level WARNING

# Benchmarks at national scale, on SQLite (var/bench.sqlite3) and on PostgreSQL (frontline_bench).
BENCH_PG ?= postgres://postgres@127.0.0.1:5432/frontline_bench
bench: messages static
	mkdir -p var
	SQLITE_PATH=var/bench.sqlite3 $(MANAGE) bench $(BENCH_ARGS)
	psql "$(BENCH_PG)" -c "SELECT 1" >/dev/null 2>&1 || createdb -h 127.0.0.1 -U postgres frontline_bench
	DATABASE_URL=$(BENCH_PG) $(MANAGE) bench $(BENCH_ARGS)

clean:
	rm -rf var staticfiles
