"""Small HTTP servers on 127.0.0.1 for tests that need a server other than the emulator."""

from __future__ import annotations

import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Fixed(BaseHTTPRequestHandler):
    """Answers every GET with the JSON `body` (give a subclass its own)."""

    body = b"{}"

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        body = type(self).body
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class OneSession(Fixed):
    """Answers every GET with the session `{"id": "s1"}`, and records the Authorization header
    of each request in `hits` (give a subclass its own list)."""

    hits: list[str] = []
    body = b'{"id":"s1"}'

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        type(self).hits.append(self.headers.get("Authorization", ""))
        super().do_GET()


def serve(handler: type[BaseHTTPRequestHandler], tls: ssl.SSLContext | None = None) -> ThreadingHTTPServer:
    """`handler` served on a free port of 127.0.0.1 (over TLS with `tls`), on a daemon thread;
    `shutdown()` and `server_close()` stop it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
