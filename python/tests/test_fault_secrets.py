"""Secrets under faults (issue 6): with `logging` at DEBUG and stdout/stderr captured (the
emulator's included: it writes to our stderr), every fault is run through both clients with a
bearer token and with a user name and password; neither secret appears in the repr/str of the
clients or of any exception, nor in the log or the captured output."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

import evovoice
from conftest import FAULT_PASSWORD, FAULT_TOKEN, FAULT_USER
from faultproxy import FaultProxy
from test_faults import exception_text

FAULTS = [
    "500",
    "502-html",
    "503;0",
    "504",
    "429;0",
    "truncated",
    "truncated;full-length",
    "invalid-json",
    "wrong-types",
    "wrong-types;muted",
    "unknown-values",
    "huge;1",
    "delay;1000",
    "drop",
]
CREDENTIALS: list[dict[str, Any]] = [
    {"bearer_token": FAULT_TOKEN},
    {"user_name": FAULT_USER, "password": FAULT_PASSWORD},
]
OPTIONS = {"timeout": 0.3, "max_retries": 0, "max_response_bytes": 512 * 1024}


def test_no_secret_in_reprs_exceptions_logs_or_output(
    proxy: FaultProxy, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    logging.getLogger().setLevel(logging.DEBUG)
    logging.getLogger("asyncio").setLevel(logging.DEBUG)
    texts: list[str] = []
    outcomes: dict[str, set[str]] = {}

    def record(fault: str, e: BaseException | None) -> None:
        outcomes.setdefault(fault, set()).add(type(e).__name__ if e else "ok")
        if e is not None:
            texts.append(exception_text(e))
            texts.append(repr(getattr(e, "headers", None)))
            logging.getLogger("evovoice.test").debug("fault %s raised %r", fault, e)

    for creds in CREDENTIALS:
        with evovoice.Client(proxy.url, **creds, **OPTIONS) as c:
            texts += [repr(c), str(c)]
            for fault in FAULTS:
                proxy.fault = fault
                try:
                    c.list_sessions()
                    record(fault, None)
                except evovoice.EvoVoiceError as e:
                    record(fault, e)
            proxy.fault = None
            session = c.list_sessions().items[0]
            texts += [repr(session), repr(session.to_dict())]

        async def run(creds: dict[str, Any] = creds) -> None:
            async with evovoice.AsyncClient(proxy.url, **creds, **OPTIONS) as c:
                texts.extend([repr(c), str(c)])
                for fault in FAULTS:
                    proxy.fault = fault
                    try:
                        await c.list_sessions()
                        record(fault, None)
                    except evovoice.EvoVoiceError as e:
                        record(fault, e)
                proxy.fault = None

        asyncio.run(run())

    # A failed login names neither the password tried nor the right one.
    with evovoice.Client(proxy.url, **OPTIONS) as c:
        with pytest.raises(evovoice.AuthenticationError) as info:
            c.login(FAULT_USER, "pw-WRONG-" + FAULT_PASSWORD)
        texts.append(exception_text(info.value))
        auth = c.login(FAULT_USER, FAULT_PASSWORD)
        texts += [repr(c), repr(auth)]

    out, err = capfd.readouterr()
    texts += [caplog.text, out, err]
    blob = "\n".join(texts)
    for secret in (FAULT_TOKEN, FAULT_PASSWORD, "pw-WRONG-"):
        assert secret not in blob
    # The matrix really ran: every fault raised its error or (unknown values) decoded.
    assert outcomes["500"] == {"ServerError"}
    assert outcomes["503;0"] == {"ServerError"}
    assert outcomes["429;0"] == {"RateLimitError"}
    assert outcomes["truncated;full-length"] == {"TransportError"}
    assert outcomes["wrong-types;muted"] == {"DecodeError"}
    assert outcomes["huge;1"] == {"TransportError"}
    assert outcomes["delay;1000"] == {"TimeoutError"}
    assert outcomes["unknown-values"] == {"ok"}
