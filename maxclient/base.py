"""The base both clients share: identity, OAuth login, discovery, sending (the
REST and RPC clients differ only in how they shape calls and answers)."""

from __future__ import annotations

import base64
import copy
import getpass
import re
import time
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

from urllib3.util.retry import Retry

from . import _logging, protocol
from .compat.attributes import OriginalAttributes
from .errors import BadUsernameOrPasswordError, RequestError
from .transports.base import Request, Response, Transport, TransportError
from .transports.http import (
    DEFAULT_DEADLINE,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRY_AFTER,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    RequestsTransport,
)

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

DEFAULT_MAX_DEPTH = 100
"""Deepest JSON nesting accepted in an answer (MAX's documents nest a handful of levels)."""

_MAX_TOKEN_REDIRECTS = 3
_TOKEN_CHARS = re.compile(r"[\x21-\x7e]+\Z")
_NAME_CHARS = re.compile(r"[^\x00-\x1f\x7f]+\Z")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _check_value(field: str, value: str, secret: bool) -> None:
    ok = isinstance(value, str) and (
        _TOKEN_CHARS.match(value) if secret
        else _NAME_CHARS.match(value) and value == value.strip() and _latin1(value))
    if not ok:
        shown = "the value is not shown" if secret else f"got {value!r}"
        allowed = ("printable ASCII without spaces" if secret
                   else "latin-1 text without control characters or surrounding spaces")
        raise ValueError(f"{field} cannot be sent in a header: it must be {allowed} ({shown})")


def _latin1(value: str) -> bool:
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def unreachable(role: str, request: Request, exc: TransportError) -> RequestError:
    """``RequestError(0)`` naming the server (MAX, OAuth, hub), what went wrong, and the
    request, its URL redacted; ``.cause`` is the transport's one-word cause."""
    parts = urlsplit(request.url)
    where = _logging.redact_url(parts.path or "/")
    return RequestError(0, f"{role} server {parts.scheme}://{parts.netloc} {exc} "
                           f"({request.method} {where})", cause=getattr(exc, "cause", "other"))


