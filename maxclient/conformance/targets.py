"""The two MAX servers a conformance run compares, behind one tiny interface.

A target sends one request as a given user and returns status, MAX's JSON (or
text) and the headers that matter (``X-totalItems`` for HEAD counts). Tokens are
a target's business: the in-process fake mints its own, an HTTP server gets a
fixed token (the realmax harness accepts any) or one from its OAuth server.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from ..protocol import SCOPE, oauth_headers
from ..transports.base import Request, TransportError
from ..transports.http import RequestsTransport

__all__ = ["Answer", "FakeTarget", "HttpTarget", "Target"]

_KEPT_HEADERS = ("x-totalitems",)


@dataclass(slots=True)
class Answer:
    """What a server answered: ``body`` is parsed JSON, text, or None when empty."""

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def error(self) -> str | None:
        """MAX's error name (``{"error": "Forbidden", ...}``), if this is an error answer."""
        if isinstance(self.body, dict) and isinstance(self.body.get("error"), str):
            return self.body["error"]
        return None


def _parse(status: int, headers: Any, content: bytes) -> Answer:
    kept = {k: headers[k] for k in headers if k.lower() in _KEPT_HEADERS}
    kept = {k.lower(): v for k, v in kept.items()}
    if not content:
        return Answer(status, None, kept)
    try:
        return Answer(status, json.loads(content), kept)
    except ValueError:
        return Answer(status, content.decode("utf-8", "replace")[:200], kept)


def _encode(body: Any) -> bytes | None:
    if body is None:
        return None
    if isinstance(body, bytes):  # deliberately malformed input is sent as is
        return body
    return json.dumps(body).encode("utf-8")


class Target:
    """A MAX server to compare; ``name`` labels it in reports."""

    name = "target"
    disposable = False
    """True when :meth:`reset` empties it, so a replay may start from nothing."""

    def send(self, method: str, path: str, *, user: str | None, query: dict[str, Any] | None
             = None, body: Any = None) -> Answer:
        raise NotImplementedError

    def reset(self) -> None:
        """Start afresh, when the target can (see :attr:`disposable`)."""

    def close(self) -> None:
        """Release connections."""


class HttpTarget(Target):
    """A MAX reached over HTTP: the real one, the realmax harness or a served fake."""

    def __init__(self, url: str, *, token: str | Callable[[str], str] | None = None,
                 name: str = "http", reset: Callable[[], None] | bool = False,
                 timeout: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self.name = name
        self._transport = RequestsTransport(timeout=timeout, retries=0)
        self._tokens: dict[str, str] = {}
        self._token = token
        self._reset = reset
        self.disposable = bool(reset)

    def __repr__(self) -> str:
        return f"<HttpTarget {self.name} {self.url}>"

    def token_for(self, user: str) -> str:
        if isinstance(self._token, str):
            return self._token
        if user not in self._tokens:
            self._tokens[user] = (self._token(user) if self._token is not None
                                  else self._oauth_token(user))
        return self._tokens[user]

    def _oauth_token(self, user: str) -> str:
        """A password grant from the OAuth server MAX names in ``/info`` (open registration)."""
        info = self.send("GET", "/info", user=None).body or {}
        oauth = str(info.get("max.oauth_server", "")).rstrip("/")
        form = {"grant_type": "password", "client_id": "MAX", "scope": SCOPE,
                "username": user, "password": "conformance"}
        response = self._transport.send(Request("POST", f"{oauth}/token", {}, form=form))
        if response.status != 200:
            raise RuntimeError(f"{self.name}: OAuth refused a token for {user!r} "
                               f"({response.status}); pass --token")
        return str(response.json()["access_token"])

    def send(self, method: str, path: str, *, user: str | None, query: dict[str, Any] | None
             = None, body: Any = None) -> Answer:
        headers = {"Accept": "application/json"}
        if user is not None:
            headers.update(oauth_headers(self.token_for(user), user))
        data = _encode(body)
        if data is not None:
            headers["Content-Type"] = "application/json"
        url = self.url + path + ("?" + urlencode(query, doseq=True) if query else "")
        try:
            r = self._transport.send(Request(method, url, headers, data))
        except TransportError:
            try:  # a kept-alive connection the server dropped: once more, then report it
                r = self._transport.send(Request(method, url, headers, data))
            except TransportError as exc:
                return Answer(0, f"transport error: {type(exc).__name__}")
        return _parse(r.status, r.headers, r.content)

    def reset(self) -> None:
        self._tokens.clear()  # a reset server may have forgotten the tokens it gave
        if callable(self._reset):
            self._reset()
        elif self._reset:
            for attempt in (1, 2):  # a kept-alive connection the server dropped: once more
                try:
                    r = self._transport.send(Request("POST", self.url + "/__realmax__/reset", {}))
                except TransportError:
                    if attempt == 2:
                        raise
                    continue
                if r.status >= 300:
                    raise RuntimeError(f"{self.name}: reset answered {r.status}")
                return

    def close(self) -> None:
        self._transport.close()


class FakeTarget(Target):
    """An in-process :class:`~maxclient.testing.FakeMaxServer`, called through its WSGI app."""

    disposable = True

    def __init__(self, server: Any = None, *, name: str = "fake",
                 managers: tuple[str, ...] = ("test_manager",)) -> None:
        if server is None:
            from ..testing import FakeMaxServer

            server = FakeMaxServer(managers=managers)
        self.server = server
        self.name = name
        self._adopted: list[str] = []

    def __repr__(self) -> str:
        return f"<FakeTarget {self.name}>"

    def send(self, method: str, path: str, *, user: str | None, query: dict[str, Any] | None
             = None, body: Any = None) -> Answer:
        data = _encode(body) or b""
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method, "SCRIPT_NAME": "",
            "PATH_INFO": path.encode("utf-8").decode("latin-1"),
            "QUERY_STRING": urlencode(query, doseq=True) if query else "",
            "SERVER_NAME": "max.test", "SERVER_PORT": "80", "wsgi.url_scheme": "http",
            "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.input": io.BytesIO(data),
            "CONTENT_LENGTH": str(len(data)), "HTTP_ACCEPT": "application/json",
        }
        if data:
            environ["CONTENT_TYPE"] = "application/json"
        if user is not None:
            for key, value in self.server.auth_headers(user).items():
                environ["HTTP_" + key.upper().replace("-", "_")] = value
        captured: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], *exc: Any) -> None:
            captured.extend((int(status.split()[0]), dict(headers)))

        chunks = self.server.wsgi_app(environ, start_response)
        content = b"" if method == "HEAD" else b"".join(chunks)
        return _parse(captured[0], captured[1], content)

    def adopt_managers(self, names: list[str]) -> None:
        """Hold Manager as the compared server does (its /admin/security), now and after
        every reset, so role listings can agree."""
        self._adopted = [n for n in names if n not in self.server.managers]
        for name in self._adopted:
            self.server.add_manager(name)

    def reset(self) -> None:
        self.server.reset()
        for name in self._adopted:
            self.server.add_manager(name)
