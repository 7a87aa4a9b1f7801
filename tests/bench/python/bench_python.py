"""Python side of `make bench`: evovoice vs the official `servicestack` client vs raw
requests/httpx + json.loads, against one running emulator, measured side by side (interleaved
rounds) so that ratios hold on a noisy shared machine.

    python tests/bench/python/bench_python.py --url http://127.0.0.1:PORT [--out result.json]

Prints one JSON object (also written to --out): every measurement as a list of samples in
seconds plus its median.
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import statistics
import sys
import time
from typing import Any, Callable, Dict, List

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

TOKEN = "evovoice-dev-token"
PAGE = 1000


def med(samples: List[float]) -> float:
    return statistics.median(samples)


def timed(fn: Callable[[], Any]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def timed_kept(fn: Callable[[], Any]) -> float:
    """The time of `fn()` alone: what it returns is freed after the clock stops."""
    t = time.perf_counter()
    kept = fn()
    elapsed = time.perf_counter() - t
    del kept
    return elapsed


def interleave(contenders: Dict[str, Callable[[], Any]], rounds: int, warmup: int, reps: Dict[str, int],
               timer: Callable[[Callable[[], Any]], float] = timed) -> Dict[str, List[float]]:
    """Runs every contender `reps[name]` times per round, rotating the order each round and running
    it backwards every other round, so that no one always runs first and each follows each other
    one equally often (after its garbage)."""
    names = list(contenders)
    for _ in range(warmup):
        for n in names:
            contenders[n]()
    samples: Dict[str, List[float]] = {n: [] for n in names}
    for r in range(rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        if r % 2:
            order.reverse()
        for n in order:
            for _ in range(reps.get(n, 1)):
                samples[n].append(timer(contenders[n]))
    return samples


def paired(samples: Dict[str, List[float]], a: str, b: str, reps: int = 1) -> Dict[str, float]:
    """The ratio a/b per round (each round's median when a contender ran `reps` times per round):
    its median and interquartile range."""
    def per_round(v: List[float]) -> List[float]:
        return [statistics.median(v[i:i + reps]) for i in range(0, len(v), reps)]
    ratios = [x / y for x, y in zip(per_round(samples[a]), per_round(samples[b]))]
    if len(ratios) < 2:
        return {"median": ratios[0], "q1": ratios[0], "q3": ratios[0], "rounds": len(ratios)}
    q1, q2, q3 = statistics.quantiles(ratios, n=4, method="inclusive")
    return {"median": statistics.median(ratios), "q1": q1, "q3": q3, "rounds": len(ratios)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--out")
    ap.add_argument("--rounds", type=int, default=12, help="interleaved rounds of list-1000")
    ap.add_argument("--get-calls", type=int, default=300, help="sequential get_session calls per client")
    ap.add_argument("--concurrency", type=int, default=200, help="concurrent get_session calls per batch")
    ap.add_argument("--batches", type=int, default=7, help="interleaved async batches per client")
    ap.add_argument("--typed-rounds", type=int, default=40, help="interleaved rounds of the typed-decoder rows")
    ap.add_argument("--memory-runs", type=int, default=3, help="processes per contender measuring the memory of a page")
    args = ap.parse_args()
    url = args.url.rstrip("/")

    import httpx
    import requests
    import servicestack

    import evovoice
    from official_dtos import ListSessions as OfficialListSessions
    from official_dtos import SessionInfo as OfficialSessionInfo

    result: Dict[str, Any] = {
        "versions": {
            "python": sys.version.split()[0],
            "evovoice": evovoice.__version__,
            "servicestack": getattr(servicestack, "__version__", "0.1.15"),
            "requests": requests.__version__,
            "httpx": httpx.__version__,
        }
    }

    # ---- list of 1000 typed sessions -------------------------------------------------------
    ev = evovoice.Client(url, bearer_token=TOKEN)
    official = servicestack.JsonServiceClient(url)
    official.bearer_token = TOKEN
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {TOKEN}"

    def ev_list() -> Any:
        return ev.list_sessions(count_per_page=PAGE)

    def official_list() -> Any:
        return official.get(OfficialListSessions(count_per_page=PAGE))

    def requests_list() -> Any:
        r = http.get(f"{url}/sessions", params={"countPerPage": PAGE})
        r.raise_for_status()
        return json.loads(r.content)

    # Check every contender answers the same page before timing anything.
    a, b, c = ev_list(), official_list(), requests_list()
    assert len(a) == PAGE and len(b.items) == PAGE and len(c["items"]) == PAGE, "the seed must give a full page"
    assert isinstance(b.items[0], OfficialSessionInfo), type(b.items[0])
    assert [s.id for s in a] == [s.id for s in b.items] == [s["id"] for s in c["items"]]
    body_bytes = len(http.get(f"{url}/sessions", params={"countPerPage": PAGE}).content)
    session_ids = [s.id for s in a]
    del a, b, c

    def ev_list_touch() -> Any:
        page = ev.list_sessions(count_per_page=PAGE)
        return [(s.id, s.call_state, s.display_name) for s in page]

    def requests_list_touch() -> Any:
        r = http.get(f"{url}/sessions", params={"countPerPage": PAGE})
        r.raise_for_status()
        return [(s.get("id"), s.get("callState"), s.get("displayName")) for s in json.loads(r.content)["items"]]

    gc.collect()
    fast = 3  # samples of each fast contender per round (the official client takes ~50x longer)
    samples = interleave(
        {
            "evovoice": ev_list,
            "requests+json.loads": requests_list,
            "servicestack (official)": official_list,
            "evovoice, read 3 fields of each": ev_list_touch,
            "requests+json.loads, read 3 fields of each": requests_list_touch,
        },
        rounds=args.rounds,
        warmup=1,
        reps={"evovoice": fast, "requests+json.loads": fast, "evovoice, read 3 fields of each": fast,
              "requests+json.loads, read 3 fields of each": fast},
    )
    result["list1000"] = {"body_bytes": body_bytes, "samples": samples, "median": {k: med(v) for k, v in samples.items()}}

    # Breakdown: decoding the same bytes alone (sans-IO parse_response vs json.loads).
    body = http.get(f"{url}/sessions", params={"countPerPage": PAGE}).content
    decode = interleave(
        {
            "evovoice.parse_response": lambda: evovoice.parse_response("ListSessions", 200, body),
            "json.loads": lambda: json.loads(body),
        },
        rounds=args.rounds * 2, warmup=2, reps={},
    )
    result["decode1000"] = {"samples": decode, "median": {k: med(v) for k, v in decode.items()}}

    # ---- get_session latency (sequential) --------------------------------------------------
    def ev_get(i: int) -> Any:
        return ev.get_session(session_ids[i % len(session_ids)])

    def requests_get(i: int) -> Any:
        r = http.get(f"{url}/sessions/{session_ids[i % len(session_ids)]}")
        r.raise_for_status()
        return json.loads(r.content)

    assert ev_get(0).id == requests_get(0)["id"]
    for i in range(20):
        ev_get(i)
        requests_get(i)
    lat: Dict[str, List[float]] = {"evovoice": [], "requests+json.loads": []}
    for i in range(args.get_calls):
        if i % 2:
            lat["requests+json.loads"].append(timed(lambda: requests_get(i)))
            lat["evovoice"].append(timed(lambda: ev_get(i)))
        else:
            lat["evovoice"].append(timed(lambda: ev_get(i)))
            lat["requests+json.loads"].append(timed(lambda: requests_get(i)))
    result["get_session"] = {"calls": args.get_calls, "samples": lat, "median": {k: med(v) for k, v in lat.items()}}

    # ---- AsyncClient throughput: N concurrent get_session ------------------------------------
    n = args.concurrency

    async def run_async() -> Dict[str, List[float]]:
        aev = evovoice.AsyncClient(url, bearer_token=TOKEN)
        # httpx's default pool (100 connections, 20 kept alive) is slower here: give it one
        # kept-alive connection per concurrent call, as evovoice's pool keeps.
        limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
        ahttp = httpx.AsyncClient(headers={"Authorization": f"Bearer {TOKEN}"}, limits=limits)

        async def ev_one(i: int) -> Any:
            return await aev.get_session(session_ids[i % len(session_ids)])

        async def httpx_one(i: int) -> Any:
            r = await ahttp.get(f"{url}/sessions/{session_ids[i % len(session_ids)]}")
            r.raise_for_status()
            return json.loads(r.content)

        async def batch(one: Callable[[int], Any]) -> float:
            t = time.perf_counter()
            out = await asyncio.gather(*(one(i) for i in range(n)))
            elapsed = time.perf_counter() - t
            assert len(out) == n
            return elapsed

        first = await asyncio.gather(ev_one(0), httpx_one(0))
        assert first[0].id == first[1]["id"]
        await batch(ev_one)  # warm-up: opens the connection pools
        await batch(httpx_one)
        times: Dict[str, List[float]] = {"evovoice AsyncClient": [], "httpx.AsyncClient+json.loads": []}
        for r in range(args.batches):
            pair = [("evovoice AsyncClient", ev_one), ("httpx.AsyncClient+json.loads", httpx_one)]
            for name, one in (pair if r % 2 == 0 else pair[::-1]):
                times[name].append(await batch(one))
        await ahttp.aclose()
        await aev.close()
        return times

    batches = asyncio.run(run_async())
    result["async_get_session"] = {
        "concurrency": n,
        "samples": batches,
        "median": {k: med(v) for k, v in batches.items()},
        "requests_per_s": {k: n / med(v) for k, v in batches.items()},
    }

    # ---- typed decoders: msgspec, pydantic v2 -----------------------------------------------
    import typed_rows

    result["typed"] = typed_rows.run(url, TOKEN, PAGE, rounds=args.typed_rounds, interleave=interleave,
                                     timer=timed_kept, paired=paired, out_dir=os.path.dirname(args.out or "") or None,
                                     memory_runs=args.memory_runs)
    result["identity"] = typed_rows.identity(url, TOKEN, PAGE)

    text = json.dumps(result, indent=1)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    print(text)


if __name__ == "__main__":
    main()
