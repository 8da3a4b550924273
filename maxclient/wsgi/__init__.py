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

from ..compat.on_demand import MaxOnDemand
from ..rest import MaxClient as RestMaxClient
from ..transports.base import Transport
from .max_app import MAX_MISSING, build_max_app, from_max_settings
from .transport import WebTestTransport, WSGIApp

__all__ = ["MAX_MISSING", "OAUTH_MOUNT", "MaxClient", "WebTestTransport", "build_max_app"]

OAUTH_MOUNT = "http://oauth.wsgi"
"""Where ``oauth_app`` is mounted when no ``oauth_server`` is given."""


class MaxClient(RestMaxClient):
    """``maxclient.rest.MaxClient`` whose requests go to a WSGI app in process (webtest), for
    MAX's own integration tests and any test wrapping a WSGI app: same tree, same errors.

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
                transport = MaxOnDemand(self, settings, global_config, mounts, lint)
        self.app = app
        super().__init__(url, oauth_server=oauth_server, actor=actor, transport=transport,
                         **kwargs)

    from_max_settings = classmethod(from_max_settings)
