"""Clients and os.fork(): the runtime threads of the SDK do not survive a fork, so a client is
bound to the process that made it. Nothing may hang: a client from the parent is refused with a
clear error in the child, a blocking client made in the child works, and the AsyncClient, whose
runtime is the parent's, is refused rather than left waiting. Decoded pages are plain Python
objects, which a child reads and frees like any other."""

from __future__ import annotations

import asyncio
import gc
import os

import pytest

import evovoice
from conftest import DEV_TOKEN, Emulator, run_in_forked_child

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX-only")


def test_clients_across_a_fork(seeded: Emulator) -> None:
    parent = evovoice.Client(seeded.url, bearer_token=DEV_TOKEN)
    first = parent.list_sessions(count_per_page=1).items[0]  # the shared runtime is running now

    def child() -> int:
        try:
            parent.get_session(first.id)
            return 10  # must not be usable here
        except evovoice.InvalidRequestError as e:
            if "another process" not in str(e):
                return 11
        with evovoice.Client(seeded.url, bearer_token=DEV_TOKEN) as own:
            if own.get_session(first.id) != first:
                return 12
            if len(own.list_sessions(count_per_page=3).items) != 3:
                return 13

        async def use_async() -> int:
            async with evovoice.AsyncClient(seeded.url, bearer_token=DEV_TOKEN) as c:
                try:
                    await c.get_session(first.id)
                    return 14
                except evovoice.InvalidRequestError as e:
                    return 0 if "forked" in str(e) else 15

        return asyncio.run(use_async())

    assert run_in_forked_child(child) == 0
    # The parent is unaffected.
    assert parent.get_session(first.id) == first
    parent.close()


def test_forked_child_decodes_and_frees_pages(seeded: Emulator) -> None:
    """A page is Python objects only (no Rust value, no helper thread): a forked child decodes,
    reads and frees one like any other object."""
    import urllib.request

    req = urllib.request.Request(f"{seeded.url}/sessions?countPerPage=5", headers={"Authorization": f"Bearer {DEV_TOKEN}"})
    body = urllib.request.urlopen(req, timeout=10).read()
    with evovoice.Client(seeded.url, bearer_token=DEV_TOKEN) as c:
        parent_ids = [s.id for s in c.list_sessions(count_per_page=5)]

    def child() -> int:  # sans-IO here; clients after a fork: test_clients_across_a_fork
        page = evovoice.parse_response("ListSessions", 200, body)
        ids = [s.id for s in page]
        del page
        gc.collect()
        return 0 if ids == parent_ids else 2

    assert run_in_forked_child(child) == 0
