"""A fake OAuth2 server: password grant (``/token``) and token check (``/checktoken``).

Accounts registered with a password must present it. Unregistered accounts get a
token for any password while ``open_registration`` is on (the default, handy for
tests and for ``maxclient serve``); turn it off to make every unknown account fail
with ``400 {"error": "invalid_grant"}`` as a real OAuth server would.
"""

from __future__ import annotations

import hmac
import json
import secrets
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

from ..protocol import SCOPE

__all__ = ["FakeOAuth"]

StartResponse = Callable[..., Any]


class FakeOAuth:
    """In-memory accounts and tokens, plus the WSGI app serving them."""

    def __init__(self, *, open_registration: bool = True, scope: str = SCOPE) -> None:
        self.open_registration = open_registration
        self.scope = scope
        self._lock = threading.Lock()
        self._passwords: dict[str, str] = {}
        self._tokens: dict[str, str] = {}  # token -> username
        self._by_user: dict[str, str] = {}  # username -> token

    def __repr__(self) -> str:
        return f"<FakeOAuth accounts={len(self._passwords)} tokens={len(self._tokens)}>"

    def register(self, username: str, password: str) -> None:
        with self._lock:
            self._passwords[username.lower()] = password

    def token_for(self, username: str) -> str:
        """The token this server accepts for ``username`` (minted on first use)."""
        key = username.lower()
        with self._lock:
            token = self._by_user.get(key)
            if token is None:
                token = secrets.token_hex(16)
                self._by_user[key] = token
                self._tokens[token] = key
            return token

    def grant(self, username: str, password: str) -> str | None:
        """Password grant: the user's token, or None when the credentials are refused."""
        if not username or not password:
            return None
        known = self._passwords.get(username.lower())
        if known is None and not self.open_registration:
            return None
        if known is not None and not hmac.compare_digest(known, password):
            return None
        return self.token_for(username)

    def check(self, token: str, username: str, scope: str) -> bool:
        """The token is ``username``'s and was asked for with this server's scope (a
        missing scope fails: a check without one would accept tokens for any client)."""
        if scope != self.scope:
            return False
        owner = self._tokens.get(token)
        return owner is not None and owner == username.lower()

    def revoke(self, username: str) -> None:
        with self._lock:
            token = self._by_user.pop(username.lower(), None)
            if token is not None:
                self._tokens.pop(token, None)

    def reset(self, accounts: Iterable[tuple[str, str]] = ()) -> None:
        with self._lock:
            self._passwords.clear()
            self._tokens.clear()
            self._by_user.clear()
        for username, password in accounts:
            self.register(username, password)

    # -- HTTP -------------------------------------------------------------
    def wsgi_app(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        path = environ.get("PATH_INFO", "") or "/"
        method = environ.get("REQUEST_METHOD", "GET").upper()
        form = _read_form(environ)
        if method == "POST" and path.rstrip("/") == "/token":
            status, body = self._token_view(form)
        elif method == "POST" and path.rstrip("/") == "/checktoken":
            ok = self.check(form.get("access_token", ""), form.get("username", ""),
                            form.get("scope", ""))
            status, body = (200, {"result": True}) if ok else (401, {"error": "invalid_token"})
        else:
            status, body = 404, {"error": "not_found", "error_description": path}
        payload = json.dumps(body).encode()
        reason = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found"}[status]
        start_response(f"{status} {reason}", [("Content-Type", "application/json"),
                                              ("Content-Length", str(len(payload)))])
        return [payload]

    def _token_view(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if form.get("grant_type", "password") != "password":
            return 400, {"error": "unsupported_grant_type"}
        scope = form.get("scope") or self.scope
        token = self.grant(form.get("username", ""), form.get("password", ""))
        if token is None:
            return 400, {"error": "invalid_grant"}
        return 200, {"access_token": token, "token_type": "bearer", "scope": scope}


def _read_form(environ: dict[str, Any]) -> dict[str, str]:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    raw = environ["wsgi.input"].read(length) if length > 0 else b""
    fields = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    fields.update(parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True))
    return {k: v[0] for k, v in fields.items()}
