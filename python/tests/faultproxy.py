"""A loopback HTTP/1.1 proxy for the fault matrix.

The Python clients send exactly what the core builds: no extra header, no extra query parameter
(list_sessions' keyword arguments are checked against the schema). So the tests put this proxy
between a real `evovoice.Client` / `AsyncClient` and an emulator started with `--faults`:

- it adds `X-Evovoice-Fault: <fault>` to every request it forwards while `proxy.fault` is set
  (the emulator's own fault-injection header, see tests/emulator/README.md);
- it records every request line it forwards (method and raw target, exactly as the client sent
  them), so tests count the attempts a client made and see the raw path of a session id;
- responses are relayed byte for byte, and when the emulator closes or drops a connection the
  proxy closes the client's: a `drop` or `truncated; full-length` fault reaches the client as is.

Requests are framed by Content-Length (the core always sends one with a body); anything else
(chunked request bodies, upgrades) is refused by closing the connection, which a test would see.
"""

from __future__ import annotations

import socket
import threading
import uuid
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urlsplit

FAULT_HEADER = b"X-Evovoice-Fault"


@dataclass(frozen=True)
class Seen:
    """One request the proxy forwarded."""

    method: str
    target: str  # the raw request target: path and query, exactly as sent
    fault: Optional[str]
    headers: tuple[tuple[str, str], ...] = ()  # as the client sent them: (lower-case name, value)

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    def header(self, name: str) -> Optional[str]:
        """The value of the client's header `name` (any case), if it sent one."""
        values = [v for n, v in self.headers if n == name.lower()]
        return values[0] if values else None


def unique(fault: str) -> str:
    """`fault` with a fresh `key=`: its `times=N` counter starts at zero whatever ran before."""
    return f"{fault}; key={uuid.uuid4().hex}"


class FaultProxy:
    def __init__(self, upstream_url: str) -> None:
        parts = urlsplit(upstream_url)
        assert parts.hostname in ("127.0.0.1", "localhost", "::1"), "loopback only"
        self.upstream = (parts.hostname, parts.port or 80)
        self.fault: Optional[str] = None
        self._seen: list[Seen] = []
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._closed = False
        self._live = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        threading.Thread(target=self._accept, name="fault-proxy", daemon=True).start()

    # -- what tests use --------------------------------------------------------------------

    @property
    def seen(self) -> list[Seen]:
        with self._lock:
            return list(self._seen)

    def count(self, path_prefix: str = "/") -> int:
        """How many requests whose path starts with `path_prefix` went through."""
        return sum(1 for s in self.seen if s.path.startswith(path_prefix))

    @property
    def live_connections(self) -> int:
        """Client connections not yet closed (by either side)."""
        with self._lock:
            return self._live

    def clear(self) -> None:
        with self._lock:
            self._seen.clear()

    def close(self) -> None:
        self._closed = True
        self._listener.close()
        with self._lock:
            sockets = list(self._sockets)
        for s in sockets:
            _close(s)

    # -- the relay ---------------------------------------------------------------------------

    def _track(self, s: socket.socket) -> None:
        with self._lock:
            self._sockets.add(s)

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.upstream)
            except OSError:
                _close(client)
                continue
            for s in (client, upstream):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self._track(s)
            with self._lock:
                self._live += 1
            threading.Thread(target=self._requests, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._responses, args=(upstream, client), daemon=True).start()

    def _requests(self, client: socket.socket, upstream: socket.socket) -> None:
        """Client -> emulator, one request at a time, with the fault header added."""
        buf = b""
        try:
            while True:
                while b"\r\n\r\n" not in buf:
                    chunk = client.recv(65536)
                    if not chunk:
                        return
                    buf += chunk
                head, buf = buf.split(b"\r\n\r\n", 1)
                lines = head.split(b"\r\n")
                method, target, _version = lines[0].decode("latin-1").split(" ", 2)
                length = 0
                sent: list[tuple[str, str]] = []
                for line in lines[1:]:
                    name, _, value = line.partition(b":")
                    name = name.strip().lower()
                    sent.append((name.decode("latin-1"), value.strip().decode("latin-1")))
                    if name == b"content-length":
                        length = int(value.strip())
                    elif name == b"transfer-encoding":
                        return  # not something the core sends
                while len(buf) < length:
                    chunk = client.recv(65536)
                    if not chunk:
                        return
                    buf += chunk
                body, buf = buf[:length], buf[length:]
                fault = self.fault
                if fault is not None:
                    lines.append(FAULT_HEADER + b": " + fault.encode())
                with self._lock:
                    self._seen.append(Seen(method, target, fault, tuple(sent)))
                upstream.sendall(b"\r\n".join(lines) + b"\r\n\r\n" + body)
        except (OSError, ValueError):
            pass
        finally:
            _close(upstream)
            _close(client)
            with self._lock:
                self._live -= 1
                self._sockets.difference_update((client, upstream))

    def _responses(self, upstream: socket.socket, client: socket.socket) -> None:
        """Emulator -> client, byte for byte; the emulator's close is passed on."""
        try:
            while True:
                chunk = upstream.recv(65536)
                if not chunk:
                    break
                client.sendall(chunk)
        except OSError:
            pass
        finally:
            _close(client)
            _close(upstream)


def _close(s: socket.socket) -> None:
    try:
        s.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    s.close()
