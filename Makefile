# Two commands for a new machine: `make demo` and `make test`. Both build .venv first.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
GF := $(BIN)/guidefeedback
# The example project's output folder, as guidefeedback.toml names it.
override OUT := out

.PHONY: venv demo test lint typecheck unit eval bench examples clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

lint: venv
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

typecheck: venv
	$(BIN)/mypy

unit: venv
	$(BIN)/pytest -q

test: lint typecheck unit

demo: venv
	rm -rf $(OUT) && mkdir -p $(OUT)
	$(BIN)/python scripts/demo.py

examples: venv
	$(BIN)/python scripts/make_drafts.py
	$(BIN)/python scripts/make_comments.py
	$(BIN)/python scripts/make_letters.py
	$(BIN)/python scripts/make_reference_docx.py

eval: venv
	$(BIN)/python scripts/eval.py

bench: venv
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache
