# The two commands of the quick start: `make demo` and `make test`. Both set up what is missing.
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint clean

setup:
	@bash scripts/setup.sh

demo: setup
	@bash scripts/demo.sh

test: setup
	@$(BIN)/ruff check .
	@$(BIN)/python -m pytest -q

lint: setup
	@$(BIN)/ruff check .

clean:
	rm -rf build .pytest_cache .ruff_cache
