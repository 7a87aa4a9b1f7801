"""Reading a field of a DTO object twice returns the identical object (issue 16): each object
keeps what it built on a field's first read. Lists and dicts are handed out read-only (a `list`
or `dict` subclass whose mutating methods raise TypeError), so what an attribute shows always
equals the value that ==, hash(), to_dict() and pickle use; list(x), x[:], dict(x) and
copy.copy(x) give plain mutable copies."""

from __future__ import annotations

import copy
import gc
import json
import pickle
import sys
import threading
from typing import Any, Iterator, List

import pytest

import evovoice
from conftest import DEV_TOKEN, Emulator


def dto(value: Any) -> bool:
    return hasattr(type(value), "__match_args__") and hasattr(value, "to_dict")


def walk(obj: Any) -> Iterator[Any]:
    """`obj` and every DTO object nested in it (reading each field once)."""
    yield obj
    for name in type(obj).__match_args__:
        value = getattr(obj, name)
        if isinstance(value, list):
            for item in value:
                if dto(item):
                    yield from walk(item)
        elif dto(value):
            yield from walk(value)


@pytest.fixture(scope="module")
def page(seeded: Emulator) -> evovoice.ListResponse[evovoice.SessionInfo]:
    with evovoice.Client(seeded.url, bearer_token=DEV_TOKEN) as c:
        return c.list_sessions(count_per_page=60)


def rich(page: evovoice.ListResponse[evovoice.SessionInfo]) -> evovoice.SessionInfo:
    """A session with members (with application data), log entries and breadcrumbs."""
    for s in page:
        if s.members and s.log and s.customer_breadcrumb and any(m.application_data for m in s.members):
            return s
    pytest.fail("the seed has no session with members, application data, log and breadcrumbs")


def test_a_second_read_returns_the_identical_object(page: evovoice.ListResponse[evovoice.SessionInfo]) -> None:
    kinds = set()
    reads = 0
    for s in page:
        for obj in walk(s):
            for name in type(obj).__match_args__:
                first = getattr(obj, name)
                if first is None:
                    continue
                assert getattr(obj, name) is first, f"{type(obj).__name__}.{name}"
                reads += 1
                kinds.add(type(first).__name__ if not isinstance(first, str) or type(first) is str else "enum")
    # strings, enum values, numbers, bools, nested lists of objects, read-only dicts
    assert {"str", "enum", "bool", "ReadOnlyList", "ReadOnlyDict"} <= kinds, kinds
    assert reads > 1000


def test_nested_objects_and_lists_are_the_same_objects(page: evovoice.ListResponse[evovoice.SessionInfo]) -> None:
    s = rich(page)
    members = s.members
    assert members is not None
    assert s.members is members
    assert s.log is s.log and s.customer_breadcrumb is s.customer_breadcrumb
    assert s.members[0] is members[0]  # the items too
    m = members[0]
    assert m.identity is m.identity and m.call_state is m.call_state
    data = next(x.application_data for x in members if x.application_data)
    assert data is not None and next(x.application_data for x in members if x.application_data) is data


def test_values_are_unchanged(page: evovoice.ListResponse[evovoice.SessionInfo]) -> None:
    """What the attributes give equals the value's dict (read before and after)."""
    for s in page:
        before = s.to_dict(by_alias=False)
        for _ in range(2):
            for name in type(s).__match_args__:
                value = getattr(s, name)
                if value is None:
                    assert name not in before
                elif isinstance(value, list):
                    assert [x.to_dict(by_alias=False) if dto(x) else x for x in value] == before[name]
                elif dto(value):
                    assert value.to_dict(by_alias=False) == before[name]
                else:
                    assert value == before[name]
        assert s.to_dict(by_alias=False) == before


def test_objects_built_alone_cache_too(seeded: Emulator, page: evovoice.ListResponse[evovoice.SessionInfo]) -> None:
    s = rich(page)
    with evovoice.Client(seeded.url, bearer_token=DEV_TOKEN) as c:
        alone = c.get_session(s.id or "")
    rebuilt = evovoice.SessionInfo.from_dict(s.to_dict())
    for obj in (alone, rebuilt):
        assert obj == s and hash(obj) == hash(s)
        assert obj.members is obj.members and obj.display_name is obj.display_name
        assert obj.members == s.members and obj.members is not s.members
    assert copy.copy(s) is s and copy.deepcopy(s) is s


@pytest.mark.parametrize(
    "change",
    [
        lambda x: x.append(x[0]),
        lambda x: x.extend([x[0]]),
        lambda x: x.insert(0, x[0]),
        lambda x: x.pop(),
        lambda x: x.remove(x[0]),
        lambda x: x.clear(),
        lambda x: x.sort(key=id),
        lambda x: x.reverse(),
        lambda x: x.__setitem__(0, x[-1]),
        lambda x: x.__delitem__(0),
        lambda x: x.__iadd__([x[0]]),
        lambda x: x.__imul__(2),
    ],
)
def test_a_list_field_is_read_only(page: evovoice.ListResponse[evovoice.SessionInfo], change: Any) -> None:
    s = rich(page)
    members = s.members
    assert isinstance(members, list)
    before, h = list(members), hash(s)
    with pytest.raises(TypeError, match="read-only"):
        change(members)
    assert s.members is members and members == before and hash(s) == h
    assert [m.to_dict() for m in members] == s.to_dict()["members"]


