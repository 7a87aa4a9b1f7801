"""Fixtures: the emulator binary started on a free port (one per configuration), killed at
teardown; it also exits by itself when our end of its stdin closes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Callable, Iterator

import pytest

from faultproxy import FaultProxy

ROOT = Path(__file__).resolve().parents[2]
EMULATOR = Path(os.environ.get("EVOVOICE_EMULATOR", ROOT / "target" / "debug" / "evovoice-emulator"))
DEV_TOKEN = "evovoice-dev-token"
VIEWER_TOKEN = "evovoice-viewer-token"


class Emulator:
    def __init__(self, *args: str) -> None:
        if not EMULATOR.exists():
            pytest.fail(f"emulator binary missing: {EMULATOR} (run `cargo build -p evovoice-emulator`)")
        self.proc = subprocess.Popen(
            [str(EMULATOR), "--port", "0", "--watch-stdin", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=sys.stderr,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        prefix = "listening on "
        if not line.startswith(prefix):
            self.stop()
            pytest.fail(f"emulator did not start: {line!r}")
        self.url = line[len(prefix):]

    def stop(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    """A fresh emulator without seed data (tests create what they need)."""
    emu = Emulator()
    yield emu
    emu.stop()


@pytest.fixture(scope="session")
def seeded() -> Iterator[Emulator]:
    """An emulator with 60 deterministic seed sessions (never written to by the tests)."""
    emu = Emulator("--seed", "60")
    yield emu
    emu.stop()


@pytest.fixture(scope="session")
def attribute_emulator() -> Iterator[Emulator]:
    """An emulator whose 401/403 look like ServiceStack's attribute failures."""
    emu = Emulator("--auth-style", "attribute")
    yield emu
    emu.stop()


# Fault injection (issue 6): an emulator started with `--faults` and its own secrets, so that
# every exception of the fault matrix can be checked for them; the tests reach it through a
# FaultProxy (faultproxy.py), which adds the fault header and counts the requests.
FAULT_TOKEN = "tok-FAULT-SECRET-7c1e42"
FAULT_PASSWORD = "pw-FAULT-SECRET-93ab0d"
FAULT_USER = "dev@evovoice.local"
FAULT_SEED = 4


@pytest.fixture(scope="session")
def faulty() -> Iterator[Emulator]:
    """An emulator honouring fault injection, 4 seed sessions, secret token and password."""
    emu = Emulator("--faults", "--seed", str(FAULT_SEED), "--token", FAULT_TOKEN, "--password", FAULT_PASSWORD)
    yield emu
    emu.stop()


@pytest.fixture()
def proxy(faulty: Emulator) -> Iterator[FaultProxy]:
    """A fresh FaultProxy in front of `faulty` (no fault set, nothing counted yet)."""
    p = FaultProxy(faulty.url)
    yield p
    p.close()


def run_in_forked_child(body: Callable[[], int], timeout: float = 30.0) -> int:
    """Runs `body` in a forked child and returns its exit code. The child never outlives the
    test: past `timeout` seconds it is killed and the test fails (a hang must not stall the suite)."""
    import signal
    import time

    pid = os.fork()
    if pid == 0:
        code = 99
        try:
            code = body()
        finally:
            os._exit(code)
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise AssertionError(f"the forked child hung for {timeout} s")
        time.sleep(0.02)
