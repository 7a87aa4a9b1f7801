#!/usr/bin/env bash
# Where the bytes of the npm package's wasm go: builds the wasm-release code with symbol names
# kept (profile wasm-names: same code, not stripped), runs wasm-bindgen, then twiggy.
#   bash wasm/scripts/wasm-size-profile.sh [out-dir]    (needs `cargo install twiggy`)
# Writes top.txt, dominators.txt and top.csv into out-dir (default target/wasm-size-profile).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
target=${CARGO_TARGET_DIR:-$root/target}
out=${1:-$root/target/wasm-size-profile}
mkdir -p "$out"
cargo rustc -q -p evovoice-wasm --lib --crate-type cdylib --target wasm32-unknown-unknown --profile wasm-names
wasm-bindgen --target web --keep-debug --out-dir "$out/pkg" --out-name evovoice_wasm \
  "$target/wasm32-unknown-unknown/wasm-names/evovoice_wasm.wasm" 2> >(grep -v target_features >&2 || true)
w="$out/pkg/evovoice_wasm_bg.wasm"
twiggy top -n 60 "$w" > "$out/top.txt"
twiggy top -n 100000 --format csv "$w" > "$out/top.csv"
twiggy dominators -d 3 -r 80 "$w" > "$out/dominators.txt"
# Code only (names and debug sections are not shipped): bytes by crate.
python3 - "$out/top.csv" <<'PY'
import csv, collections, re, sys
g = collections.Counter()
for r in csv.DictReader(open(sys.argv[1])):
    name, size = r["Name"], int(r["ShallowSize"])
    if name.startswith(('"function names"', "custom section")):
        continue
    m = re.match(r"<(?:&mut |&)?([a-z_0-9]+)(?:\[[0-9a-f]+\])?::", name) or re.match(r"([a-z_0-9]+)(?:\[[0-9a-f]+\])?::", name)
    g["(data segments)" if name.startswith("data segment") else m.group(1) if m else "(exports, imports, other)"] += size
print(f"code + data, by crate ({sum(g.values())} B before wasm-opt):")
for k, v in g.most_common(20):
    print(f"  {v:8d}  {k}")
PY
