"""Prints the fenced code block that follows the `<!-- make test-dist ... -->` marker of a README.

    python3 tests/dist/readme_block.py README.md [BASE_URL]

With BASE_URL, the block's `http://127.0.0.1:8080` (the emulator's documented address) becomes
BASE_URL, so the block runs against the emulator a test started on a free port.
"""
import re
import sys

text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"<!-- make test-dist[^>]*-->\s*```[^\n]*\n(.*?)\n```", text, re.S)
if not m:
    sys.exit(f"{sys.argv[1]}: no code block after a '<!-- make test-dist' marker")
block = m.group(1)
if len(sys.argv) > 2:
    if "http://127.0.0.1:8080" not in block:
        sys.exit(f"{sys.argv[1]}: the marked block does not use http://127.0.0.1:8080")
    block = block.replace("http://127.0.0.1:8080", sys.argv[2])
print(block)