def test_a_list_field_in_place_operators_raise(page: evovoice.ListResponse[evovoice.SessionInfo]) -> None:
    s = rich(page)
    x = s.log
    assert x is not None
    with pytest.raises(TypeError, match="read-only"):
        x += [x[0]]
    with pytest.raises(TypeError, match="read-only"):
        x[0] = x[0]
    with pytest.raises(TypeError, match="read-only"):
        del x[0]
    assert s.log == x and len(s.log) == len(s.to_dict()["log"])


def test_a_dict_field_is_read_only(page: evovoice.ListResponse[evovoice.SessionInfo]) -> None:
    s = rich(page)
    member = next(m for m in s.members or [] if m.application_data)
    data = member.application_data
    assert isinstance(data, dict) and data
    before = dict(data)
    key = next(iter(data))
    for change in (lambda d: d.__setitem__("k", "v"), lambda d: d.__delitem__(key), lambda d: d.update(k="v"),
                   lambda d: d.pop(key), lambda d: d.popitem(), lambda d: d.setdefault("k", "v"), lambda d: d.clear(),
                   lambda d: d.__ior__({"k": "v"})):
        with pytest.raises(TypeError, match="read-only"):
            change(data)
    assert member.application_data is data and data == before


def test_copies_of_read_only_values_are_plain_and_mutable(page: evovoice.ListResponse[evovoice.SessionInfo]) -> None:
    s = rich(page)
    members = s.members
    assert members is not None
    for c in (list(members), members[:], copy.copy(members), copy.deepcopy(members), pickle.loads(pickle.dumps(members))):
        assert type(c) is list and c == members
        c.append(members[0])  # a plain list
    data = next(m.application_data for m in members if m.application_data)
    assert data is not None
    for d in (dict(data), copy.copy(data), copy.deepcopy(data), pickle.loads(pickle.dumps(data))):
        assert type(d) is dict and d == data
        d["k"] = "v"
    assert json.loads(json.dumps({"members": [m.to_dict() for m in members], "data": data}))["data"] == data
    assert pickle.loads(pickle.dumps(s)) == s and pickle.loads(pickle.dumps(s)).members == members


def test_the_cache_releases_its_objects_with_the_object(page: evovoice.ListResponse[evovoice.SessionInfo]) -> None:
    s = evovoice.SessionInfo.from_dict(rich(page).to_dict())
    name = s.display_name
    members = s.members
    assert name is not None and members is not None
    held_name, held_members = sys.getrefcount(name), sys.getrefcount(members)
    del s
    gc.collect()
    assert sys.getrefcount(name) == held_name - 1
    assert sys.getrefcount(members) == held_members - 1


def test_nested_objects_outlive_their_page(seeded: Emulator) -> None:
    with evovoice.Client(seeded.url, bearer_token=DEV_TOKEN) as c:
        page = c.list_sessions(count_per_page=60)
        s = rich(page)
        member, entry = (s.members or [])[0], (s.log or [])[-1]
        expected = (member.to_dict(), entry.to_dict())
        del page, s
        gc.collect()
        assert (member.to_dict(), entry.to_dict()) == expected
        assert member.identity == expected[0].get("identity")


def test_threads_reading_the_same_fields_get_the_same_objects(seeded: Emulator) -> None:
    with evovoice.Client(seeded.url, bearer_token=DEV_TOKEN) as c:
        page = c.list_sessions(count_per_page=60)
    names = evovoice.SessionInfo.__match_args__
    seen: List[List[Any]] = []
    barrier = threading.Barrier(4)

    def read() -> None:
        barrier.wait()
        seen.append([getattr(s, n) for s in page for n in names])

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 4
    assert all(a is b for other in seen[1:] for a, b in zip(seen[0], other))


def test_dto_objects_and_their_values_stay_out_of_the_cycle_collector(page: evovoice.ListResponse[evovoice.SessionInfo]) -> None:
    """They cannot form cycles (immutable, no reference back), so the collector is spared
    walking them, as msgspec's gc=False structs."""
    s = rich(page)
    member = (s.members or [])[0]
    assert not gc.is_tracked(s) and not gc.is_tracked(member)
    assert not gc.is_tracked(s.members) and not gc.is_tracked(s.log)
    data = next(m.application_data for m in s.members or [] if m.application_data)
    assert not gc.is_tracked(data)
    assert gc.is_tracked(list(s.members or []))  # a copy is an ordinary list
