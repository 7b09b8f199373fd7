# Every target works from a fresh clone: the first one that needs Python creates .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build test bench clean

$(BIN)/ogi: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/ogi

build: $(BIN)/ogi
	$(BIN)/ogi build

test: $(BIN)/ogi
	$(BIN)/python -m pytest

bench: $(BIN)/ogi
	$(BIN)/python scripts/bench_parse.py --count 1000

clean:
	rm -rf build
