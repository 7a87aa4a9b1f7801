"""The read-only `list` and `dict` that DTO objects hand out.

A DTO object (`SessionInfo`, ...) is immutable and hashable, and reading one of its fields twice
returns the same object (built when the answer was read). A list or dict field is therefore
handed out read-only: a `list` (or `dict`) subclass whose mutating methods raise TypeError, so the
value an attribute shows always equals the one `==`, `hash()`, `to_dict()` and pickle use. Copy it
to change it: `list(s.members)`, `s.members[:]`, `dict(m.application_data)`, `copy.copy(...)` give
plain, mutable copies.
"""

from __future__ import annotations

from typing import Any, NoReturn


def _refuse(self: Any, *args: Any, **kwargs: Any) -> NoReturn:
    raise TypeError(
        f"this {type(self).__bases__[0].__name__} is read-only (a field of an immutable evovoice object); "
        f"copy it to change it, e.g. {type(self).__bases__[0].__name__}(value)"
    )


class ReadOnlyList(list):  # type: ignore[type-arg]
    """A list that cannot be changed: the value of a list field of an evovoice object."""

    __slots__ = ()
    append = extend = insert = pop = remove = clear = sort = reverse = _refuse
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse

    def __reduce__(self) -> Any:  # copy, deepcopy and pickle give a plain list
        return (list, (list(self),))

    def __reduce_ex__(self, protocol: Any) -> Any:
        return self.__reduce__()


class ReadOnlyDict(dict):  # type: ignore[type-arg]
    """A dict that cannot be changed: the value of a mapping field of an evovoice object."""

    __slots__ = ()
    clear = pop = popitem = setdefault = update = _refuse
    __setitem__ = __delitem__ = __ior__ = _refuse

    def __reduce__(self) -> Any:  # copy, deepcopy and pickle give a plain dict
        return (dict, (dict(self),))

    def __reduce_ex__(self, protocol: Any) -> Any:
        return self.__reduce__()
