"""Mount any WSGI app into ``responses`` or ``requests-mock``: requests to its base URL
reach the app in-process, whichever of the two mocking libraries a test already uses.

The environ is built by the WSGI transport's ``environ_for``, the one builder every
in-process door shares; an app raising ``TimeoutError`` gives the caller a
``requests`` ``ReadTimeout``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, cast
from urllib.parse import urlsplit

import requests
import responses

from ..transports.wsgi import WSGIApp, call_app, environ_for

Answer = tuple[int, dict[str, str], bytes]


class _Mount(responses.CallbackResponse):
    """Every method under one base URL, answered by a WSGI app.

    Never listed as unfired: ``assert_all_requests_are_fired`` is about the
    responses a test registered itself, not about the fake standing behind them.
    """

    def matches(self, request: requests.PreparedRequest) -> tuple[bool, str]:
        if not self._url_matches(self.url, str(request.url)):
            return False, "URL does not match"
        return True, ""

    @property
    def call_count(self) -> int:
        return max(1, len(self.calls))


def _pattern(base_url: str) -> tuple[re.Pattern[str], str]:
    parts = urlsplit(base_url)
    prefix = parts.path.rstrip("/")
    root = re.escape(f"{parts.scheme}://{parts.netloc}{prefix}")
    return re.compile("^" + root + r"(?:[/?#].*)?$"), prefix


def _answer(app: WSGIApp, request: requests.PreparedRequest, prefix: str) -> Answer:
    headers = cast("Mapping[str, str]", request.headers)  # requests sends str values
    environ = environ_for(request.method or "GET", request.url or "", headers,
                          _body_bytes(request.body), prefix)
    try:
        status, header_list, body = call_app(app, environ)
    except TimeoutError as exc:
        raise requests.exceptions.ReadTimeout(str(exc), request=request) from None
    answer = {name: value for name, value in header_list if name.lower() != "content-length"}
    return status, answer, body


def mount(rsps: responses.RequestsMock, base_url: str, app: WSGIApp) -> list[Any]:
    """Route every method under ``base_url`` to ``app`` through ``rsps``; returns the
    registrations, for :meth:`responses.RequestsMock.remove`."""
    pattern, prefix = _pattern(base_url)

    def callback(request: requests.PreparedRequest) -> Answer:
        return _answer(app, request, prefix)

    return [rsps.add(_Mount(responses.GET, pattern, callback=callback))]


def mount_requests_mock(mocker: Any, base_url: str, app: WSGIApp) -> Any:
    """The same through a ``requests_mock.Mocker`` (the ``requests_mock`` fixture)."""
    import requests_mock

    pattern, prefix = _pattern(base_url)

    def content(request: Any, context: Any) -> bytes:
        status, headers, body = _answer(app, request, prefix)
        context.status_code = status
        context.headers.update(headers)
        return body

    return mocker.register_uri(requests_mock.ANY, pattern, content=content)


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
