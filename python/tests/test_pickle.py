"""Results and errors behave like Python values (issue 15): every result class and every
exception class pickles, copies and deep-copies to an equal value, also across processes (a
ProcessPoolExecutor); results are hashable (immutable), errors are not (mutable); the DTO
classes have `__match_args__`; `from_dict` reads the wire and the Python spelling and
`to_dict(by_alias=False)` gives the Python one."""

from __future__ import annotations

import copy
import json
import multiprocessing
import pickle
import socket
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Iterator

import pytest

import _pickle_worker as worker
import evovoice
import evovoice._errors as errors
import evovoice._evovoice as native
from conftest import DEV_TOKEN, VIEWER_TOKEN, Emulator

VECTORS = Path(__file__).resolve().parents[2] / "tests" / "vectors"

# The generated DTO classes (SessionInfo, SessionMemberInfo, ...): those with __match_args__.
DTO_CLASSES = [c for c in vars(native).values() if isinstance(c, type) and "__match_args__" in vars(c)]
ERROR_CLASSES = {getattr(errors, n) for n in errors.__all__}


def round_trips(value: Any) -> list[Any]:
    """`value` through pickle (every protocol), copy.copy and copy.deepcopy."""
    out = [pickle.loads(pickle.dumps(value, protocol=p)) for p in range(2, pickle.HIGHEST_PROTOCOL + 1)]
    return out + [copy.copy(value), copy.deepcopy(value), copy.deepcopy([value, value])[1]]


def full_session() -> evovoice.SessionInfo:
    """The shared vectors' GetSession answer with every field set."""
    cases = json.loads((VECTORS / "get_session.json").read_text(encoding="utf-8"))
    case = next(c for c in cases if c["response"]["status"] == 200)
    value = evovoice.parse_response("GetSession", 200, case["response"]["body"])
    assert isinstance(value, evovoice.SessionInfo)
    return value


def reachable(value: Any) -> Iterator[Any]:
    """`value` and the DTO objects it holds."""
    yield value
    for name in getattr(type(value), "__match_args__", ()):
        field = getattr(value, name)
        for item in field if isinstance(field, list) else [field]:
            if type(item) in DTO_CLASSES:
                yield from reachable(item)


@pytest.fixture(scope="module")
def client(emulator: Emulator) -> Iterator[evovoice.Client]:
    with evovoice.Client(base_url=emulator.url, bearer_token=DEV_TOKEN) as c:
        yield c


def results(client: evovoice.Client) -> list[Any]:
    """At least one populated object of every result class: decoded alone, as an item of a page
    (sharing the page's storage), from from_dict; pages; login answers; answer headers."""
    full = full_session()
    chat = client.new_session(channel="Chat", display_name="pickle")
    chat = client.invite_chat_member(chat.id, member_to_add="agent@example.com")
    page = client.list_sessions(count_per_page=3)
    assert len(page) >= 1
    objects: list[Any] = [*reachable(full), *reachable(chat), page, *page, evovoice.EntityInfo.from_dict(full.to_dict())]
    objects.append(evovoice.ListResponse.from_dict({"totalCount": 0}, evovoice.SessionMemberInfo))
    status = evovoice.ResponseStatus.from_dict(
        {"errorCode": "NotEmpty", "message": "m", "errors": [{"fieldName": "Channel", "errorCode": "NotEmpty", "meta": {"k": "v"}}]}
    )
    objects += [status, *(status.errors or [])]
    objects.append(client.login("dev@evovoice.local", "dev"))
    objects.append(client.with_raw_response.list_sessions(count_per_page=1).headers)
    return objects


def test_every_result_class_round_trips_to_an_equal_value(client: evovoice.Client) -> None:
    objects = results(client)
    covered = {type(o) for o in objects}
    wanted = set(DTO_CLASSES) | {evovoice.ListResponse, evovoice.ResponseStatus, evovoice.FieldError, evovoice.AuthenticateResponse, evovoice.Headers}
    assert len(DTO_CLASSES) >= 5 and evovoice.SessionInfo in DTO_CLASSES
    assert wanted <= covered, f"no sample of {wanted - covered}"
    for value in objects:
        for again in round_trips(value):
            assert type(again) is type(value)
            assert again == value, (type(value).__name__, again, value)
            assert repr(again) == repr(value)
            if not isinstance(value, evovoice.Headers):
                assert hash(again) == hash(value)
                assert again.to_dict() == value.to_dict()


