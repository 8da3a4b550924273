"""``FakeMaxServer``: a stateful in-memory MAX and OAuth server, served three ways.

The same pipeline answers through three doors: mounted into ``responses`` (code
using ``requests`` reaches it with no network), called in-process by the WSGI
transport (:meth:`FakeMaxServer.client`, or webtest wrapping :attr:`wsgi_app`),
or served over loopback HTTP with waitress (:meth:`FakeMaxServer.serve`).
docs/architecture.md follows one request through each.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..protocol import oauth_headers
from ..routes import ROUTE_TABLE
from ..transports.wsgi import WSGITransport, environ_for
from .defaults import DEFAULT_OAUTH_URL, DEFAULT_URL
from .errors import FakeTimeout
from .faults import Fault, Faults
from .http.pipeline import respond
from .http.reply import Reply
from .http.request import FakeRequest
from .journal import Call, Journal, redact_headers, redact_query
from .model.backend import MaxBackend
from .model.common import context_hash
from .oauth import FakeOAuth

if TYPE_CHECKING:
    import responses  # imported when mocking: the fake itself needs no extra

    from ..rest import MaxClient
    from .state import StateFile

__all__ = ["FakeMaxServer"]

StartResponse = Callable[..., Any]

VERSION = "5.3.27.dev0"
SERVED_JOURNAL_LIMIT = 10_000
"""How many calls a served fake's journal keeps unless told otherwise."""


