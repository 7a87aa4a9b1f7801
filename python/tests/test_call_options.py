"""Per-call options (`with_options`), raw responses (`with_raw_response`), the metadata of
errors (`headers`, `request_id`, `retry_after`), the 429 / 5xx / connection classes and token
rotation, on Client and AsyncClient, against the emulator with fault injection. The FaultProxy
in front of it counts the attempts and records the headers each request carried."""

from __future__ import annotations

import asyncio
import pickle
import socket
import time
from typing import Any, Callable, Iterator

import pytest

import evovoice
from conftest import FAULT_TOKEN
from faultproxy import FaultProxy, unique


class Api:
    """A Client or an AsyncClient behind one synchronous interface (each async call runs in a
    fresh event loop)."""

    def __init__(self, client: Any, is_async: bool) -> None:
        self.client = client
        self.is_async = is_async

    def run(self, fn: Callable[[], Any]) -> Any:
        if not self.is_async:
            return fn()

        async def go() -> Any:
            return await fn()

        return asyncio.run(go())

    def with_options(self, **options: Any) -> "Api":
        return Api(self.client.with_options(**options), self.is_async)


@pytest.fixture(params=["sync", "async"])
def make(request: pytest.FixtureRequest, proxy: FaultProxy) -> Iterator[Callable[..., Api]]:
    made: list[Any] = []

    def factory(url: str = proxy.url, **options: Any) -> Api:
        options.setdefault("bearer_token", FAULT_TOKEN)
        cls = evovoice.AsyncClient if request.param == "async" else evovoice.Client
        client = cls(url, **options)
        made.append(client)
        return Api(client, request.param == "async")

    yield factory
    for c in made:
        if isinstance(c, evovoice.Client):
            c.close()


def a_session_id(api: Api) -> str:
    page = api.run(lambda: api.client.list_sessions(count_per_page=1))
    assert page.items, "the faulty emulator is seeded"
    return str(page.items[0].id)


def test_a_per_call_timeout_shorter_than_the_clients_ends_the_call(make: Callable[..., Api]) -> None:
    api = make(timeout=30.0)
    sid = a_session_id(api)
    slow = api.with_options(timeout=0.3, headers={"X-Evovoice-Fault": "delay; 2000"})
    assert slow.client.timeout == 0.3 and api.client.timeout == 30.0
    started = time.monotonic()
    with pytest.raises(evovoice.TimeoutError):
        slow.run(lambda: slow.client.get_session(sid))
    assert 0.3 <= time.monotonic() - started < 1.5


def test_per_call_max_retries_zero_stops_a_gets_retries(make: Callable[..., Api], proxy: FaultProxy) -> None:
    api = make()
    sid = a_session_id(api)
    failing = api.with_options(headers={"X-Evovoice-Fault": "503;0"})
    proxy.clear()
    with pytest.raises(evovoice.ServerError):
        failing.run(lambda: failing.client.get_session(sid))
    assert proxy.count("/sessions/") == 3, "the client's 1 + 2 attempts"
    once = failing.with_options(max_retries=0)
    proxy.clear()
    with pytest.raises(evovoice.ServerError) as info:
        once.run(lambda: once.client.get_session(sid))
    assert proxy.count("/sessions/") == 1
    assert info.value.status == 503


def test_per_call_headers_reach_the_server_and_follow_the_client_rules(make: Callable[..., Api], proxy: FaultProxy) -> None:
    api = make(headers={"X-Trace-Id": "client-trace"})
    sid = a_session_id(api)
    traced = api.with_options(headers={"x-trace-id": "call-VALUE-1", "Idempotency-Key": "idem-VALUE-2"})
    proxy.clear()
    assert traced.run(lambda: traced.client.get_session(sid)).id == sid
    sent = proxy.seen[-1]
    assert sent.header("idempotency-key") == "idem-VALUE-2"
    assert [v for n, v in sent.headers if n == "x-trace-id"] == ["call-VALUE-1"], "replaces the client's"
    api.run(lambda: api.client.get_session(sid))
    assert proxy.seen[-1].header("x-trace-id") == "client-trace", "the original client is unchanged"
    assert "VALUE" not in repr(traced.client)
    for bad in ({"Authorization": "Bearer x"}, {"X-ss-id": "x"}, {"bad name": "x"}, {"X-A": "a\nb"}):
        with pytest.raises(evovoice.InvalidRequestError):
            api.client.with_options(headers=bad)
    for kwargs in ({"timeout": 0.0}, {"timeout": -1.0}, {"max_retries": -1}, {"max_retries": 101}):
        with pytest.raises(evovoice.InvalidRequestError):
            api.client.with_options(**kwargs)
    with pytest.raises(TypeError):
        api.client.with_options(0.5)


