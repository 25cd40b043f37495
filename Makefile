# Two commands for a fresh machine:
#   make run   - set up, load the seed data into SQLite and start the site
#   make test  - set up and run the whole test suite (SQLite, or DATABASE_URL)
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEV := DEBUG=1

.PHONY: run test lint setup messages clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

setup: $(VENV)/.installed

run: setup
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py load_seed
	$(DEV) $(PY) manage.py create_dev_superuser
	$(DEV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=equity_site.test_settings $(PY) manage.py makemigrations --check --dry-run

test: lint
	$(VENV)/bin/pytest

messages: setup
	$(DEV) $(PY) manage.py makemessages -l en -l sv --ignore=.venv --ignore=node_modules
	$(DEV) $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
