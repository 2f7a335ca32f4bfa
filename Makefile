# The two commands: `make run` and `make test`. Everything else here serves them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint migrate demo bench messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

migrate: $(VENV)/.runtime
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo
	$(MANAGE) setup_schedules

## make run: set up, load the demo and serve http://127.0.0.1:8000 with the django-q2 worker beside it.
run: demo
	@echo "Serving http://$(HOST):$(PORT)/ (admin: /admin/) with a django-q2 worker. Ctrl-C stops both."
	@trap 'kill 0' INT TERM EXIT; $(MANAGE) qcluster & $(MANAGE) runserver $(HOST):$(PORT)

# The Nu HTML checker for tests/quality (npm package vnu-jar) runs on the system's Java 17+: --ignore-scripts
# skips vnu-jar's postinstall, which would download a Java runtime. Without npm the check skips, except in
# CI (CI=true), where it fails.
NPM := $(shell command -v npm)
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar

$(VNU_JAR): package.json package-lock.json
	npm install --no-audit --no-fund --ignore-scripts
	touch $@

## make test: static checks, then the whole pytest suite.
test: $(VENV)/.dev lint $(if $(NPM),$(VNU_JAR))
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run --noinput
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## make bench: seed scale data on a throwaway database and print query counts and time ratios (BENCH_ARGS="--only <topic>").
bench: $(VENV)/.dev
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

## make load: gunicorn (3 workers, production settings) on PostgreSQL under wrk: requests per second of the public
## pages against a plain Wagtail page (LOAD_ARGS="--forms-without-csrf"; needs wrk and a PostgreSQL on 127.0.0.1).
.PHONY: load
load: $(VENV)/.dev
	$(BIN)/python benchmarks/load.py $(LOAD_ARGS)

messages: $(VENV)/.dev
	# The plugin's apps carry their own catalogues (so a pip-installed plugin speaks Danish); the site has locale/.
	for app in estates safety_walks community mediation; do mkdir -p $$app/locale; (cd $$app && PYTHONPATH=../site:.. DJANGO_SETTINGS_MODULE=config.settings.dev ../$(BIN)/django-admin makemessages -l da --no-obsolete); done
	$(MANAGE) makemessages -l da --no-obsolete --ignore='.venv/*' --ignore='estates/*' --ignore='safety_walks/*' --ignore='community/*' --ignore='mediation/*' --ignore='tests/*' --ignore='benchmarks/*'
	$(MANAGE) compilemessages --ignore='.venv/*'

clean:
	rm -rf $(VENV) .test-db.sqlite3* .test-media

## make plugin-host: build the wheel, install it into a fresh `wagtail start` site with only the README's
## snippets, and check that site in Chromium (tests/plugin_host, issue #11; a few minutes, needs the package index).
.PHONY: plugin-host
plugin-host: $(VENV)/.dev
	$(BIN)/pytest -m plugin_host tests/plugin_host $(PYTEST_ARGS)
