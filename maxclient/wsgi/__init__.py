"""The REST client over an in-process WSGI app (webtest): no socket, no port.

>>> server = FakeMaxServer()
>>> client = MaxClient(server.wsgi_app, oauth_app=server.oauth_app)
>>> client.login("test_manager", "any")  # through the OAuth app, in process
>>> client.people["test_manager"].get()

Without ``oauth_app``, authenticate with ``setActor`` + ``setToken``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import RequestError
from ..rest import MaxClient as RestMaxClient
from ..transports.base import Request, Response, Transport
from ..transports.http import RequestsTransport
from .max_app import MAX_MISSING, build_max_app, from_max_settings
from .transport import WebTestTransport, WSGIApp

__all__ = ["MAX_MISSING", "OAUTH_MOUNT", "MaxClient", "WebTestTransport", "build_max_app"]

OAUTH_MOUNT = "http://oauth.wsgi"
"""Where ``oauth_app`` is mounted when no ``oauth_server`` is given."""


class MaxClient(RestMaxClient):
    """``maxclient.rest.MaxClient`` whose requests go to a WSGI app in process.

    ``MaxClient(app)`` (or ``app=``) calls any WSGI app. ``MaxClient(url, ...)`` without
    an app keeps the original library's behaviour: MAX itself is built in this
    process with ``max.main`` from ``settings`` (or, when none are given, from the
    ``/info/settings`` the server at ``url`` reports to this client's credentials).
    ``oauth_app``, a second WSGI app answering ``POST /token``, is mounted at
    ``oauth_server`` (default ``OAUTH_MOUNT``) so ``login`` works with no network.
    """

    def __init__(
        self,
        url: str | WSGIApp = "",
        oauth_server: str | None = None,
        actor: str | None = None,
        *,
        app: WSGIApp | None = None,
        oauth_app: WSGIApp | None = None,
        settings: Mapping[str, Any] | None = None,
        global_config: Mapping[str, Any] | None = None,
        lint: bool = False,
        transport: Transport | None = None,
        **kwargs: Any,
    ) -> None:
        if callable(url):  # MaxClient(app, ...): the app given first
            app, url = url, ""
        if transport is None:
            mounts: dict[str, WSGIApp] = {}
            if oauth_app is not None:
                oauth_server = (oauth_server or OAUTH_MOUNT).rstrip("/")
                mounts[oauth_server] = oauth_app
            if app is not None:
                transport = WebTestTransport(app, mounts=mounts, lint=lint)
            else:
                transport = _MaxOnDemand(self, settings, global_config, mounts, lint)
        self.app = app
        super().__init__(url, oauth_server=oauth_server, actor=actor, transport=transport,
                         **kwargs)

    from_max_settings = classmethod(from_max_settings)


class _MaxOnDemand(Transport):
    """Builds MAX in process on the first API request, as the original wsgi client did.

    Like the original, discovery (``/info``) and OAuth calls still reach the real
    servers over HTTP; every other request goes to the app built from their settings.
    """

    def __init__(self, client: MaxClient, settings: Mapping[str, Any] | None,
                 global_config: Mapping[str, Any] | None, mounts: dict[str, WSGIApp],
                 lint: bool) -> None:
        self._client = client
        self._settings = settings
        self._global_config = global_config
        self._mounts = mounts
        self._lint = lint
        self._inner: WebTestTransport | None = None
        self._http: RequestsTransport | None = None

    def _remote(self) -> RequestsTransport:
        if self._http is None:
            self._http = RequestsTransport()
        return self._http

    def send(self, request: Request) -> Response:
        base = self._client.url
        path = request.url[len(base):] if request.url.startswith(base) else None
        if self._inner is None and (path is None or path.split("?")[0] in ("", "/info")):
            return self._remote().send(request)
        if self._inner is None:
            settings = self._settings if self._settings is not None else self._fetch_settings()
            app = build_max_app(settings, self._global_config)
            self._client.app = app
            self._inner = WebTestTransport(app, mounts=self._mounts, lint=self._lint)
        return self._inner.send(request)

    def _fetch_settings(self) -> Mapping[str, Any]:
        url = f"{self._client.url}/info/settings"
        answer = self._remote().send(Request("GET", url, self._client.auth_headers()))
        if answer.status != 200:
            raise RequestError(answer.status, f"Could not read {url} to build MAX in "
                                              f"process: {answer.text[:200]}")
        return dict(answer.json())

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
