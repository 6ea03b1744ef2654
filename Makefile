# The two commands of the quick start: `make demo` and `make test`. Both set up what is missing.
VENV := .venv
BIN := $(VENV)/bin
DEMO_DIR := build/demo

.PHONY: setup demo test lint clean

setup:
	@bash scripts/setup.sh

demo: setup
	@$(BIN)/intake samples --out $(DEMO_DIR) --cases 3 --seed 2026
	@$(BIN)/intake extract $(DEMO_DIR)/case_001/ktp.jpg

test: setup
	@$(BIN)/ruff check .
	@$(BIN)/python -m pytest -q

lint: setup
	@$(BIN)/ruff check .

clean:
	rm -rf build .pytest_cache .ruff_cache
