"""MAX's request pipeline over the shared route table.

Order matters for which error a client sees: compatibility id, POST tunnelling,
deprecated-URL rewrites, routing, traversal (before authentication), then
authentication, the actor check and the view.
"""

from __future__ import annotations

import logging
import traceback
from typing import TYPE_CHECKING, Any

from ...protocol import OAUTH_HEADERS
from ...routes import ROUTE_TABLE
from ..errors import CompatibilityIDMismatch, Gone, MaxError, NotImplementedRoute, ServerError
from ..views import find
from .auth import authenticate
from .deprecations import rewrite
from .reply import Reply, gone_page, json_reply, not_found_page
from .request import FakeRequest
from .traversal import traverse

if TYPE_CHECKING:
    from ..server import FakeMaxServer

log = logging.getLogger("maxclient.testing")

_OVERRIDABLE = ("DELETE", "PUT", "GET")


def handle(server: FakeMaxServer, environ: dict[str, Any]) -> tuple[FakeRequest, Reply]:
    req = FakeRequest(environ, server)
    try:
        reply = _pipeline(req)
    except MaxError as exc:
        reply = json_reply(exc.body(), exc.status)
    except NotImplementedRoute as exc:
        reply = not_found_page(str(exc))
    except Gone:
        reply = gone_page()
    except Exception as exc:  # a fake bug must still answer like MAX: JSON 500
        log.exception("fake MAX failed on %s %s", req.method, req.path)
        detail = traceback.format_exc() if server.settings.get(
            "max.include_traceback_in_500_errors") else f"{type(exc).__name__}: {exc}"
        reply = json_reply(ServerError(detail).body(), 500)
    if req.is_head:
        reply.body = b""
    return req, reply


def _pipeline(req: FakeRequest) -> Reply:
    server = req.server
    compat = req.headers.get("x-max-compat-id")
    expected = server.settings.get("max.compat_id")
    if compat is not None and expected is not None and compat != str(expected):
        raise CompatibilityIDMismatch(
            f"X-Max-Compat-ID header value mismatch, {expected} was expected")
    if req.method == "POST":
        override = (req.headers.get("x-http-method-override")
                    or req.form.get("X-HTTP-Method-Override") or "").upper()
        if override in _OVERRIDABLE:
            req.method = override
            if override == "GET":
                for name in OAUTH_HEADERS:
                    value = req.form.get(name)
                    if value and name.lower() not in req.headers:
                        req.headers[name.lower()] = value
    rewrite(req)
    if req.path.rstrip("/") == "":
        return Reply(200, b"I am a max server", "text/html")
    matched = ROUTE_TABLE.match(req.path)
    if matched is None or matched[0].deprecated:
        raise NotImplementedRoute("")
    req.route, req.params = matched
    spec = find(req.route.name, req.method)
    with req.backend.lock:
        traverse(req)
        if spec is None:
            raise NotImplementedRoute(f"predicate mismatch for view ({req.method})")
        if not spec.public:
            authenticate(req)
            method = "GET" if req.method == "HEAD" else req.method
            if spec.actor and method not in req.route.actor_not_required:
                req.require_actor()
        return spec.func(req)
