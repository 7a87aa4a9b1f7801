"""The objects built in the core transcoder's pass over the body (what every call and
`parse_response` use) are the objects the typed serde decode gives (what `with_raw_response`
decodes through), for bodies that exercise every rule of the reader: enum values in another
case or unknown, escapes in values and in member names, nulls, unknown members kept (nested,
escaped, repeated), maps (repeated keys, read in key order), DTOs written as arrays, BOMs."""

from __future__ import annotations

import json
from typing import Any

import pytest

import evovoice
from loopback import Fixed, serve


SESSIONS = {
    "enums in another case, and unknown": '{"id":"s1","callState":"connected","dialState":"NONE","channel":"Carrier Pigeon"}',
    "escapes in values": r'{"id":"s\u00e9\"1\\","displayName":"caf\u00e9 \ud83d\ude00","consoleData":"a\nb"}',
    "an escaped member name of a known field": r'{"id":"s1","displ\u0061yName":"Escaped key"}',
    "nulls of known fields": '{"id":"s1","displayName":null,"members":null,"ended":null,"callState":null}',
    "unknown members, nested and escaped and repeated": (
        r'{"id":"s1","futureField":{"a":[1,2.50,{"b":null}]},"caf\u00e9":"x","futureField":7,'
        r'"members":[{"identity":"m1","brandNewFlag":true,"muted":false}]}'
    ),
    "a map with a repeated key": '{"id":"s1","members":[{"identity":"m1","applicationData":{"z":"1","a":"2","z":"3"}}]}',
    "nested lists and objects": (
        '{"id":"s1","customerBreadcrumb":[{"id":"c1","name":"n1"},{"id":"c2"}],'
        '"log":[{"message":"m","date":"2026-01-01T00:00:00Z"},{}],"members":[]}'
    ),
    "a session written as an array": '["None","Connected",null,"acc-1"]',
    "a byte order mark": '\ufeff{"id":"s1","wasMissed":true}',
    "whitespace everywhere": ' {\n "id" : "s1" ,\t"ended" : false }\r\n',
}


def attributes(obj: Any) -> Any:
    """Every attribute of a result object, recursively, with the type of each value."""
    if hasattr(type(obj), "__match_args__") and hasattr(obj, "to_dict"):
        return {n: attributes(getattr(obj, n)) for n in type(obj).__match_args__}
    if isinstance(obj, list):
        return [attributes(x) for x in obj]
    if isinstance(obj, dict):
        return {k: (type(v).__name__, v) for k, v in obj.items()}
    return (type(obj).__name__, obj)


@pytest.fixture(scope="module")
def server():
    s = serve(Fixed)
    yield f"http://127.0.0.1:{s.server_address[1]}"
    s.shutdown()
    s.server_close()


@pytest.mark.parametrize("case", list(SESSIONS))
def test_a_session_read_in_the_checking_pass_is_the_typed_decode(server: str, case: str) -> None:
    Fixed.body = SESSIONS[case].encode()
    with evovoice.Client(server, bearer_token="t") as c:
        fast = c.get_session("s1")
        typed = c.with_raw_response.get_session("s1").parse()
    sansio = evovoice.parse_response("GetSession", 200, Fixed.body)
    assert isinstance(fast, evovoice.SessionInfo)
    assert fast == typed == sansio
    assert attributes(fast) == attributes(typed) == attributes(sansio)
    assert fast.to_dict() == typed.to_dict()
    assert json.dumps(fast.to_dict(), sort_keys=True) == json.dumps(typed.to_dict(), sort_keys=True)
    assert hash(fast) == hash(typed)


