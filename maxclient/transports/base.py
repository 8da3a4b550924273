"""The transport contract: one request in, one response out, nothing MAX-specific.

Kept deliberately tiny (httpx style) so a backend is one short file: the real
HTTP one (``RequestsTransport``) and the in-process webtest one both implement
``send``. Multipart uploads travel as ``files`` + ``form`` rather than an encoded
body so backends like webtest can use their own upload support.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "ConnectError",
    "Headers",
    "Request",
    "Response",
    "ResponseTooLarge",
    "TimeoutException",
    "Transport",
    "TransportError",
]

FileField = tuple[str, bytes, "str | None"]


class TransportError(Exception):
    """The exchange failed below HTTP: no status code to report.

    The text says what happened (never the URL's secrets, never a header value);
    ``cause`` is one short word for programs: ``refused``, ``dns``, ``tls``,
    ``timeout``, ``deadline``, ``reset``, ``too-large``, ``redirects`` or ``other``.
    """

    def __init__(self, message: str, cause: str = "other") -> None:
        super().__init__(message)
        self.cause = cause


class ConnectError(TransportError):
    """The server could not be reached (refused, DNS, TLS, reset)."""


class TimeoutException(TransportError):
    """The server was reached but did not answer in time (or within the call's deadline)."""


class ResponseTooLarge(TransportError):
    """The answer was longer than the transport's ``max_response_bytes``; it was not kept."""


class Headers(MutableMapping[str, str]):
    """Case-insensitive header mapping for backends that lack one."""

    __slots__ = ("_d",)

    def __init__(self, data: Mapping[str, str] | None = None) -> None:
        self._d: dict[str, tuple[str, str]] = {}
        if data:
            for k, v in data.items():
                self[k] = v

    def __getitem__(self, key: str) -> str:
        return self._d[key.lower()][1]

    def __setitem__(self, key: str, value: str) -> None:
        self._d[key.lower()] = (key, value)

    def __delitem__(self, key: str) -> None:
        del self._d[key.lower()]

    def __iter__(self) -> Iterator[str]:
        return (k for k, _ in self._d.values())

    def __len__(self) -> int:
        return len(self._d)

    def __repr__(self) -> str:
        return f"Headers({dict(self.items())!r})"


@dataclass(slots=True)
class Request:
    """What to send. ``body`` is already encoded; ``files``/``form`` mean multipart,
    ``form`` alone means ``application/x-www-form-urlencoded``. ``follow_redirects`` off
    hands a 3xx back to the caller (the password grant decides itself where it goes)."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes | None = None
    files: dict[str, FileField] | None = None
    form: dict[str, str] | None = None
    follow_redirects: bool = True


@dataclass(slots=True)
class Response:
    """What came back; ``headers`` must be case-insensitive."""

    status: int
    headers: Mapping[str, str]
    content: bytes
    url: str

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.content)


class Transport:
    """Base class for backends: subclasses implement ``send``."""

    def send(self, request: Request) -> Response:
        raise NotImplementedError

    def close(self) -> None:
        """Release pooled resources; the default has none."""

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
