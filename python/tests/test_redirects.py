"""Redirects: credentials never reach another origin. One loopback server redirects, another
counts what reaches it; the client must not follow a redirect across origins."""

from __future__ import annotations

import http.server
from typing import Iterator

import pytest

import evovoice
from loopback import OneSession, serve


class _Counting(OneSession):
    hits: list[str] = []


@pytest.fixture
def servers() -> Iterator[tuple[str, list[str]]]:
    _Counting.hits = []
    elsewhere = serve(_Counting)
    target = f"http://127.0.0.1:{elsewhere.server_address[1]}/sessions/s1"

    class Redirector(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    redirector = serve(Redirector)
    yield f"http://127.0.0.1:{redirector.server_address[1]}", _Counting.hits
    redirector.shutdown()
    elsewhere.shutdown()


def test_redirect_to_another_origin_is_not_followed(servers: tuple[str, list[str]]) -> None:
    url, hits = servers
    with evovoice.Client(url, bearer_token="redirect-secret") as c:
        with pytest.raises(evovoice.ApiError) as info:
            c.get_session("s1")
    assert info.value.status == 302
    assert hits == [], "the other origin got a request"
    assert "redirect-secret" not in str(info.value)


def test_credentials_need_https_or_an_explicit_opt_in() -> None:
    for make in (evovoice.Client, evovoice.AsyncClient):
        with pytest.raises(evovoice.InvalidRequestError, match="clear text"):
            make("http://evovoice.io", bearer_token="t")
        with pytest.raises(evovoice.InvalidRequestError, match="clear text"):
            make("http://evovoice.io", user_name="u", password="p")
        make("http://evovoice.io", bearer_token="t", allow_insecure_http=True)
        make("http://127.0.0.1:9", bearer_token="t")  # loopback is fine
        make("http://evovoice.io")  # no credentials, nothing to protect
