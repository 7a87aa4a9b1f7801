#!/usr/bin/env bash
# `make test-dist`: each artifact of target/dist (make dist) installed into a clean place, as its
# users will, and used against the emulator. Scratch projects and venvs live in a temporary
# directory (removed at the end); only build caches are kept, in target/dist-test. After the
# install steps (cargo fetch, pip install of maturin into the sdist's venv) nothing leaves
# loopback: cargo runs --offline, pip --no-index, npm --offline.
#
#   emulator      cargo install of the evovoice-emulator .crate (its dependency evovoice = "X"
#                 patched to the unpacked evovoice .crate; --debug: the quicker build, the same
#                 code); every smoke test below runs against this binary, started by
#                 wasm/scripts/with-emulator.mjs
#   rust-readme   a scratch crate: core/README.md's Cargo.toml lines and its quick start as
#                 src/main.rs, evovoice patched to the unpacked .crate; cargo run
#   crate-tests   cargo test in the unpacked evovoice .crate (unit, packaged integration and
#                 doc tests, the README's included)
#   msrv          cargo +MSRV check of both unpacked crates (rust-version)
#   wheel         a new venv, pip install of the wheel; python/README.md's example and
#                 tests/dist/smoke/smoke.py
#   sdist         a new venv, pip install of the sdist (built from source); the same
#   npm-esm       a scratch project, npm install of the tarball; wasm/npm/README.md's example
#   npm-cjs       the same project from CommonJS (tests/dist/smoke/cjs.cjs)
#   npm-ts        tsc --strict with moduleResolution bundler and node16; the node16 build run
#   actionlint    .github/workflows/release.yml
# Ends with "N passed, N failed"; exits 1 if any failed.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
version=$(bash tests/dist/check-versions.sh) || exit 1
dist=$root/target/dist
tools=$root/target/dist-tools/bin
cache=$root/target/dist-test
msrv=${DIST_MSRV_TOOLCHAIN:?set by tests/dist/dist.mk}
work=$(mktemp -d "${TMPDIR:-/tmp}/evovoice-dist.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$cache"
export CARGO_TERM_COLOR=never
started=$SECONDS
passed=0
failed=0

# run NAME COMMAND...: runs a step with its output in $work/NAME.log; prints PASS or FAIL (and
# the log's end) with its time.
run() {
  local name=$1 t0=$SECONDS
  shift
  if "$@" >"$work/$name.log" 2>&1; then
    passed=$((passed + 1))
    printf 'PASS %-12s %4ss  %s\n' "$name" $((SECONDS - t0)) "$(tail -n 1 "$work/$name.log")"
  else
    failed=$((failed + 1))
    printf 'FAIL %-12s %4ss\n' "$name" $((SECONDS - t0))
    tail -n 40 "$work/$name.log" | sed 's/^/    /'
  fi
}

echo "test-dist: the artifacts of version $version"
cat "$dist/MANIFEST.txt"

# Install step: every crate the lockfile names, so that the builds below can run offline.
cargo fetch -q || exit 1

# -m: the files get the time of extraction. Packages store one fixed mtime (2006), older than
# anything built before, so the kept build cache (target/dist-test) would otherwise take an
# earlier build of the same crate for this one.
mkdir -p "$work/crates"
for c in evovoice evovoice-emulator; do
  tar -xmzf "$dist/$c-$version.crate" -C "$work/crates"
done
core_crate=$work/crates/evovoice-$version
emu_crate=$work/crates/evovoice-emulator-$version
patch_evovoice="patch.crates-io.evovoice.path=\"$core_crate\""
emulator=$cache/emulator/bin/evovoice-emulator
harness() { EVOVOICE_EMULATOR_BIN=$emulator node "$root/wasm/scripts/with-emulator.mjs" "$@"; }

# --- Rust ---
emulator_step() {
  rm -rf "$cache/emulator"
  cargo install --offline --debug --path "$emu_crate" --root "$cache/emulator" \
    --target-dir "$cache/cargo-target" --config "$patch_evovoice" &&
    harness -- node -e 'fetch(process.env.EVOVOICE_EMULATOR_URL + "/sessions", { headers: { authorization: "Bearer evovoice-dev-token" } }).then((r) => process.exit(r.ok ? 0 : 1))' &&
    echo "installed $("$emulator" --version) from evovoice-emulator-$version.crate; it serves"
}
run emulator emulator_step

rust_readme() {
  local app=$work/rust-readme
  mkdir -p "$app/src"
  {
    printf '[package]\nname = "readme-quickstart"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n'
    # The README's Cargo.toml lines, exactly.
    sed -n '/^```toml$/,/^```$/{/^```/d;p}' core/README.md | head -n 20
    printf '\n[patch.crates-io]\nevovoice = { path = "%s" }\n\n[workspace]\n' "$core_crate"
  } >"$app/Cargo.toml"
  python3 tests/dist/readme_block.py core/README.md >"$app/src/main.rs" || return 1
  (cd "$app" && cargo build --offline -q --target-dir "$cache/cargo-target") &&
    harness --seed 30 -- sh -c 'EVOVOICE_BASE_URL=$EVOVOICE_EMULATOR_URL "$0"' "$cache/cargo-target/debug/readme-quickstart"
}
run rust-readme rust_readme

crate_tests() {
  (cd "$core_crate" && cargo test --offline --target-dir "$cache/cargo-target" 2>&1) | tee "$work/crate-tests.out" | grep -E '^(test result|error)' || return 1
  local n
  n=$(awk '/^test result/ {s += $4} END {print s + 0}' "$work/crate-tests.out")
  grep -q '^test result: FAILED' "$work/crate-tests.out" && return 1
  echo "cargo test in the unpacked evovoice-$version.crate: $n passed"
}
run crate-tests crate_tests

msrv_check() {
  (cd "$core_crate" && cargo "+$msrv" check --offline -q --target-dir "$cache/cargo-target-msrv") &&
    (cd "$emu_crate" && cargo "+$msrv" check --offline -q --target-dir "$cache/cargo-target-msrv" --config "$patch_evovoice") &&
    echo "evovoice and evovoice-emulator build with Rust $msrv (rust-version)"
}
run msrv msrv_check

# --- Python ---
python_smoke() { # venv
  local py=$1/bin/python
  harness --seed 30 -- sh -c '
    python3 '"$root"'/tests/dist/readme_block.py '"$root"'/python/README.md "$EVOVOICE_EMULATOR_URL" > "$0/readme_run.py" &&
    cd "$0" && "$1" readme_run.py && "$1" '"$root"'/tests/dist/smoke/smoke.py "$2" "$3"' \
    "$work" "$py" "$version" "$1/lib"
}
wheel_step() {
  python3 -m venv "$work/venv-wheel" &&
    "$work/venv-wheel/bin/pip" install -q --disable-pip-version-check --no-cache-dir --no-index "$dist"/evovoice-"$version"-*.whl &&
    python_smoke "$work/venv-wheel"
}
run wheel wheel_step

# Built from nothing, as a user's pip does: --no-cache-dir (pip would reuse the wheel it built
# from an earlier sdist of the same version) and a new cargo target dir (the sdist's files carry
# one fixed mtime, so a kept one would take an earlier build for this one).
sdist_step() {
  python3 -m venv "$work/venv-sdist" &&
    "$work/venv-sdist/bin/pip" install -q --disable-pip-version-check maturin &&
    PATH="$work/venv-sdist/bin:$PATH" CARGO_NET_OFFLINE=true CARGO_TARGET_DIR=$work/cargo-target-sdist \
      "$work/venv-sdist/bin/pip" install -q --disable-pip-version-check --no-cache-dir --no-index --no-build-isolation \
      "$dist/evovoice-$version.tar.gz" &&
    python_smoke "$work/venv-sdist"
}
run sdist sdist_step

# --- npm ---
app=$work/npm-app
npm_install() {
  mkdir -p "$app" &&
    printf '{ "name": "dist-smoke", "private": true, "type": "module" }\n' >"$app/package.json" &&
    (cd "$app" && npm install --offline --no-audit --no-fund --silent "$dist/evovoice-$version.tgz") &&
    cp tests/dist/smoke/cjs.cjs tests/dist/smoke/app.ts tests/dist/smoke/tsconfig.*.json "$app/"
}
npm_esm() {
  npm_install && harness --seed 30 -- sh -c '
    python3 '"$root"'/tests/dist/readme_block.py '"$root"'/wasm/npm/README.md "$EVOVOICE_EMULATOR_URL" > "$0/readme.mjs" &&
    cd "$0" && node readme.mjs' "$app"
}
run npm-esm npm_esm
run npm-cjs harness -- sh -c 'cd "$0" && node cjs.cjs' "$app"
npm_ts() {
  local tsc=$root/wasm/tests/node/node_modules/.bin/tsc
  (cd "$app" && "$tsc" -p tsconfig.bundler.json && "$tsc" -p tsconfig.node16.json) &&
    harness -- sh -c 'cd "$0" && node out/app.js' "$app"
}
run npm-ts npm_ts

run actionlint sh -c "'$tools/actionlint' .github/workflows/release.yml && echo 'release.yml: actionlint found nothing'"

echo "test-dist: $((SECONDS - started))s"
echo "test-dist: $passed passed, $failed failed"
[ "$failed" = 0 ]
