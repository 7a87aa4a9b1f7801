#!/usr/bin/env bash
# One version for every package of a release: the workspace's [workspace.package] version (the
# crates evovoice, evovoice-emulator and, through maturin, the Python package), the npm
# package.json, the version that evovoice-emulator asks of evovoice, and the top entry of
# CHANGELOG.md. Prints the version; exits 1 naming every place that differs.
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
[ -n "$version" ] || { echo "check-versions: no [workspace.package] version in Cargo.toml" >&2; exit 1; }
fail=0
check() { # name found
  if [ "$2" != "$version" ]; then
    echo "check-versions: $1 is '$2', the workspace is '$version'" >&2
    fail=1
  fi
}
check "wasm/npm/package.json version" "$(node -p 'require("./wasm/npm/package.json").version')"
check "the workspace dependency evovoice (Cargo.toml)" \
  "$(sed -n 's/^evovoice = {.*version = "\([^"]*\)".*/\1/p' Cargo.toml)"
check "the top entry of CHANGELOG.md" \
  "$(sed -n 's/^## \[\([0-9][^]]*\)\].*/\1/p' CHANGELOG.md | head -n1)"
for crate in core tests/emulator python wasm; do
  grep -q '^version.workspace = true' "$crate/Cargo.toml" \
    || { echo "check-versions: $crate/Cargo.toml does not take the workspace version" >&2; fail=1; }
done
grep -q '^dynamic = \["version"\]' python/pyproject.toml \
  || { echo "check-versions: python/pyproject.toml must take its version from Cargo (dynamic)" >&2; fail=1; }
[ "$fail" = 0 ] || exit 1
echo "$version"
