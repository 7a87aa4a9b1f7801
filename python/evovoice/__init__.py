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

# EVOVOICE_LOG=debug (or info, warning, ...) turns on the SDK's log records (logger `evovoice`:
# one per attempt and per call, never a credential or a body) on stderr, for a program that does
# not configure logging itself.
def _log_from_environment() -> None:
    import logging
    import os

    level = os.environ.get("EVOVOICE_LOG", "").strip().upper()
    if not level:
        return
    logger = logging.getLogger("evovoice")
    logger.setLevel(getattr(logging, level, logging.DEBUG))
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
    _reset_logging_cache()


from ._evovoice import _reset_logging_cache  # noqa: E402

_log_from_environment()

# At exit, let async results still being handed over by the I/O threads finish before the
# interpreter finalizes (see `_quiesce` in python/src/client.rs).
_atexit.register(_quiesce)
