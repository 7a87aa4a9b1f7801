"""Memory held by decoded pages, one contender per process (so that no other contender's
allocations are in its heap): RSS after decoding and holding `--pages` copies of the same body,
minus RSS before, per page. Run by bench_python.py.

    python memory_page.py --contender evovoice|msgspec|msgspec_nogc|pydantic --body FILE [--pages N] [--read]

`--read` also reads every field of every item once (nested objects included) before measuring:
the memory of a page whose fields have all been read. Prints one JSON object.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from typing import Any, Callable

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--contender", required=True)
    ap.add_argument("--body", required=True)
    ap.add_argument("--pages", type=int, default=6)
    ap.add_argument("--read", action="store_true")
    args = ap.parse_args()
    body = open(args.body, "rb").read()

    import typed_baselines

    ns = typed_baselines.load("msgspec")  # the readers (the same for every contender)
    read_all = ns["read_all_SessionInfo"]
    decode: Callable[[bytes], Any]
    if args.contender == "evovoice":
        import evovoice

        def decode(b: bytes) -> Any:
            return evovoice.parse_response("ListSessions", 200, b)
    else:
        decode = typed_baselines.load(args.contender)["decode"]  # type: ignore[assignment]

    def one() -> Any:
        page = decode(body)
        if args.read:
            for s in page.items:
                read_all(s)
        return page

    # Warm up: the allocators' first arenas, caches and the types' first use are not the page's.
    for _ in range(2):
        one()
    gc.collect()
    before = rss()
    pages = [one() for _ in range(args.pages)]
    gc.collect()
    after = rss()
    assert all(len(p.items) == len(pages[0].items) for p in pages)
    print(json.dumps({"contender": args.contender, "read": args.read, "pages": args.pages,
                      "bytes_per_page": (after - before) / args.pages}))


if __name__ == "__main__":
    main()
