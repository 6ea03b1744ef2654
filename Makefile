# The two commands of the quick start: `make demo` and `make test`. Both set up what is missing.
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test test-fast lint clean

setup:
	@bash scripts/setup.sh

demo: setup
	@bash scripts/demo.sh

test: setup
	@$(BIN)/ruff check .
	@$(BIN)/python -m pytest -q

# no OCR of many images, no Prefect flows, no browser (markers set in conftest.py): under a minute
test-fast: setup
	@$(BIN)/ruff check .
	@OMP_THREAD_LIMIT=1 $(BIN)/python -m pytest -q -m "not slow and not browser"

lint: setup
	@$(BIN)/ruff check .

clean:
	rm -rf build .pytest_cache .ruff_cache
