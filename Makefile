# The only commands a newcomer needs. Each sets itself up on first use.
#   make run    the whole API on http://127.0.0.1:$${PORT:-3000} (no Docker, no AWS account)
#   make test   lint, template checks, sam build, every test
#   make bench  benchmark scripts that print figures
SHELL := /bin/bash
export PYENV_VERSION := 3.13.0
PYTHON ?= python3.13
VENV := .venv
SAM_VENV := .venv-sam
PY := $(VENV)/bin/python
PIP_FLAGS := --quiet --disable-pip-version-check

.PHONY: run test lint template build unit bench clean

$(VENV)/.installed: requirements/dev.txt requirements/constraints.txt layers/common/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install $(PIP_FLAGS) -r requirements/dev.txt -c requirements/constraints.txt 2> >(grep -v "^WARNING: Location" >&2)
	touch $@

$(SAM_VENV)/.installed: requirements/sam.txt
	$(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/pip install $(PIP_FLAGS) -r requirements/sam.txt 2> >(grep -v "^WARNING: Location" >&2)
	touch $@

run: $(VENV)/.installed
	$(PY) -m infra.local

test: lint template
	$(PY) -m pytest

unit: $(VENV)/.installed
	$(PY) -m pytest tests/unit tests/functional

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The template stays deployable: cfn-lint, sam validate --lint and sam build (no Docker).
template: $(VENV)/.installed $(SAM_VENV)/.installed
	$(VENV)/bin/cfn-lint template.yaml
	$(SAM_VENV)/bin/sam validate --lint --template template.yaml
	$(MAKE) build

build: $(SAM_VENV)/.installed
	PATH="$(CURDIR)/$(SAM_VENV)/bin:$$PATH" $(SAM_VENV)/bin/sam build --template template.yaml --build-dir .aws-sam/build --cached --parallel >/dev/null

# Benchmarks print figures; they assert nothing about time.
bench: $(VENV)/.installed
	$(PY) -m bench.operations
	$(PY) -m bench.imports

clean:
	rm -rf $(VENV) $(SAM_VENV) .aws-sam .pytest_cache .ruff_cache
