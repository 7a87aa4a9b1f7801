"""`Headers`: the headers of an answer, as a read-only, case-insensitive mapping."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

__all__ = ["Headers"]


class Headers(Mapping[str, str]):
    """The headers of an answer: a read-only mapping whose keys are the lower-case header
    names and whose lookups ignore case (`headers["Content-Type"]`). A repeated header maps to
    its first value; `get_all(name)` gives every value. The repr shows the values of cookie and
    authentication headers as `***`.

    Pickles and copies to an equal value. Not hashable: like every `Mapping` it compares equal
    to a plain dict of the same items."""

    __slots__ = ("_items", "_first", "_redacted")

    def __init__(self, items: Iterable[tuple[str, str]] = (), redacted: Iterable[str] = ()) -> None:
        self._items: tuple[tuple[str, str], ...] = tuple((str(k).lower(), str(v)) for k, v in items)
        first: dict[str, str] = {}
        for k, v in self._items:
            first.setdefault(k, v)
        self._first = first
        self._redacted = frozenset(n.lower() for n in redacted)

    def __getitem__(self, name: str) -> str:
        if not isinstance(name, str):
            raise KeyError(name)
        return self._first[name.lower()]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._first

    def __iter__(self) -> Iterator[str]:
        return iter(self._first)

    def __len__(self) -> int:
        return len(self._first)

    def get_all(self, name: str) -> list[str]:
        """Every value of header `name` (any case), in the order received."""
        lower = name.lower()
        return [v for k, v in self._items if k == lower]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Headers):
            return self._items == other._items
        if isinstance(other, Mapping):
            return dict(self._first) == {str(k).lower(): v for k, v in other.items()}
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type[Headers], tuple[tuple[tuple[str, str], ...], tuple[str, ...]]]:
        return (Headers, (self._items, tuple(sorted(self._redacted))))

    def __repr__(self) -> str:
        shown = {k: ("***" if k in self._redacted else v) for k, v in self._items}
        return f"Headers({shown!r})"


Headers.__module__ = "evovoice"  # `evovoice.Headers` in reprs of types and in pickles
