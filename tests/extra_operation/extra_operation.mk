# The test-only operation (issue 11): `GetSessionLog` is added to the core's list of operations
# by its cargo feature `test-operation` (core/src/models/test_operation.rs, one entry); this
# target shows it callable, typed and documented from Rust, Node and Python with no edit in
# wasm/ or python/. Part of `make test`. Included by the root Makefile.
TEST_TARGETS += test-extra-operation

EXTRA_OP := target/extra-operation
EXTRA_OP_VENV := $(EXTRA_OP)/venv
EXTRA_OP_VECTORS := EVOVOICE_EXTRA_VECTORS=tests/extra_operation/vectors
EXTRA_OP_DOC := The log of one session, oldest entry first

.PHONY: test-extra-operation
test-extra-operation: wasm-deps wasm-npm-deps python-deps
	@mkdir -p $(EXTRA_OP)
	@echo "== Rust: the stamped Client method against the emulator, the operation's vectors, its rustdoc"
	$(EXTRA_OP_VECTORS) $(CARGO) test -q -p evovoice --features test-operation,evovoice-emulator/test-operation --test extra_operation --test vectors
	$(CARGO) doc -q --no-deps -p evovoice --features test-operation
	@grep -q 'id="method.get_session_log"' target/doc/evovoice/struct.Client.html \
	  && grep -q '$(EXTRA_OP_DOC)' target/doc/evovoice/struct.Client.html \
	  || { echo "rustdoc of Client lacks get_session_log and its doc"; exit 1; }
	@echo "== the emulator with the operation's route (then the plain one again)"
	$(CARGO) build -q -p evovoice-emulator --features test-operation
	cp target/debug/evovoice-emulator $(EXTRA_OP)/evovoice-emulator
	$(CARGO) build -q -p evovoice-emulator
	@echo "== JavaScript: the npm package built with the operation"
	EVOVOICE_PKG_DIR=$(EXTRA_OP)/pkg EVOVOICE_WASM_FEATURES=evovoice/test-operation bash wasm/scripts/build-pkg.sh
	EVOVOICE_EMULATOR_BIN=$(CURDIR)/$(EXTRA_OP)/evovoice-emulator EVOVOICE_PACKAGE=$(CURDIR)/$(EXTRA_OP)/pkg/node.js $(EXTRA_OP_VECTORS) \
	  node wasm/scripts/with-emulator.mjs -- node --test --test-reporter=spec tests/extra_operation/node.test.mjs wasm/tests/node/test/vectors.test.mjs
	$(WASM_NODE_DIR)/node_modules/.bin/tsc -p tests/extra_operation/tsconfig.json
	@echo "== Python: the wheel built with the operation, in a venv of its own"
	rm -rf $(EXTRA_OP)/wheels
	$(VENV)/bin/maturin build --release --quiet -m python/Cargo.toml -i $(VENV_PY) -o $(EXTRA_OP)/wheels --features evovoice/test-operation
	test -x $(EXTRA_OP_VENV)/bin/python || python3 -m venv $(EXTRA_OP_VENV)
	$(EXTRA_OP_VENV)/bin/python -m pip install --quiet --disable-pip-version-check pytest pytest-asyncio mypy
	$(EXTRA_OP_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps $(EXTRA_OP)/wheels/evovoice-*.whl
	EVOVOICE_EMULATOR=$(CURDIR)/$(EXTRA_OP)/evovoice-emulator $(EXTRA_OP_VECTORS) \
	  $(EXTRA_OP_VENV)/bin/python -m pytest -q -p no:cacheprovider python/tests/test_vectors.py tests/extra_operation/test_python.py
