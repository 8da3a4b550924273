"""Mount any WSGI app into ``responses``: requests to its base URL reach the app in-process.

The environ is built by the WSGI transport's ``environ_for``, the one builder every
in-process door shares; an app raising ``TimeoutError`` gives the caller a
``requests`` ``ReadTimeout``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import requests
import responses

from ..transports.wsgi import WSGIApp, call_app, environ_for

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
        environ = environ_for(request.method or "GET", request.url or "", request.headers,
                              _body_bytes(request.body), prefix)
        try:
            status, header_list, body = call_app(app, environ)
        except TimeoutError as exc:
            raise requests.exceptions.ReadTimeout(str(exc), request=request) from None
        headers = {name: value for name, value in header_list
                   if name.lower() != "content-length"}
        return status, headers, body

    return [rsps.add_callback(method, pattern, callback=callback) for method in _METHODS]


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    if hasattr(body, "read"):
        chunk = body.read()
        return chunk.encode("utf-8") if isinstance(chunk, str) else bytes(chunk)
    return b"".join(c if isinstance(c, bytes) else str(c).encode() for c in body)
