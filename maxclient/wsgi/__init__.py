"""The REST client over an in-process WSGI app (webtest): no socket, no port.

>>> server = FakeMaxServer()
>>> client = MaxClient(server.wsgi_app, oauth_app=server.oauth_app)
>>> client.login("test_manager", "any")  # through the OAuth app, in process
>>> client.people["test_manager"].get()

Without ``oauth_app``, authenticate with ``setActor`` + ``setToken``.
"""

from __future__ import annotations

from typing import Any

from ..rest import MaxClient as RestMaxClient
from ..transports.base import Transport
from .max_app import MAX_MISSING, build_max_app, from_max_settings
from .transport import WebTestTransport, WSGIApp

__all__ = ["MAX_MISSING", "OAUTH_MOUNT", "MaxClient", "WebTestTransport", "build_max_app"]

OAUTH_MOUNT = "http://oauth.wsgi"
"""Where ``oauth_app`` is mounted when no ``oauth_server`` is given."""


class MaxClient(RestMaxClient):
    """``maxclient.rest.MaxClient`` whose requests go to ``app`` in process.

    ``url`` is a prefix for every request (``''``: paths go to the app as is).
    ``oauth_app``, a second WSGI app answering ``POST /token``, is mounted at
    ``oauth_server`` (default ``OAUTH_MOUNT``) so ``login`` works with no network.
    """

    def __init__(
        self,
        app: WSGIApp | None = None,
        url: str = "",
        oauth_server: str | None = None,
        actor: str | None = None,
        *,
        oauth_app: WSGIApp | None = None,
        lint: bool = False,
        transport: Transport | None = None,
        **kwargs: Any,
    ) -> None:
        if transport is None:
            if app is None:
                raise TypeError("maxclient.wsgi.MaxClient needs app=<a WSGI application>")
            mounts: dict[str, WSGIApp] = {}
            if oauth_app is not None:
                oauth_server = (oauth_server or OAUTH_MOUNT).rstrip("/")
                mounts[oauth_server] = oauth_app
            transport = WebTestTransport(app, mounts=mounts, lint=lint)
        self.app = app
        super().__init__(url, oauth_server=oauth_server, actor=actor, transport=transport,
                         **kwargs)

    from_max_settings = classmethod(from_max_settings)
