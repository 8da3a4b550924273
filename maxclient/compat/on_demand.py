"""The original ``maxclient.wsgi`` client built MAX in process from a URL: kept for it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import RequestError
from ..transports.base import Request, Response, Transport
from ..transports.http import RequestsTransport
from ..wsgi.max_app import build_max_app
from ..wsgi.transport import WebTestTransport, WSGIApp

if TYPE_CHECKING:
    from ..wsgi import MaxClient as WSGIClient

__all__ = ["MaxOnDemand"]


class MaxOnDemand(Transport):
    """Builds MAX in process on the first API request, as the original wsgi client did.

    Like the original, discovery (``/info``) and OAuth calls still reach the real
    servers over HTTP; every other request goes to the app built from their settings.
    """

    def __init__(self, client: WSGIClient, settings: Mapping[str, Any] | None,
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