def test_a_raw_response_has_status_headers_and_the_typed_value(make: Callable[..., Api]) -> None:
    api = make()
    sid = a_session_id(api)
    raw = api.run(lambda: api.client.with_raw_response.get_session(sid))
    assert isinstance(raw, evovoice.RawResponse)
    assert raw.status_code == 200
    assert raw.headers["Content-Type"].startswith("application/json")
    assert raw.headers["content-type"] == raw.headers["CONTENT-TYPE"] and "Content-Type" in raw.headers
    assert isinstance(raw.headers, evovoice.Headers)
    assert raw.request_id is None, "the emulator sends no request id"
    session = raw.parse()
    assert isinstance(session, evovoice.SessionInfo) and session.id == sid
    assert raw.parse() is session
    assert "status_code=200" in repr(raw)
    page = api.run(lambda: api.client.with_raw_response.list_sessions(count_per_page=2))
    assert page.status_code == 200 and len(page.parse()) == 2
    assert isinstance(page.parse(), evovoice.ListResponse)
    # The raw methods are the client's, stamped from the same list, with the same docs.
    for name in ("new_session", "list_sessions", "get_session", "add_conference_member", "invite_chat_member"):
        raw_method = getattr(type(api.client.with_raw_response), name)
        assert raw_method.__doc__ == getattr(type(api.client), name).__doc__
    assert not hasattr(api.client.with_raw_response, "iter_sessions")


def test_rate_limits_server_errors_and_refused_connections_are_told_apart(make: Callable[..., Api]) -> None:
    api = make(max_retries=0)
    sid = a_session_id(api)

    limited = api.with_options(headers={"X-Evovoice-Fault": "429; 7"})
    with pytest.raises(evovoice.RateLimitError) as info:
        limited.run(lambda: limited.client.get_session(sid))
    e = info.value
    assert isinstance(e, evovoice.ApiError) and e.status == 429
    assert e.retry_after == 7.0
    assert e.headers is not None and e.headers["Retry-After"] == "7"
    assert e.request_id is None
    assert "try again in 7 s" in str(e)

    failing = api.with_options(headers={"X-Evovoice-Fault": "503; 0"})
    with pytest.raises(evovoice.ServerError) as server:
        failing.run(lambda: failing.client.get_session(sid))
    assert server.value.status == 503 and server.value.retry_after == 0.0

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    refused = make(f"http://127.0.0.1:{port}", max_retries=0)
    with pytest.raises(evovoice.ConnectionError) as conn:
        refused.run(lambda: refused.client.get_session("x"))
    assert isinstance(conn.value, evovoice.TransportError) and isinstance(conn.value, ConnectionError)
    assert conn.value.kind == "transport" and conn.value.status is None and conn.value.headers is None

    # An answer that breaks off: a TransportError, not a ConnectionError.
    dropped = api.with_options(headers={"X-Evovoice-Fault": "drop"})
    with pytest.raises(evovoice.TransportError) as drop:
        dropped.run(lambda: dropped.client.get_session(sid))
    assert type(drop.value) is evovoice.TransportError


def test_a_rotated_token_is_used_by_the_next_call(make: Callable[..., Api]) -> None:
    api = make(bearer_token="wrong-token")
    derived = api.with_options(max_retries=0)
    with pytest.raises(evovoice.AuthenticationError):
        api.run(lambda: api.client.list_sessions())
    api.client.set_bearer_token(FAULT_TOKEN)
    assert len(api.run(lambda: api.client.list_sessions())) > 0
    assert len(derived.run(lambda: derived.client.list_sessions())) > 0, "clients from with_options share the credentials"
    api.client.set_basic_auth("dev@evovoice.local", "wrong-password")
    with pytest.raises(evovoice.AuthenticationError):
        api.run(lambda: api.client.list_sessions())
    with pytest.raises(evovoice.InvalidRequestError):
        api.client.set_bearer_token("")
    insecure = make("http://evovoice.example", bearer_token=None)
    with pytest.raises(evovoice.InvalidRequestError, match="clear text"):
        insecure.client.set_bearer_token("t")


def test_headers_mapping() -> None:
    h = evovoice.Headers([("Content-Type", "a"), ("Set-Cookie", "ss-id=SECRET"), ("set-cookie", "b=2")], ["set-cookie"])
    assert h["content-type"] == "a" and h.get("X-Missing") is None and len(h) == 2
    assert h.get_all("SET-COOKIE") == ["ss-id=SECRET", "b=2"]
    assert "SECRET" not in repr(h) and "content-type" in repr(h)
    assert h == {"Content-Type": "a", "set-cookie": "ss-id=SECRET"}
    assert pickle.loads(pickle.dumps(h)) == h
    with pytest.raises(KeyError):
        h["nope"]