def test_dtos_rebuilt_by_pickle_read_like_the_original(client: evovoice.Client) -> None:
    page = client.list_sessions(count_per_page=3)
    again = pickle.loads(pickle.dumps(page))
    assert again.item_type is evovoice.SessionInfo and len(again) == len(page)
    assert [s.id for s in again] == [s.id for s in page]
    full = full_session()
    copied = pickle.loads(pickle.dumps(full))
    for name in type(full).__match_args__:
        assert getattr(copied, name) == getattr(full, name), name
    assert isinstance(copied.channel, evovoice.FlowChannels) and copied.channel is evovoice.FlowChannels.VOICE
    # enum values pickle as their class
    assert type(pickle.loads(pickle.dumps(full.channel))) is evovoice.FlowChannels
    unknown = evovoice.FlowChannels("Hologram")
    assert pickle.loads(pickle.dumps(unknown)) == "Hologram" and type(copy.deepcopy(unknown)) is evovoice.FlowChannels


def test_results_are_immutable_and_hashable(client: evovoice.Client) -> None:
    s = client.new_session(channel="Chat", display_name="hash")
    same = evovoice.SessionInfo.from_dict(s.to_dict())
    assert s == same and hash(s) == hash(same) and len({s, same}) == 1
    other = client.new_session(channel="Chat", display_name="hash 2")
    assert len({s, other}) == 2
    with pytest.raises(AttributeError):
        s.display_name = "changed"  # type: ignore[misc]
    members = s.members
    assert members is not None
    with pytest.raises(TypeError):
        members.append("x")  # type: ignore[arg-type]  # a list field is read-only (the same list on every read)
    mutable = list(members)  # a copy is a plain list
    mutable.append(members[0])
    assert s == same and s.members is members and s.members == same.members
    # -0.0 == 0.0: equal values hash equal
    assert hash(evovoice.ListResponse.from_dict({"totalCount": 0}, evovoice.SessionInfo)) == hash(
        evovoice.ListResponse.from_dict({"totalCount": 0}, evovoice.SessionInfo)
    )
    # copy of an immutable value is the value itself (as for tuples and str)
    assert copy.copy(s) is s and copy.deepcopy(s) is s
    with pytest.raises(TypeError):
        hash(evovoice.Headers([("a", "b")]))  # a Mapping: compares equal to dicts, not hashable


def sample_errors(emulator: Emulator, client: evovoice.Client) -> list[evovoice.EvoVoiceError]:
    """One error of every class, raised by the SDK where it raises it (the base class alone is
    built directly: the SDK raises only its subclasses)."""
    out: list[evovoice.EvoVoiceError] = [evovoice.EvoVoiceError("base")]

    def catch(call: Any, *args: Any, **kwargs: Any) -> evovoice.EvoVoiceError:
        with pytest.raises(evovoice.EvoVoiceError) as info:
            call(*args, **kwargs)
        return info.value

    out.append(catch(client.new_session, display_name="no channel"))  # ValidationError
    out.append(catch(client.get_session, "does-not-exist"))  # NotFoundError
    with evovoice.Client(base_url=emulator.url, bearer_token="wrong-token-123456") as anon:
        out.append(catch(anon.list_sessions))  # AuthenticationError
    with evovoice.Client(base_url=emulator.url, bearer_token=VIEWER_TOKEN) as viewer:
        out.append(catch(viewer.new_session, channel="Chat"))  # ForbiddenError
    headers = {"Retry-After": "3", "X-Request-Id": "req-7", "Content-Type": "application/json"}
    body = '{"responseStatus":{"errorCode":"Busy","message":"later"}}'
    for status in (429, 503, 418):  # RateLimitError, ServerError, ApiError
        out.append(catch(evovoice.parse_response, "GetSession", status, body, headers=headers))
    out.append(catch(evovoice.parse_response, "GetSession", 200, '{"id": 5}'))  # DecodeError
    out.append(catch(client.get_session, ""))  # InvalidRequestError
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    with evovoice.Client(base_url=f"http://127.0.0.1:{port}", bearer_token=DEV_TOKEN, max_retries=0) as refused:
        out.append(catch(refused.list_sessions))  # ConnectionError
    with evovoice.Client(base_url=emulator.url, bearer_token=DEV_TOKEN, max_response_bytes=16) as small:
        out.append(catch(small.list_sessions))  # TransportError (tooLarge)
    with socket.socket() as mute:  # accepts connections (backlog), never answers
        mute.bind(("127.0.0.1", 0))
        mute.listen()
        url = "http://127.0.0.1:%d" % mute.getsockname()[1]
        with evovoice.Client(base_url=url, bearer_token=DEV_TOKEN, timeout=0.3, max_retries=0) as slow:
            out.append(catch(slow.list_sessions))  # TimeoutError
    return out


