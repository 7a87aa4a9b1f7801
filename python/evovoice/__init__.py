"""evovoice: a client of the Evo Voice Sessions API.

A thin Python surface over the Rust core (crate `evovoice`): `Client` (blocking) and
`AsyncClient` (asyncio) for the five operations, typed results (`SessionInfo`, `ListResponse`,
...), a real exception tree (`EvoVoiceError` and subclasses), and the sans-IO pair
`build_request` / `parse_response` for those who bring their own HTTP stack.

    import evovoice
    with evovoice.Client(bearer_token="...") as client:
        session = client.new_session(display_name="Support", channel="Chat")
        for s in client.iter_sessions(search_archive=True):
            print(s.id, s.channel)
"""

import atexit as _atexit

from ._evovoice import *  # noqa: F401,F403  (the stub's __all__ lists the names)
from ._evovoice import _quiesce
from ._evovoice import __version__ as __version__
from ._headers import Headers as Headers
from ._errors import (
    ApiError as ApiError,
    AuthenticationError as AuthenticationError,
    ConnectionError as ConnectionError,
    DecodeError as DecodeError,
    EvoVoiceError as EvoVoiceError,
    ForbiddenError as ForbiddenError,
    InvalidRequestError as InvalidRequestError,
    NotFoundError as NotFoundError,
    RateLimitError as RateLimitError,
    ServerError as ServerError,
    TimeoutError as TimeoutError,
    TransportError as TransportError,
    ValidationError as ValidationError,
)

# At exit, let async results still being handed over by the I/O threads finish before the
# interpreter finalizes (see `_quiesce` in python/src/client.rs).
_atexit.register(_quiesce)
