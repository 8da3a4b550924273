"""Raw-socket servers on 127.0.0.1 that misbehave on purpose: trickle, hang, flood, redirect.

Each connection is handled by ``handler(conn, request_bytes)`` in its own thread; the
accept loop polls in short bounded steps and everything closes when the block ends.
"""

from __future__ import annotations

import contextlib
import json
import select
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

Handler = Callable[[socket.socket, bytes], None]


def _read_request(conn: socket.socket) -> bytes:
    conn.settimeout(5)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            want = int(line.split(b":")[1])
            while len(body) < want:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                body += chunk
    return head + b"\r\n\r\n" + body


class RawServer:
    def __init__(self, handler: Handler, tls: ssl.SSLContext | None = None) -> None:
        self.handler = handler
        self.requests: list[bytes] = []
        self._tls = tls
        self._stop = threading.Event()
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self.port = self._sock.getsockname()[1]
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://127.0.0.1:{self.port}"
        self._threads: list[threading.Thread] = []
        self._loop = threading.Thread(target=self._accept, daemon=True)
        self._loop.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self._sock], [], [], 0.05)
            if not ready:
                continue
            conn, _ = self._sock.accept()
            worker = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            worker.start()
            self._threads.append(worker)

    def _serve(self, conn: socket.socket) -> None:
        try:
            if self._tls is not None:
                conn = self._tls.wrap_socket(conn, server_side=True)
            request = _read_request(conn)
            self.requests.append(request)
            self.handler(conn, request)
        except (OSError, ssl.SSLError):
            pass
        finally:
            with contextlib.suppress(OSError):
                conn.close()

    def stopping(self) -> bool:
        return self._stop.is_set()

    def close(self) -> None:
        self._stop.set()
        self._loop.join(timeout=5)
        self._sock.close()
        for worker in self._threads:
            worker.join(timeout=5)


@contextlib.contextmanager
def raw_server(handler: Handler, tls: ssl.SSLContext | None = None) -> Iterator[RawServer]:
    server = RawServer(handler, tls)
    try:
        yield server
    finally:
        server.close()


def answer(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> bytes:
    lines = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def json_answer(status: int, value: Any, headers: dict[str, str] | None = None) -> bytes:
    return answer(status, json.dumps(value).encode(),
                  {"Content-Type": "application/json", **(headers or {})})


def canned(data: bytes) -> Handler:
    def handler(conn: socket.socket, _: bytes) -> None:
        conn.sendall(data)
    return handler


def trickle(body: bytes, every: float, server_stop: Callable[[], bool]) -> Handler:
    """Headers at once, then the body one byte at a time, ``every`` seconds apart."""
    def handler(conn: socket.socket, _: bytes) -> None:
        conn.sendall(answer(200, b"", {"Content-Type": "application/json"})
                     .replace(b"Content-Length: 0", f"Content-Length: {len(body)}".encode()))
        for byte in body:
            if server_stop():
                return
            conn.sendall(bytes([byte]))
            time.sleep(every)
    return handler


def hang(seconds: float, server_stop: Callable[[], bool]) -> Handler:
    """Read the request and say nothing for ``seconds`` (or until the server stops)."""
    def handler(conn: socket.socket, _: bytes) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end and not server_stop():
            time.sleep(0.05)
    return handler


def flood(total: int, chunk: int = 1 << 16, declare: bool = True) -> Handler:
    """``total`` bytes of JSON-ish filler, with or without a Content-Length."""
    def handler(conn: socket.socket, _: bytes) -> None:
        head = "HTTP/1.1 200 X\r\nContent-Type: application/json\r\nConnection: close\r\n"
        head += f"Content-Length: {total}\r\n" if declare else ""
        conn.sendall((head + "\r\n").encode())
        sent = 0
        block = b" " * chunk
        while sent < total:
            piece = block[: min(chunk, total - sent)]
            conn.sendall(piece)
            sent += len(piece)
    return handler