def _fetch_info(url: str, kind: str, transport: Transport | None = None) -> dict[str, Any]:
    own = transport is None
    tr = transport if transport is not None else RequestsTransport()
    try:
        request = Request("GET", f"{url}/info", {"Accept": "application/json"})
        try:
            r = tr.send(request)
        except TransportError as exc:
            raise unreachable("MAX" if kind == "max" else kind, request, exc) from None
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
    except (ValueError, RecursionError):
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

    Options after ``debug`` are keyword-only. ``timeout`` (per attempt), ``deadline``
    (whole call), ``retries``, ``max_retry_after``, ``max_response_bytes`` and ``verify``
    configure the default HTTP transport; ``max_depth`` bounds JSON nesting in answers;
    ``raise_on_404`` makes the REST client raise on a JSON 404 instead of returning
    None; ``allow_insecure_oauth`` accepts an http OAuth server advertised by an https
    MAX. For threads, see ``as_user``.
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
        deadline: float | None = DEFAULT_DEADLINE,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        max_depth: int = DEFAULT_MAX_DEPTH,
        raise_on_404: bool = False,
        allow_insecure_oauth: bool = False,
    ) -> None:
        self.url = url.rstrip("/")
        self.expand_underscores = expand_underscores
        self._oauth_server = oauth_server  # also ``__oauth_server__`` (compat)
        self._server_info: dict[str, Any] | None = None
        self._identity: tuple[dict[str, str] | None, str | None] = (None, None)
        self.setActor(actor)
        self.auth_method = auth_method
        self.scope = scope
        self.grant_type = grant_type
        self.client_id = client_id
        self.metadata: dict[str, Any] = {}
        self.ba_username: str | None = None
        self._ba_header: str | None = None
        self.debug = debug
        self.max_depth = max_depth
        self.raise_on_404 = raise_on_404
        self.allow_insecure_oauth = allow_insecure_oauth
        self._owns_transport = True
        if transport is None:
            transport = RequestsTransport(timeout=timeout, retries=retries, verify=verify,
                                          deadline=deadline, max_retry_after=max_retry_after,
                                          max_response_bytes=max_response_bytes)
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
            if not found or not isinstance(found, str):
                raise RequestError(0, f"Server {self.url} does not publish max.oauth_server")
            if (self.url.startswith("https:") and not found.startswith("https:")
                    and not self.allow_insecure_oauth):
                raise RequestError(0, f"MAX server {self.url} advertises the OAuth server "
                                      f"{found} without TLS; refusing to send a password "
                                      "there in clear text (allow_insecure_oauth=True to "
                                      "accept it, or pass oauth_server=)")
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

    def as_user(self: C, username: str, token: str | None = None) -> C:
        """A view of this client acting as ``username``: same server, options and connection
        pool, its own identity and ``last_response``. The way to share one client across
        threads: each thread (or each request) takes its own view, and ``setActor`` /
        ``setToken`` on one view never change another's requests."""
        view = copy.copy(self)
        # Resources cached on the parent are bound to it; the view builds its own.
        for name in [k for k, v in view.__dict__.items() if getattr(v, "client", None) is self]:
            del view.__dict__[name]
        view._owns_transport = False
        view.metadata = dict(self.metadata)
        view.set_identity(username, token)
        view._reset_last_()
        return view

    def _reset_last_(self) -> None:
        """Per-view state a subclass keeps about the last answer (the REST client's)."""

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
        url = f"{oauth}/token"
        for _ in range(_MAX_TOKEN_REDIRECTS + 1):
            r = self._send(Request("POST", url, {"Accept": "application/json"}, form=form,
                                   follow_redirects=False), role="OAuth")
            location = r.headers.get("Location") if 300 <= r.status < 400 else None
            if not location:
                break
            target = urljoin(url, location)
            if _origin(target) != _origin(url):
                raise RequestError(r.status, f"OAuth server {_origin(url)} redirected the "
                                             f"password grant to {_origin(target)}; the "
                                             "password is only sent to the OAuth server "
                                             "itself (set oauth_server= to the new place)")
            url = target
        del form
        if r.status == 200:
            try:
                body = r.json()
            except (ValueError, RecursionError):
                body = {}
            token = body.get("access_token") or body.get("oauth_token") if isinstance(
                body, dict) else None
            if token:
                self.setToken(token)
                return str(token)
            raise RequestError(200, f"No token found in the response of {oauth}/token")
        if r.status in (400, 401, 403):
            raise BadUsernameOrPasswordError(oauth, self.url, username, password)
        error = protocol.decode_error(r.content)
        named = f" ({error[0]})" if error else ""
        raise RequestError(r.status, f"OAuth server {_origin(url)} answered the password "
                                     f"grant with {r.status}{named}; the password was not "
                                     "judged", error=error[0] if error else None)

    # Who the requests act as: actor and token live in ONE tuple, replaced whole, so a
    # request reads a username and a token that were current at the same moment.

    @property
    def actor(self) -> dict[str, str] | None:
        return self._identity[0]

    @actor.setter
    def actor(self, value: dict[str, str] | None) -> None:
        self._identity = (value, self._identity[1])

    @property
    def token(self) -> str | None:
        return self._identity[1]

    @token.setter
    def token(self, value: str | None) -> None:
        self._identity = (self._identity[0], value)

    def set_identity(self, username: str | None, token: str | None) -> None:
        """``setActor`` + ``setToken`` in one step: no request sees one without the other."""
        if username:
            _check_value("username", username, secret=False)
        if token:
            _check_value("token", token, secret=True)
        actor = {"objectType": "person", "username": username} if username else None
        self._identity = (actor, token)

    def getActor(self) -> str:
        actor = self._identity[0]
        return actor["username"] if actor else ""

    def setActor(self, actor: str | None, type: str = "person") -> None:
        """Who the requests act as (``X-Oauth-Username``); ``ValueError`` for a name that
        cannot travel in a header (control characters, surrounding spaces, non-latin-1)."""
        if actor:
            _check_value("username", actor, secret=False)
        self.actor = {"objectType": type, "username": actor} if actor else None

    def setToken(self, oauth2_token: str | None) -> None:
        """The OAuth token (``X-Oauth-Token``); ``ValueError`` for one that is not printable
        ASCII without spaces. The message never shows the token."""
        if oauth2_token:
            _check_value("token", oauth2_token, secret=True)
        self.token = oauth2_token

    def setBasicAuth(self, username: str, password: str) -> None:
        """Alternative to OAuth2, used with ``auth_method='basic'``."""
        self.ba_username = username
        raw = f"{username}:{password}".encode()
        self._ba_header = "Basic " + base64.b64encode(raw).decode("ascii")

    def OAuth2AuthHeaders(self) -> dict[str, str]:
        actor, token = self._identity
        return protocol.oauth_headers(
            token or "", actor["username"] if actor else "", self.scope or ""
        )

    def BasicAuthHeaders(self) -> dict[str, str]:
        return {"Authorization": self._ba_header} if self._ba_header else {}

    def auth_headers(self) -> dict[str, str]:
        """Fresh headers for one request, per ``auth_method``."""
        if self.auth_method == "basic":
            return dict(self.BasicAuthHeaders())
        return dict(self.OAuth2AuthHeaders())

    # Sending ---------------------------------------------------------------

    def _send(self, request: Request, role: str = "MAX") -> Response:
        """Send through the transport; transport failures become ``RequestError(0)`` naming
        the server (``role``) and the cause."""
        log = self._log.isEnabledFor(20)
        start = time.perf_counter() if log else 0.0
        try:
            response = self.transport.send(request)
        except TransportError as exc:
            if log:
                _logging.log_exchange(request, None, time.perf_counter() - start, self._log)
            raise unreachable(role, request, exc) from None
        if log:
            _logging.log_exchange(request, response, time.perf_counter() - start, self._log)
        return response

    def close(self) -> None:
        """Close the connection pool (views from ``as_user`` leave it to their parent)."""
        if self._owns_transport:
            self.transport.close()

    def __enter__(self: C) -> C:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

