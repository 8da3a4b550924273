"""What the REST and RPC clients share: credentials, discovery, sending."""

from __future__ import annotations

import base64
import getpass
import time
from typing import Any, TypeVar

from urllib3.util.retry import Retry

from . import _logging, protocol
from .compat.attributes import OriginalAttributes
from .errors import BadUsernameOrPasswordError, RequestError
from .transports.base import Request, Response, Transport, TransportError
from .transports.http import DEFAULT_RETRIES, DEFAULT_TIMEOUT, RequestsTransport

__all__ = [
    "DEFAULT_CLIENT_ID",
    "DEFAULT_GRANT_TYPE",
    "DEFAULT_HUB_SERVER",
    "DEFAULT_MAX_SERVER",
    "DEFAULT_OAUTH_SERVER",
    "DEFAULT_SCOPE",
    "BaseClient",
    "get_hub_info",
    "get_max_info",
    "get_max_url_from_hub_domain",
]

DEFAULT_MAX_SERVER = "http://localhost:8081"
DEFAULT_OAUTH_SERVER = "https://oauth.upcnet.es"
DEFAULT_HUB_SERVER = "https://hub.ulearn.upcnet.es"
DEFAULT_SCOPE = protocol.SCOPE
DEFAULT_GRANT_TYPE = "password"
DEFAULT_CLIENT_ID = "MAX"

C = TypeVar("C", bound="BaseClient")


def _fetch_info(url: str, kind: str, transport: Transport | None = None) -> dict[str, Any]:
    own = transport is None
    tr = transport if transport is not None else RequestsTransport()
    try:
        try:
            r = tr.send(Request("GET", f"{url}/info", {"Accept": "application/json"}))
        except TransportError as exc:
            raise RequestError(
                0, f"Server {url} did not respond. Is this a valid {kind} url? ({exc})"
            ) from None
    finally:
        if own:
            tr.close()
    if r.status == 502:
        raise RequestError(502, f"Server {url} responded with 502. Is {kind} running?")
    if r.status == 500:
        raise RequestError(500, f"Server {url} failed with 500 Internal Error")
    if r.status != 200:
        raise RequestError(r.status, f"Server {url} answered /info with {r.status}")
    try:
        info: dict[str, Any] = r.json()
        return info
    except ValueError:
        raise RequestError(r.status, f"Server {url} answered /info without JSON") from None


def get_max_info(url: str, transport: Transport | None = None) -> dict[str, Any]:
    """MAX's public ``/info`` (version, ``max.oauth_server``...)."""
    return _fetch_info(url.rstrip("/"), "max", transport)


def get_hub_info(hub_url: str, transport: Transport | None = None) -> dict[str, Any]:
    """A uLearn hub's ``/info``: its domains and their MAX servers."""
    return _fetch_info(hub_url.rstrip("/"), "hub", transport)


def get_max_url_from_hub_domain(
    hub_url: str, domain: str, transport: Transport | None = None
) -> str:
    """The MAX url the hub assigns to ``domain`` (or the hub's default + domain)."""
    info = get_hub_info(hub_url, transport)
    domains = info.get("domains") or {}
    if domain in domains:
        return str(domains[domain]["max_server_url"])
    default = info.get("default_maxserver_url")
    if default:
        return f"{default.rstrip('/')}/{domain}"
    raise RequestError(404, f"There's no domain {domain} on {hub_url}")


