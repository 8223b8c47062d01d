# One entry point. Each target sets up what it needs (virtual environment, browser).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build test serve check clean

build: $(VENV)/.deps  ## Build the site into site/
	$(BIN)/python -m portal build

test: $(VENV)/.deps $(VENV)/.test-deps /usr/bin/chromium  ## Run the whole test suite
	$(BIN)/python -m pytest

serve: $(VENV)/.deps  ## Preview with live reload on http://127.0.0.1:8000/
	$(BIN)/python -m portal serve

check: $(VENV)/.deps  ## Validate the content only
	$(BIN)/python -m portal check

$(VENV)/.deps: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-deps: $(VENV)/.deps pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Browser tests drive Debian's Chromium (Playwright's own browser download is not used).
/usr/bin/chromium:
	scripts/install-browser.sh

clean:
	rm -rf build site .site-* $(VENV)