def test_every_exception_class_round_trips_to_an_equal_value(emulator: Emulator, client: evovoice.Client) -> None:
    samples = sample_errors(emulator, client)
    assert {type(e) for e in samples} == ERROR_CLASSES
    for e in samples:
        e.add_note("a note travels too")
        for again in round_trips(e):
            assert type(again) is type(e)
            assert again == e and again is not e
            assert again.args == e.args and str(again) == str(e) and vars(again) == vars(e)
            assert again.__notes__ == ["a note travels too"]
        changed = copy.copy(e)
        changed.request_id = "another"
        assert changed != e and e == copy.copy(e)
        with pytest.raises(TypeError):
            hash(e)  # mutable: not hashable
    rate = next(e for e in samples if type(e) is evovoice.RateLimitError)
    again = pickle.loads(pickle.dumps(rate))
    assert isinstance(again, evovoice.RateLimitError)
    assert again.status == 429 and again.error_code == "Busy" and again.retry_after == 3.0 and again.request_id == "req-7"
    assert isinstance(again.headers, evovoice.Headers) and again.headers["x-request-id"] == "req-7"
    invalid = pickle.loads(pickle.dumps(next(e for e in samples if type(e) is evovoice.ValidationError)))
    assert [(f.field_name, f.error_code) for f in invalid.field_errors] == [("Channel", "NotEmpty")]
    assert isinstance(invalid.response_status, evovoice.ResponseStatus) and invalid.response_status.error_code == "NotEmpty"
    decode = pickle.loads(pickle.dumps(next(e for e in samples if type(e) is evovoice.DecodeError)))
    assert decode.path and decode.status == 200 and decode.kind == "decode"
    conn = pickle.loads(pickle.dumps(next(e for e in samples if type(e) is evovoice.ConnectionError)))
    assert isinstance(conn, ConnectionError) and conn.transport_kind == "connectionRefused"


@pytest.mark.parametrize("start", ["spawn", "fork"])
def test_results_and_errors_cross_a_process_pool(emulator: Emulator, client: evovoice.Client, start: str) -> None:
    """A worker's results come back equal; a NotFoundError raised in a worker reaches the parent
    as a NotFoundError with its status, response status, headers and request id. Workers started
    fresh (spawn: macOS, Windows, and forkserver's way) and forked (Linux's default before
    Python 3.14; the worker makes its own Client, as python/README.md says)."""
    mine = client.new_session(channel="Chat", display_name="pool")
    errors_here = sample_errors(emulator, client)
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context(start)) as pool:
        theirs = pool.submit(worker.get_session, emulator.url, DEV_TOKEN, mine.id).result(timeout=60)
        assert type(theirs) is evovoice.SessionInfo and theirs == mine
        page = pool.submit(worker.list_sessions, emulator.url, DEV_TOKEN).result(timeout=60)
        assert page.item_type is evovoice.SessionInfo and page == client.list_sessions(count_per_page=5)

        with pytest.raises(evovoice.NotFoundError) as nf:
            pool.submit(worker.get_session, emulator.url, DEV_TOKEN, "does-not-exist").result(timeout=60)
        e = nf.value
        here = next(x for x in errors_here if type(x) is evovoice.NotFoundError)
        assert e.status == 404 and e.error_code == "NotFound" and e.kind == "api"
        assert isinstance(e.response_status, evovoice.ResponseStatus) and e.response_status == here.response_status
        assert isinstance(e.headers, evovoice.Headers) and e.headers["content-type"] == here.headers["content-type"]
        assert e.request_id == here.request_id
        assert str(e) == str(here)

        with pytest.raises(evovoice.ValidationError) as bad:
            pool.submit(worker.new_session_without_channel, emulator.url, DEV_TOKEN).result(timeout=60)
        assert [(f.field_name, f.error_code) for f in bad.value.field_errors] == [("Channel", "NotEmpty")]

        for sent in errors_here:  # every class, there and back
            with pytest.raises(type(sent)) as back:
                pool.submit(worker.reraise, sent).result(timeout=60)
            assert type(back.value) is type(sent)
            assert vars(back.value) == {k: v for k, v in vars(sent).items()}
            assert back.value.args == sent.args


def test_match_args() -> None:
    full = full_session()
    for cls in DTO_CLASSES:
        names = cls.__match_args__
        assert isinstance(names, tuple) and names and all(isinstance(getattr(cls, n), property) or hasattr(cls, n) for n in names)
    assert evovoice.SessionInfo.__match_args__[:3] == ("dial_state", "call_state", "queue_state")
    match full:
        case evovoice.SessionInfo(dial_state, call_state, channel=evovoice.FlowChannels.VOICE, members=[evovoice.SessionMemberInfo(identity=who), *_]):
            assert (dial_state, call_state, who) == ("None", "Disconnected", "String")
        case _:
            pytest.fail("no match")
    page = evovoice.ListResponse.from_dict({"items": [full.to_dict()], "totalCount": 1}, evovoice.SessionInfo)
    assert evovoice.ListResponse.__match_args__ == ("items", "total_count", "total_pages", "has_more_pages")
    match page:
        case evovoice.ListResponse([evovoice.SessionInfo(id=first)], total):
            assert (first, total) == ("String", 1)
        case _:
            pytest.fail("no match")


