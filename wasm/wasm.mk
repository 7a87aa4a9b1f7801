# JavaScript (wasm) targets, included by the root Makefile.
#   make wasm       - build the npm package into wasm/pkg
#   make test-wasm  - browser (wasm-bindgen-test in headless Chromium, incl. a Web Worker), Node
#                     tests of the built package, tsc --strict of the TS examples, dashboard e2e
#   make dashboard  - serve examples/dashboard against a seeded emulator
#   make soak-wasm  - 5,000 calls of the package in headless Chromium; wasm memory and JS heap must
#                     stay flat after warm-up (part of `make soak`, not of `make test`)
TEST_TARGETS += test-wasm

WASM_BINDGEN_VERSION := $(shell sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' wasm/Cargo.toml)
WASM_NODE_DIR := wasm/tests/node
WASM_HARNESS := node wasm/scripts/with-emulator.mjs

.PHONY: soak-wasm wasm wasm-deps wasm-npm-deps test-wasm test-wasm-browser test-wasm-node test-wasm-types test-wasm-dashboard test-wasm-bundlers dashboard

wasm-deps: deps-rust
	@command -v node >/dev/null || { echo "Node 18+ is required"; exit 1; }
	@rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION)"; \
	  $(CARGO) install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  apt-get update && apt-get install -y chromium chromium-driver; \
	fi

wasm-npm-deps:
	@if [ ! -d $(WASM_NODE_DIR)/node_modules/typescript ] || [ $(WASM_NODE_DIR)/package.json -nt $(WASM_NODE_DIR)/node_modules/.package-lock.json ]; then \
	  mkdir -p wasm/pkg && [ -f wasm/pkg/package.json ] || cp wasm/npm/package.json wasm/pkg/; \
	  cd $(WASM_NODE_DIR) && npm install --no-audit --no-fund; \
	fi

wasm: wasm-deps wasm-npm-deps
	mkdir -p target
	bash wasm/scripts/build-pkg.sh

test-wasm: test-wasm-browser test-wasm-node test-wasm-types test-wasm-dashboard test-wasm-bundlers
	@echo "test-wasm: all JavaScript suites passed"

# The browser and Node suites run against an emulator with fault injection (--faults): their
# fault matrices (tests/faults.rs, tests/node/test/faults.test.mjs) select faults per client;
# the other tests never ask for one, so the emulator serves them normally.
test-wasm-browser: wasm-deps emulator
	$(WASM_HARNESS) --faults -- env CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
	  $(CARGO) test -p evovoice-wasm --target wasm32-unknown-unknown --test browser --test worker --test faults --test options

test-wasm-node: wasm emulator
	$(WASM_HARNESS) --faults -- node --test --test-reporter=spec $(WASM_NODE_DIR)/test/

# tsc --strict over the typed examples (NodeNext), then the README's example under the bundler
# and node16 resolutions and a file of deliberate mistakes whose errors are asserted.
test-wasm-types: wasm
	$(WASM_NODE_DIR)/node_modules/.bin/tsc -p $(WASM_NODE_DIR)/tsconfig.json
	node $(WASM_NODE_DIR)/types/check.mjs

test-wasm-dashboard: wasm emulator
	$(WASM_HARNESS) --seed 200 -- node $(WASM_NODE_DIR)/e2e/dashboard.mjs

# The package through every bundler path: Vite, webpack 5 and esbuild builds of
# wasm/tests/node/bundle-app run in Chromium; an esbuild --platform=node bundle run in Node.
test-wasm-bundlers: wasm emulator
	$(WASM_HARNESS) --seed 10 -- node $(WASM_NODE_DIR)/e2e/bundlers.mjs

dashboard: wasm emulator
	$(WASM_HARNESS) --seed 200 -- node examples/dashboard/serve.mjs

# Loopback only, bounded in time (SOAK_SECONDS, default 300); figures in target/soak-wasm.json.
SOAK_WASM_CALLS ?= 5000
soak: soak-wasm
soak-wasm: wasm emulator
	set -o pipefail; SOAK_CALLS=$(SOAK_WASM_CALLS) $(WASM_HARNESS) --seed 300 -- node wasm/scripts/soak-browser.mjs 2>&1 | tee target/soak-wasm.log
