# Procedures CMS: every day-to-day command. `make help` lists them.
# DATABASE_URL picks the database (postgres://…); unset, an SQLite file is used.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
N ?= 1000000
BENCH_FILE ?= bench-data/nppes_$(N).csv

.DEFAULT_GOAL := help
.PHONY: help install lock run serve worker migrate demo test lint format check messages compilemessages bench bench-by-provider bench-data loadtest faulttest clean

help: ## List the commands
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -m venv $(VENV)

# Exactly the versions (and hashes) in requirements.lock, pip and setuptools included; the
# project itself is installed on top with no dependency of its own left to resolve.
$(INSTALLED): pyproject.toml requirements.lock | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(PY) -m pip check
	@touch $@

install: $(INSTALLED) ## Create .venv and install the locked versions (requirements.lock) with the dev tools

lock: | $(PY) ## Re-resolve requirements.lock from pyproject.toml (keeps pins; LOCK_ARGS=--upgrade moves them)
	@# Not after `install`: a dependency just added to pyproject.toml fails its pip check.
	@test -x $(VENV)/bin/uv || $(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml requirements-tools.in --extra dev --universal $(LOCK_ARGS) \
		--python-version 3.11 --generate-hashes --custom-compile-command "make lock" \
		--quiet -o requirements.lock

migrate: install ## Apply database migrations
	$(PY) manage.py migrate --noinput

demo: migrate ## Load the demo content and the editorial roles (safe to re-run), and an admin from DJANGO_SUPERUSER_*
	DEMO_SITE_HOSTNAME=$(HOST) DEMO_SITE_PORT=$(PORT) $(PY) manage.py load_demo_content
	$(PY) manage.py setup_roles
	$(PY) manage.py ensure_superuser
	$(PY) manage.py webhooks_demo_endpoint --url http://$(HOST):$(PORT)/webhooks/demo-receiver/

run: demo ## Install, migrate, load demo content and serve on http://127.0.0.1:8000 with the webhooks worker
	@# The webhooks worker (django-tasks-db) runs beside the server and stops with it.
	$(PY) manage.py db_worker --backend webhooks --interval 1 --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: install ## Run the webhooks worker alone (deliveries queued by another process)
	$(PY) manage.py db_worker --backend webhooks

test: install ## Run the whole test suite (PostgreSQL when DATABASE_URL is set)
	$(PY) -m pytest

lint: install ## Lint and check formatting with ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Fix lint and format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install ## Django system checks and the missing-migrations check
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# The languages whose catalogs `make messages` writes (every one of settings.LANGUAGES but
# the default). A third language: add it here and to LANGUAGES (docs/translation.md).
MESSAGE_LANGUAGES ?= es
# What makemessages and compilemessages never read: the virtualenv's packages have their
# own catalogs, and the rest holds no interface strings (tests/i18n checks the same list).
MESSAGES_IGNORE := --ignore=.venv --ignore=bench-data --ignore=node_modules --ignore=tests --ignore=static_collected --ignore=media

messages: install ## Extract every marked string into the catalogs (locale/, <app>/locale/) and compile them
	$(PY) manage.py makemessages $(foreach code,$(MESSAGE_LANGUAGES),-l $(code)) --no-obsolete --add-location=file $(MESSAGES_IGNORE)
	$(MAKE) compilemessages

compilemessages: install ## Compile the catalogs (.po) into the .mo files Django reads (committed)
	$(PY) manage.py compilemessages $(foreach code,$(MESSAGE_LANGUAGES),-l $(code)) $(MESSAGES_IGNORE)

bench-data: install ## Write a synthetic NPPES file of N rows (default 1000000) to bench-data/
	@mkdir -p bench-data
	$(PY) -m bench.synthetic bench-data/nppes_$(N).csv $(N)

bench-data/nppes_%.csv: | $(INSTALLED)
	@mkdir -p bench-data
	$(PY) -m bench.synthetic $@.tmp $* && mv $@.tmp $@

bench: install $(BENCH_FILE) ## Benchmark import, queries and HTTP load on PostgreSQL (see docs/performance.md)
	BENCH_FILE=$(BENCH_FILE) $(PY) -m bench.run

bench-by-provider: install ## The by-provider import with Medicare figures alone, on a generated file of ROWS rows (default 200000), against DATABASE_URL
	$(PY) -m bench.by_provider --rows $(or $(ROWS),200000)

loadtest: install ## Two app servers behind HAProxy under a mixed read load (LOADTEST_SECONDS=60): req/s, p50/p95/p99
	$(PY) -m ops.loadtest

faulttest: install ## Restart PostgreSQL, stop Redis, kill a worker, publish, all under load; print the figures
	$(PY) -m ops.faulttest

clean: ## Remove the virtualenv, the SQLite database and caches
	rm -rf $(VENV) db.sqlite3 .pytest_cache .ruff_cache
