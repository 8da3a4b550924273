"""A transport that calls a WSGI app in-process through ``webtest``: no socket, no port.

Used to run MAX (or the fake) inside the test process while the client code stays
exactly the one used over HTTP. Error statuses come back as responses
(``expect_errors``), and an exception raised by the app becomes the JSON 500 MAX
answers in testing mode, carrying the traceback, so callers see the same
``RequestError(500, "ServerError: <traceback>")`` as over the wire.
"""

from __future__ import annotations

import json
import traceback
import warnings
from collections.abc import Callable, Mapping
from io import BytesIO
from typing import Any
from urllib.parse import urlencode, urlsplit

with warnings.catch_warnings():
    # webob (under webtest) imports the stdlib's deprecated ``cgi`` before Python 3.13:
    # webob's warning, which is not our users' to see in every test run.
    warnings.filterwarnings("ignore", "'cgi' is deprecated", DeprecationWarning)
    from webtest import TestApp, TestRequest

from ..protocol import error_body
from ..transports.base import Headers, Request, Response, Transport

__all__ = ["WSGIApp", "WebTestTransport"]

WSGIApp = Callable[..., Any]


class WebTestTransport(Transport):
    """Send each request to ``app`` (or to the app mounted at the URL's prefix).

    ``mounts`` maps a URL prefix (``"http://oauth.wsgi"`` or ``"/oauth"``) to another
    WSGI app, e.g. the OAuth server, which then sees the rest of the path with the
    prefix's path as ``SCRIPT_NAME``. ``lint`` wraps apps in WSGI's lint middleware.
    """

    def __init__(
        self,
        app: WSGIApp,
        mounts: Mapping[str, WSGIApp] | None = None,
        lint: bool = False,
        extra_environ: Mapping[str, str] | None = None,
    ) -> None:
        self.app = app
        self._default = TestApp(app, extra_environ=dict(extra_environ or {}), lint=lint)
        # Longest prefix first so "/oauth/x" beats "/oauth".
        self._mounts = sorted(
            ((p.rstrip("/"), TestApp(a, lint=lint)) for p, a in (mounts or {}).items()),
            key=lambda item: -len(item[0]),
        )

    def __repr__(self) -> str:
        return f"<WebTestTransport app={self.app!r} mounts={[p for p, _ in self._mounts]}>"

    def _route(self, url: str) -> tuple[TestApp, str, dict[str, str]]:
        for prefix, testapp in self._mounts:
            if url == prefix or url.startswith(prefix + "/") or url.startswith(prefix + "?"):
                base = urlsplit(prefix)
                environ = {"SCRIPT_NAME": base.path}
                if base.netloc:
                    environ["HTTP_HOST"] = base.netloc
                rest = url[len(prefix):] or "/"
                return testapp, rest if rest[0] == "/" else "/" + rest, environ
        return self._default, url or "/", {}

    def send(self, request: Request) -> Response:
        testapp, url, environ = self._route(request.url)
        try:
            res = self._call(testapp, request, url, environ)
        except Exception:
            # webtest re-raises what the app raised; over HTTP MAX would answer a
            # JSON 500 with the traceback (include_traceback_in_500_errors).
            return _server_error(request.url, traceback.format_exc())
        headers = Headers()
        for name, value in res.headerlist:
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        content = b"" if request.method.upper() == "HEAD" else res.body
        return Response(res.status_int, headers, content, request.url)

    @staticmethod
    def _call(testapp: TestApp, request: Request, url: str, environ: dict[str, str]) -> Any:
        method = request.method.upper()
        headers = dict(request.headers)
        if request.files:
            # webtest's own multipart encoder, as the brief of this transport says.
            uploads = [(field, name, data, ctype) if ctype else (field, name, data)
                       for field, (name, data, ctype) in request.files.items()]
            verb = {"POST": testapp.post, "PUT": testapp.put, "PATCH": testapp.patch}.get(method)
            if verb is None:
                raise ValueError(f"multipart uploads need POST, PUT or PATCH, not {method}")
            headers.pop("Content-Type", None)
            return verb(url, params=list((request.form or {}).items()), upload_files=uploads,
                        headers=headers, extra_environ=environ, expect_errors=True)
        body = request.body
        if body is None and request.form is not None:
            body = urlencode(request.form).encode("utf-8")
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        environ = {**environ, "REQUEST_METHOD": method}
        req = TestRequest.blank(url, environ)
        if body is not None:
            req.environ["wsgi.input"] = BytesIO(body)
            req.content_length = len(body)
        req.headers.update(headers)
        return testapp.do_request(req, status=None, expect_errors=True)


def _server_error(url: str, text: str) -> Response:
    body = json.dumps(error_body("ServerError", text)).encode("utf-8")
    headers = Headers({"Content-Type": "application/json", "Content-Length": str(len(body))})
    return Response(500, headers, body, url)
