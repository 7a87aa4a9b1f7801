"""Clients and os.fork(): the runtime threads of the SDK do not survive a fork, so a client is
bound to the process that made it. Nothing may hang: a client from the parent is refused with a
clear error in the child, a blocking client made in the child works, and the AsyncClient, whose
runtime is the parent's, is refused rather than left waiting."""

from __future__ import annotations

import asyncio
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
