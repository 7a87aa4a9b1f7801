"""Path parameters from Python (issue 6): a session id holding `/`, `..`, `?`, `#`, `%`, spaces or
non-ASCII stays inside its path segment. The FaultProxy (no fault set) shows the raw request
target the emulator received; the emulator's 404 names the id it decoded, proving it read back
exactly the id we sent. Control characters and empty ids are refused before any I/O."""

from __future__ import annotations

from typing import Iterator
from urllib.parse import unquote

import pytest

import evovoice
from conftest import FAULT_TOKEN
from faultproxy import FaultProxy

ODD_IDS = [
    "a/b",
    "../etc/passwd",
    "a/../b",
    "..%2f",
    "what?x=1&y=2",
    "frag#ment",
    "100%",
    "%2F%00",
    "with space",
    " padded ",
    "plus+sign",
    "semi;colon",
    "back\\slash",
    "ünïcødé",
    "日本語",
    "emoji-\U0001f600",
    "line\u2028separator",
    "a" * 300,
]
DOT_IDS = [".", ".."]
REFUSED_IDS = ["", "a\nb", "a\rb", "\x00", "tab\there", "del\x7f", "nel\x85"]


@pytest.fixture()
def client(proxy: FaultProxy) -> Iterator[evovoice.Client]:
    with evovoice.Client(proxy.url, bearer_token=FAULT_TOKEN) as c:
        yield c


def not_found_message(session_id: str) -> str:
    return f"Session '{session_id}' was not found"


@pytest.mark.parametrize("session_id", ODD_IDS)
def test_odd_ids_stay_in_their_segment(client: evovoice.Client, proxy: FaultProxy, session_id: str) -> None:
    with pytest.raises(evovoice.NotFoundError) as info:
        client.get_session(session_id)
    assert info.value.message == not_found_message(session_id)
    assert info.value.status == 404 and info.value.error_code == "NotFound"
    [seen] = proxy.seen
    assert seen.method == "GET"
    assert seen.target.startswith("/sessions/")
    segment = seen.target[len("/sessions/"):]
    assert all(c not in segment for c in "/?# "), f"raw segment {segment!r}"
    assert segment.isascii()
    assert unquote(segment) == session_id

    # The POSTs put the id in the middle of their route.
    for method, fields, suffix in [
        (client.invite_chat_member, {"member_to_add": "x@example.com"}, "/members"),
        (client.add_conference_member, {"destination": "+15550001111"}, "/conference/members"),
    ]:
        proxy.clear()
        with pytest.raises(evovoice.NotFoundError) as info:
            method(session_id, **fields)
        assert info.value.message == not_found_message(session_id)
        [seen] = proxy.seen
        assert (seen.method, seen.target) == ("POST", f"/sessions/{segment}{suffix}")


@pytest.mark.parametrize("session_id", DOT_IDS)
def test_dot_segments_go_to_the_predefined_route(client: evovoice.Client, proxy: FaultProxy, session_id: str) -> None:
    # A URL parser would collapse `/sessions/..`; the core sends ServiceStack's
    # /json/reply/GetSession with the id in the query instead.
    with pytest.raises(evovoice.NotFoundError) as info:
        client.get_session(session_id)
    assert info.value.message == not_found_message(session_id)
    [seen] = proxy.seen
    assert seen.path == "/json/reply/GetSession"
    assert unquote(seen.target.split("sessionId=", 1)[1]) == session_id


@pytest.mark.parametrize("session_id", REFUSED_IDS)
def test_control_characters_and_empty_ids_are_refused_before_io(
    client: evovoice.Client, proxy: FaultProxy, session_id: str
) -> None:
    with pytest.raises(evovoice.InvalidRequestError) as info:
        client.get_session(session_id)
    assert isinstance(info.value, ValueError)
    assert "session" in str(info.value).lower()
    with pytest.raises(ValueError):
        client.invite_chat_member(session_id, member_to_add="x@example.com")
    with pytest.raises(ValueError):
        client.add_conference_member(session_id, destination="+15550001111")
    assert proxy.seen == [], "nothing was sent"


async def test_async_client_too(proxy: FaultProxy) -> None:
    async with evovoice.AsyncClient(proxy.url, bearer_token=FAULT_TOKEN) as c:
        for session_id in ["a/b", "what?x=1", "frag#ment", "100%", "日本語", ".."]:
            with pytest.raises(evovoice.NotFoundError) as info:
                await c.get_session(session_id)
            assert info.value.message == not_found_message(session_id)
        for session_id in ["", "a\nb"]:
            with pytest.raises(evovoice.InvalidRequestError):
                await c.get_session(session_id)
    assert len(proxy.seen) == 6
