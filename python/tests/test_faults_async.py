"""AsyncClient under faults (issue 6): cancelling a task stops the call promptly (the request's
connection is closed, the emulator's answer is not waited for) and leaves the client usable;
concurrent calls under retry faults each get their own answer."""

from __future__ import annotations

import asyncio
import time
from typing import AsyncIterator, Callable

import pytest

import evovoice
from conftest import FAULT_TOKEN
from faultproxy import FaultProxy, unique


@pytest.fixture()
async def client(proxy: FaultProxy) -> AsyncIterator[evovoice.AsyncClient]:
    async with evovoice.AsyncClient(proxy.url, bearer_token=FAULT_TOKEN, timeout=10) as c:
        yield c


async def wait_until(predicate: Callable[[], bool], within: float) -> float:
    """Polls `predicate()` until true; returns the time it took (fails after `within` s)."""
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > within:
            pytest.fail(f"not within {within} s")
        await asyncio.sleep(0.005)
    return time.monotonic() - started


async def test_cancelling_a_call_stops_it_promptly_and_the_client_stays_usable(
    client: evovoice.AsyncClient, proxy: FaultProxy
) -> None:
    live = len(await client.list_sessions())
    proxy.clear()
    proxy.fault = "delay;5000"
    task = asyncio.ensure_future(client.list_sessions())
    await wait_until(lambda: proxy.count("/sessions") == 1, within=2)
    before = proxy.live_connections
    assert before >= 1
    started = time.monotonic()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert time.monotonic() - started < 0.1, "the task ends at once"
    # The Rust future is dropped with it: its connection closes long before the 5 s delay ends.
    closed_after = await wait_until(lambda: proxy.live_connections < before, within=1)
    assert closed_after < 0.5
    proxy.fault = None
    assert len(await client.list_sessions()) == live, "the client is usable"
    assert proxy.count("/sessions") == 2, "the cancelled call was not retried"


async def test_wait_for_times_out_a_slow_call(client: evovoice.AsyncClient, proxy: FaultProxy) -> None:
    proxy.fault = "delay;5000"
    started = time.monotonic()
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(client.list_sessions(), 0.3)
    assert time.monotonic() - started < 0.6
    proxy.fault = None
    some = (await client.list_sessions()).items[0]
    assert (await client.get_session(some.id)).id == some.id


async def test_cancelling_a_post_and_an_iteration(client: evovoice.AsyncClient, proxy: FaultProxy) -> None:
    proxy.fault = "delay;5000"
    for make in (lambda: client.new_session(channel="Chat"), lambda: client.iter_sessions().__anext__()):
        task = asyncio.ensure_future(make())
        await asyncio.sleep(0.1)
        started = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert time.monotonic() - started < 0.1
    proxy.fault = None
    assert (await client.new_session(channel="Chat")).id
    assert [s async for s in client.iter_sessions()]


async def test_concurrent_calls_under_retry_faults(client: evovoice.AsyncClient, proxy: FaultProxy) -> None:
    ids = [s.id for s in await client.list_sessions()]
    wanted = [ids[i % len(ids)] for i in range(20)]
    proxy.clear()
    # The first 20 requests the emulator receives are 503s: the 20 first attempts, sent at once.
    # Each call retries (a GET) and gets its own answer: 40 requests in all.
    proxy.fault = unique("503;0; times=20")
    got = await asyncio.gather(*(client.get_session(i) for i in wanted))
    assert [s.id for s in got] == wanted
    assert proxy.count("/sessions/") == 40