def test_to_dict_by_alias_false_gives_the_python_names() -> None:
    full = full_session()
    wire = full.to_dict()
    snake = full.to_dict(by_alias=False)
    assert "displayName" in wire and "display_name" not in wire
    assert set(snake) == {n for n in evovoice.SessionInfo.__match_args__ if getattr(full, n) is not None}
    assert snake["members"][0]["is_original_member"] is False and "callSid" in wire["members"][0]
    assert snake["members"][0]["application_data"] == {"String": "String"}  # a map's keys are data
    assert snake["customer_breadcrumb"] == [{"id": "String", "name": "String"}]
    # what pandas.DataFrame([s.to_dict(by_alias=False) for s in page]) is given
    page = evovoice.ListResponse.from_dict({"items": [wire, wire], "totalCount": 2, "hasMorePages": False}, evovoice.SessionInfo)
    rows = [s.to_dict(by_alias=False) for s in page]
    assert rows == [snake, snake]
    assert page.to_dict(by_alias=False) == {"items": [snake, snake], "total_count": 2, "has_more_pages": False}


def test_from_dict_reads_both_spellings_and_keeps_other_keys() -> None:
    full = full_session()
    assert evovoice.SessionInfo.from_dict(full.to_dict(by_alias=False)) == full
    assert evovoice.SessionInfo.from_dict(full.to_dict()) == full
    mixed = {"display_name": "a", "callState": "Connected", "members": [{"call_sid": "c1", "isOriginalMember": True}]}
    s = evovoice.SessionInfo.from_dict(mixed)
    assert s.display_name == "a" and s.call_state == "Connected"
    assert s.members and s.members[0].call_sid == "c1" and s.members[0].is_original_member is True
    page = evovoice.ListResponse.from_dict({"items": [mixed], "total_count": 1, "has_more_pages": True}, evovoice.SessionInfo)
    assert page.total_count == 1 and page.has_more_pages is True and list(page) == [s]
    # a key that is neither spelling of a known field is not refused: it goes to the decoder
    assert evovoice.SessionInfo.from_dict({"id": "x", "fieldOfANewerServer": {"a": 1}}).id == "x"
    with pytest.raises(ValueError, match="display_name"):
        evovoice.SessionInfo.from_dict({"displayName": "a", "display_name": "b"})
    with pytest.raises(ValueError):
        evovoice.SessionInfo.from_dict({"ended": "not a bool"})
    with pytest.raises(TypeError, match="item_type"):
        evovoice.ListResponse.from_dict({}, dict)  # type: ignore[arg-type]


def test_clients_and_raw_responses_refuse_to_pickle(client: evovoice.Client) -> None:
    """What holds connections and credentials (a client) or is one call's envelope
    (RawResponse: keep its .parse(), .headers, .status_code) is refused plainly."""
    raw = client.with_raw_response.list_sessions(count_per_page=1)
    for value in (client, client.with_raw_response, raw):
        with pytest.raises(TypeError, match="cannot pickle"):
            pickle.dumps(value)
    again = pickle.loads(pickle.dumps((raw.parse(), raw.headers, raw.status_code)))
    assert again == (raw.parse(), raw.headers, raw.status_code)


def test_a_stored_session_keeps_the_fields_a_newer_server_sent() -> None:
    # Fields this SDK does not know (a newer server's), at the top and nested: kept by the
    # decode (the core DTOs' `extra`), by to_dict, by from_dict and by pickle, so a session
    # stored (JSON, a cache, a queue) and read back loses nothing.
    body = json.dumps({
        "id": "s1",
        "displayName": "Support",
        "futureField": {"nested": [1, 2]},
        "members": [{"identity": "+1555", "brandNewFlag": True}],
    })
    session = evovoice.parse_response("GetSession", 200, body)
    stored = session.to_dict()
    assert stored["futureField"] == {"nested": [1, 2]}
    assert stored["members"][0]["brandNewFlag"] is True
    reloaded = evovoice.SessionInfo.from_dict(json.loads(json.dumps(stored)))
    assert reloaded == session
    assert reloaded.to_dict() == stored
    assert pickle.loads(pickle.dumps(session)).to_dict() == stored
    page = evovoice.parse_response("ListSessions", 200, json.dumps({"items": [json.loads(body)], "totalCount": 1}))
    assert page.to_dict()["items"][0]["futureField"] == {"nested": [1, 2]}
    assert evovoice.ListResponse.from_dict(page.to_dict(), evovoice.SessionInfo).to_dict() == page.to_dict()
