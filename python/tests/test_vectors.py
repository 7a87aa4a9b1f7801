"""Every shared vector in tests/vectors runs through the public sans-IO pair
(evovoice.build_request / evovoice.parse_response). A new vector needs no new code here."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

import evovoice

ROOT = Path(__file__).resolve().parents[2]
# tests/vectors, then the directories of EVOVOICE_EXTRA_VECTORS (`:`-separated, relative to the
# repository; e.g. the test-only operation's, tests/extra_operation).
DIRS = [ROOT / "tests" / "vectors"] + [ROOT / d for d in os.environ.get("EVOVOICE_EXTRA_VECTORS", "").split(":") if d]


def load() -> list[Any]:
    out = []
    for d in DIRS:
        for f in sorted(d.glob("*.json")):
            for v in json.loads(f.read_text(encoding="utf-8")):
                out.append(pytest.param(v, id=f"{f.stem}: {v['name']}"))
    return out


ALL = load()


def test_there_are_vectors() -> None:
    assert len(ALL) >= 20


def config_kwargs(v: dict[str, Any]) -> dict[str, Any]:
    c = v.get("config") or {}
    kw: dict[str, Any] = {}
    if "baseUrl" in c:
        kw["base_url"] = c["baseUrl"]
    if "bearerToken" in c:
        kw["bearer_token"] = c["bearerToken"]
    if "basicAuth" in c:
        kw["user_name"] = c["basicAuth"]["userName"]
        kw["password"] = c["basicAuth"]["password"]
    return kw


def check_error(err: evovoice.EvoVoiceError, want: dict[str, Any]) -> None:
    assert err.kind == want["kind"], repr(err)
    if "status" in want:
        assert err.status == want["status"]
    if "errorCode" in want:
        assert isinstance(err, evovoice.ApiError)
        assert err.error_code == want["errorCode"]
    if "message" in want:
        assert isinstance(err, evovoice.ApiError)
        assert err.message == want["message"]
    if "fieldErrors" in want:
        assert isinstance(err, evovoice.ApiError)
        got = [{"fieldName": f.field_name, "errorCode": f.error_code, "message": f.message} for f in err.field_errors]
        assert got == want["fieldErrors"]
    if "path" in want:
        assert isinstance(err, evovoice.DecodeError)
        assert err.path == want["path"]
    assert str(err)
    # The class follows the kind (and, for api errors, the status).
    expected_class = {
        "api": evovoice.ApiError,
        "decode": evovoice.DecodeError,
        "transport": evovoice.TransportError,
        "timeout": evovoice.TimeoutError,
        "invalidRequest": evovoice.InvalidRequestError,
    }.get(want["kind"], evovoice.EvoVoiceError)
    assert isinstance(err, expected_class)
    if isinstance(err, evovoice.ApiError):
        by_status = {
            400: evovoice.ValidationError,
            401: evovoice.AuthenticationError,
            403: evovoice.ForbiddenError,
            404: evovoice.NotFoundError,
            429: evovoice.RateLimitError,
        }
        if err.status in by_status:
            assert type(err) is by_status[err.status]
        elif err.status is not None and 500 <= err.status <= 599:
            assert type(err) is evovoice.ServerError
        else:
            assert type(err) is evovoice.ApiError
    # The answer's metadata (None: absent).
    if "requestId" in want:
        assert err.request_id == want["requestId"]
    if "retryAfter" in want:
        assert err.retry_after == (None if want["retryAfter"] is None else float(want["retryAfter"]))


@pytest.mark.parametrize("v", ALL)
def test_vector(v: dict[str, Any]) -> None:
    kwargs = config_kwargs(v)
    if "expect" not in v:
        with pytest.raises(evovoice.EvoVoiceError) as info:
            evovoice.build_request(v["operation"], v["request"], **kwargs)
        check_error(info.value, v["error"])
        return
    req = evovoice.build_request(v["operation"], v["request"], **kwargs)
    expect = v["expect"]
    assert req.method == expect["method"]
    assert req.url == expect["url"]
    for name, value in expect["headers"].items():
        assert req.headers.get(name) == value, name
    for name in expect.get("absentHeaders", []):
        assert name not in req.headers
    assert req.body == expect["body"].encode("utf-8")

    r = v["response"]
    if "decoded" in v:
        value = evovoice.parse_response(v["operation"], r["status"], r["body"], reason=r.get("reason"), headers=r.get("headers"))
        assert value.to_dict() == v["decoded"]
        # bytes bodies decode the same
        again = evovoice.parse_response(v["operation"], r["status"], r["body"].encode("utf-8"), reason=r.get("reason"), headers=list((r.get("headers") or {}).items()))
        assert again == value
    else:
        with pytest.raises(evovoice.EvoVoiceError) as info:
            evovoice.parse_response(v["operation"], r["status"], r["body"], reason=r.get("reason"), headers=r.get("headers"))
        check_error(info.value, v["error"])


def test_snake_case_keys_are_accepted_too() -> None:
    a = evovoice.build_request("ListSessions", {"countPerPage": 7, "from": "+1"})
    b = evovoice.build_request("ListSessions", {"count_per_page": 7, "from_": "+1"})
    assert a.url == b.url


def test_unknown_operation_and_field() -> None:
    with pytest.raises(ValueError, match="unknown operation"):
        evovoice.build_request("DeleteEverything", {})
    with pytest.raises(TypeError, match="'nope'"):
        evovoice.build_request("GetSession", {"sessionId": "x", "nope": 1})
    with pytest.raises(ValueError, match="unknown operation"):
        evovoice.parse_response("DeleteEverything", 200, "{}")


def test_request_repr_hides_credentials() -> None:
    req = evovoice.build_request("GetSession", {"sessionId": "x"}, bearer_token="sekrit-token-1")
    assert req.headers["authorization"] == "Bearer sekrit-token-1"
    assert "sekrit" not in repr(req)
    req = evovoice.build_request("GetSession", {"sessionId": "x"}, user_name="u", password="pa55word")
    assert "pa55word" not in repr(req) and "dTpwYTU1d29yZA" not in repr(req)