class BaseClient(OriginalAttributes):
    """Authentication and transport shared by ``rest.MaxClient`` and ``rpc.MaxClient``.

    Every request takes its credentials from ``OAuth2AuthHeaders()`` (or basic
    auth) at send time, so subclasses can add headers by overriding it.
    """

    def __init__(
        self,
        url: str = DEFAULT_MAX_SERVER,
        oauth_server: str | None = None,
        actor: str | None = None,
        auth_method: str = "oauth2",
        expand_underscores: bool = True,
        scope: str = DEFAULT_SCOPE,
        grant_type: str = DEFAULT_GRANT_TYPE,
        client_id: str = DEFAULT_CLIENT_ID,
        debug: bool = False,
        *,
        transport: Transport | None = None,
        timeout: float | tuple[float, float] | None = DEFAULT_TIMEOUT,
        verify: bool | str = True,
        retries: Retry | int | None = DEFAULT_RETRIES,
    ) -> None:
        self.url = url.rstrip("/")
        self.expand_underscores = expand_underscores
        self._oauth_server = oauth_server  # also ``__oauth_server__`` (compat)
        self._server_info: dict[str, Any] | None = None
        self.actor: dict[str, str] | None = None
        self.setActor(actor)
        self.token: str | None = None
        self.auth_method = auth_method
        self.scope = scope
        self.grant_type = grant_type
        self.client_id = client_id
        self.metadata: dict[str, Any] = {}
        self.ba_username: str | None = None
        self._ba_header: str | None = None
        self.debug = debug
        if transport is None:
            transport = RequestsTransport(timeout=timeout, retries=retries, verify=verify)
        self.transport = transport
        self._log = _logging.enable_debug() if debug else _logging.logger

    def __repr__(self) -> str:
        actor = self.actor["username"] if self.actor else None
        return f"<{type(self).__module__}.{type(self).__name__} url={self.url!r} actor={actor!r}>"

    # Discovery -------------------------------------------------------------

    @classmethod
    def from_hub_domain(
        cls: type[C], domain: str, hub: str = DEFAULT_HUB_SERVER, *args: Any, **kwargs: Any
    ) -> C:
        """A client for the MAX server a uLearn hub assigns to ``domain``."""
        return cls(get_max_url_from_hub_domain(hub, domain), *args, **kwargs)

    @property
    def server_info(self) -> dict[str, Any]:
        if self._server_info is None:
            self._server_info = get_max_info(self.url, self.transport)
        return self._server_info

    @property
    def oauth_server(self) -> str:
        """Given, or read once from MAX's ``/info`` (``max.oauth_server``)."""
        if self._oauth_server is None:
            found = self.server_info.get("max.oauth_server")
            if not found:
                raise RequestError(0, f"Server {self.url} does not publish max.oauth_server")
            self._oauth_server = found
        return self._oauth_server.rstrip("/")

    @oauth_server.setter
    def oauth_server(self, value: str | None) -> None:
        self._oauth_server = value

    # Credentials -----------------------------------------------------------

    def login(self, username: str | None = None, password: str | None = None) -> str:
        """Interactive when arguments are missing, for command-line scripts."""
        if username is None:
            username = input("Username: ")
        if password is None:
            password = getpass.getpass(f"Password for {username}: ")
        self.setActor(username)
        return self.getToken(username, password)

    def getToken(self, username: str, password: str | None, bypass: bool = False) -> str:
        """Password grant against ``{oauth_server}/token``; stores and returns the token."""
        oauth = self.oauth_server
        form = {
            "grant_type": self.grant_type,
            "client_id": self.client_id,
            "scope": self.scope,
            "username": username,
            "password": password or "",
            "bypass": str(bool(bypass)),
        }
        r = self._send(Request("POST", f"{oauth}/token", {"Accept": "application/json"},
                               form=form))
        del form
        if r.status == 200:
            try:
                body = r.json()
            except ValueError:
                body = {}
            token = body.get("access_token") or body.get("oauth_token")
            if token:
                self.setToken(token)
                return str(token)
            raise RequestError(200, f"No token found in the response of {oauth}/token")
        raise BadUsernameOrPasswordError(oauth, self.url, username, password)

    def getActor(self) -> str:
        return self.actor["username"] if self.actor else ""

    def setActor(self, actor: str | None, type: str = "person") -> None:
        self.actor = {"objectType": type, "username": actor} if actor else None

    def setToken(self, oauth2_token: str | None) -> None:
        self.token = oauth2_token

    def setBasicAuth(self, username: str, password: str) -> None:
        """Alternative to OAuth2, used with ``auth_method='basic'``."""
        self.ba_username = username
        raw = f"{username}:{password}".encode()
        self._ba_header = "Basic " + base64.b64encode(raw).decode("ascii")

    def OAuth2AuthHeaders(self) -> dict[str, str]:
        return protocol.oauth_headers(
            self.token or "", self.actor["username"] if self.actor else "", self.scope or ""
        )

    def BasicAuthHeaders(self) -> dict[str, str]:
        return {"Authorization": self._ba_header} if self._ba_header else {}

    def auth_headers(self) -> dict[str, str]:
        """Fresh headers for one request, per ``auth_method``."""
        if self.auth_method == "basic":
            return dict(self.BasicAuthHeaders())
        return dict(self.OAuth2AuthHeaders())

    # Sending ---------------------------------------------------------------

    def _send(self, request: Request) -> Response:
        """Send through the transport; transport failures become ``RequestError(0)``."""
        log = self._log.isEnabledFor(20)
        start = time.perf_counter() if log else 0.0
        try:
            response = self.transport.send(request)
        except TransportError as exc:
            if log:
                _logging.log_exchange(request, None, time.perf_counter() - start, self._log)
            raise RequestError(
                0, f"Server {self.url} did not respond. Is this a valid max url? ({exc})"
            ) from None
        if log:
            _logging.log_exchange(request, response, time.perf_counter() - start, self._log)
        return response

    def close(self) -> None:
        self.transport.close()

    def __enter__(self: C) -> C:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

