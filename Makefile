# Two commands for a fresh machine:
#   make run   - set up, load the seed data into SQLite and start the site
#   make test  - set up and run the whole test suite (SQLite, or DATABASE_URL)
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEV := DEBUG=1

.PHONY: run test lint hooks setup browser-deps browser-packages messages clean bench bench-breakdown lighthouse

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

setup: $(VENV)/.installed

# Git hooks that run ruff, djLint and makemigrations --check on each commit.
hooks: setup
	$(PY) -m pip install --quiet -e ".[test,dev]"
	$(VENV)/bin/pre-commit install

# With DATABASE_URL set (PostgreSQL), the database is created first when missing.
run: setup
	$(if $(DATABASE_URL),$(DEV) $(PY) manage.py create_database)
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py load_seed
	$(DEV) $(PY) manage.py create_dev_superuser
	$(DEV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/djlint templates --check
	$(VENV)/bin/djlint templates --lint
	@# djLint does not break long lines inside inline content: every template line stays within 120 characters.
	! find templates -name '*.html' -exec awk 'length > 120 {print FILENAME":"FNR": longer than 120"}' {} + | grep .
	$(VENV)/bin/mypy
	DJANGO_SETTINGS_MODULE=equity_site.test_settings $(PY) manage.py makemigrations --check --dry-run

test: lint browser-deps
	$(VENV)/bin/pytest

# The browser tests (tests/browser/) need Debian's chromium, a Java runtime for the Nu
# HTML Checker, and axe-core and vnu-jar from npm; the production layout's test
# (tests/test_deploy.py) needs Debian's nginx and openssl. Each is installed only when missing.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

browser-deps: browser-packages node_modules/.installed

browser-packages:
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	test -x /usr/sbin/nginx || missing="$$missing nginx"; \
	command -v openssl >/dev/null || missing="$$missing openssl"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

# Reinstalled when package.json or the lock changes. --ignore-scripts: vnu-jar's postinstall
# would download a Java runtime of its own; the one from Debian is used instead.
node_modules/.installed: package.json $(wildcard package-lock.json) | browser-packages
	if [ -f package-lock.json ]; then npm ci --ignore-scripts --no-audit --no-fund; \
	else npm install --ignore-scripts --no-audit --no-fund; fi
	touch $@

messages: setup
	$(DEV) $(PY) manage.py makemessages -l en -l sv --no-obsolete --no-location --ignore=.venv --ignore=node_modules --ignore=bench --ignore=tests
	$(DEV) $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles node_modules

# The load benchmark at full scale (bench/run.py): SQLite, and PostgreSQL too when
# DATABASE_URL points there (--databases picks one). Uses Debian's wrk when installed
# (apt-get install wrk), else a Python client; Datasette (the `bench` extra, installed
# here only) for the export comparison.
bench: setup
	$(PY) -m pip install --quiet -e ".[bench]"
	$(PY) bench/run.py $(BENCH_ARGS)

# Where each of the bench's pages spends its time in one process (bench/breakdown.py):
# compiling SQL, the database, templates, the rest. Reads the data `make bench` built.
bench-breakdown: setup
	$(PY) bench/breakdown.py $(BREAKDOWN_ARGS)

# Lighthouse scores of six public pages, mobile and desktop (bench/lighthouse.py): the
# seed data served as in production, npm's lighthouse fetched by npx, Debian's chromium.
# Not part of `make test`; results in bench/results/lighthouse.md.
lighthouse: setup browser-packages
	$(PY) bench/lighthouse.py
