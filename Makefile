# SkillGap: `make run` serves the demo, `make test` runs every test,
# `make test-fast` every test but the browser journeys (tests/e2e/).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast mutmut setup install gettext messages extract-messages migrate data browser checkers lint format check clean

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed

# msgfmt (gettext) compiles the catalogues; install it when missing (Debian, as root).
gettext:
	@command -v msgfmt >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
		else echo "msgfmt not found: install gettext"; exit 1; fi; }

messages: install gettext
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0

# Refresh the Indonesian catalogue after changing user-facing strings.
extract-messages: install gettext
	$(PY) manage.py makemessages -l id --ignore=.venv --ignore="tests/*" --ignore="bench/*" --no-obsolete

migrate: install
	$(PY) manage.py migrate --noinput --verbosity 0

data: migrate
	$(PY) manage.py load_framework --verbosity 0
	$(PY) manage.py seed_demo

setup: install messages data

run: setup
	@echo ""
	@echo "SkillGap on http://$(HOST):$(PORT)/  (demo accounts, password: skillgap-demo)"
	@echo "  admin  administrator"
	@echo "  maya   manager of the team Platform AI"
	@echo "  eko, sari, dimas  engineers in Platform AI (submitted assessments)"
	@echo "  lina   engineer with a draft, in no team of maya's"
	@echo "  A review cycle \"Q4 2026\" is open for Platform AI; e-mails are printed here (EMAIL_URL=console://)."
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

# Browser tests drive the system Chromium; install it when missing (Debian, as root).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else echo "chromium not found: browser tests will be skipped"; fi; }

# Tests run on TEST_JOBS processes (pytest-xdist; auto = one per core, each
# with its own test database).
TEST_JOBS ?= auto

# The Nu HTML Checker (npm's vnu-jar, pinned in package-lock.json; run with
# Java) for the markup checks of the browser tests; skipped without npm.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the HTML checker will be skipped"; fi

checkers: node_modules/.installed

# --dist worksteal: a process that runs out of tests takes some of another's,
# so the long browser tests do not leave one core idle at the end.
test: install messages browser checkers
	$(PY) -m pytest -n $(TEST_JOBS) --dist worksteal $(PYTEST_ARGS)

# Everything but the browser journeys (the e2e marker, every test under tests/e2e/),
# on TEST_JOBS processes (pytest-xdist; auto = one per core, each with its own
# test database).
test-fast: install messages
	$(PY) -m pytest -m "not e2e" -n $(TEST_JOBS) --dist worksteal $(PYTEST_ARGS)

# Mutation testing of the scoring formula (pyproject's [tool.mutmut]); fails
# under MUTATION_MIN percent of mutants killed (tools/mutation_score.py).
MUTATION_MIN ?= 97
MUTMUT_JOBS ?= 2
mutmut: install
	rm -rf mutants
	$(VENV)/bin/mutmut run --max-children $(MUTMUT_JOBS)
	$(PY) tools/mutation_score.py --min $(MUTATION_MIN)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: install
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

clean:
	rm -rf $(VENV) staticfiles .pytest_cache mutants
