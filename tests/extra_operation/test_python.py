"""The test-only operation GetSessionLog from Python (see README.md): the extension built with
the core's `test-operation` feature has `get_session_log` on Client and AsyncClient although
nothing in python/ names it, with its docstring, its stub signature and its typed answer.
Run by `make test-extra-operation`, in a fresh venv holding that build, against an emulator
with the same feature (EVOVOICE_EMULATOR)."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

import evovoice
import evovoice._evovoice as native

ROOT = Path(__file__).resolve().parents[2]
DOC = "The log of one session, oldest entry first (`GET /sessions/{sessionId}/log`; a test-only operation)."

# The suite's emulator runner (python/tests/conftest.py), loaded under its own name.
sys.path.insert(0, str(ROOT / "python" / "tests"))
_spec = importlib.util.spec_from_file_location("evovoice_suite_conftest", ROOT / "python" / "tests" / "conftest.py")
assert _spec and _spec.loader
suite = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(suite)


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    assert os.environ.get("EVOVOICE_EMULATOR"), "run through `make test-extra-operation`"
    emu = suite.Emulator()
    yield emu.url
    emu.stop()


def test_client_has_the_method(url: str) -> None:
    with evovoice.Client(base_url=url, bearer_token=suite.DEV_TOKEN) as c:
        s = c.new_session(display_name="Log from Python", channel="Chat")
        assert s.id
        c.invite_chat_member(s.id, member_to_add="+15550100")
        log = c.get_session_log(s.id)
        assert isinstance(log, evovoice.SessionLog)
        assert log.session_id == s.id
        assert log.entries and log.total == len(log.entries)
        assert isinstance(log.entries[0], evovoice.SessionLogInfo)
        assert log.entries[0].message == "Session created by dev@evovoice.local"
        assert any("+15550100" in (e.message or "") for e in log.entries)
        assert log.to_dict()["sessionId"] == s.id
        with pytest.raises(evovoice.NotFoundError):
            c.get_session_log("no-such-session")
        with pytest.raises(TypeError, match="unexpected keyword argument 'tail'"):
            c.get_session_log(s.id, tail=3)


def test_async_client_has_the_method(url: str) -> None:
    async def main() -> evovoice.SessionLog:
        async with evovoice.AsyncClient(base_url=url, bearer_token=suite.DEV_TOKEN) as c:
            s = await c.new_session(display_name="Async log", channel="Chat")
            assert s.id
            return await c.get_session_log(s.id)

    log = asyncio.run(main())
    assert log.entries and log.entries[0].message == "Session created by dev@evovoice.local"


def test_documented_and_in_the_stub() -> None:
    assert evovoice.Client.get_session_log.__doc__ == DOC
    assert evovoice.AsyncClient.get_session_log.__doc__ == DOC
    stub = native._generated_stubs()
    assert f'    def get_session_log(self, session_id: str) -> SessionLog:\n        """{DOC}"""' in stub
    assert f'    async def get_session_log(self, session_id: str) -> SessionLog:\n        """{DOC}"""' in stub
    assert '"SessionLog",' in stub and "class SessionLog:" in stub
    assert 'operation: Literal["GetSessionLog"]' in stub


def test_typed_for_mypy(tmp_path: Path) -> None:
    """mypy --strict reads the generated stub: the right call passes, the wrong ones fail."""
    site = Path(evovoice.__file__).parent
    (site / "_evovoice.pyi").write_text(native._generated_stubs(), encoding="utf-8")
    good = tmp_path / "good.py"
    good.write_text(
        "import evovoice\n"
        "def total(c: evovoice.Client, sid: str) -> int:\n"
        "    log: evovoice.SessionLog = c.get_session_log(sid)\n"
        "    return (log.total or 0) + len(log.entries or [])\n"
    )
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import evovoice\n"
        "def wrong(c: evovoice.Client) -> None:\n"
        "    c.get_session_log(42)\n"
        "    s: evovoice.SessionInfo = c.get_session_log('x')\n"
    )
    mypy = [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]
    ok = subprocess.run([*mypy, str(good)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    ko = subprocess.run([*mypy, str(bad)], capture_output=True, text=True)
    assert ko.returncode == 1, ko.stdout
    assert 'bad.py:3: error: Argument 1 to "get_session_log" of "Client" has incompatible type "int"; expected "str"' in ko.stdout, ko.stdout
    assert 'bad.py:4: error: Incompatible types in assignment (expression has type "SessionLog", variable has type "SessionInfo")' in ko.stdout, ko.stdout
