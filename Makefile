# Every target works from a fresh clone: the first one that needs Python creates .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build test serve bench browser clean

$(BIN)/ogi: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/ogi

# PREVIOUS=folder of the previous data version's package (CI passes the last release's): version, changelog, redirects.
# DOWNLOADS=github: the site GitHub Pages publishes, its data files on the release, its originals in the repository.
build: $(BIN)/ogi
	$(BIN)/ogi build $(if $(PREVIOUS),--previous $(PREVIOUS)) $(if $(DOWNLOADS),--downloads $(DOWNLOADS))

test: $(BIN)/ogi
	$(BIN)/python -m pytest

# Debian's chromium and CJK fonts for the browser tests (needs root; CI runs it before `make test`).
browser:
	@command -v chromium >/dev/null && fc-list :lang=zh | grep -q . || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; }

serve: build
	$(BIN)/python -m http.server --directory build/site 8000

bench: $(BIN)/ogi
	$(BIN)/python scripts/bench_parse.py --count 300
	$(BIN)/python scripts/bench_build.py --count 100
	$(BIN)/python scripts/bench_mkdocs.py --count 100

clean:
	rm -rf build
