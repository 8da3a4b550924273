"""Call a WSGI app in-process, httpx-style: ``Request`` → environ → ``Response``.

No socket, no third-party mock: this is how a client reaches the fake MAX
directly, how the fake's ``responses`` mount builds its environ, and how the
fake's own seeding calls travel. ``environ_for`` is the one WSGI environ builder
those doors share. An app raising ``TimeoutError`` stands for a server that did
not answer in time (the transport raises ``TimeoutException``).

MAX's real app is wrapped by the webtest transport instead (``maxclient.wsgi``),
which adds WSGI linting and webtest's own upload encoding.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import unquote, urlencode, urlsplit

from urllib3 import encode_multipart_formdata

from .base import Headers, Request, Response, TimeoutException, Transport

__all__ = ["WSGIApp", "WSGITransport", "call_app", "encode_body", "environ_for"]

WSGIApp = Callable[..., Iterable[bytes]]

_BASE_ENVIRON: dict[str, Any] = {
    "SERVER_PROTOCOL": "HTTP/1.1",
    "wsgi.version": (1, 0),
    "wsgi.errors": sys.stderr,
    "wsgi.multithread": True,
    "wsgi.multiprocess": False,
    "wsgi.run_once": False,
}


def environ_for(method: str, url: str, headers: Mapping[str, str], body: bytes = b"",
                script_name: str = "") -> dict[str, Any]:
    """A WSGI environ for one request; ``url`` may be absolute or a path with a query.

    ``script_name`` is the mount prefix, cut from the path (WSGI's ``SCRIPT_NAME``).
    """
    scheme, netloc, path, query, _fragment = urlsplit(url)
    path = unquote(path) or "/"
    if script_name and (path == script_name or path.startswith(script_name + "/")):
        path = path[len(script_name):]
    scheme = scheme or "http"
    hostport = netloc.rpartition("@")[2]
    if hostport.startswith("["):  # an IPv6 literal keeps its colons
        host, _, rest = hostport[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    else:
        host, _, port = hostport.partition(":")
    environ = dict(_BASE_ENVIRON)
    environ.update({
        "REQUEST_METHOD": method.upper(),
        "SCRIPT_NAME": script_name,
        # WSGI carries PATH_INFO as latin-1 decoded bytes.
        "PATH_INFO": path.encode("utf-8").decode("latin-1"),
        "QUERY_STRING": query,
        "SERVER_NAME": host.lower() or "localhost",
        "SERVER_PORT": port or ("443" if scheme == "https" else "80"),
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(body),
    })
    if netloc:
        environ["HTTP_HOST"] = netloc
    for name, value in headers.items():
        key = name.upper().replace("-", "_")
        if key == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = value
        elif key != "CONTENT_LENGTH":
            environ["HTTP_" + key] = value
    return environ


def call_app(app: WSGIApp, environ: dict[str, Any]) -> tuple[int, list[tuple[str, str]], bytes]:
    """Run ``app`` once: (status code, header list, body)."""
    captured: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None
                       ) -> Callable[[bytes], None]:
        captured[:] = [status, headers]
        return _no_write

    chunks = app(environ, start_response)
    try:
        body = chunks[0] if type(chunks) is list and len(chunks) == 1 else b"".join(chunks)
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
    return int(captured[0][:3]), captured[1], body


def _no_write(chunk: bytes) -> None:
    raise NotImplementedError("write() is not supported; return the body instead")


def encode_body(request: Request) -> tuple[bytes, dict[str, str]]:
    """The request's body bytes, with the headers that describe them."""
    headers = dict(request.headers)
    if request.files:
        fields: list[tuple[str, Any]] = list((request.form or {}).items())
        for name, (filename, data, ctype) in request.files.items():
            fields.append((name, (filename, data, ctype) if ctype else (filename, data)))
        body, content_type = encode_multipart_formdata(fields)
        _drop(headers, "content-type")
        headers["Content-Type"] = content_type
        return body, headers
    if request.body is not None:
        return request.body, headers
    if request.form is not None:
        _drop(headers, "content-type")
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return urlencode(request.form).encode("utf-8"), headers
    return b"", headers


def _drop(headers: dict[str, str], name: str) -> None:
    for key in [k for k in headers if k.lower() == name]:
        del headers[key]


class WSGITransport(Transport):
    """Send each request to the WSGI app mounted at the longest matching URL prefix.

    ``WSGITransport(app)`` serves every URL; ``mounts`` maps base URLs
    (``"http://max.test"``, ``"http://oauth.test"``) to apps, whose path part
    becomes ``SCRIPT_NAME``. A URL no mount serves raises ``ConnectError``-like
    ``TransportError`` through ``send``: nothing leaves the process.
    """

    def __init__(self, app: WSGIApp | None = None,
                 mounts: Mapping[str, WSGIApp] | None = None) -> None:
        self.app = app
        self._mounts = sorted(((base.rstrip("/"), a) for base, a in (mounts or {}).items()),
                              key=lambda item: -len(item[0]))

    def __repr__(self) -> str:
        return f"<WSGITransport app={self.app!r} mounts={[b for b, _ in self._mounts]}>"

    def _resolve(self, url: str) -> tuple[WSGIApp, str]:
        for base, app in self._mounts:
            if url == base or url.startswith((base + "/", base + "?")):
                return app, urlsplit(base).path
        if self.app is None:
            from .base import ConnectError

            raise ConnectError("could not be reached (no WSGI app is mounted there)", "refused")
        return self.app, ""

    def send(self, request: Request) -> Response:
        app, script_name = self._resolve(request.url)
        body, headers = encode_body(request)
        environ = environ_for(request.method, request.url, headers, body, script_name)
        try:
            status, header_list, content = call_app(app, environ)
        except TimeoutError as exc:
            raise TimeoutException(f"did not answer in time ({exc or 'timed out'})",
                                   "timeout") from None
        out = Headers()
        for name, value in header_list:
            out[name] = f"{out[name]}, {value}" if name in out else value
        if request.method.upper() == "HEAD":
            content = b""
        return Response(status, out, content, request.url)
