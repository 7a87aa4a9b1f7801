"""A process that used AsyncClient exits cleanly. An async result is handed to asyncio from an I/O
thread; were the interpreter to finalize while such a thread briefly waited for the GIL, the
process would abort ("PyGILState_Release ... finalizing") or segfault at exit, about once in 15
runs before the fix (`_quiesce` at exit). Twenty fresh processes must all exit with 0."""

from __future__ import annotations

import subprocess
import sys

from conftest import DEV_TOKEN, Emulator

SCRIPT = """
import asyncio, sys, evovoice
async def main():
    async with evovoice.AsyncClient(sys.argv[1], bearer_token=sys.argv[2]) as c:
        await asyncio.gather(*(c.list_sessions(count_per_page=3) for _ in range(4)))
        async for _ in c.iter_sessions(count_per_page=10):
            pass
asyncio.run(main())
print("done")
"""


def test_processes_using_async_client_exit_cleanly(seeded: Emulator) -> None:
    procs = [
        subprocess.Popen([sys.executable, "-c", SCRIPT, seeded.url, DEV_TOKEN], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(20)
    ]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert (p.returncode, out.strip()) == (0, "done"), err[-2000:]
