"""The fault matrix (issue 6) for the Python surface: the real `Client` and `AsyncClient` (each
test runs with both) against the emulator started with `--faults`, reached through a FaultProxy
that adds `X-Evovoice-Fault` and counts the requests the emulator received.

Every fault gives the documented exception class with a useful message; GETs are retried on
429/502/503/504 (default 2 retries), POSTs never once the server answered; no exception ever
carries the token or the password.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, Callable, Iterator, Optional, TypeVar

import pytest

import evovoice
from conftest import FAULT_PASSWORD, FAULT_TOKEN, FAULT_USER
from faultproxy import FaultProxy, unique

E = TypeVar("E", bound=BaseException)
SECRETS = (FAULT_TOKEN, FAULT_PASSWORD)


def exception_text(e: BaseException) -> str:
    """Everything an exception shows: str, repr, args and every attribute."""
    parts = [str(e), repr(e), repr(e.args)]
    parts += [f"{k}={v!r}" for k, v in vars(e).items()]
    return "\n".join(parts)


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"a secret leaked: {text}"


class Api:
    """One client, blocking or asyncio, behind the same call interface: `api.call("list_sessions",
    page=0)` runs the real method (an AsyncClient's on an event loop of its own)."""

    def __init__(self, kind: str, url: str, **options: Any) -> None:
        self.kind = kind
        options.setdefault("bearer_token", FAULT_TOKEN)
        self.loop: Optional[asyncio.AbstractEventLoop] = None
        if kind == "sync":
            self.client: Any = evovoice.Client(url, **options)
        else:
            self.loop = asyncio.new_event_loop()
            self.client = evovoice.AsyncClient(url, **options)
        assert_no_secret(repr(self.client) + str(self.client))

    def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        if self.loop is None:
            return getattr(self.client, method)(*args, **kwargs)

        async def run() -> Any:  # the call must start inside the running loop
            return await getattr(self.client, method)(*args, **kwargs)

        return self.loop.run_until_complete(run())

    def fails(self, cls: type[E], method: str, *args: Any, **kwargs: Any) -> E:
        """Calls, expects exactly `cls` (not a subclass), checks it for secrets, returns it."""
        with pytest.raises(evovoice.EvoVoiceError) as info:
            self.call(method, *args, **kwargs)
        e = info.value
        assert type(e) is cls, f"expected {cls.__name__}, got {type(e).__name__}: {e}"
        assert str(e) and "error" != str(e).strip().lower(), "a useful message"
        assert_no_secret(exception_text(e))
        return e  # type: ignore[return-value]

    def close(self) -> None:
        if self.loop is not None:
            self.call("close")
            self.loop.close()
        else:
            self.client.close()


@pytest.fixture(params=["sync", "async"])
def make(request: pytest.FixtureRequest, proxy: FaultProxy) -> Iterator[Callable[..., Api]]:
    """`make(**client_options)`: an Api (blocking or asyncio, per the param) through `proxy`."""
    made: list[Api] = []

    def factory(**options: Any) -> Api:
        api = Api(request.param, proxy.url, **options)
        made.append(api)
        return api

    yield factory
    for api in made:
        api.close()


@pytest.fixture()
def api(make: Callable[..., Api]) -> Api:
    return make()


def lives(api: Api) -> int:
    """How many live seed sessions the faulty emulator lists (no fault)."""
    return len(api.call("list_sessions"))


# -- statuses -------------------------------------------------------------------------------


def test_500_is_an_api_error_with_the_server_code_and_is_not_retried(api: Api, proxy: FaultProxy) -> None:
    proxy.fault = "500"
    e = api.fails(evovoice.ServerError, "list_sessions")
    assert (e.status, e.error_code) == (500, "NullReferenceException")
    assert e.message == "Object reference not set to an instance of an object."
    assert "HTTP 500 NullReferenceException: Object reference not set" in str(e)
    assert e.response_status is not None and e.response_status.error_code == "NullReferenceException"
    assert e.kind == "api"
    assert proxy.count("/sessions") == 1


def test_502_html_is_an_api_error_retried_as_configured(make: Callable[..., Api], proxy: FaultProxy) -> None:
    proxy.fault = "502-html"
    e = make(max_retries=0).fails(evovoice.ServerError, "list_sessions")
    assert (e.status, e.error_code, e.message) == (502, "502", "Bad Gateway")
    assert str(e) == "HTTP 502: Bad Gateway", "an HTML error page gives the status and reason"
    assert proxy.count("/sessions") == 1
    proxy.clear()
    e = make().fails(evovoice.ServerError, "list_sessions")
    assert e.status == 502
    assert proxy.count("/sessions") == 3, "a GET is tried 1 + 2 times by default"


@pytest.mark.parametrize(
    "fault, status, code, cls",
    [
        ("503;0", 503, "503", evovoice.ServerError),
        ("429;0", 429, "TooManyRequests", evovoice.RateLimitError),
        ("504", 504, "504", evovoice.ServerError),
    ],
)
def test_gets_give_up_after_the_default_two_retries(
    api: Api, proxy: FaultProxy, fault: str, status: int, code: str, cls: type[evovoice.ApiError]
) -> None:
    proxy.fault = fault
    e = api.fails(cls, "list_sessions")
    assert (e.status, e.error_code) == (status, code)
    assert str(e).startswith(f"HTTP {status}")
    assert proxy.count("/sessions") == 3


def test_max_retries_is_configurable(make: Callable[..., Api], proxy: FaultProxy) -> None:
    proxy.fault = "503;0"
    make(max_retries=3).fails(evovoice.ServerError, "list_sessions")
    assert proxy.count("/sessions") == 4
    for bad in (-1, 101):
        with pytest.raises(evovoice.InvalidRequestError, match="max_retries"):
            make(max_retries=bad)


def test_gets_retry_then_succeed(api: Api, proxy: FaultProxy) -> None:
    live = lives(api)
    proxy.clear()
    # 503, 503, then the real answer: three attempts.
    proxy.fault = unique("503;0; times=2")
    assert len(api.call("list_sessions")) == live
    assert proxy.count("/sessions") == 3
    # 429 once, then the answer.
    proxy.clear()
    proxy.fault = unique("429;0; times=1")
    assert len(api.call("list_sessions")) == live
    assert proxy.count("/sessions") == 2
    # GetSession is a GET too.
    some = api.call("list_sessions").items[0]
    proxy.clear()
    proxy.fault = unique("502-html; times=2")
    assert api.call("get_session", some.id).id == some.id
    assert proxy.count("/sessions/") == 3
    # Three 503s outlast 1 + 2 attempts; the fourth request (the next call) is answered.
    proxy.clear()
    proxy.fault = unique("503;0; times=3")
    assert api.fails(evovoice.ServerError, "list_sessions").status == 503
    assert proxy.count("/sessions") == 3
    assert len(api.call("list_sessions")) == live
    assert proxy.count("/sessions") == 4


def test_retry_after_is_honoured(api: Api, proxy: FaultProxy) -> None:
    proxy.fault = unique("503;1; times=1")
    started = time.monotonic()
    api.call("list_sessions")
    waited = time.monotonic() - started
    assert proxy.count("/sessions") == 2
    assert 1.0 <= waited < 2.0, f"waited {waited:.3f} s for Retry-After: 1"


def test_a_long_retry_after_is_not_waited_for(api: Api, proxy: FaultProxy) -> None:
    proxy.fault = "429;60"
    started = time.monotonic()
    e = api.fails(evovoice.RateLimitError, "list_sessions")
    assert (e.status, e.error_code) == (429, "TooManyRequests")
    assert time.monotonic() - started < 2
    assert proxy.count("/sessions") == 1


# -- POSTs are never retried once the server answered ---------------------------------------


def test_posts_are_not_retried(api: Api, proxy: FaultProxy) -> None:
    for fault, status in [("503;0", 503), ("429;0", 429), ("502-html", 502), ("504", 504)]:
        proxy.clear()
        # One 503 only: if the client tried again, that attempt would succeed.
        proxy.fault = unique(f"{fault}; times=1")
        e = api.fails(evovoice.RateLimitError if status == 429 else evovoice.ServerError, "new_session", channel="Chat", display_name="faults")
        assert e.status == status
        assert proxy.count("/sessions") == 1, f"{fault}: one attempt"
        # The identical call is answered: the first call consumed exactly one faulted request.
        created = api.call("new_session", channel="Chat", display_name="faults")
        assert created.id and created.display_name == "faults"
        assert proxy.count("/sessions") == 2
    chat = api.call("new_session", channel="Chat")
    voice = api.call("new_session", channel="Voice", destination="+15550001111")
    for method, target, fields in [
        ("invite_chat_member", chat.id, {"member_to_add": "x@example.com"}),
        ("add_conference_member", voice.id, {"destination": "+15550002222"}),
    ]:
        proxy.clear()
        proxy.fault = unique("503;0; times=1")
        assert api.fails(evovoice.ServerError, method, target, **fields).status == 503
        assert [s.method for s in proxy.seen] == ["POST"], method
        assert api.call(method, target, **fields).id == target
        assert len(proxy.seen) == 2


def test_a_post_that_timed_out_is_not_sent_again(make: Callable[..., Api], proxy: FaultProxy) -> None:
    slow = make(timeout=0.3)
    proxy.fault = "delay;1500"
    slow.fails(evovoice.TimeoutError, "new_session", channel="Chat")
    assert proxy.count("/sessions") == 1


# -- spoiled answers ------------------------------------------------------------------------


def test_truncated_and_invalid_bodies_are_decode_errors(api: Api, proxy: FaultProxy) -> None:
    proxy.fault = "truncated"
    e = api.fails(evovoice.DecodeError, "list_sessions")
    assert e.status == 200 and e.kind == "decode"
    assert e.detail and "EOF" in e.detail
    assert e.path and e.path.startswith("items"), f"the path says where the body stopped: {e.path}"
    assert e.snippet and e.snippet.startswith('{"items":[')
    assert "could not decode" in str(e)
    proxy.fault = "invalid-json"
    e = api.fails(evovoice.DecodeError, "list_sessions")
    assert e.status == 200
    assert "not json" in str(e), "the snippet shows the body"
    assert proxy.count("/sessions") == 2, "the server answered: not retried"


def test_a_body_cut_short_of_its_content_length_is_a_transport_error(api: Api, proxy: FaultProxy) -> None:
    proxy.fault = "truncated;full-length"
    e = api.fails(evovoice.TransportError, "list_sessions")
    assert str(e).startswith("transport error: ") and e.kind == "transport"
    assert proxy.count("/sessions") == 1
    proxy.fault = None
    assert lives(api) > 0, "the client recovers"


@pytest.mark.parametrize(
    "fault, path",
    [
        ("wrong-types", "items[0].ended"),
        ("wrong-types;muted", "items[0].members[0].muted"),
        ("wrong-types;members", "items[0].members"),
    ],
)
def test_wrong_types_are_decode_errors_naming_the_field(api: Api, proxy: FaultProxy, fault: str, path: str) -> None:
    proxy.fault = fault
    e = api.fails(evovoice.DecodeError, "list_sessions")
    assert e.path == path
    assert e.detail and "invalid type" in e.detail
    assert path in str(e)
    assert e.status == 200


def test_wrong_types_in_get_session(api: Api, proxy: FaultProxy) -> None:
    some = api.call("list_sessions").items[0]
    proxy.fault = "wrong-types"
    e = api.fails(evovoice.DecodeError, "get_session", some.id)
    assert e.path == "ended"


def test_unknown_values_and_fields_are_kept_not_errors(api: Api, proxy: FaultProxy) -> None:
    plain = api.call("list_sessions")
    proxy.fault = "unknown-values"
    odd = api.call("list_sessions")
    assert len(odd) == len(plain) > 0
    for a, b in zip(odd, plain):
        assert a.id == b.id
        assert isinstance(a.channel, evovoice.FlowChannels)
        assert a.channel == f"FutureValue{b.channel}"
        assert a.channel not in evovoice.FlowChannels.KNOWN
        assert a.direction == f"FutureValue{b.direction}"
        for m, n in zip(a.members or [], b.members or []):
            assert m.identity == n.identity
            assert m.role == f"FutureValue{n.role}" and isinstance(m.role, evovoice.SessionMemberRoles)
            assert m.application_data == n.application_data, "string maps are untouched"
    s = api.call("get_session", plain.items[0].id)
    assert s.id == plain.items[0].id and s.channel.startswith("FutureValue")


def test_huge_bodies_hit_the_size_cap_or_decode(make: Callable[..., Api], proxy: FaultProxy) -> None:
    proxy.fault = "huge;4"
    capped = make(max_response_bytes=1024 * 1024)
    started = time.monotonic()
    e = capped.fails(evovoice.TransportError, "list_sessions")
    assert "larger than the 1048576-byte limit" in str(e)
    assert time.monotonic() - started < 5
    # Under the cap (default 64 MiB) it is a big answer with an unknown field.
    assert len(make().call("list_sessions")) > 0
    assert proxy.count("/sessions") == 2, "a size error is not retried"
    for bad in (0, -5):
        with pytest.raises(evovoice.InvalidRequestError, match="max_response_bytes"):
            make(max_response_bytes=bad)


def test_a_delay_longer_than_the_timeout_is_a_timeout_within_a_small_margin(make: Callable[..., Api], proxy: FaultProxy) -> None:
    timeout = 0.4
    api = make(timeout=timeout)
    live = lives(api)
    proxy.clear()
    proxy.fault = "delay;3000"
    started = time.monotonic()
    e = api.fails(evovoice.TimeoutError, "list_sessions")
    took = time.monotonic() - started
    assert isinstance(e, TimeoutError), "also the built-in TimeoutError"
    assert "timed out" in str(e) and e.kind == "timeout"
    assert timeout <= took < timeout + 0.5, f"took {took:.3f} s for a {timeout} s timeout"
    assert proxy.count("/sessions") == 1, "a timeout is not retried"
    proxy.fault = "delay;100"
    assert len(api.call("list_sessions")) == live, "a delay within the timeout is only slow"
    proxy.fault = None
    assert len(api.call("list_sessions")) == live, "still usable after a timeout"


def test_a_dropped_connection_is_a_transport_error(api: Api, proxy: FaultProxy) -> None:
    live = lives(api)
    proxy.clear()
    proxy.fault = "drop"
    e = api.fails(evovoice.TransportError, "list_sessions")
    assert str(e).startswith("transport error: ")
    assert proxy.count("/sessions") == 1, "dropped mid-body: not retried"
    proxy.fault = None
    assert len(api.call("list_sessions")) == live, "the pool recovers"


def test_basic_auth_password_never_shows(make: Callable[..., Api], proxy: FaultProxy) -> None:
    api = make(bearer_token=None, user_name=FAULT_USER, password=FAULT_PASSWORD)
    assert lives(api) > 0, "basic auth with the emulator's password"
    for fault in ["500", "502-html", "503;0", "truncated", "truncated;full-length", "invalid-json", "wrong-types", "drop"]:
        proxy.fault = fault
        with pytest.raises(evovoice.EvoVoiceError) as info:
            api.call("list_sessions")
        assert_no_secret(exception_text(info.value))
    proxy.fault = None
    wrong = make(bearer_token=None, user_name=FAULT_USER, password="pw-WRONG-" + FAULT_PASSWORD)
    e = wrong.fails(evovoice.AuthenticationError, "list_sessions")
    assert "pw-WRONG-" not in exception_text(e)


def test_headers_option_carries_a_fault_without_the_proxy_adding_it(make: Callable[..., Api], proxy: FaultProxy) -> None:
    # `headers=` sends extra headers on every request; the emulator's fault header is one. The
    # proxy only counts here (its own `fault` is unset).
    post = make(headers={"X-Evovoice-Fault": unique("503;0; times=1"), "X-Trace": "trace-VALUE-1"})
    assert "trace-VALUE-1" not in repr(post.client)
    assert post.fails(evovoice.ServerError, "new_session", channel="Chat").status == 503
    assert post.call("new_session", channel="Chat").id, "one attempt consumed the only 503"
    assert [s.fault for s in proxy.seen] == [None, None] and proxy.count("/sessions") == 2
    get = make(headers={"X-Evovoice-Fault": unique("429;0; times=2")})
    proxy.clear()
    assert len(get.call("list_sessions")) > 0
    assert proxy.count("/sessions") == 3
    for bad in ({"Authorization": "Bearer x"}, {"X-ss-id": "x"}, {"bad name": "x"}, {"X-A": "a\nb"}):
        with pytest.raises(evovoice.InvalidRequestError):
            make(headers=bad)
