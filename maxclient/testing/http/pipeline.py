"""MAX's request pipeline over the shared route table: one request in, one reply out.

Order matters for which error a client sees: compatibility id, POST tunnelling,
deprecated-URL rewrites, routing (the one route match), injected faults (by route
name), traversal (before authentication), authentication, the actor check, the view.
"""

from __future__ import annotations

import json
import logging
import traceback
from typing import TYPE_CHECKING, Any

from ...protocol import COMPAT_ID_HEADER, METHOD_OVERRIDE_HEADER, OAUTH_HEADERS
from ...routes import ROUTE_TABLE
from ..errors import CompatibilityIDMismatch, Gone, MaxError, NotImplementedRoute, ServerError
from ..faults import fault_reply
from ..model.acl_lists import Caller, dump_acls
from ..model.security import ALLOWED_ROLES
from ..views import find
from .auth import authenticate
from .debug import apply_debug_api, wrap_html
from .deprecations import rewrite
from .reply import Reply, gone_page, json_reply, not_found_page
from .request import FakeRequest
from .traversal import traverse

if TYPE_CHECKING:
    from ..server import FakeMaxServer

log = logging.getLogger("maxclient.testing")

_OVERRIDABLE = ("DELETE", "PUT", "GET")
_READS = frozenset({"GET", "HEAD"})  # never change the state: they share the lock


# Views whose ACL grants the permission to Managers only and reads no actor: MAX
# answers a non-Manager 403 even when its token names a user with no record (400 else).
_MANAGERS_BEFORE_ACTOR = frozenset({("contexts", "GET"), ("contexts", "POST")})


def _prefers_json(environ: dict[str, Any]) -> bool:
    """Pyramid renders its own HTTP errors as JSON when the client's Accept prefers it
    to HTML (WebOb's best match of text/html, application/json)."""
    accept = environ.get("HTTP_ACCEPT", "")
    return "application/json" in accept and "text/html" not in accept


def respond(server: FakeMaxServer, environ: dict[str, Any], *, faults: bool = True
            ) -> tuple[FakeRequest, Reply]:
    """Run one request through the pipeline: always a reply (MAX's error answers
    included), never a raise. ``faults=False``: injected faults do not apply."""
    req = FakeRequest(environ, server)
    html = False
    try:
        html = apply_debug_api(req)
        reply = _pipeline(req, faults)
    except MaxError as exc:
        reply = json_reply(exc.body(), exc.status)
    except NotImplementedRoute as exc:
        reply = not_found_page(str(exc), json=_prefers_json(environ))
    except Gone:
        reply = gone_page(json=_prefers_json(environ))
    except Exception as exc:  # a fake bug must still answer like MAX: JSON 500
        log.exception("fake MAX failed on %s %s", req.method, req.path)
        detail = traceback.format_exc() if server.settings.get(
            "max.include_traceback_in_500_errors") else f"{type(exc).__name__}: {exc}"
        reply = json_reply(ServerError(detail).body(), 500)
    if html:
        wrap_html(reply)
    if req.is_head:
        reply.body = b""
    return req, reply


def _check_compat_id(req: FakeRequest) -> None:
    compat = req.headers.get(COMPAT_ID_HEADER.lower())
    # MAX compares with str() of the setting, so with none configured any value but
    # "None" is refused.
    expected = str(req.server.settings.get("max.compat_id"))
    if compat is not None and compat != expected:
        raise CompatibilityIDMismatch(
            f"X-Max-Compat-ID header value mismatch, {expected} was expected")


def _untunnel(req: FakeRequest) -> None:
    """A POST carrying ``X-HTTP-Method-Override`` becomes that method (auth may ride in
    the form when it becomes a GET)."""
    if req.method != "POST":
        return
    override = (req.headers.get(METHOD_OVERRIDE_HEADER.lower())
                or req.form.get(METHOD_OVERRIDE_HEADER) or "").upper()
    if override not in _OVERRIDABLE:
        return
    req.method = override
    if override == "GET":
        for name in OAUTH_HEADERS:
            value = req.form.get(name)
            if value and name.lower() not in req.headers:
                req.headers[name.lower()] = value


def _pipeline(req: FakeRequest, faults: bool) -> Reply:
    server = req.server
    if req.body_error is not None:  # too large: refused before anything is read
        raise req.body_error
    _check_compat_id(req)
    _untunnel(req)
    rewrite(req)
    matched = ROUTE_TABLE.match(req.path)
    if matched is not None and not matched[0].deprecated:
        req.route, req.params = matched
    if faults and server.faults:
        fault = server.faults.take(req.method, req.path,
                                   req.route.name if req.route is not None else None)
        if fault is not None:
            return fault_reply(fault)
    if req.path.rstrip("/") == "":
        return Reply(200, b"I am a max server", "text/html")
    if req.route is None:
        raise NotImplementedRoute("")
    spec = find(req.route, req.method)
    reads = req.method in _READS
    with req.backend.lock.read() if reads else req.backend.lock:
        if not reads:
            req.backend.json_cache.clear()  # a write may change any rendered document
        traverse(req)
        if "activity" in req.objects and (spec is None or not spec.public) \
                and not req.route.actor_optional(req.method):
            # MAX loads an activity with the caller's ``deletable``, which reads the actor:
            # an unknown actor is 400 before a method mismatch (404) or a permission (403).
            authenticate(req)
            req.require_actor()
        if spec is None:
            raise NotImplementedRoute(f"predicate mismatch for view ({req.method})")
        if not spec.public:
            authenticate(req)
            if (req.route.name, req.method) in _MANAGERS_BEFORE_ACTOR:
                req.require(req.is_manager)
            if spec.actor is True and not req.route.actor_optional(req.method):
                req.require_actor()
            _check_conversation_acl(req)
        reply = spec.func(req)
        if spec.actor == "items" and reply.body.startswith(b"[") and reply.body != b"[]":
            req.require_actor()  # MAX reads its actor on the first item it found
        if "show_acls" in req.query:
            _add_acls(req, reply)
        return reply


def _check_conversation_acl(req: FakeRequest) -> None:
    """MAX's conversation ACL reads the caller's own user record; without one the ACL
    comes out empty and every permission on the conversation is denied (403)."""
    target = req.target
    if (isinstance(target, dict) and target.get("objectType") == "conversation"
            and req.authenticated and req.backend.people.get(req.authenticated) is None):
        raise req.deny()


def _add_acls(req: FakeRequest, reply: Reply) -> None:
    """MAX's ``?show_acls``: an entity answer about a stored object gains ``acls``, the
    caller's permissions on the object the URL names (``JSONResourceEntity``)."""
    if not (200 <= reply.status < 300 and reply.content_type == "application/json"
            and isinstance(req.target, dict) and req.authenticated and reply.body):
        return
    data = json.loads(reply.body)
    if not isinstance(data, dict):
        return
    backend = req.backend
    who = Caller(userid=req.authenticated,
                 roles=tuple(role for role in ALLOWED_ROLES
                             if backend.security.has(role, req.authenticated)),
                 actor=req.actor, actor_username=req.actor_username,
                 creator=backend.people.get(req.authenticated))
    acls = dump_acls(req.target, who, backend)
    if acls is not None:
        data["acls"] = acls
        reply.body = json_reply(data).body
