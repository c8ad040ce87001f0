# The two commands a new user needs: `make start` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# apt-get as root, else through sudo.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: setup system-deps start test lint

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	# The CPU build of PyTorch first, so sentence-transformers does not pull CUDA packages.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The browser tests and the board need Debian's Chromium (driven by Playwright, which never
# downloads a browser), CJK fonts (Chinese pages and charts draw glyphs, not boxes) and a
# colour emoji font (the state icons of cards and replies: 🔴 🟡 🟢).
system-deps:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 \
	    && fc-list 2>/dev/null | grep -q 'Noto Sans CJK' \
	    && fc-list 2>/dev/null | grep -q 'Noto Color Emoji'; then :; \
	elif command -v apt-get >/dev/null 2>&1; then \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk fonts-noto-color-emoji; \
	else \
	  echo "Install Chromium, chromedriver, the Noto CJK and Noto Color Emoji fonts for the board's browser tests."; \
	fi

# The bundled playbooks' index is built into the installed package once (a no-op while the
# playbooks and the embedder are unchanged), so `make start` never waits for it.
setup: system-deps $(STAMP)
	$(VENV)/bin/gemba knowledge index --shipped

start: setup
	$(VENV)/bin/gemba demo-data --if-missing
	$(VENV)/bin/gemba knowledge index
	$(VENV)/bin/gemba chat --board

test: setup
	$(VENV)/bin/pytest -n 2 --dist loadgroup -m "not alone"
	$(VENV)/bin/pytest -m alone

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
