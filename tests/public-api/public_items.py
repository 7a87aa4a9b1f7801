#!/usr/bin/env python3
"""Lists the public items of a rustdoc output dir: each item page's path, plus its
methods, fields, variants, associated consts/types (anchors rustdoc writes). Trait impls'
methods (impl-*) are left out, as are hidden items (rustdoc does not render them).

    python3 tests/public-api/public_items.py target/doc/evovoice

`make test-public-api` compares it with core/public-api.txt (the crate's public surface under
semver, default features: the `bindings` plumbing is not in it); `make public-api` rewrites that
file after a change was reviewed for semver."""
import os, re, sys
root = sys.argv[1]
out = set()
for dirpath, _, files in os.walk(root):
    for f in files:
        m = re.match(r'(struct|enum|fn|trait|constant|static|type|macro|mod|traitalias|union|derive|attr)\.(.+)\.html$', f)
        if not m and f != 'index.html':
            continue
        rel = os.path.relpath(dirpath, os.path.dirname(root)).replace(os.sep, '::')
        if f == 'index.html':
            out.add(f"mod {rel}")
            continue
        kind, name = m.groups()
        path = f"{rel}::{name}"
        out.add(f"{kind} {path}")
        html = open(os.path.join(dirpath, f), encoding='utf-8').read()
        # inherent/trait-required members only: cut off the trait-implementations section
        cut = html.find('id="trait-implementations"')
        body = html if cut < 0 else html[:cut]
        for a in re.findall(r'id="((?:method|tymethod|structfield|variant|associatedconstant|associatedtype)\.[A-Za-z0-9_]+)"', body):
            k, n = a.split('.', 1)
            out.add(f"{k} {path}::{n}")
print("\n".join(sorted(out)))
