# One entry point. Each target sets up what it needs (virtual environment, browser).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The second engine, Zensical, in an environment of its own (requirements-zensical.txt).
ZENSICAL_VENV := .venv-zensical

.PHONY: build zensical test serve editor check links budget schema status clean

build: $(VENV)/.deps node_modules/.installed  ## Build the site into site/ (with the web editor at /admin/)
	$(BIN)/python -m portal build

zensical: $(VENV)/.deps $(ZENSICAL_VENV)/.deps  ## Build the same pages with the second engine, Zensical, into site-zensical/
	$(BIN)/python -m portal build --engine zensical --site-dir site-zensical

test: $(VENV)/.deps $(VENV)/.test-deps $(ZENSICAL_VENV)/.deps /usr/bin/chromium node_modules/.installed  ## Run the whole test suite
	$(BIN)/python -m pytest

serve: $(VENV)/.deps  ## Preview one language (lang=xx, default: the default language) with live reload on http://127.0.0.1:8000/ (port=NNNN for another port)
	$(BIN)/python -m portal serve $(if $(lang),--lang $(lang)) $(if $(port),--dev-addr 127.0.0.1:$(port))

editor: $(VENV)/.deps node_modules/.installed  ## The web editor (/admin/) on this machine, saving into content/
	$(BIN)/python -m portal build && $(BIN)/python -m portal editor

check: $(VENV)/.deps  ## Validate the content only
	$(BIN)/python -m portal check

links: $(VENV)/.test-deps  ## Check every link and anchor of the built site/ (offline)
	$(BIN)/python scripts/check_links.py site

budget: $(VENV)/.test-deps /usr/bin/chromium node_modules/.installed  ## Page weight, Lighthouse and axe budget of the built site/
	$(BIN)/python scripts/budget.py --site site

schema: $(VENV)/.deps  ## Regenerate schema/ and the schema lines of content files
	$(BIN)/python -m portal schema

status: $(VENV)/.deps  ## Translation status of every record and language
	$(BIN)/python -m portal status

$(VENV)/.deps: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-deps: $(VENV)/.deps pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(ZENSICAL_VENV)/.deps: requirements-zensical.txt
	test -x $(ZENSICAL_VENV)/bin/python || $(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/python -m pip install --quiet -r requirements-zensical.txt
	touch $@

# Node tools of the tests (package.json): npm from Debian if the machine has none.
node_modules/.installed: package.json package-lock.json
	command -v npm >/dev/null || scripts/apt-install.sh nodejs npm
	npm ci --silent --no-audit --no-fund
	touch $@

# Browser tests drive Debian's Chromium (Playwright's own browser download is not used).
/usr/bin/chromium:
	scripts/apt-install.sh chromium fonts-noto-cjk fonts-noto-core

clean:
	rm -rf build site site-zensical .site-builds $(VENV) $(ZENSICAL_VENV) node_modules
