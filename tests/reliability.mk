# Reliability: fuzzing and load/soak (issue 6). Included by the root Makefile.
#
# The fault matrix is not here: it runs inside `make test` (core/tests/faults.rs and
# tests/emulator/tests/faults.rs are part of `cargo test --workspace`).
#
#   make fuzz                      every fuzz target of the core, FUZZ_SECONDS each (default 150:
#                                  5 targets = 12.5 minutes); logs and a summary in target/fuzz/
#   make fuzz FUZZ_SECONDS=30      a shorter run
#   make soak                      load and soak tests (loopback only, bounded in time)
#   make soak-rust                 just the emulator under the Rust load generator

.PHONY: fuzz deps-fuzz soak soak-rust

FUZZ_SECONDS ?= 150
FUZZ_TARGETS ?= parse_responses build_requests response_status retry_and_paging transcode
# The core has no `unsafe`: libFuzzer's coverage guidance is what matters, so no sanitizer is
# needed (and none requires a nightly toolchain). FUZZ_SANITIZER=address works where a nightly
# is installed.
FUZZ_SANITIZER ?= none
# cargo-fuzz passes -Z flags to rustc; RUSTC_BOOTSTRAP lets the stable toolchain accept them.
FUZZ_ENV := RUSTC_BOOTSTRAP=1
FUZZ_OUT := $(CURDIR)/target/fuzz

deps-fuzz: deps-rust
	@command -v cargo-fuzz >/dev/null 2>&1 || $(CARGO) install cargo-fuzz --locked

fuzz: deps-fuzz
	@mkdir -p $(FUZZ_OUT)
	cd core && $(FUZZ_ENV) $(CARGO) fuzz build --sanitizer $(FUZZ_SANITIZER) -O
	@set -o pipefail; : > $(FUZZ_OUT)/summary.txt; failed=0; \
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p core/fuzz/corpus/$$t; \
	  seeds=""; [ -d core/fuzz/seeds/$$t ] && seeds="$(CURDIR)/core/fuzz/seeds/$$t"; \
	  echo "== fuzz $$t for $(FUZZ_SECONDS)s"; \
	  start=$$(date +%s); \
	  ( cd core && $(FUZZ_ENV) $(CARGO) fuzz run --sanitizer $(FUZZ_SANITIZER) -O $$t \
	      $(CURDIR)/core/fuzz/corpus/$$t $$seeds -- \
	      -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -artifact_prefix=$(CURDIR)/core/fuzz/artifacts/$$t- \
	  ) > $(FUZZ_OUT)/$$t.log 2>&1; rc=$$?; \
	  secs=$$(( $$(date +%s) - start )); \
	  runs=$$(grep -o 'stat::number_of_executed_units: *[0-9]*' $(FUZZ_OUT)/$$t.log | grep -o '[0-9]*$$'); \
	  cov=$$(grep -o 'cov: [0-9]*' $(FUZZ_OUT)/$$t.log | tail -1); \
	  line="$$t: $${secs}s, $${runs:-?} execs, $$cov, exit $$rc"; \
	  if [ $$rc -ne 0 ]; then failed=1; line="$$line  CRASH (see $(FUZZ_OUT)/$$t.log, core/fuzz/artifacts/)"; fi; \
	  echo "$$line" | tee -a $(FUZZ_OUT)/summary.txt; \
	done; \
	echo "fuzz summary ($(FUZZ_OUT)/summary.txt):"; cat $(FUZZ_OUT)/summary.txt; exit $$failed

# Load and soak. Each language adds its own `soak-<lang>` target as a prerequisite of `soak`
# from its fragment (python/python.mk: `soak: soak-python`, wasm/wasm.mk: `soak: soak-wasm`),
# so `make soak` runs them all.
SOAK_REQUESTS ?= 10000
SOAK_CONCURRENCY ?= 64

soak: soak-rust
	@echo "make soak: done"

# The emulator binary (release) in its own process, so its RSS is its own; the load comes from
# evovoice::Client (core/tests/soak.rs, an ignored test run only here).
soak-rust: deps-rust
	@mkdir -p target
	$(CARGO) build --release -q -p evovoice-emulator --bin evovoice-emulator
	set -o pipefail; EVOVOICE_EMULATOR_BIN=$(CURDIR)/target/release/evovoice-emulator \
	  SOAK_REQUESTS=$(SOAK_REQUESTS) SOAK_CONCURRENCY=$(SOAK_CONCURRENCY) \
	  $(CARGO) test --release -q -p evovoice --test soak -- --ignored --nocapture --test-threads 1 \
	  2>&1 | tee target/soak-rust.log
