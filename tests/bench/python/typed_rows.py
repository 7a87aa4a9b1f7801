"""The typed-decoder rows of `make bench` (issue 16): evovoice vs msgspec (default and gc=False)
vs pydantic v2 on the same list-1000 body, each first checked to decode the same values as
evovoice for every field (nested lists included). Called by bench_python.py.

Rows (interleaved rounds, the order rotating each round; the page a call returns is freed after
the clock stops):
- decode: the body -> a typed page;
- decode + read every field: the same, then every attribute of every item and of every object
  it holds (members, log, breadcrumbs), by the same generated code for every contender;
- second reading pass: every field read again on a page already decoded and read once;
- end to end: `Client.list_sessions(count_per_page=1000)` vs `httpx.Client.get` +
  `msgspec.json.Decoder(ListResponse).decode`;
- memory: RSS held per decoded page (memory_page.py, one process per contender and run).
"""
from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
from typing import Any, Callable, Dict, List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))

KINDS = {"msgspec": "msgspec", "msgspec gc=False": "msgspec_nogc", "pydantic v2": "pydantic"}


def run(url: str, token: str, page: int, rounds: int, interleave: Callable[..., Dict[str, List[float]]],
        timer: Callable[[Callable[[], Any]], float], paired: Callable[..., Dict[str, float]],
        out_dir: Optional[str], memory_runs: int = 3) -> Dict[str, Any]:
    import httpx
    import msgspec
    import pydantic

    import evovoice
    import typed_baselines

    readers = typed_baselines.load("msgspec")
    read_all = readers["read_all_SessionInfo"]
    plain = readers["plain_SessionInfo"]
    decoders: Dict[str, Callable[[bytes], Any]] = {"evovoice": lambda b: evovoice.parse_response("ListSessions", 200, b)}
    for label, kind in KINDS.items():
        decoders[label] = typed_baselines.load(kind)["decode"]

    http = httpx.Client(headers={"Authorization": f"Bearer {token}"})
    r = http.get(f"{url}/sessions", params={"countPerPage": page})
    r.raise_for_status()
    body = r.content
    if out_dir:
        with open(os.path.join(out_dir, "typed_baselines_msgspec.py"), "w") as f:
            f.write(typed_baselines.source("msgspec"))
        with open(os.path.join(out_dir, "typed_baselines_pydantic.py"), "w") as f:
            f.write(typed_baselines.source("pydantic"))

    # ---- the same values, every field, before timing anything --------------------------------
    ev_page = decoders["evovoice"](body)
    expected = [plain(s) for s in ev_page.items]
    envelope = (ev_page.total_count, ev_page.total_pages, ev_page.has_more_pages)
    assert len(expected) == page, "the seed must give a full page"
    fields = sum(_count(v) for v in expected)
    nested = sum(len(s["members"] or []) + len(s["log"] or []) + len(s["customer_breadcrumb"] or []) for s in expected)
    assert nested > 0, "the page must hold nested lists (members, log, breadcrumbs)"
    for label in KINDS:
        p = decoders[label](body)
        assert (p.total_count, p.total_pages, p.has_more_pages) == envelope, label
        got = [plain(s) for s in p.items]
        if got != expected:
            bad = next(i for i, (a, b) in enumerate(zip(got, expected)) if a != b)
            diff = {k: (got[bad][k], expected[bad][k]) for k in expected[bad] if got[bad][k] != expected[bad][k]}
            raise SystemExit(f"{label} does not decode the same values as evovoice (item {bad}): {diff}")
    del ev_page, p

    names = list(decoders)

    def decode_only(name: str) -> Callable[[], Any]:
        dec = decoders[name]
        return lambda: dec(body)

    def decode_read(name: str) -> Callable[[], Any]:
        dec = decoders[name]

        def go() -> Any:
            p = dec(body)
            for s in p.items:
                read_all(s)
            return p
        return go

    held: Dict[str, Any] = {}

    def second_pass(name: str) -> Callable[[], Any]:
        if not held:  # pages decoded and read once, for the second reading pass
            held.update({n: decode_read(n)() for n in names})
        p = held[name]

        def go() -> Any:
            for s in p.items:
                read_all(s)
        return go

    out: Dict[str, Any] = {"body_bytes": len(body), "items": len(expected), "fields_checked": fields,
                           "nested_objects": nested,
                           "versions": {"msgspec": msgspec.__version__, "pydantic": pydantic.VERSION}}
    for key, make in (("decode", decode_only), ("decode_read", decode_read), ("second_pass", second_pass)):
        gc.collect()
        samples = interleave({n: make(n) for n in names}, rounds=rounds, warmup=2, reps={}, timer=timer)
        out[key] = {"samples": samples, "median": {k: statistics.median(v) for k, v in samples.items()},
                    "ratio": {b: paired(samples, "evovoice", b) for b in names if b != "evovoice"}}
    held.clear()

    # ---- end to end: list_sessions(1000) vs httpx + msgspec -----------------------------------
    ev = evovoice.Client(url, bearer_token=token)
    msgspec_decode = decoders["msgspec"]

    def ev_list() -> Any:
        return ev.list_sessions(count_per_page=page)

    def httpx_msgspec() -> Any:
        resp = http.get(f"{url}/sessions", params={"countPerPage": page})
        resp.raise_for_status()
        return msgspec_decode(resp.content)

    a, b = ev_list(), httpx_msgspec()
    assert [plain(s) for s in a.items] == [plain(s) for s in b.items]
    del a, b
    e2e = {"evovoice": ev_list, "httpx+msgspec": httpx_msgspec}
    gc.collect()
    samples = interleave(e2e, rounds=rounds, warmup=2, reps={}, timer=timer)
    out["end_to_end"] = {"samples": samples, "median": {k: statistics.median(v) for k, v in samples.items()},
                         "ratio": {"httpx+msgspec": paired(samples, "evovoice", "httpx+msgspec")}}
    ev.close()
    http.close()

    # ---- memory held per page (RSS), one process per contender and run ------------------------
    out["memory"] = memory(body, memory_runs)
    return out


