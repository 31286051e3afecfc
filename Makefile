# The only commands a newcomer needs. Each sets itself up on first use.
#   make run    the whole API on http://127.0.0.1:$${PORT:-3000} (no Docker, no AWS account)
#   make test   lint, type check, template checks, sam build, every test
#   make bench  benchmark scripts that print figures
SHELL := /bin/bash
export PYENV_VERSION := 3.13.0
PYTHON ?= python3.13
VENV := .venv
SAM_VENV := .venv-sam
PY := $(VENV)/bin/python
PIP_FLAGS := --quiet --disable-pip-version-check

.PHONY: run test lint web-lint typecheck scan template build unit functional fuzz bench bodies host-artifacts browser clean

$(VENV)/.installed: requirements/dev.txt requirements/constraints.txt layers/common/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install $(PIP_FLAGS) -r requirements/dev.txt -c requirements/constraints.txt 2> >(grep -v "^WARNING: Location" >&2)
	touch $@

SCAN_VENV := .venv-scan
$(SCAN_VENV)/.installed: requirements/scan.txt
	$(PYTHON) -m venv $(SCAN_VENV)
	$(SCAN_VENV)/bin/pip install $(PIP_FLAGS) -r requirements/scan.txt 2> >(grep -v "^WARNING: Location" >&2)
	touch $@

$(SAM_VENV)/.installed: requirements/sam.txt
	$(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/pip install $(PIP_FLAGS) -r requirements/sam.txt 2> >(grep -v "^WARNING: Location" >&2)
	touch $@

run: $(VENV)/.installed
	$(PY) -m infra.local

# pytest on every core (pytest-xdist), a test file to a worker: each worker has its own moto and, for the
# end-to-end tests, its own local stack on a free port.
PYTEST := $(PY) -m pytest -n auto --dist loadfile

test: lint typecheck scan template host-artifacts browser
	$(PYTEST)

# The pure rules, the compiled bodies and the template, without AWS (about half a minute).
unit: $(VENV)/.installed
	$(PYTEST) tests/unit

# The handlers on moto too (no local stack, no browser; a few minutes).
functional: $(VENV)/.installed
	$(PYTEST) tests/unit tests/functional

# The deep fuzz: schemathesis with a random seed (FUZZ_SEED=… replays one), 80 examples
# per operation and its stateful phase, against the local stack (about 2,800 cases, ~5 min).
fuzz: $(VENV)/.installed
	FUZZ_DEEP=1 $(PY) -m pytest tests/e2e/test_fuzz.py -s

# ruff, the import contracts of the shared package (pyproject.toml: one stated order, stores private, rules
# pure), no function above complexity 15 (infra/complexity.py), ESLint.
lint: $(VENV)/.installed web-lint
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=layers/common $(VENV)/bin/lint-imports --no-cache
	$(PY) -m infra.complexity

# ESLint on the portal (web/, eslint.config.js), at the exact versions of package.json and package-lock.json.
web-lint: node_modules/.installed
	node_modules/.bin/eslint --max-warnings 0 web eslint.config.js

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Each area's pydantic models (schemas.py) compiled into the bodies Lambda runs (bodies.py), after changing a
# model; tests/unit/test_bodies.py fails while one is stale.
bodies: $(VENV)/.installed
	PYTHONPATH=layers/common $(PY) -m infra.compile_schemas

# Strict on the shared package; the handlers are checked against @endpoint's typed requests.
typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy layers/common/portal functions

# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

# Security scanners: checkov on the template (each skip justified in it), bandit
# on our code (no medium or high finding).
scan: $(SCAN_VENV)/.installed
	$(SCAN_VENV)/bin/checkov -f template.yaml --framework cloudformation --skip-download --compact --quiet
	$(SCAN_VENV)/bin/bandit -q -r layers/common/portal functions infra bench -ll

# The template stays deployable: cfn-lint, sam validate --lint and sam build (no Docker).
template: $(VENV)/.installed $(SAM_VENV)/.installed
	$(VENV)/bin/cfn-lint template.yaml
	$(SAM_VENV)/bin/sam validate --lint --template template.yaml
	$(MAKE) build

build: $(SAM_VENV)/.installed
	mkdir -p .aws-sam
	PATH="$(CURDIR)/$(SAM_VENV)/bin:$$PATH" $(SAM_VENV)/bin/sam build --template template.yaml --build-dir .aws-sam/build \
		--cached --parallel > .aws-sam/build.log 2>&1 || (cat .aws-sam/build.log; exit 1)
	# SAM's Python builder copies functions' sources only: ship their bytecode too.
	$(PYTHON) -m compileall -q --invalidation-mode unchecked-hash $$(find .aws-sam/build -maxdepth 1 -name '*Function')

# Benchmarks print figures; they assert nothing about time. BENCH_BEFORE=<another checkout, its artifacts
# built>: bench.cold_start measures its functions too, in the same runs (before/after).
bench: $(VENV)/.installed build host-artifacts
	$(PY) -m bench.cold_start $(if $(BENCH_BEFORE),--before $(BENCH_BEFORE))
	$(PY) -m bench.operations
	$(PY) -m bench.imports
	$(PY) -m bench.notifications
	$(PY) -m bench.bookings
	$(PY) -m bench.documents
	$(PY) -m bench.appointments
	$(PY) -m bench.city

# The layer built for this machine by the same Makefile (to import it here), and
# boto3/botocore as the Lambda runtime provides them.
HOST_PLATFORM := manylinux2014_$(shell uname -m)
host-artifacts: .aws-sam/host/.built
.aws-sam/host/.built: layers/common/Makefile layers/common/requirements.txt $(shell find layers/common/portal -name '*.py')
	rm -rf .aws-sam/host
	$(MAKE) -s -C layers/common build-CommonLayer ARTIFACTS_DIR=$(CURDIR)/.aws-sam/host/layer PLATFORM=$(HOST_PLATFORM) \
		PYTHON=$(PYTHON) 2> >(grep -v "^WARNING" >&2)
	$(PYTHON) -m pip install $(PIP_FLAGS) --no-compile --target .aws-sam/host/runtime \
		$$(grep -E '^(boto3|botocore|s3transfer|jmespath|python-dateutil|six|urllib3)==' requirements/constraints.txt) \
		2> >(grep -v "^WARNING" >&2)
	$(PYTHON) -m compileall -q -j 0 --invalidation-mode unchecked-hash .aws-sam/host/runtime
	touch $@

clean:
	rm -rf $(VENV) $(SAM_VENV) $(SCAN_VENV) .aws-sam .pytest_cache .ruff_cache
