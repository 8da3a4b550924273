"""Exceptions raised by maxclient; every import path to them names these classes."""

from __future__ import annotations

from typing import Any

__all__ = ["BadUsernameOrPasswordError", "RequestError"]


class RequestError(Exception):
    """A MAX request that did not succeed.

    ``code`` is the HTTP status (0 when no usable answer came) and ``message`` the
    text, usually ``"ErrorName: description"`` from MAX's error JSON, whose name is
    ``error``. With code 0, ``cause`` says why in one word (``refused``, ``dns``,
    ``tls``, ``timeout``, ``deadline``, ``reset``, ``too-large``...) and the message
    names the server (MAX, OAuth, hub). ``message`` is writable because callers
    prefix it and re-raise.
    """

    def __init__(self, code: int, message: str = "", *args: Any, error: str | None = None,
                 cause: str | None = None) -> None:
        super().__init__(message, *args)
        self.code = int(code)
        self.message = message
        self.error = error
        self.cause = cause

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"RequestError({self.code!r}, {self.message!r})"


_BAD_PASSWORD = "Bad username or password.\n   Oauth server = {}\n   Max Server = {}"
_REDACTED = "********"


class BadUsernameOrPasswordError(Exception):
    """The OAuth server refused a password grant.

    The secret is never kept: ``password`` is a truthy placeholder when one was
    given and ``''`` when none was, so callers that re-prompt on an empty
    password keep working without the exception carrying the credential.
    """

    def __init__(
        self,
        oauthserver: str | None,
        maxserver: str | None,
        username: str | None,
        password: str | None = None,
        *args: Any,
    ) -> None:
        self.oauthserver = oauthserver
        self.maxserver = maxserver
        self.oauth_server = oauthserver
        self.max_server = maxserver
        self.username = username
        self.password = _REDACTED if password else ""
        super().__init__(_BAD_PASSWORD.format(oauthserver, maxserver), *args)

    def __repr__(self) -> str:
        return (
            f"BadUsernameOrPasswordError(username={self.username!r}, "
            f"oauth_server={self.oauthserver!r}, max_server={self.maxserver!r})"
        )
