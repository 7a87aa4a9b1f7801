"""A blocking call can be interrupted with Ctrl-C (SIGINT -> KeyboardInterrupt)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from test_client import SilentServer

SCRIPT = """
import sys, time, evovoice
c = evovoice.Client(base_url=sys.argv[1], timeout=None)
print("calling", flush=True)
start = time.monotonic()
try:
    c.list_sessions()
except KeyboardInterrupt:
    print("interrupted after %.1f s" % (time.monotonic() - start), flush=True)
    sys.exit(3)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_interrupts_a_blocking_call() -> None:
    silent = SilentServer()
    try:
        proc = subprocess.Popen([sys.executable, "-c", SCRIPT, silent.url], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "calling"
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=10)
        assert proc.returncode == 3, out
        assert "interrupted" in out
    finally:
        silent.close()
