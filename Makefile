# Pairsec developer commands. `make serve` and `make test` are the README's quick start.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: serve test test-slow lint accuracy rule-tests bench-auth clean

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/pairsec serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest -m "not slow"
	$(BIN)/python bench/accuracy.py

test-slow: $(STAMP)
	$(BIN)/python -m pytest -m slow || [ $$? -eq 5 ]  # 5: no test is marked slow yet

accuracy: $(STAMP)
	$(BIN)/python bench/accuracy.py

bench-auth: $(STAMP)
	$(BIN)/python bench/auth_me.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
