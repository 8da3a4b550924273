"""Authentication as MAX does it, checked in-process against the fake OAuth server."""

from __future__ import annotations

from ..errors import Unauthorized
from .debug import passes_through
from .request import FakeRequest

_URL_PARAMS = (
    "Authorization found in url params, not in request. Check your tests, you may be "
    "passing the authentication headers as the request body..."
)


def authenticate(req: FakeRequest) -> str:
    """Validate the ``X-Oauth-*`` headers; the lower-cased username on success."""
    token = req.headers.get("x-oauth-token", "")
    username = req.header_username
    scope = req.headers.get("x-oauth-scope", "")
    if not token or not username:
        in_params = "X-Oauth-Username" in req.query or "X-Oauth-Username" in req.form
        raise Unauthorized(_URL_PARAMS if in_params else "No auth headers found.")
    if scope != req.server.oauth.scope:  # MAX allows only protocol.SCOPE, by default
        raise Unauthorized("The specified scope is not allowed for this resource.")
    if not passes_through(req) and not req.server.oauth.check(token, username, scope):
        raise Unauthorized("Invalid token.")
    req.authenticated = username.lower()
    return req.authenticated