def test_the_values_of_tricky_bodies_are_the_expected_ones() -> None:
    """What the cases above must read as (not only agree on)."""
    s = evovoice.parse_response("GetSession", 200, SESSIONS["enums in another case, and unknown"])
    assert s.call_state is evovoice.SessionCallState.CONNECTED and s.dial_state is evovoice.SessionDialState.NONE
    assert s.channel == "Carrier Pigeon" and isinstance(s.channel, evovoice.FlowChannels)
    s = evovoice.parse_response("GetSession", 200, SESSIONS["escapes in values"])
    assert (s.id, s.display_name, s.console_data) == ('sé"1\\', "café \U0001f600", "a\nb")
    assert evovoice.parse_response("GetSession", 200, SESSIONS["an escaped member name of a known field"]).display_name == "Escaped key"
    s = evovoice.parse_response("GetSession", 200, SESSIONS["nulls of known fields"])
    assert (s.display_name, s.members, s.ended, s.call_state) == (None, None, None, None)
    s = evovoice.parse_response("GetSession", 200, SESSIONS["unknown members, nested and escaped and repeated"])
    d = s.to_dict()
    assert d["futureField"] == 7 and d["café"] == "x" and d["members"][0]["brandNewFlag"] is True
    m = evovoice.parse_response("GetSession", 200, SESSIONS["a map with a repeated key"]).members[0]
    assert list(m.application_data.items()) == [("a", "2"), ("z", "3")]
    s = evovoice.parse_response("GetSession", 200, SESSIONS["a session written as an array"])
    assert (s.dial_state, s.call_state, s.queue_state, s.account_id) == ("None", "Connected", None, "acc-1")
    s = evovoice.parse_response("GetSession", 200, SESSIONS["nested lists and objects"])
    assert [b.id for b in s.customer_breadcrumb] == ["c1", "c2"] and s.members == [] and s.log[1].message is None


def test_a_page_read_in_the_checking_pass_is_the_typed_decode(server: str) -> None:
    items = ",".join(SESSIONS[k] for k in SESSIONS if "mark" not in k and "whitespace" not in k)
    for envelope in (
        f'{{"totalCount":12,"items":[{items}],"totalPages":3,"hasMorePages":true,"future":1}}',
        f'[[{items}],12,3,true]',
        '{"items":null,"totalCount":0}',
        '{}',
    ):
        Fixed.body = envelope.encode()
        with evovoice.Client(server, bearer_token="t") as c:
            fast = c.list_sessions()
            typed = c.with_raw_response.list_sessions().parse()
        assert fast == typed
        assert (fast.total_count, fast.total_pages, fast.has_more_pages) == (typed.total_count, typed.total_pages, typed.has_more_pages)
        assert attributes(list(fast)) == attributes(list(typed))
        assert fast.to_dict() == typed.to_dict() and hash(fast) == hash(typed)


@pytest.mark.parametrize(
    "body",
    ['{"id":5}', '{"id":"a","id":"b"}', '{"members":[{"muted":"yes"}]}', '{"id":"s1"', '["a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q","r","s","t","u","v","w","x","y","z","A","B","C","D","E","F","G","H","I","J","K","L","M","N","O","P"]'],
)
def test_a_body_the_typed_decode_refuses_is_refused_alike(server: str, body: str) -> None:
    Fixed.body = body.encode()
    with evovoice.Client(server, bearer_token="t", max_retries=0) as c:
        with pytest.raises(evovoice.DecodeError) as fast:
            c.get_session("s1")
        with pytest.raises(evovoice.DecodeError) as typed:
            c.with_raw_response.get_session("s1")
    assert str(fast.value) == str(typed.value)


def test_iterating_reads_each_page_in_the_checking_pass(server: str) -> None:
    items = ",".join(SESSIONS[k] for k in SESSIONS if "mark" not in k and "whitespace" not in k)
    Fixed.body = f'{{"items":[{items}],"totalPages":3}}'.encode()
    with evovoice.Client(server, bearer_token="t") as c:
        one_page = list(c.with_raw_response.list_sessions().parse())
        every = list(c.iter_sessions())
        assert attributes(every) == attributes(one_page * 3)
        Fixed.body = b'{"items":[{"id":5}],"totalPages":3}'
        with pytest.raises(evovoice.DecodeError, match=r"items\[0\]\.id"):
            list(c.iter_sessions())


async def test_async_iterating_reads_each_page_in_the_checking_pass(server: str) -> None:
    Fixed.body = ('{"items":[' + SESSIONS["unknown members, nested and escaped and repeated"] + "],\"totalPages\":2}").encode()
    async with evovoice.AsyncClient(server, bearer_token="t") as c:
        got = [s async for s in c.iter_sessions()]
    expected = evovoice.parse_response("GetSession", 200, SESSIONS["unknown members, nested and escaped and repeated"])
    assert got == [expected, expected] and got[1].to_dict() == expected.to_dict()
