"""Quickstart: the five operations of the Evo Voice Sessions API with the `evovoice` package.

    python examples/python/quickstart.py

Talks to EVOVOICE_BASE_URL with EVOVOICE_TOKEN when they are set; otherwise starts the local
emulator (target/debug/evovoice-emulator, built by `make emulator`) and stops it at the end.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Tuple

import evovoice

DEV_TOKEN = "evovoice-dev-token"


@contextmanager
def api() -> Iterator[Tuple[str, str]]:
    """(base URL, token): from the environment, or a local emulator started for the run."""
    base_url = os.environ.get("EVOVOICE_BASE_URL")
    if base_url:
        yield base_url, os.environ.get("EVOVOICE_TOKEN", DEV_TOKEN)
        return
    root = Path(__file__).resolve().parents[2]
    binary = Path(os.environ.get("EVOVOICE_EMULATOR", root / "target" / "debug" / "evovoice-emulator"))
    if not binary.exists():
        sys.exit(f"set EVOVOICE_BASE_URL, or build the emulator first: cargo build -p evovoice-emulator ({binary})")
    proc = subprocess.Popen(
        [str(binary), "--port", "0", "--seed", "30", "--watch-stdin"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        if not line.startswith("listening on "):
            sys.exit(f"the emulator did not start: {line!r}")
        yield line[len("listening on ") :], DEV_TOKEN
    finally:
        if proc.stdin:
            proc.stdin.close()
        proc.wait(timeout=10)


def show(session: evovoice.SessionInfo) -> str:
    members = ", ".join(f"{m.display_name or m.identity} ({m.role})" for m in session.members or [])
    return f"{session.id} [{session.channel}] {session.display_name or '-'!r} members: {members or 'none'}"


def main() -> None:
    with api() as (base_url, token):
        print(f"Evo Voice API at {base_url}")
        with evovoice.Client(base_url=base_url, bearer_token=token, timeout=30.0) as client:
            print(repr(client))

            # 1. NewSession
            chat = client.new_session(display_name="Support", channel="Chat", to_address="+15550001111")
            print("new_session:          ", show(chat))
            voice = client.new_session(display_name="Callback", channel=evovoice.FlowChannels.VOICE, destination="+15550002222")
            print("new_session:          ", show(voice))
            assert chat.id is not None and voice.id is not None

            # 2. GetSession
            again = client.get_session(chat.id)
            print("get_session:          ", show(again), "| same:", again == chat)

            # 3. InviteChatMember
            invited = client.invite_chat_member(chat.id, member_to_add="+15550003333", caller_id="+15550000000")
            print("invite_chat_member:   ", show(invited))

            # 4. AddConferenceMember
            conference = client.add_conference_member(
                voice.id, call_sid=voice.call_sid, destination="+15550004444", from_number="+15550000000"
            )
            print("add_conference_member:", show(conference), "| conference:", conference.conference_sid)

            # 5. ListSessions: one page, then every page lazily
            page = client.list_sessions(count_per_page=5, sort_order="Descend")
            print(f"list_sessions:         {len(page)} of {page.total_count} sessions ({page.total_pages} pages of 5)")
            for s in page:
                print("    ", show(s))
            channels: dict[str, int] = {}
            for s in client.iter_sessions(count_per_page=10):
                channels[str(s.channel)] = channels.get(str(s.channel), 0) + 1
            print("iter_sessions:         by channel", dict(sorted(channels.items())))

            # Errors are exceptions with a kind, a status and the server's details.
            try:
                # On purpose without the required channel (a type checker says so too).
                client.new_session(display_name="no channel")  # type: ignore[call-arg]
            except evovoice.ValidationError as e:
                print("ValidationError:      ", e.status, [(f.field_name, f.error_code) for f in e.field_errors])
            try:
                client.get_session("no-such-session")
            except evovoice.NotFoundError as e:
                print("NotFoundError:        ", e.status, e.error_code, e.message)

        # The same with asyncio: many calls at once.
        async def concurrently() -> None:
            async with evovoice.AsyncClient(base_url=base_url, bearer_token=token) as aclient:
                ids = [chat.id or "", voice.id or ""]
                sessions = await asyncio.gather(*(aclient.get_session(i) for i in ids))
                print("AsyncClient + gather: ", [s.display_name for s in sessions])
                count = 0
                async for _ in aclient.iter_sessions(count_per_page=25):
                    count += 1
                print("async iter_sessions:  ", count, "live sessions")

        asyncio.run(concurrently())
        print("done")


if __name__ == "__main__":
    main()
