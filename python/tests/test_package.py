"""The package itself: stubs generated from the core's schema, exported names, enum classes."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import evovoice
import evovoice._evovoice as native

STUB = Path(__file__).resolve().parents[1] / "evovoice" / "_evovoice.pyi"


def test_committed_stub_is_the_generated_one() -> None:
    generated = native._generated_stubs()
    assert STUB.read_text(encoding="utf-8") == generated, "run `make python-stubs` and commit evovoice/_evovoice.pyi"


def test_stub_all_matches_the_module() -> None:
    text = STUB.read_text(encoding="utf-8")
    block = re.search(r"__all__ = \[(.*?)\]", text, re.S)
    assert block
    names = set(re.findall(r'"(\w+)"', block.group(1)))
    runtime = {n for n in dir(native) if not n.startswith("_")}
    assert names == runtime


def test_installed_stub_and_marker() -> None:
    pkg = Path(evovoice.__file__).parent
    assert (pkg / "py.typed").exists()
    assert (pkg / "_evovoice.pyi").read_text(encoding="utf-8") == native._generated_stubs()


def test_every_dto_getter_is_in_to_dict_shape() -> None:
    """Each getter of a DTO is the snake_case of a wire key (from the core's schema)."""
    sample = evovoice.parse_response(
        "GetSession",
        200,
        '{"id":"x","customerBreadcrumb":[{"id":"c","name":"n"}],"members":[{"identity":"i"}],"log":[{"message":"m"}]}',
    )
    assert isinstance(sample, evovoice.SessionInfo)
    props = [n for n, v in inspect.getmembers(type(sample)) if isinstance(v, property) or type(v).__name__ in ("getset_descriptor", "member_descriptor")]
    props = [p for p in props if not p.startswith("_")]
    assert len(props) >= 41
    assert sample.customer_breadcrumb and sample.customer_breadcrumb[0].name == "n"


def test_enums_are_str_subclasses() -> None:
    for cls in (evovoice.FlowChannels, evovoice.SessionCallState, evovoice.SortOrders):
        assert issubclass(cls, str)
        assert all(getattr(cls, re.sub(r"(?<=[a-z])(?=[A-Z])", "_", v).upper()) == v for v in cls.KNOWN)
    assert evovoice.FlowChannels.CHAT == "Chat" and repr(evovoice.FlowChannels.CHAT) == "'Chat'"
    assert {evovoice.FlowChannels.CHAT: 1}["Chat"] == 1


def test_exception_hierarchy() -> None:
    assert issubclass(evovoice.ApiError, evovoice.EvoVoiceError)
    for cls in (
        evovoice.ValidationError,
        evovoice.AuthenticationError,
        evovoice.ForbiddenError,
        evovoice.NotFoundError,
        evovoice.RateLimitError,
        evovoice.ServerError,
    ):
        assert issubclass(cls, evovoice.ApiError)
    assert issubclass(evovoice.ConnectionError, evovoice.TransportError) and issubclass(evovoice.ConnectionError, ConnectionError)
    assert issubclass(evovoice.TimeoutError, TimeoutError) and issubclass(evovoice.TimeoutError, evovoice.EvoVoiceError)
    assert issubclass(evovoice.InvalidRequestError, ValueError)
    for cls in (evovoice.TransportError, evovoice.DecodeError):
        assert issubclass(cls, evovoice.EvoVoiceError)
    e = evovoice.NotFoundError(404, "NotFound", "gone", [], None)
    assert e.status == 404 and e.error_code == "NotFound" and e.message == "gone" and e.field_errors == []
    assert "404" in str(e)


def test_decode_error_has_a_path() -> None:
    try:
        evovoice.parse_response("ListSessions", 200, '{"items":[{"members":[{"muted":"yes"}]}]}')
    except evovoice.DecodeError as e:
        assert e.path == "items[0].members[0].muted" and e.status == 200 and e.kind == "decode"
    else:
        raise AssertionError("expected DecodeError")
