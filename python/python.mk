# Python package `evovoice` (crate evovoice-python, pyo3 + maturin). Included by the root Makefile.
#   make python        - .venv at the repo root (created if missing) with the package installed
#   make test-python   - mypy --strict on examples/python, stubtest of the installed package's
#                        stubs, then the pytest suite (uses the emulator; test_typing.py runs
#                        mypy --strict and pyright on python/tests/typing)
#   make python-stubs  - rewrite python/evovoice/_evovoice.pyi from the core's schema
TEST_TARGETS += test-python

VENV ?= .venv
VENV_PY := $(VENV)/bin/python
PY_DEV_DEPS := maturin pytest mypy pytest-asyncio trustme
PY_WHEELS := target/python-wheels

.PHONY: python python-deps test-python python-stubs

$(VENV_PY):
	python3 -m venv $(VENV)

# pyright (the type-checking test runs it in strict mode beside mypy --strict) is the npm
# package, installed with npm into the venv (.venv/pyright): pure JavaScript run by node, nothing
# downloaded when the tests run.
PYRIGHT_VERSION := 1.1.414
PYRIGHT := $(VENV)/pyright/node_modules/.bin/pyright

python-deps: $(VENV_PY)
	@test -x $(VENV)/bin/maturin && $(VENV_PY) -c "import pytest, mypy, pytest_asyncio, trustme" 2>/dev/null \
		|| $(VENV_PY) -m pip install --quiet --disable-pip-version-check $(PY_DEV_DEPS)
	@test -x $(PYRIGHT) && $(PYRIGHT) --version 2>/dev/null | grep -qF "$(PYRIGHT_VERSION)" \
		|| npm install --prefix $(VENV)/pyright --no-audit --no-fund --silent pyright@$(PYRIGHT_VERSION)

python: python-deps deps-rust
	rm -rf $(PY_WHEELS)
	$(VENV)/bin/maturin build --release --quiet -m python/Cargo.toml -i $(VENV_PY) -o $(PY_WHEELS)
	$(VENV_PY) -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps $(PY_WHEELS)/evovoice-*.whl
	cd / && $(abspath $(VENV_PY)) -c "import evovoice; print('evovoice', evovoice.__version__, 'installed in $(VENV)')"

python-stubs: python
	cd / && $(abspath $(VENV_PY)) -c "import evovoice._evovoice as m, sys; sys.stdout.write(m._generated_stubs())" > $(CURDIR)/python/evovoice/_evovoice.pyi
	@echo "wrote python/evovoice/_evovoice.pyi; rebuild with 'make python' to ship it in the wheel"

test-python: python emulator
	$(VENV)/bin/mypy --strict examples/python python/tests/typed_call_options.py
	cd / && MYPY_CACHE_DIR=$(CURDIR)/target/mypy-stubtest $(abspath $(VENV_PY)) -m mypy.stubtest evovoice
	$(VENV_PY) -m pytest python/tests -q -p no:cacheprovider

# Soak (issue 6; part of `make soak`, not of `make test`): 10,000 blocking calls and rounds of 200
# concurrent AsyncClient calls against a local emulator; memory (RSS, tracemalloc) and open
# descriptors must not grow. Figures: stdout and target/soak-python.json.
SOAK_PY_CALLS ?= 10000
SOAK_PY_CONCURRENCY ?= 200
.PHONY: soak-python
soak: soak-python

soak-python: python emulator
	@mkdir -p target
	set -o pipefail; SOAK_CALLS=$(SOAK_PY_CALLS) SOAK_CONCURRENCY=$(SOAK_PY_CONCURRENCY) \
	  timeout 600 $(VENV_PY) -m pytest python/tests/soak.py -q -s -p no:cacheprovider \
	  2>&1 | tee target/soak-python.log
