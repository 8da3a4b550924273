"""The original client's double-underscore attributes, which subclasses read and set."""

from __future__ import annotations

from typing import Any

__all__ = ["OriginalAttributes"]


class OriginalAttributes:
    """``__oauth_server__`` (the OAuth URL as given, or None until discovered) and
    ``__server_info__`` (MAX's ``/info`` once read), over the client's own fields.

    hubclient-style subclasses override ``oauth_server`` and fill ``__oauth_server__``
    themselves; both spellings read and write the same value."""

    _oauth_server: str | None
    _server_info: dict[str, Any] | None

    @property
    def __oauth_server__(self) -> str | None:
        return self._oauth_server

    @__oauth_server__.setter
    def __oauth_server__(self, value: str | None) -> None:
        self._oauth_server = value

    @property
    def __server_info__(self) -> dict[str, Any] | None:
        return self._server_info

    @__server_info__.setter
    def __server_info__(self, value: dict[str, Any] | None) -> None:
        self._server_info = value
