# `make bench` (included by the root Makefile): one seeded release emulator, then the Python,
# browser, bundle and Rust benchmarks side by side; prints one table and writes
# target/bench/report.md + target/bench/report.json. Not part of `make test`.
#   make bench        - the full run (a few minutes after make test's installs)
#   make bench-quick  - fewer rounds: a smoke run of the harness
BENCH_DIR := tests/bench
BENCH_BROWSER_DIR := $(BENCH_DIR)/browser
# msgspec and pydantic (v2): the typed decoders the Python rows compare with (issue 16).
BENCH_PY_DEPS := servicestack==0.1.15 requests httpx msgspec "pydantic>=2,<3"

.PHONY: bench bench-quick bench-deps bench-py-deps bench-browser-deps bench-emulator

# The emulator measured against is a release build (run.py starts target/release/evovoice-emulator
# and refuses any other): a debug one spends ~100 ms per 1000-session page.
bench-emulator: deps-rust
	$(CARGO) build --release -q -p evovoice-emulator

bench-py-deps: python-deps
	@$(VENV_PY) -c "import importlib.metadata as m, requests, httpx, msgspec, pydantic; assert m.version('servicestack') == '0.1.15' and pydantic.VERSION.startswith('2.')" 2>/dev/null \
		|| $(VENV_PY) -m pip install --quiet --disable-pip-version-check $(BENCH_PY_DEPS)

bench-browser-deps:
	@if [ ! -d $(BENCH_BROWSER_DIR)/node_modules/@servicestack/client ] || [ ! -d $(BENCH_BROWSER_DIR)/node_modules/playwright-core ] \
	  || [ $(BENCH_BROWSER_DIR)/package.json -nt $(BENCH_BROWSER_DIR)/node_modules/.package-lock.json ]; then \
	  cd $(BENCH_BROWSER_DIR) && npm install --no-audit --no-fund; \
	fi

bench-deps: bench-py-deps bench-browser-deps bench-emulator

bench: python wasm bench-deps
	$(VENV_PY) $(BENCH_DIR)/run.py

bench-quick: python wasm bench-deps
	$(VENV_PY) $(BENCH_DIR)/run.py --quick
