"""The transport as users meet it outside the lab, from Python: a server behind a private CA
(made here with trustme), an explicit proxy and the environment's, EVOVOICE_* defaults, and the
SDK's log records in Python's `logging` (caplog; EVOVOICE_LOG in a child process)."""

from __future__ import annotations

import logging
import os
import ssl
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
import trustme

import evovoice
from conftest import DEV_TOKEN, FAULT_PASSWORD, FAULT_TOKEN, Emulator
from faultproxy import FaultProxy, unique
from loopback import OneSession, serve

PROXY_VARS = ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy")
EVOVOICE_VARS = ("EVOVOICE_BASE_URL", "EVOVOICE_TOKEN", "EVOVOICE_USER", "EVOVOICE_PASSWORD", "EVOVOICE_LOG")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARS + EVOVOICE_VARS + ("SSL_CERT_FILE", "SSL_CERT_DIR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def tls() -> Iterator[tuple[str, trustme.CA]]:
    """An HTTPS server on 127.0.0.1 whose certificate a private CA (made here) signed."""
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    server = serve(OneSession, tls=context)
    yield f"https://127.0.0.1:{server.server_address[1]}", ca
    server.shutdown()
    server.server_close()


def test_a_private_ca_is_refused_by_default(tls: tuple[str, trustme.CA]) -> None:
    url, _ = tls
    with evovoice.Client(url, max_retries=0) as c:
        with pytest.raises(evovoice.ConnectionError, match="(?i)certificate"):
            c.get_session("s1")


def test_a_private_ca_given_explicitly_is_trusted(tls: tuple[str, trustme.CA], tmp_path: Path) -> None:
    url, ca = tls
    pem = ca.cert_pem.bytes()
    ca_file = tmp_path / "ca.pem"
    ca_file.write_bytes(pem)
    for given in (pem, pem.decode(), ca_file, str(ca_file)):
        with evovoice.Client(url, ca_certificates=given) as c:
            assert c.get_session("s1").id == "s1", type(given)
    with pytest.raises(FileNotFoundError):
        evovoice.Client(url, ca_certificates=tmp_path / "missing.pem")
    with pytest.raises(evovoice.InvalidRequestError):
        evovoice.Client(url, ca_certificates=b"not a certificate")
    with pytest.raises(TypeError):
        evovoice.Client(url, ca_certificates=42)  # type: ignore[arg-type]


def test_ssl_cert_file_is_honoured(tls: tuple[str, trustme.CA], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url, ca = tls
    ca_file = tmp_path / "ca.pem"
    ca_file.write_bytes(ca.cert_pem.bytes())
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    with evovoice.Client(url) as c:
        assert c.get_session("s1").id == "s1"


def test_an_explicit_proxy_and_the_environments(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    # FaultProxy relays what it receives: an absolute-form request (what a client sends a
    # forward proxy for an http:// target) reaches the emulator as it is, and is counted.
    proxy = FaultProxy(emulator.url)
    try:
        with evovoice.Client(emulator.url, bearer_token=DEV_TOKEN, proxy=proxy.url) as c:
            c.list_sessions()
        assert proxy.count("http://") == 1, proxy.seen
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        with evovoice.Client(emulator.url, bearer_token=DEV_TOKEN) as c:
            c.list_sessions()
        assert proxy.count("http://") == 2, "the environment's proxy is used by default"
        with evovoice.Client(emulator.url, bearer_token=DEV_TOKEN, proxy=False) as c:
            c.list_sessions()
        assert proxy.count("http://") == 2, "proxy=False: none"
        with pytest.raises(TypeError):
            evovoice.Client(emulator.url, proxy=3)  # type: ignore[arg-type]
    finally:
        proxy.close()


def test_evovoice_environment_variables_are_the_defaults(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVOVOICE_BASE_URL", emulator.url)
    monkeypatch.setenv("EVOVOICE_TOKEN", DEV_TOKEN)
    with evovoice.Client() as c:
        assert c.base_url == emulator.url
        c.list_sessions()
    with evovoice.Client(bearer_token="wrong-token", max_retries=0) as c:
        with pytest.raises(evovoice.AuthenticationError):
            c.list_sessions()
    monkeypatch.delenv("EVOVOICE_TOKEN")
    monkeypatch.setenv("EVOVOICE_USER", "dev@evovoice.local")
    monkeypatch.setenv("EVOVOICE_PASSWORD", "dev")
    with evovoice.Client() as c:
        assert "basic" in repr(c) and "'dev'" not in repr(c)
        c.list_sessions()


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_attempts_and_waits_are_logged_without_secrets(
    faulty: Emulator, caplog: pytest.LogCaptureFixture, kind: str
) -> None:
    caplog.set_level(logging.DEBUG, logger="evovoice")
    fault = unique("503;0; times=2")
    opts = dict(bearer_token=FAULT_TOKEN, headers={"X-Evovoice-Fault": fault, "X-Secret-Header": "hdr-SECRET-3"})
    if kind == "sync":
        with evovoice.Client(faulty.url, **opts) as c:  # type: ignore[arg-type]
            c.list_sessions()
    else:
        import asyncio

        async def run() -> None:
            async with evovoice.AsyncClient(faulty.url, **opts) as c:  # type: ignore[arg-type]
                await c.list_sessions()

        asyncio.run(run())
    ours = [r for r in caplog.records if r.name.startswith("evovoice")]
    messages = [r.getMessage() for r in ours]
    attempts = [m for m in messages if "evovoice attempt" in m]
    assert len(attempts) == 3, messages
    assert "attempt=1" in attempts[0] and "status=503" in attempts[0] and "retry_in_ms=" in attempts[0]
    assert "attempt=2" in attempts[1] and "retry_in_ms=" in attempts[1]
    assert "attempt=3" in attempts[2] and "status=200" in attempts[2] and "retry_in_ms" not in attempts[2]
    assert all('operation="ListSessions"' in m for m in attempts), attempts
    assert any("evovoice call done" in m and "attempts=3" in m for m in messages), messages
    assert all(r.levelno == logging.DEBUG and r.name == "evovoice.client" for r in ours)
    blob = "\n".join(messages) + caplog.text
    for secret in (FAULT_TOKEN, FAULT_PASSWORD, "hdr-SECRET-3", "Dev Account"):
        assert secret not in blob


def test_evovoice_log_turns_logging_on_in_a_program_that_does_not(emulator: Emulator) -> None:
    code = (
        "import evovoice\n"
        f"with evovoice.Client({emulator.url!r}, bearer_token={DEV_TOKEN!r}) as c:\n"
        "    c.list_sessions()\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in EVOVOICE_VARS}
    quiet = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert quiet.returncode == 0, quiet.stderr
    assert "evovoice" not in quiet.stderr
    loud = subprocess.run([sys.executable, "-c", code], env={**env, "EVOVOICE_LOG": "debug"}, capture_output=True, text=True, timeout=60)
    assert loud.returncode == 0, loud.stderr
    assert "DEBUG evovoice.client: evovoice attempt answered" in loud.stderr, loud.stderr
    assert DEV_TOKEN not in loud.stderr


def test_transport_failures_say_which_they_are(tls: tuple[str, trustme.CA], faulty: Emulator) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with evovoice.Client(f"http://127.0.0.1:{port}", max_retries=0) as c:
        with pytest.raises(evovoice.ConnectionError) as refused:
            c.get_session("s1")
    assert refused.value.transport_kind == "connectionRefused" and "refused" in str(refused.value)
    url, _ = tls
    with evovoice.Client(url, max_retries=0) as c:
        with pytest.raises(evovoice.ConnectionError) as tls_error:
            c.get_session("s1")
    assert tls_error.value.transport_kind == "tls", str(tls_error.value)
    with evovoice.Client(faulty.url, bearer_token=FAULT_TOKEN, max_retries=0, headers={"X-Evovoice-Fault": "drop"}) as c:
        with pytest.raises(evovoice.TransportError) as cut:
            c.list_sessions()
    assert type(cut.value) is evovoice.TransportError and cut.value.transport_kind == "bodyCutOff", str(cut.value)
    with evovoice.Client(faulty.url, bearer_token=FAULT_TOKEN, max_response_bytes=1024, headers={"X-Evovoice-Fault": "huge; 1"}) as c:
        with pytest.raises(evovoice.TransportError) as big:
            c.list_sessions()
    assert big.value.transport_kind == "tooLarge"
