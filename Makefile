# The two commands a new user needs: `make start` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup start test lint

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	# The CPU build of PyTorch first, so sentence-transformers does not pull CUDA packages.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The bundled playbooks' index is built into the installed package once (a no-op while the
# playbooks and the embedder are unchanged), so `make start` never waits for it.
setup: $(STAMP)
	$(VENV)/bin/gemba knowledge index --shipped

start: setup
	$(VENV)/bin/gemba demo-data --if-missing
	$(VENV)/bin/gemba knowledge index
	$(VENV)/bin/gemba chat

test: setup
	$(VENV)/bin/pytest -n 2 --dist loadgroup -m "not alone"
	$(VENV)/bin/pytest -m alone

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