def identity(url: str, token: str, page: int) -> Dict[str, int]:
    """Reads every field of every item of a page (and of every object nested in one) twice:
    how many non-None reads gave the identical object the second time."""
    import evovoice

    with evovoice.Client(url, bearer_token=token) as c:
        items = list(c.list_sessions(count_per_page=page))
    reads = same = 0
    todo: List[Any] = items
    while todo:
        obj = todo.pop()
        for f in type(obj).__match_args__:
            first = getattr(obj, f)
            if first is None:
                continue
            reads += 1
            same += getattr(obj, f) is first
            if isinstance(first, list):
                todo.extend(x for x in first if hasattr(type(x), "__match_args__"))
            elif hasattr(type(first), "__match_args__"):
                todo.append(first)
    return {"reads": reads, "same": same}


def _count(obj: Dict[str, Any]) -> int:
    """The fields of a plain object and of the objects its lists hold."""
    n = len(obj)
    for v in obj.values():
        if isinstance(v, list):
            n += sum(_count(x) for x in v if isinstance(x, dict))
    return n


def memory(body: bytes, runs: int) -> Dict[str, Any]:
    contenders = ["evovoice"] + list(KINDS.values())
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        f.write(body)
        path = f.name
    try:
        res: Dict[str, Dict[str, List[float]]] = {"decoded": {c: [] for c in contenders}, "read": {c: [] for c in contenders}}
        for r in range(runs):
            order = contenders[r % len(contenders):] + contenders[:r % len(contenders)]
            for c in order:
                for mode in ("decoded", "read"):
                    cmd = [sys.executable, os.path.join(HERE, "memory_page.py"), "--contender", c, "--body", path]
                    if mode == "read":
                        cmd.append("--read")
                    done = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, timeout=300)
                    res[mode][c].append(json.loads(done.stdout)["bytes_per_page"])
    finally:
        os.unlink(path)
    labels = {"evovoice": "evovoice", **{v: k for k, v in KINDS.items()}}
    return {mode: {labels[c]: {"samples": v, "median": statistics.median(v)} for c, v in per.items()} for mode, per in res.items()}
