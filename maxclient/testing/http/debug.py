"""MAX's browser debug API (``max.debug_api``) and OAuth pass-through
(``max.oauth_passtrough``), read from the fake's settings on every request.

With ``max.debug_api`` on, as MAX's ``browser_debug_tween`` does: ``?d`` with ``u=USER``
authenticates as USER (token ``t``, default ``fake_token``), ``m`` changes the method
and ``p`` replaces the body; every body is URL-unquoted, stripped of ``=`` and read as
JSON; ``d=1`` wraps the answer in ``<html><body>``. With ``max.oauth_passtrough`` on,
any token is valid (the scope is still checked).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import unquote_to_bytes

from ...protocol import SCOPE, SCOPE_HEADER, TOKEN_HEADER, USERNAME_HEADER, asbool

if TYPE_CHECKING:
    from .reply import Reply
    from .request import FakeRequest

_METHODS = ("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS")


def _param(req: FakeRequest, name: str) -> str | None:
    """Pyramid's ``request.params``: the query string, then the form body."""
    value = req.arg(name)
    return value if value is not None else req.form.get(name)


def apply_debug_api(req: FakeRequest) -> bool:
    """Rewrite the request as MAX's debug tween does; True when the answer is to be
    wrapped in HTML."""
    if not asbool(req.server.settings.get("max.debug_api")):
        return False
    debug = _param(req, "d")
    user = None
    if debug is not None:
        user = _param(req, "u")
        if user:
            req.headers[TOKEN_HEADER.lower()] = _param(req, "t") or "fake_token"
            req.headers[USERNAME_HEADER.lower()] = user
            req.headers[SCOPE_HEADER.lower()] = SCOPE
            method = (_param(req, "m") or "").upper()
            if method in _METHODS:
                req.method = method
            payload = _param(req, "p")
            if payload:
                req.replace_body(payload.encode("utf-8"))
    req.replace_body(unquote_to_bytes(req.body.replace(b"+", b" ")).strip(b"="),
                     "application/json")
    return debug == "1" and bool(user)


def wrap_html(reply: Reply) -> None:
    text = reply.body.decode("utf-8", "replace")
    reply.body = f"<html><body>{text}</body></html>".encode()
    reply.content_type = "text/html; charset=UTF-8"


def passes_through(req: FakeRequest) -> bool:
    """``max.oauth_passtrough``: MAX's token check is replaced by one that says yes."""
    return asbool(req.server.settings.get("max.oauth_passtrough"))
