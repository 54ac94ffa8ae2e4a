# exportwatch: `make run` serves a populated demo on http://127.0.0.1:8000, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

# The suite runs against the real PostgreSQL and Redis on this machine; override either as needed.
TEST_DATABASE_URL ?= postgres://postgres@localhost:5432/exportwatch
TEST_REDIS_URL ?= redis://localhost:6379/9
# Tests and benchmarks run on PostgreSQL, where a secret is required; this one is for them only.
TEST_SECRET_KEY ?= exportwatch-tests-only-not-a-production-secret

.PHONY: run test setup lint bench soak eval browser install-check clean

setup: $(VENV)/.installed

# Debian ships venv separately (python3-venv); install it when we are allowed to.
$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); \
	  else echo "python3 -m venv failed: install python3-venv (sudo apt-get install python3-venv)"; exit 1; fi; }
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

run: setup
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) load_demo
	$(MANAGE) create_demo_users
	@echo "Log in at http://127.0.0.1:8000/login/ or the admin at http://127.0.0.1:8000/admin/ with a user printed above."
	$(MANAGE) runserver 127.0.0.1:8000

# Browser tests drive Debian's Chromium, never a downloaded build.
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Chromium is missing: sudo apt-get install chromium"; exit 1; fi; }

lint: setup
	$(BIN)/ruff check .
	DATABASE_URL=$(TEST_DATABASE_URL) SECRET_KEY=$(TEST_SECRET_KEY) $(MANAGE) check --fail-level WARNING
	DATABASE_URL=$(TEST_DATABASE_URL) SECRET_KEY=$(TEST_SECRET_KEY) $(MANAGE) makemigrations --check --dry-run
	@if command -v docker-compose >/dev/null; then docker-compose config -q && echo "docker-compose.yml is valid"; fi

test: setup browser lint
	@mkdir -p var/static test-artifacts
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) SECRET_KEY=$(TEST_SECRET_KEY) $(BIN)/pytest

# The extractor end to end on every labelled corpus, in a scratch SQLite database; the real pages need their texts
# restored into var/eval/<corpus>/ (README, "Extraction", and eval/README.md).
EVAL_CORPORA ?= ../shared/eval/dev.jsonl $(wildcard tests/fixtures/extraction/holdout*.jsonl) \
	../shared/eval/realnews/realnews.jsonl $(wildcard eval/realpages-*.jsonl)
EVAL_DB := sqlite:///$(CURDIR)/var/eval.sqlite3

eval: setup
	@mkdir -p var
	rm -f var/eval.sqlite3
	DATABASE_URL=$(EVAL_DB) REDIS_URL= $(MANAGE) migrate --noinput -v0
	DATABASE_URL=$(EVAL_DB) REDIS_URL= $(MANAGE) evaluate $(EVAL_CORPORA)

# A fresh virtual environment with the interpreter's own pip (no upgrade) installs the package and imports every
# module, as the Dockerfile does.
install-check:
	rm -rf var/install-check
	$(PYTHON) -m venv var/install-check
	var/install-check/bin/pip install -q .
	cd /tmp && DATABASE_URL=sqlite:///:memory: $(CURDIR)/var/install-check/bin/python $(CURDIR)/.ci/import_all.py

bench: setup
	DATABASE_URL=$(TEST_DATABASE_URL) SECRET_KEY=$(TEST_SECRET_KEY) $(BIN)/python bench/run_all.py

# The fault suite (tests/soak.py): 4,000 items through two workers while workers are killed, Redis restarts empty
# and database connections drop, compared with a clean run; scratch databases and a Redis server of its own.
soak: setup
	$(BIN)/python -m tests.soak

clean:
	rm -rf $(VENV) var test-artifacts
