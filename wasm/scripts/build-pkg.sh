#!/usr/bin/env bash
# Builds the npm package `evovoice` into wasm/pkg: release wasm (size profile, LTO), the
# wasm-bindgen glue (--target web), wasm-opt when available, and the package's entry points.
#   EVOVOICE_PKG_DIR=dir EVOVOICE_WASM_FEATURES=evovoice/test-operation bash wasm/scripts/build-pkg.sh
# builds a variant elsewhere (the test-only operation's package, tests/extra_operation); only
# the default build records its size in target/wasm-size.txt.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
target=${CARGO_TARGET_DIR:-$root/target}
pkg=${EVOVOICE_PKG_DIR:-wasm/pkg}
features=${EVOVOICE_WASM_FEATURES:-}
opt="wasm/tests/node/node_modules/.bin/wasm-opt"
# With binaryen (wasm-opt and its JS API, installed with the test packages): the wasm-names
# profile (the same code as wasm-release, function names kept) so that the closure shims nothing
# calls can be found by name and dropped (wasm/scripts/stub-closure-shims.mjs); wasm-opt then
# strips the names. Without it: wasm-release as it is.
profile=wasm-release
keep=
if [ -x "$opt" ]; then profile=wasm-names; keep=--keep-debug; fi
# --crate-type cdylib: with the rlib also listed in Cargo.toml, cargo would skip LTO.
cargo rustc -q -p evovoice-wasm --lib --crate-type cdylib --target wasm32-unknown-unknown --profile "$profile" \
  ${features:+--features "$features"}
rm -rf "$pkg"
wasm-bindgen --target web $keep --out-dir "$pkg" --out-name evovoice_wasm \
  "$target/wasm32-unknown-unknown/$profile/evovoice_wasm.wasm" 2> >(grep -v target_features >&2 || true)
# wasm-bindgen writes one `import * as importN` of the JS snippet per function the wasm imports
# from it directly, and as many copies of one key in the imports object (all the same module):
# keep the first, or bundlers warn users of a duplicate key (esbuild: "Duplicate key").
sed -i -E '/^import \* as import([2-9]|[1-9][0-9]+) from "\.\/snippets\//d; /^ *"\.\/snippets\/[^"]*": import([2-9]|[1-9][0-9]+),?$/d' "$pkg/evovoice_wasm.js"
if [ -x "$opt" ]; then
  node wasm/scripts/stub-closure-shims.mjs "$pkg/evovoice_wasm.js" "$pkg/evovoice_wasm_bg.wasm" "$pkg/evovoice_wasm_bg.wasm.stub"
  mv "$pkg/evovoice_wasm_bg.wasm.stub" "$pkg/evovoice_wasm_bg.wasm"
  # --low-memory-unused: Rust's data starts at 1 MiB and no address computation wraps around
  # 2^32, so binaryen may fold constant offsets into loads and stores (-170 B gzipped);
  # --merge-similar-functions: the stamped method shims differ by constants only (-70 B);
  # then --flatten --rereloop and -Oz again: binaryen rebuilds the control flow more compactly
  # (-217 B; browser listSessions-1000 and parseResponse-only timings unchanged, A/B interleaved).
  "$opt" --low-memory-unused --merge-similar-functions --strip-target-features -Oz --converge --flatten --rereloop -Oz \
    --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$pkg/evovoice_wasm_bg.wasm" -o "$pkg/evovoice_wasm_bg.wasm.opt"
  mv "$pkg/evovoice_wasm_bg.wasm.opt" "$pkg/evovoice_wasm_bg.wasm"
fi
snippet=$(cd "$pkg" && find snippets -name evovoice.js | head -n1)
[ -n "$snippet" ] || { echo "build-pkg: the JS snippet is missing from $pkg/snippets" >&2; exit 1; }
for f in index.js node.js; do
  sed "s#@@SNIPPET@@#./$snippet#" "wasm/npm/$f" > "$pkg/$f"
done
cp wasm/npm/package.json wasm/npm/README.md wasm/npm/evovoice_wasm_bg.wasm.url.d.ts wasm/npm/require.cjs LICENSE "$pkg/"
# wasm-bindgen types the raw wasm exports (InitOutput) with `any`; they are opaque to users:
# declare them `unknown`, then prove no `any` is left in the package's declarations.
sed -i -E '/^ *(readonly|export const) /s/\bany\b/unknown/g' "$pkg/evovoice_wasm.d.ts" "$pkg/evovoice_wasm_bg.wasm.d.ts"
if grep -nE '(:|=>|<|\|) *any\b' "$pkg"/*.d.ts; then
  echo "build-pkg: the declarations above still use \`any\`" >&2
  exit 1
fi
rm -f "$pkg/.gitignore"
# The JS is minified as a user's bundler would (terser; class names kept, so `EvoVoiceClient` and
# `EvoVoiceError` keep their `name`), with source maps beside it for stack traces; the readable
# sources are wasm-bindgen's output and wasm/js, wasm/npm. `make wasm` installs terser with the
# test packages.
terser="wasm/tests/node/node_modules/.bin/terser"
[ -x "$terser" ] || { echo "build-pkg: $terser is missing: run 'make wasm' (installs it)" >&2; exit 1; }
# The readable sources ship in src/ (same layout), and each map names its source there by a
# path relative to the map, so debuggers and tools find a real file.
for f in evovoice_wasm.js index.js node.js "$snippet"; do
  name=$(basename "$f")
  mkdir -p "$pkg/src/$(dirname "$f")"
  cp "$pkg/$f" "$pkg/src/$f"
  "$terser" "$pkg/$f" --module --compress --mangle --keep-classnames \
    --source-map "includeSources,filename='$name',url='$name.map'" -o "$pkg/$f.min"
  mv "$pkg/$f.min" "$pkg/$f"
  node -e 'const fs = require("fs"), [map, source] = process.argv.slice(1), m = JSON.parse(fs.readFileSync(map));
    m.sources = [source]; fs.writeFileSync(map, JSON.stringify(m));' "$pkg/$f.min.map" "$(realpath --relative-to="$(dirname "$pkg/$f")" "$pkg/src/$f")"
  mv "$pkg/$f.min.map" "$pkg/$f.map"
done
wasm_gz=$(gzip -9c "$pkg/evovoice_wasm_bg.wasm" | wc -c)
glue_gz=$(cat "$pkg/evovoice_wasm.js" "$pkg/index.js" "$pkg/$snippet" | gzip -9c | wc -c)
summary="$pkg built: wasm $(wc -c < "$pkg/evovoice_wasm_bg.wasm") B ($wasm_gz B gzip -9), glue $glue_gz B gzip -9, total $((wasm_gz + glue_gz)) B gzipped"
if [ "$pkg" = wasm/pkg ]; then echo "$summary" | tee target/wasm-size.txt; else echo "$summary"; fi
