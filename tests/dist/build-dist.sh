#!/usr/bin/env bash
# `make dist`: every artifact of a release into target/dist (run by tests/dist/dist.mk, which
# installs the tools into target/dist-tools and builds wasm/pkg first):
#   evovoice-X.crate, evovoice-emulator-X.crate   cargo package (built and verified together)
#   evovoice-X.tgz                                npm pack of wasm/pkg
#   evovoice-X.tar.gz                             maturin sdist
#   evovoice-X-cp39-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl
#                                                 maturin --zig (glibc 2.17); auditwheel must
#                                                 confirm manylinux_2_17_x86_64
# and writes target/dist/MANIFEST.txt (name, bytes, tag). Every version must be the workspace's.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
tools="$root/target/dist-tools/bin"
dist="$root/target/dist"
version=$(bash tests/dist/check-versions.sh)
echo "dist: version $version"
rm -rf "$dist"
mkdir -p "$dist"

# Crates. Packaged together so that evovoice-emulator (which depends on evovoice = "$version")
# is verified against the evovoice just packaged. --allow-dirty: a developer's tree may hold
# uncommitted work; the release workflow packages a clean tag.
cargo package -q --allow-dirty -p evovoice -p evovoice-emulator
cp "target/package/evovoice-$version.crate" "target/package/evovoice-emulator-$version.crate" "$dist/"

# npm: the package `make wasm` built.
[ -f wasm/pkg/package.json ] || { echo "dist: wasm/pkg is missing: run 'make wasm'" >&2; exit 1; }
(cd wasm/pkg && npm pack --silent --pack-destination "$dist" >/dev/null)

# Python: the sdist, and the wheel built with zig against glibc 2.17 (manylinux2014).
PATH="$tools:$PATH" maturin sdist -m python/Cargo.toml -o "$dist" 2>&1 | grep -v '^$' | tail -n 1
PATH="$tools:$PATH" maturin build --quiet --release --zig --compatibility manylinux2014 \
  -m python/Cargo.toml -i "$tools/python" -o "$dist" 2>&1 | tail -n 1
wheel=$(ls "$dist"/evovoice-"$version"-*.whl)
audit=$("$tools/auditwheel" show "$wheel")
wheel_tag=$(sed -n 's/^ *"\(manylinux_[0-9_a-z]*\)"\.$/\1/p' <<<"$audit" | head -n1)
if [ "$wheel_tag" != manylinux_2_17_x86_64 ]; then
  echo "$audit" >&2
  echo "dist: auditwheel gives the wheel '$wheel_tag', not manylinux_2_17_x86_64" >&2
  exit 1
fi

# Every artifact carries the version and the license.
expect=("evovoice-$version.crate" "evovoice-emulator-$version.crate" "evovoice-$version.tgz"
        "evovoice-$version.tar.gz" "$(basename "$wheel")")
for f in "${expect[@]}"; do
  [ -f "$dist/$f" ] || { echo "dist: $f is missing" >&2; exit 1; }
done
for c in "evovoice-$version" "evovoice-emulator-$version"; do
  tar -tzf "$dist/$c.crate" | grep -x "$c/LICENSE" >/dev/null || { echo "dist: $c.crate has no LICENSE" >&2; exit 1; }
done
tar -tzf "$dist/evovoice-$version.tgz" | grep -x package/LICENSE >/dev/null || { echo "dist: the npm tarball has no LICENSE" >&2; exit 1; }
tar -tzf "$dist/evovoice-$version.tar.gz" | grep -x "evovoice-$version/LICENSE" >/dev/null || { echo "dist: the sdist has no LICENSE" >&2; exit 1; }
python3 -c 'import sys, zipfile; sys.exit(sys.argv[2] not in zipfile.ZipFile(sys.argv[1]).namelist())' \
  "$wheel" "evovoice-$version.dist-info/licenses/LICENSE" || { echo "dist: the wheel has no LICENSE" >&2; exit 1; }

{
  printf '%-72s %10s  %s\n' artifact bytes tag
  for f in "${expect[@]}"; do
    case $f in
      *.whl) tag="cp39-abi3 $wheel_tag (auditwheel)";;
      *.crate) tag="crate";;
      *.tgz) tag="npm";;
      *.tar.gz) tag="sdist";;
    esac
    printf '%-72s %10s  %s\n' "$f" "$(stat -c %s "$dist/$f")" "$tag"
  done
} > "$dist/MANIFEST.txt"
echo "dist: target/dist (version $version)"
cat "$dist/MANIFEST.txt"
