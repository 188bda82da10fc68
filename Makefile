# The two set-up commands of the README: `make dashboard` and `make test`.
# Both create a virtual environment in .venv and install the pinned requirements into it first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: dashboard test check chromium libreoffice install lint

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

dashboard: $(VENV)/.runtime
	$(PY) -m streamlit run serve.py --server.address localhost --server.port $(PORT)

# Debian's Chromium for the browser tests; Playwright's own browser download is never used.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }

# Debian's LibreOffice Calc (without its GUI), to test a round's workbook as a real spreadsheet program saves it.
libreoffice:
	@command -v soffice >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null; fi; }

# Everything the tests and the plan-check workflow need, without running anything.
install: $(VENV)/.dev chromium libreoffice

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check regiomonitor ui app_pages app.py serve.py tests bench tools

check: $(VENV)/.runtime
	$(PY) -m regiomonitor check

test: $(VENV)/.dev chromium libreoffice
	$(PY) -m regiomonitor check
	$(VENV)/bin/ruff check regiomonitor ui app_pages app.py serve.py tests bench tools
	$(PY) -m pytest
