"""What the fake received, for tests to assert on (bounded when asked to be)."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..protocol import SECRET_HEADERS


@dataclass(frozen=True, slots=True)
class Call:
    """One request as the fake saw it (the token header is redacted); slotted, as a
    served fake keeps thousands."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any
    status: int
    route: str | None = None

    @property
    def username(self) -> str | None:
        return self.headers.get("x-oauth-username")


class EmptyJournalError(IndexError):
    """``journal.last`` before the fake received any request."""


class Journal:
    """Thread-safe list of :class:`Call`, newest last.

    With ``limit`` only the newest ``limit`` calls are kept, so a long-running
    served fake does not grow without end; ``limit=0`` records nothing.
    """

    def __init__(self, limit: int | None = None) -> None:
        self._calls: deque[Call] = deque(maxlen=limit)
        self._lock = threading.Lock()

    @property
    def limit(self) -> int | None:
        return self._calls.maxlen

    @limit.setter
    def limit(self, value: int | None) -> None:
        with self._lock:
            self._calls = deque(self._calls, maxlen=value)

    def record(self, call: Call) -> None:
        if self._calls.maxlen == 0:
            return
        with self._lock:
            self._calls.append(call)

    def clear(self) -> None:
        with self._lock:
            self._calls.clear()

    def __iter__(self) -> Iterator[Call]:
        with self._lock:
            return iter(list(self._calls))

    def __len__(self) -> int:
        return len(self._calls)

    def __getitem__(self, index: int) -> Call:
        return self._calls[index]

    @property
    def last(self) -> Call:
        """The newest request; :class:`EmptyJournalError` (an ``IndexError``) if none came."""
        with self._lock:
            if not self._calls:
                raise EmptyJournalError(
                    "the fake MAX has received no request yet (is the code under test "
                    "calling its URL, through the mock this fake is mounted in?)")
            return self._calls[-1]

    def filter(self, method: str | None = None, route: str | None = None,
               path: str | None = None) -> list[Call]:
        return [
            c for c in self
            if (method is None or c.method == method.upper())
            and (route is None or c.route == route)
            and (path is None or c.path == path)
        ]


_SECRET_PARAMS = SECRET_HEADERS | {"access_token", "password", "oauth_token"}


def redact_query(query: dict[str, list[str]]) -> dict[str, list[str]]:
    """Query parameters with secret values masked (a token sent in the URL, say); the
    very dict when it holds no secret (the request's own, never changed afterwards)."""
    if not any(k.lower() in _SECRET_PARAMS for k in query):
        return query
    return {k: (["***"] * len(v) if k.lower() in _SECRET_PARAMS else v)
            for k, v in query.items()}


def redact_headers(headers: dict[str, str]) -> dict[str, str]:
    """``headers`` (lower-cased names, the finished request's own dict) with secret
    values masked in place: a few set lookups per request, not a dict rebuild."""
    for name in SECRET_HEADERS.intersection(headers):
        headers[name] = "***"
    return headers
