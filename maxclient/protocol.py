"""Facts of MAX's wire protocol that the client and the fake must agree on.

Each fact lives here once, so the client, its transports and logger, and the fake
(router, OAuth check, journal, error replies) cannot drift apart: header names, the
OAuth scope, which headers are secret, MAX's error body, how MAX reads a boolean,
and the multipart field that carries JSON next to an upload.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

__all__ = [
    "COMPAT_ID_HEADER",
    "CREDENTIAL_HEADERS",
    "JSON_DATA_FIELD",
    "METHOD_OVERRIDE_HEADER",
    "OAUTH_HEADERS",
    "SCOPE",
    "SCOPE_HEADER",
    "SECRET_HEADERS",
    "TOKEN_HEADER",
    "TOTAL_ITEMS_HEADER",
    "TRUTHY",
    "USERNAME_HEADER",
    "asbool",
    "context_hash",
    "decode_error",
    "error_body",
    "oauth_headers",
]

TOKEN_HEADER = "X-Oauth-Token"
USERNAME_HEADER = "X-Oauth-Username"
SCOPE_HEADER = "X-Oauth-Scope"
OAUTH_HEADERS = (TOKEN_HEADER, USERNAME_HEADER, SCOPE_HEADER)
"""MAX's credentials travel in these three headers (or, tunnelled, as form fields)."""

COMPAT_ID_HEADER = "X-Max-Compat-ID"
METHOD_OVERRIDE_HEADER = "X-HTTP-Method-Override"
TOTAL_ITEMS_HEADER = "X-totalItems"
"""HEAD on a listing answers its count here (and no body)."""

SCOPE = "widgetcli"
"""The only scope MAX's authentication policy allows."""

SECRET_HEADERS = frozenset({"x-oauth-token", "authorization", "proxy-authorization", "cookie"})
"""Lower-cased names whose values never reach a log, a journal or an exception."""

CREDENTIAL_HEADERS = SECRET_HEADERS | {h.lower() for h in OAUTH_HEADERS}
"""Headers that identify the caller: none of them follows a redirect to another host."""

JSON_DATA_FIELD = "json_data"
"""Multipart field holding the JSON payload when a request also uploads a file."""

TRUTHY = frozenset({"t", "true", "y", "yes", "on", "1"})
"""MAX reads every boolean setting and parameter with pyramid's ``asbool``."""


def asbool(value: Any) -> bool:
    """MAX's rule for booleans: ``True``, or a string in ``TRUTHY`` (any case, stripped)."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in TRUTHY


def context_hash(url: str) -> str:
    """MAX addresses a context by the sha1 of its URL (``/contexts/{hash}``)."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()


def oauth_headers(token: str, username: str, scope: str = SCOPE) -> dict[str, str]:
    return {TOKEN_HEADER: token, USERNAME_HEADER: username, SCOPE_HEADER: scope}


def error_body(name: str, description: str) -> dict[str, str]:
    """MAX's error JSON: the exception's class name and its text."""
    return {"objectType": "error", "error": name, "error_description": description}


def decode_error(content: bytes | str | Any) -> tuple[str, str] | None:
    """``(name, description)`` from an answer's body, or None when it is not MAX's error JSON.

    Accepts raw bytes/text or an already-parsed value. A body nested deeper than the
    JSON parser allows is not MAX's error either.
    """
    if isinstance(content, (bytes, str)):
        if not content:
            return None
        try:
            content = json.loads(content)
        except (ValueError, RecursionError):
            return None
    if isinstance(content, dict) and isinstance(content.get("error"), str):
        description = content.get("error_description", "")
        return content["error"], description if isinstance(description, str) else str(description)
    return None
