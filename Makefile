# Pairsec developer commands. `make serve` and `make test` are the README's quick start.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: serve test test-slow test-security lint accuracy rule-tests bench-auth bench-load screenshots clean

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

test-slow: $(STAMP)  # deep schemathesis run, a short load test; CI runs it after `make test`
	$(BIN)/python -m pytest -m slow

test-security: $(STAMP)  # the attack battery alone (also part of `make test`)
	$(BIN)/python -m pytest tests/security -m "not slow"

screenshots: $(STAMP)  # the dashboard's browser tests rewrite docs/screenshots/*.png
	$(BIN)/python -m pytest tests/browser -q

accuracy: $(STAMP)
	$(BIN)/python bench/accuracy.py

bench-auth: $(STAMP)
	$(BIN)/python bench/auth_me.py

bench-load: $(STAMP)  # 50 users for 60 s against every part; the figures of bench/RESULTS.md
	$(BIN)/python bench/load.py --users 50 --seconds 60

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
