"""Mount any WSGI app into ``responses``: requests to its base URL reach the app in-process."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlsplit

import requests
import responses

from .errors import FakeTimeout

WSGIApp = Callable[..., Any]
_METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")


def mount(rsps: responses.RequestsMock, base_url: str, app: WSGIApp) -> list[Any]:
    """Route every method under ``base_url`` to ``app`` through ``rsps``; returns the
    registrations, for :meth:`responses.RequestsMock.remove`."""
    parts = urlsplit(base_url)
    prefix = parts.path.rstrip("/")
    pattern = re.compile(
        "^" + re.escape(f"{parts.scheme}://{parts.netloc}{prefix}") + r"(?:[/?#].*)?$"
    )

    def callback(request: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        environ = _environ(request, prefix)
        captured: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None
                           ) -> Callable[[bytes], None]:
            captured["status"] = int(status.split(" ", 1)[0])
            captured["headers"] = headers
            return lambda chunk: None

        try:
            chunks = app(environ, start_response)
        except FakeTimeout as exc:
            raise requests.exceptions.ReadTimeout(str(exc), request=request) from None
        try:
            body = b"".join(chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
        headers: dict[str, str] = {}
        for name, value in captured["headers"]:
            if name.lower() in ("content-length",):
                continue
            headers[name] = value
        return captured["status"], headers, body

    return [rsps.add_callback(method, pattern, callback=callback) for method in _METHODS]


def _environ(request: requests.PreparedRequest, prefix: str) -> dict[str, Any]:
    parts = urlsplit(request.url or "")
    path = unquote(parts.path)
    if prefix and path.startswith(prefix):
        path = path[len(prefix):]
    body = request.body
    if body is None:
        data = b""
    elif isinstance(body, str):
        data = body.encode("utf-8")
    elif isinstance(body, bytes):
        data = body
    elif hasattr(body, "read"):
        chunk = body.read()
        data = chunk.encode("utf-8") if isinstance(chunk, str) else bytes(chunk)
    else:  # an iterable of chunks
        data = b"".join(c if isinstance(c, bytes) else str(c).encode() for c in body)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": (request.method or "GET").upper(),
        "SCRIPT_NAME": prefix,
        # WSGI carries PATH_INFO as latin-1 decoded bytes.
        "PATH_INFO": path.encode("utf-8").decode("latin-1"),
        "QUERY_STRING": parts.query,
        "SERVER_NAME": parts.hostname or "localhost",
        "SERVER_PORT": str(parts.port or (443 if parts.scheme == "https" else 80)),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "CONTENT_LENGTH": str(len(data)),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": parts.scheme or "http",
        "wsgi.input": io.BytesIO(data),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in request.headers.items():
        key = name.upper().replace("-", "_")
        if key == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = value
        elif key != "CONTENT_LENGTH":
            environ[f"HTTP_{key}"] = value
    return environ
