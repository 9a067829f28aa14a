# Delegates: `make run` serves the demo on http://127.0.0.1:5000 ; `make test` runs the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000
PYTEST_ARGS ?=
# the suite runs on every core (pytest-xdist), a test file per worker; PYTEST_WORKERS=0 runs it in one process
PYTEST_WORKERS ?= auto
MO := $(patsubst %.po,%.mo,$(wildcard translations/*/LC_MESSAGES/messages.po))

.PHONY: run test lint install translations extract clean bench

run: install
	$(BIN)/delegates db upgrade
	$(BIN)/delegates demo --if-empty
	@echo "Serving the demo on http://$(HOST):$(PORT) (Ctrl-C stops it)"
	$(BIN)/delegates run --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# Every benchmark of bench/ against its floor (../shared/bench), one table; needs wrk (apt-get install -y wrk).
# BENCH_ARGS=--quick for a short check; see bench/README.md.
BENCH_ARGS ?=
bench: install
	$(BIN)/python bench/run_all.py $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .

install: $(STAMP) translations

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

translations: $(STAMP) $(MO)

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po
	$(BIN)/pybabel compile --use-fuzzy -d translations -l $* >/dev/null

# After changing texts: extract them, then update the catalogues and translate.
extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