class FakeMaxServer:
    """A fresh, empty MAX whose ``managers`` hold the Manager role.

    As in MAX, roles are kept apart from users: a manager has no user record until
    one is created (:meth:`create_user`, as MAX's own test base does in ``setUp``).

    Unregistered OAuth accounts get a token for any password unless
    ``open_registration=False``; accounts given in ``accounts`` (username→password)
    must present their own password. ``journal_limit`` bounds :attr:`journal` (None:
    unbounded; :meth:`serve` bounds it to ``SERVED_JOURNAL_LIMIT`` unless told).
    """

    def __init__(
        self,
        managers: Iterable[str] = ("test_manager",),
        *,
        url: str = DEFAULT_URL,
        oauth_url: str = DEFAULT_OAUTH_URL,
        settings: Mapping[str, Any] | None = None,
        accounts: Mapping[str, str] | None = None,
        open_registration: bool = True,
        journal_limit: int | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.oauth_url = oauth_url.rstrip("/")
        self._managers = [m.lower() for m in managers]
        self._accounts = dict(accounts or {})
        self._extra_settings = dict(settings or {})
        self.oauth = FakeOAuth(open_registration=open_registration)
        self.journal = Journal(journal_limit)
        self.faults = Faults()
        self.settings: dict[str, Any] = {}
        self.backend = MaxBackend(self._managers)
        self.state_file: StateFile | None = None  # set by ``maxclient serve --data``
        self.reset()

    def __repr__(self) -> str:
        return f"<FakeMaxServer {self.url} oauth={self.oauth_url}>"

    # -- state --------------------------------------------------------------
    def reset(self) -> None:
        """Back to the state the constructor made: empty data, same managers and accounts."""
        self.backend = MaxBackend(self._managers)
        self.oauth.reset(self._accounts.items())
        self.journal.clear()
        self.faults.clear()
        self.settings = self._default_settings()
        self.settings.update(self._extra_settings)

    def _default_settings(self) -> dict[str, Any]:
        return {
            "max.oauth_server": self.oauth_url,
            "max.oauth_check_endpoint": f"{self.oauth_url}/checktoken",
            "max.server_id": "fakemax",
            "max.stomp_server": "",
            "max.debug_api": "false",
            "max.include_traceback_in_500_errors": "true",
            "mongodb.db_name": "max",
            "mongodb.url": "mongodb://memory",
            "cache.regions": "oauth_token",
        }

    @property
    def managers(self) -> list[str]:
        """Who holds Manager now: those given to the constructor in their order, then
        those granted since (sorted)."""
        holders = self.backend.security.roles.get("Manager", set())
        given = [name for name in self._managers if name in holders]
        return given + sorted(holders.difference(given))

    def add_manager(self, username: str) -> None:
        """Grant Manager, as ``/admin/security`` does (no user record is created)."""
        with self.backend.lock:
            self.backend.security.grant("Manager", username)

    def create_user(self, username: str, *, creator: str | None = None,
                    **fields: Any) -> dict[str, Any]:
        """``POST /people`` by ``creator`` (default: the first manager), as MAX's test
        base creates its manager before each test; the stored user as MAX answers it."""
        status, content = self.call("POST", "/people", {"username": username, **fields},
                                    as_user=creator)
        if status >= 400:
            raise ValueError(f"could not create user {username!r}: {status} {content}")
        return content

    def register_account(self, username: str, password: str) -> None:
        """An OAuth account that must present ``password`` to get a token."""
        self._accounts[username.lower()] = password
        self.oauth.register(username, password)

    def token_for(self, username: str) -> str:
        """A token the fake accepts for ``username`` (any username)."""
        return self.oauth.token_for(username)

    def client(self, username: str | None = None, **kwargs: Any) -> MaxClient:
        """A REST client acting as ``username`` (default: the first manager), its token
        minted in-process, reaching this fake through the WSGI transport: no
        ``responses``, no socket, no OAuth round trip."""
        from ..rest import MaxClient

        username = username or (self.managers[0] if self.managers else "")
        client = MaxClient(self.url, oauth_server=self.oauth_url, actor=username or None,
                           transport=self.transport(), **kwargs)
        if username:
            client.setToken(self.token_for(username))
        return client

    def transport(self) -> WSGITransport:
        """A WSGI transport serving ``url`` with this MAX and ``oauth_url`` with its OAuth."""
        return WSGITransport(mounts={self.url: self.local_app, self.oauth_url: self.oauth_app})

    def auth_headers(self, username: str) -> dict[str, str]:
        return oauth_headers(self.token_for(username), username, self.oauth.scope)

    # -- fault injection ----------------------------------------------------
    def inject_fault(
        self,
        status: int = 503,
        *,
        route: str | None = None,
        path: str | None = None,
        method: str | None = None,
        times: int = 1,
    ) -> Fault:
        """The next ``times`` requests matching route name / path / method answer ``status``."""
        self._check_route(route)
        return self.faults.add(Fault(status=status, times=times, route=route, path=path,
                                     method=method))

    def inject_timeout(
        self,
        *,
        route: str | None = None,
        path: str | None = None,
        method: str | None = None,
        times: int = 1,
        delay: float = 1.0,
    ) -> Fault:
        """Time out the next matching requests: through ``responses`` the client gets a
        ``ReadTimeout`` at once; over real HTTP the answer (504) comes after ``delay`` s."""
        self._check_route(route)
        return self.faults.add(Fault(status=504, times=times, route=route, path=path,
                                     method=method, timeout=True, delay=delay))

    @property
    def pending_faults(self) -> list[Fault]:
        """Injected faults (and timeouts) not yet used up by matching requests."""
        return self.faults.pending()

    def assert_all_faults_fired(self) -> None:
        """Fail if an injected fault never fired: the test did not exercise what it meant to
        (as responses' ``assert_all_requests_are_fired``)."""
        pending = self.pending_faults
        if pending:
            raise AssertionError(f"injected faults that never fired: {pending}")

    @staticmethod
    def _check_route(route: str | None) -> None:
        if route is not None and route not in ROUTE_TABLE.by_name:
            raise KeyError(f"unknown route name {route!r}")

    # -- WSGI ---------------------------------------------------------------
    def _answer(self, environ: dict[str, Any]) -> tuple[FakeRequest, Reply]:
        req, reply = respond(self, environ)
        if self.journal.limit != 0:
            self.journal.record(Call(
                method=req.method, path=req.path, query=redact_query(req.query),
                headers=redact_headers(req.headers), body=req.journal_body,
                status=reply.status, route=req.route.name if req.route is not None else None,
            ))
        return req, reply

    def wsgi_app(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        """The MAX API at the root (``/people``, ``/contexts``, ``/info``...), for any
        WSGI server or wrapper; an injected timeout answers 504 after its delay."""
        _req, reply = self._answer(environ)
        if reply.timeout is not None:
            time.sleep(reply.timeout)
        start_response(reply.status_line, reply.wsgi_headers())
        return [reply.body]

    def local_app(self, environ: dict[str, Any], start_response: StartResponse
                  ) -> list[bytes]:
        """:attr:`wsgi_app` for in-process doors (``responses``, the WSGI transport): an
        injected timeout raises :class:`TimeoutError`, which the door turns into the
        timeout its client expects."""
        req, reply = self._answer(environ)
        if reply.timeout is not None:
            raise FakeTimeout(f"injected timeout on {req.path}", delay=reply.timeout)
        start_response(reply.status_line, reply.wsgi_headers())
        return [reply.body]

    def oauth_app(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        """The fake OAuth server: ``POST /token`` and ``POST /checktoken``."""
        return self.oauth.wsgi_app(environ, start_response)

    def combined_app(self, environ: dict[str, Any], start_response: StartResponse
                     ) -> list[bytes]:
        """MAX at the root, OAuth under ``/oauth`` and the fake's own page under
        ``/_fake/`` (a path MAX never uses), for serving all on one port."""
        path = environ.get("PATH_INFO", "")
        if path == "/_fake" or path.startswith("/_fake/"):
            from .dashboard import dashboard_app

            return dashboard_app(self, environ, start_response)
        if path == "/oauth" or path.startswith("/oauth/"):
            environ = dict(environ, PATH_INFO=path[len("/oauth"):],
                           SCRIPT_NAME=environ.get("SCRIPT_NAME", "") + "/oauth")
            return self.oauth_app(environ, start_response)
        return self.wsgi_app(environ, start_response)

    # -- mounting -------------------------------------------------------------
    @contextlib.contextmanager
    def mock_requests(self, rsps: responses.RequestsMock | None = None
                      ) -> Iterator[responses.RequestsMock]:
        """Route ``requests`` calls to ``url``/``oauth_url`` to this fake; other hosts fail.

        Given ``rsps`` (a mock the test already uses, ``responses.mock`` too), the fake is
        added to it and the caller keeps control of its lifetime; otherwise a private
        mock is started (see :func:`maxclient.testing.mock_max` for the global one).
        """
        import responses

        from .mock import mount

        if rsps is not None:
            added = mount(rsps, self.url, self.local_app)
            added += mount(rsps, self.oauth_url, self.oauth_app)
            try:
                yield rsps
            finally:  # leave the caller's mock as it was (and its fired-checks honest)
                for registered in added:
                    rsps.remove(registered)
            return
        with responses.RequestsMock(assert_all_requests_are_fired=False) as own:
            mount(own, self.url, self.local_app)
            mount(own, self.oauth_url, self.oauth_app)
            yield own

    @contextlib.contextmanager
    def serve(self, host: str = "127.0.0.1", port: int = 0, threads: int = 8, *,
              journal_limit: int | None = None) -> Iterator[FakeMaxServer]:
        """Serve MAX and OAuth over real HTTP on loopback in a background thread.

        While serving, ``url`` is the loopback address and ``oauth_url`` its ``/oauth``,
        and the journal keeps the newest ``journal_limit`` calls (default
        ``SERVED_JOURNAL_LIMIT``, or the bound given to the constructor).
        """
        from .serving import serve_wsgi

        saved = (self.url, self.oauth_url)
        saved_limit = self.journal.limit
        if journal_limit is not None or saved_limit is None:
            self.journal.limit = (journal_limit if journal_limit is not None
                                  else SERVED_JOURNAL_LIMIT)
        with serve_wsgi(self.combined_app, host=host, port=port, threads=threads) as base:
            self.url = base
            self.oauth_url = f"{base}/oauth"
            self.settings["max.oauth_server"] = self.oauth_url
            self.settings["max.oauth_check_endpoint"] = f"{self.oauth_url}/checktoken"
            try:
                yield self
            finally:
                self.url, self.oauth_url = saved
                self.journal.limit = saved_limit
                self.settings["max.oauth_server"] = self.oauth_url
                self.settings["max.oauth_check_endpoint"] = f"{self.oauth_url}/checktoken"

    # -- seeding -------------------------------------------------------------
    def call(self, method: str, path: str, body: Any = None, *, as_user: str | None = None,
             query: str = "") -> tuple[int, Any]:
        """One in-process request through the full pipeline (not journaled, no faults)."""
        username = as_user or (self.managers[0] if self.managers else "")
        payload = b"" if body is None else json.dumps(body).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        if username:
            headers.update(self.auth_headers(username))
        url = f"{quote(path, safe='/')}?{query}" if query else quote(path, safe="/")
        _req, reply = respond(self, environ_for(method, url, headers, payload), faults=False)
        content = json.loads(reply.body) if reply.body and reply.content_type.startswith(
            "application/json") else reply.body
        return reply.status, content

    def dump(self) -> dict[str, Any]:
        """The whole MAX state as JSON-ready data that :meth:`load` (or :meth:`seed`)
        restores exactly, ids and dates included (format: docs/state.md)."""
        from .state import dump_state

        return dump_state(self)

    def load(self, state: Mapping[str, Any]) -> None:
        """Replace the MAX data by a :meth:`dump`; ``StateError`` (nothing changed) if bad."""
        from .state import load_state

        load_state(self, state)

    def seed(self, data: Mapping[str, Any]) -> None:
        """Load plain data, through the same views a client would use.

        Given a :meth:`dump` (it has ``"format": "maxclient-state"``) this is :meth:`load`.

        Keys (all optional): ``managers`` [names], ``accounts`` {name: password},
        ``users`` [name or {username, displayName, ...}], ``contexts`` [{url, displayName,
        permissions, ...}], ``subscriptions`` [{username, url}], ``activities``
        [{username, content, context?: url, published?, ...}]. The calls are made by the
        first manager, whose user record is created first when missing.
        """
        from .state import is_state

        if is_state(data):
            self.load(data)
            return
        for name in data.get("managers", ()):
            self.add_manager(name)
        writes = ("users", "contexts", "subscriptions", "activities")
        if self.managers and any(data.get(key) for key in writes) \
                and self.backend.people.get(self.managers[0]) is None:
            self.create_user(self.managers[0])
        for name, password in dict(data.get("accounts", {})).items():
            self.register_account(name, password)
        for user in data.get("users", ()):
            body = {"username": user} if isinstance(user, str) else dict(user)
            self._seed_call("POST", "/people", body)
        for context in data.get("contexts", ()):
            self._seed_call("POST", "/contexts", {"objectType": "context", **context})
        for sub in data.get("subscriptions", ()):
            path = f"/contexts/{context_hash(sub['url'])}/subscriptions"
            self._seed_call("POST", path, {"actor": {"objectType": "person",
                                                     "username": sub["username"]},
                                           "object": {"objectType": "context",
                                                      "url": sub["url"]}})
        for activity in data.get("activities", ()):
            activity = dict(activity)
            username = activity.pop("username")
            content = activity.pop("content", "")
            context = activity.pop("context", None)
            body = {"object": {"objectType": "note", "content": content}, **activity}
            if context:
                body["actor"] = {"objectType": "person", "username": username}
                self._seed_call("POST", f"/contexts/{context_hash(context)}/activities", body)
            else:
                self._seed_call("POST", f"/people/{quote(username, safe='')}/activities", body)

    def _seed_call(self, method: str, path: str, body: Any) -> Any:
        status, content = self.call(method, path, body)
        if status >= 400:
            raise ValueError(f"seeding {method} {path} failed with {status}: {content}")
        return content
