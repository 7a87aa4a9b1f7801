"""The exception tree of the evovoice package.

The native extension raises these: it picks the class from the core's error kind and HTTP
status, and sets the text to the core's message (which never contains tokens or passwords).
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any, Optional, Sequence

from ._headers import Headers

if TYPE_CHECKING:  # pragma: no cover
    from ._evovoice import FieldError, ResponseStatus

__all__ = [
    "EvoVoiceError",
    "ApiError",
    "ValidationError",
    "AuthenticationError",
    "ForbiddenError",
    "NotFoundError",
    "RateLimitError",
    "ServerError",
    "TransportError",
    "ConnectionError",
    "TimeoutError",
    "DecodeError",
    "InvalidRequestError",
]


class EvoVoiceError(Exception):
    """Base class of every error of the SDK.

    `kind` is the core's error kind (`api`, `decode`, `transport`, `timeout`, `aborted`,
    `invalidRequest`); `status` the HTTP status when the server answered. An error the server
    answered with also carries the answer's `headers` (a case-insensitive mapping),
    `request_id` (from the usual request-id headers, when the server sent one) and
    `retry_after` (seconds, from Retry-After); they are None otherwise.

    Errors pickle, copy and deepcopy to equal values (`==` compares class, `args` and
    attributes), also across processes. Being mutable, they are not hashable.
    """

    kind: str = "error"
    status: Optional[int] = None
    headers: Optional[Headers] = None
    request_id: Optional[str] = None
    retry_after: Optional[float] = None

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message: Optional[str] = message

    # Pickling, copy and deepcopy rebuild the error without calling `__init__` (whose arguments
    # differ from class to class): the same class, `args` and attributes. So an error raised in
    # a worker process (ProcessPoolExecutor, multiprocessing, Celery) reaches the parent as the
    # same class with its `status`, `response_status`, `headers`, `request_id`, ...
    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, self.__dict__))

    def __eq__(self, other: object) -> bool:
        """Errors are equal when they are of the same class, with the same `args` and attributes
        (so a copy, or an error that went through pickle, equals the original)."""
        if not isinstance(other, EvoVoiceError):
            return NotImplemented
        return type(self) is type(other) and self.args == other.args and self.__dict__ == other.__dict__

    # Exceptions are mutable (attributes can be set, `add_note`): with a value `==`, they are
    # not hashable.
    __hash__ = None  # type: ignore[assignment]


def _rebuild(cls: type[EvoVoiceError], args: tuple[Any, ...], state: dict[str, Any]) -> EvoVoiceError:
    """An error of class `cls` with these `args` and attributes (see `EvoVoiceError.__reduce__`)."""
    exc = cls.__new__(cls, *args)
    exc.args = args
    exc.__dict__.update(state)
    return exc


class ApiError(EvoVoiceError):
    """The server answered with an error status.

    `status`, `error_code` and `message` are the server's (or, for an empty or non-JSON error
    body, the status as text and the reason phrase); `field_errors` lists per-field errors;
    `response_status` is the whole ServiceStack ResponseStatus.
    """

    kind = "api"

    def __init__(
        self,
        status: Optional[int],
        error_code: Optional[str],
        message: Optional[str],
        field_errors: Sequence[FieldError] = (),
        response_status: Optional[ResponseStatus] = None,
        *,
        headers: Optional[Headers] = None,
        request_id: Optional[str] = None,
        retry_after: Optional[float] = None,
    ) -> None:
        text = f"HTTP {status}"
        if error_code:
            text += f" {error_code}"
        if message:
            text += f": {message}"
        super().__init__(text)
        self.status = status
        self.error_code = error_code
        self.message = message
        self.field_errors: list[FieldError] = list(field_errors)
        self.response_status = response_status
        self.headers = headers
        self.request_id = request_id
        self.retry_after = retry_after


class ValidationError(ApiError):
    """400: the request was invalid; see `field_errors`."""


class AuthenticationError(ApiError):
    """401: not authenticated (check the bearer token or user name and password)."""


class ForbiddenError(ApiError):
    """403: authenticated, but the user lacks the role or permission the operation needs."""


class NotFoundError(ApiError):
    """404: no such session (or route)."""


class RateLimitError(ApiError):
    """429: too many requests; `retry_after` says (in seconds) when to try again, if the server
    said."""


class ServerError(ApiError):
    """5xx: the server failed (GETs were retried as the client's `max_retries` allows)."""


class TransportError(EvoVoiceError):
    """Connecting, sending or receiving failed. `transport_kind` says what, for a program:
    `dns`, `connectionRefused`, `tls`, `connect`, `connectionReset` (no answer came: these
    raise ConnectionError), `bodyCutOff`, `tooLarge` or `other`; the message says it for a
    person, with the chain of causes."""

    kind = "transport"
    transport_kind: Optional[str] = None


class ConnectionError(TransportError, builtins.ConnectionError):
    """No answer came: the connection could not be made (refused, unknown host, TLS) or was
    lost before the server answered."""


class TimeoutError(EvoVoiceError, builtins.TimeoutError):
    """The request did not complete within the client's timeout."""

    kind = "timeout"


class DecodeError(EvoVoiceError):
    """The server's answer was not what the API promises.

    `path` is where in the JSON the problem is (e.g. `items[3].members[0].muted`, `.` for the
    root), `detail` what was wrong, `snippet` the start of the body.
    """

    kind = "decode"

    def __init__(
        self,
        message: str,
        *,
        status: Optional[int] = None,
        path: Optional[str] = None,
        detail: Optional[str] = None,
        snippet: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.path = path
        self.detail = detail
        self.snippet = snippet


class InvalidRequestError(EvoVoiceError, ValueError):
    """The request was refused before any I/O (e.g. an empty session id, a closed client)."""

    kind = "invalidRequest"


# The classes are `evovoice.NotFoundError` (not `evovoice._errors.NotFoundError`) in tracebacks
# and pickles, like the package's other classes.
for _name in __all__:
    globals()[_name].__module__ = "evovoice"
del _name
