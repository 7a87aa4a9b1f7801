"""Work done in a ProcessPoolExecutor's worker (a spawned process) by test_pickle.py: its
results and errors come back to the parent through pickle."""

from __future__ import annotations

import evovoice


def get_session(url: str, token: str, session_id: str) -> evovoice.SessionInfo:
    """A session fetched in the worker (raises NotFoundError for an unknown id)."""
    with evovoice.Client(base_url=url, bearer_token=token) as client:
        return client.get_session(session_id)


def list_sessions(url: str, token: str) -> evovoice.ListResponse[evovoice.SessionInfo]:
    with evovoice.Client(base_url=url, bearer_token=token) as client:
        return client.list_sessions(count_per_page=5)


def new_session_without_channel(url: str, token: str) -> None:
    """Raises the server's ValidationError (field errors, response status)."""
    with evovoice.Client(base_url=url, bearer_token=token) as client:
        client.new_session(display_name="no channel")  # type: ignore[call-arg]


def reraise(error: BaseException) -> None:
    """Raises in the worker an error made in the parent (it went there through pickle)."""
    raise error
