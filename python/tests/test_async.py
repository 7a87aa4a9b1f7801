"""AsyncClient against the emulator: every operation, async paging, errors, timeout, gather."""

from __future__ import annotations

import asyncio
import time

import pytest

import evovoice
from conftest import DEV_TOKEN, VIEWER_TOKEN, Emulator
from test_client import SilentServer


async def test_every_operation(emulator: Emulator) -> None:
    async with evovoice.AsyncClient(base_url=emulator.url, bearer_token=DEV_TOKEN) as c:
        assert isinstance(c, evovoice.AsyncClient)
        chat = await c.new_session(display_name="Async support", channel="Chat")
        assert chat.channel == "Chat" and chat.id
        assert await c.get_session(chat.id) == chat
        invited = await c.invite_chat_member(chat.id, member_to_add="someone@example.com", caller_id="+1555")
        assert any(m.identity == "someone@example.com" for m in invited.members or [])
        voice = await c.new_session(channel="Voice", destination="+15550000000")
        conf = await c.add_conference_member(voice.id, destination="+15551234567", from_number="+15557654321")
        assert conf.conference_sid
        page = await c.list_sessions(specific_ids=[chat.id, voice.id])
        assert isinstance(page, evovoice.ListResponse) and len(page) == 2
        auth = await c.login("dev@evovoice.local", "dev")
        assert auth.user_name == "dev@evovoice.local"
        assert (await c.get_session(chat.id)).id == chat.id  # now on the login session
    with pytest.raises(evovoice.InvalidRequestError):
        await c.get_session(chat.id)


async def test_errors(emulator: Emulator) -> None:
    async with evovoice.AsyncClient(base_url=emulator.url, bearer_token=DEV_TOKEN) as c:
        with pytest.raises(evovoice.ValidationError) as v:
            await c.new_session(display_name="x")
        assert v.value.field_errors[0].field_name == "Channel"
        with pytest.raises(evovoice.NotFoundError):
            await c.get_session("missing")
        with pytest.raises(evovoice.InvalidRequestError):
            await c.get_session("")
        with pytest.raises(TypeError, match="'bogus'"):
            await c.list_sessions(bogus=1)
    async with evovoice.AsyncClient(base_url=emulator.url, bearer_token=VIEWER_TOKEN) as viewer:
        with pytest.raises(evovoice.ForbiddenError):
            await viewer.invite_chat_member("whatever", member_to_add="x")
    async with evovoice.AsyncClient(base_url=emulator.url, bearer_token="bad-token") as bad:
        with pytest.raises(evovoice.AuthenticationError):
            await bad.list_sessions()


async def test_async_paging(seeded: Emulator) -> None:
    async with evovoice.AsyncClient(base_url=seeded.url, bearer_token=DEV_TOKEN) as c:
        want = [s.id for s in await c.list_sessions(all=True)]
        it = c.iter_sessions(count_per_page=7)
        assert isinstance(it, evovoice.AsyncSessionIterator)
        got = [s.id async for s in it]
        assert got == want
        assert [s async for s in it] == []
        acme = [s async for s in c.iter_sessions(account_ids=["acc-acme"], count_per_page=3)]
        assert acme and all(s.account_id == "acc-acme" for s in acme)


async def test_gather_runs_concurrently(emulator: Emulator) -> None:
    async with evovoice.AsyncClient(base_url=emulator.url, bearer_token=DEV_TOKEN) as c:
        created = await asyncio.gather(*(c.new_session(display_name=f"g{i}", channel="Chat") for i in range(50)))
        assert len({s.id for s in created}) == 50
        fetched = await asyncio.gather(*(c.get_session(s.id or "") for s in created))
        assert [s.display_name for s in fetched] == [f"g{i}" for i in range(50)]
        # failures come back per call
        results = await asyncio.gather(c.get_session("nope"), c.get_session(created[0].id or ""), return_exceptions=True)
        assert isinstance(results[0], evovoice.NotFoundError) and isinstance(results[1], evovoice.SessionInfo)


async def test_gather_overlaps_waits() -> None:
    """Ten calls that each wait for a 0.5 s timeout finish in about 0.5 s, not 5 s."""
    silent = SilentServer()
    try:
        async with evovoice.AsyncClient(base_url=silent.url, timeout=0.5) as c:
            start = time.monotonic()
            results = await asyncio.gather(*(c.get_session(f"s{i}") for i in range(10)), return_exceptions=True)
            elapsed = time.monotonic() - start
        assert all(isinstance(r, evovoice.TimeoutError) for r in results)
        assert elapsed < 3.0
    finally:
        silent.close()


async def test_event_loop_is_not_blocked(emulator: Emulator) -> None:
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.001)

    silent = SilentServer()
    task = asyncio.ensure_future(ticker())
    try:
        async with evovoice.AsyncClient(base_url=silent.url, timeout=0.4) as c:
            with pytest.raises(evovoice.TimeoutError):
                await c.list_sessions()
    finally:
        task.cancel()
        silent.close()
    assert ticks > 20


def test_repr_hides_secrets(emulator: Emulator) -> None:
    c = evovoice.AsyncClient(base_url=emulator.url, bearer_token="async-SECRET-token")
    assert "SECRET" not in repr(c) and "AsyncClient(" in repr(c)
    c2 = evovoice.AsyncClient(base_url=emulator.url, user_name="dev@evovoice.local", password="async-SECRET-pw")
    assert "SECRET" not in repr(c2) and "dev@evovoice.local" in repr(c2)
