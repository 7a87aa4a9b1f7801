"""examples/python/quickstart.py runs against the emulator (given by EVOVOICE_BASE_URL), and
on its own (starting its own emulator)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import DEV_TOKEN, Emulator

QUICKSTART = Path(__file__).resolve().parents[2] / "examples" / "python" / "quickstart.py"


def run(env: dict[str, str]) -> str:
    proc = subprocess.run([sys.executable, str(QUICKSTART)], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stderr == ""
    return proc.stdout


def test_quickstart_against_the_emulator(emulator: Emulator) -> None:
    env = dict(os.environ, EVOVOICE_BASE_URL=emulator.url, EVOVOICE_TOKEN=DEV_TOKEN)
    out = run(env)
    for op in ("new_session", "get_session", "invite_chat_member", "add_conference_member", "list_sessions", "iter_sessions"):
        assert op in out
    assert "ValidationError" in out and "NotFoundError" in out and out.strip().endswith("done")
    assert DEV_TOKEN not in out


def test_quickstart_starts_its_own_emulator() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("EVOVOICE_BASE_URL", "EVOVOICE_TOKEN")}
    out = run(env)
    assert "list_sessions" in out and out.strip().endswith("done")
