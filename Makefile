# evovoice — every entry point. `make demo` and `make test` work on a fresh machine:
# each installs what it needs, idempotently.
SHELL := /bin/bash
.DEFAULT_GOAL := help
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

# Language fragments append their test targets here.
TEST_TARGETS := test-rust test-public-api

.PHONY: help demo test test-rust emulator deps-rust
help:
	@echo "make demo       - run the Rust quickstart (against the emulator unless EVOVOICE_BASE_URL is set)"
	@echo "make test       - every test of every language"
	@echo "make wasm       - build the npm package into wasm/pkg;  make dashboard - serve the example dashboard"
	@echo "make python     - build the pip package into .venv"
	@echo "make bench      - SDK vs official ServiceStack clients and raw baselines (target/bench/report.md)"
	@echo "make fuzz       - cargo-fuzz targets of the core;  make soak - load and soak tests"
	@echo "make dist       - every release artifact in target/dist (.crate x2, npm .tgz, sdist, manylinux2014 wheel)"

deps-rust:
	@command -v cargo >/dev/null || { echo "Rust (cargo) is required: https://rustup.rs"; exit 1; }

emulator: deps-rust
	$(CARGO) build -p evovoice-emulator

demo: deps-rust
	$(CARGO) run -q -p evovoice-examples --bin quickstart

test-rust: deps-rust
	@mkdir -p target
	$(CARGO) test --workspace --exclude evovoice-python 2>&1 | tee target/test-rust.log; exit $${PIPESTATUS[0]}

# The crate's public items (rustdoc, default features) against core/public-api.txt: a change
# to the surface semver covers is seen and reviewed, never made by accident.
.PHONY: test-public-api public-api
test-public-api: deps-rust
	$(CARGO) doc -q -p evovoice --no-deps
	@python3 tests/public-api/public_items.py target/doc/evovoice > target/public-api.txt
	@diff -u core/public-api.txt target/public-api.txt || { echo "the public API of evovoice changed (above): review it for semver, then run 'make public-api'"; exit 1; }
	@echo "public API of evovoice: $$(wc -l < core/public-api.txt) items, as core/public-api.txt"

public-api: deps-rust
	$(CARGO) doc -q -p evovoice --no-deps
	python3 tests/public-api/public_items.py target/doc/evovoice > core/public-api.txt

-include wasm/wasm.mk
-include python/python.mk
-include tests/reliability.mk
-include tests/bench.mk
-include tests/extra_operation/extra_operation.mk
-include tests/dist/dist.mk

test: $(TEST_TARGETS)
	@echo "make test: all suites passed ($(TEST_TARGETS))"
