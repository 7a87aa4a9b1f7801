"""Soak tests of the Python clients (issue 6; `make soak-python`, not part of `make test`).

- The blocking Client: SOAK_CALLS (default 10,000) calls after a warm-up, a mix of get_session,
  list_sessions, iter_sessions pages, new_session and NotFoundError answers. Memory must not grow
  (RSS from /proc/self/status and tracemalloc's traced total, each after gc) and no connection
  may leak (open file descriptors of the process, sockets among them).
- The AsyncClient: rounds of SOAK_CONCURRENCY (default 200) concurrent calls; after the first
  round (which fills the connection pool) neither memory nor descriptors may grow.

Loopback only (the emulator binary on 127.0.0.1), bounded in time. Figures go to stdout
(`-s`) and to target/soak-python.json.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import time
import tracemalloc
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

import evovoice
from conftest import DEV_TOKEN, ROOT, Emulator

CALLS = int(os.environ.get("SOAK_CALLS", "10000"))
CONCURRENCY = int(os.environ.get("SOAK_CONCURRENCY", "200"))
ASYNC_ROUNDS = int(os.environ.get("SOAK_ASYNC_ROUNDS", "50"))
# Bounds. RSS moves in pages and with the allocator's arenas: a few MiB of slack; the Python
# heap (tracemalloc) is exact: a leak of one small object per call would be >= 300 KiB here.
MAX_RSS_GROWTH = 8 * 1024 * 1024
MAX_TRACED_GROWTH = 256 * 1024
MAX_SECONDS = 240
# With 200 calls in flight on the runtime's threads, glibc's per-thread arenas fragment: RSS
# creeps for the first several thousand calls, then plateaus (measured: +7 MiB over rounds
# 10-40, flat over rounds 40-150). So the AsyncClient warms up for 40 rounds, gets a looser
# total bound and a plateau check: the second half of the measured rounds may add little.
MAX_ASYNC_RSS_GROWTH = 12 * 1024 * 1024
MAX_ASYNC_RSS_GROWTH_SECOND_HALF = 6 * 1024 * 1024
ASYNC_WARMUP_ROUNDS = 40
FIGURES: dict[str, Any] = {}


def rss() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def fds() -> tuple[int, int]:
    """(open descriptors, of which sockets)."""
    names = os.listdir("/proc/self/fd")
    sockets = 0
    for n in names:
        try:
            sockets += os.readlink(f"/proc/self/fd/{n}").startswith("socket:")
        except OSError:
            pass
    return len(names), sockets


def measure() -> dict[str, int]:
    gc.collect()
    traced, _peak = tracemalloc.get_traced_memory()
    all_fds, sockets = fds()
    return {"rss": rss(), "traced": traced, "fds": all_fds, "sockets": sockets}


def report(name: str, before: dict[str, int], after: dict[str, int], calls: int, seconds: float) -> dict[str, Any]:
    figures = {
        "calls": calls,
        "seconds": round(seconds, 2),
        "calls_per_second": round(calls / seconds),
        "rss_before_mib": round(before["rss"] / 2**20, 2),
        "rss_after_mib": round(after["rss"] / 2**20, 2),
        "rss_growth_kib": round((after["rss"] - before["rss"]) / 1024),
        "traced_growth_kib": round((after["traced"] - before["traced"]) / 1024, 1),
        "fds_before": before["fds"],
        "fds_after": after["fds"],
        "sockets_before": before["sockets"],
        "sockets_after": after["sockets"],
    }
    FIGURES[name] = figures
    print(f"\n{name}: " + ", ".join(f"{k}={v}" for k, v in figures.items()), flush=True)
    save()
    return figures


def save() -> None:
    out = ROOT / "target" / "soak-python.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(FIGURES, indent=2) + "\n")


def sockets_return_to(baseline: int, within: float = 3.0) -> int:
    """Waits until the process holds at most `baseline` sockets (a dropped client's pooled
    connections close on the runtime's threads); returns the count."""
    deadline = time.monotonic() + within
    while True:
        gc.collect()
        now = fds()[1]
        if now <= baseline or time.monotonic() > deadline:
            return now
        time.sleep(0.05)


def check(
    before: dict[str, int], after: dict[str, int], seconds: float, max_sockets: int | None = None, max_rss_growth: int = MAX_RSS_GROWTH
) -> None:
    """Memory within bounds; descriptors not grown, or (with `max_sockets`, for concurrent
    calls, whose pool holds as many connections as were in flight at once) at most that many
    sockets, other descriptors not grown."""
    assert after["rss"] - before["rss"] < max_rss_growth, "RSS grew"
    assert after["traced"] - before["traced"] < MAX_TRACED_GROWTH, "the Python heap grew"
    if max_sockets is None:
        assert after["fds"] <= before["fds"], "file descriptors leaked"
        assert after["sockets"] <= before["sockets"], "connections leaked"
    else:
        assert after["sockets"] <= max_sockets, "more connections than calls in flight"
        assert after["fds"] - after["sockets"] <= before["fds"] - before["sockets"], "file descriptors leaked"
    assert seconds < MAX_SECONDS


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    emu = Emulator("--seed", "40")
    yield emu
    emu.stop()


@pytest.fixture(autouse=True)
def traced() -> Iterator[None]:
    tracemalloc.start()
    yield
    tracemalloc.stop()


def sync_workload(c: evovoice.Client, ids: list[str]) -> Callable[[int], None]:
    def one(i: int) -> None:
        k = i % 10
        if k < 5:
            s = c.get_session(ids[i % len(ids)])
            assert s.id
        elif k < 7:
            page = c.list_sessions(count_per_page=5, page=i % 4)
            assert len(page) == 5
        elif k == 7:
            try:
                c.get_session(f"missing-{i}")
                raise AssertionError("expected NotFoundError")
            except evovoice.NotFoundError:
                pass
        elif k == 8:
            assert c.new_session(channel="Chat", display_name=f"soak {i}").id
        else:
            page = c.list_sessions(count_per_page=2, specific_ids=ids[:3], sort_field="id")
            assert page.total_count == 3

    return one


def test_sync_client_10000_calls(emulator: Emulator) -> None:
    baseline = fds()[1]
    with evovoice.Client(emulator.url, bearer_token=DEV_TOKEN) as c:
        ids = [s.id for s in c.list_sessions(count_per_page=20)]
        one = sync_workload(c, ids)
        for i in range(max(500, CALLS // 10)):  # warm-up: pool, caches, allocator arenas
            one(i)
        before = measure()
        started = time.monotonic()
        for i in range(CALLS):
            one(i)
        seconds = time.monotonic() - started
        after = measure()
    report("sync Client", before, after, CALLS, seconds)
    check(before, after, seconds)
    left = sockets_return_to(baseline)
    FIGURES["sync Client"]["sockets_after_close"] = left
    save()
    print(f"sync Client closed: sockets={left} (baseline {baseline})", flush=True)
    assert left <= baseline, "closing the client releases its connections"


def test_async_client_concurrent_calls(emulator: Emulator) -> None:
    baseline = fds()[1]

    async def main() -> None:
        async with evovoice.AsyncClient(emulator.url, bearer_token=DEV_TOKEN) as c:
            ids = [s.id for s in await c.list_sessions(count_per_page=20)]

            async def one(i: int) -> None:
                if i % 4 == 3:
                    page = await c.list_sessions(count_per_page=5, page=i % 4)
                    assert len(page) == 5
                else:
                    s = await c.get_session(ids[i % len(ids)])
                    assert s.id == ids[i % len(ids)]

            async def round_() -> float:
                started = time.monotonic()
                results = await asyncio.gather(*(one(i) for i in range(CONCURRENCY)), return_exceptions=True)
                errors = [r for r in results if isinstance(r, BaseException)]
                assert not errors, f"{len(errors)} of {CONCURRENCY} failed, e.g. {errors[0]!r}"
                return time.monotonic() - started

            warm = [await round_() for _ in range(ASYNC_WARMUP_ROUNDS)]
            before = measure()
            started = time.monotonic()
            rounds: list[float] = []
            samples: list[int] = []
            for r in range(ASYNC_ROUNDS):
                rounds.append(await round_())
                if r == ASYNC_ROUNDS // 2 - 1:
                    middle = measure()
                if (r + 1) % 5 == 0:
                    samples.append(rss())
            seconds = time.monotonic() - started
            after = measure()
            figures = report("AsyncClient", before, after, CONCURRENCY * ASYNC_ROUNDS, seconds)
            figures["concurrency"] = CONCURRENCY
            figures["rounds"] = ASYNC_ROUNDS
            figures["rss_mib_every_5_rounds"] = [round(x / 2**20, 1) for x in samples]
            figures["rss_growth_second_half_kib"] = round((after["rss"] - middle["rss"]) / 1024)
            figures["round_seconds_warmup_first"] = round(warm[0], 3)
            figures["round_seconds_min_max"] = [round(min(rounds), 3), round(max(rounds), 3)]
            save()
            print(f"AsyncClient: {CONCURRENCY} concurrent calls per round, rounds took "
                  f"{min(rounds):.3f}-{max(rounds):.3f} s (first warm-up round {warm[0]:.3f} s); "
                  f"RSS every 5 rounds (MiB): {figures['rss_mib_every_5_rounds']}", flush=True)
            # The pool keeps about as many connections as were in flight at once (a few more
            # while some close and their replacements open); a leak would grow with the calls.
            check(before, after, seconds, max_sockets=baseline + 2 * CONCURRENCY, max_rss_growth=MAX_ASYNC_RSS_GROWTH)
            assert after["rss"] - middle["rss"] < MAX_ASYNC_RSS_GROWTH_SECOND_HALF, "RSS still growing"

    asyncio.run(main())
    left = sockets_return_to(baseline)
    FIGURES["AsyncClient"]["sockets_after_close"] = left
    save()
    print(f"AsyncClient closed: sockets={left} (baseline {baseline})", flush=True)
    assert left <= baseline, "closing the client releases its connections"
