# Editorial: `make run` to try it, `make test` to prove it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test lint bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## run: install, migrate instance/editorial.sqlite3, load the demo newsroom once, serve on :5000
run: install
	$(BIN)/flask --app editorial db upgrade
	$(BIN)/flask --app editorial load-demo
	$(BIN)/flask --app editorial run --host 127.0.0.1 --port 5000

## lint: ruff and the layering contracts (views → services → models; pure core imports none)
lint: install
	$(BIN)/ruff check editorial tests bench
	$(BIN)/lint-imports

## test: lint, then the whole suite (SQLite always; PostgreSQL and Chromium when present)
test: lint
	$(BIN)/python -m pytest

## screenshots: the README's pictures of the workspace (docs/workspace-*.png), taken in Chromium on the demo newsroom
screenshots: install
	EDITORIAL_DOCS_SCREENSHOTS=1 $(BIN)/python -m pytest tests/browser/test_workspace.py -k screenshots -q

bench: install
	@for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
