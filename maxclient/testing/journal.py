"""What the fake received, for tests to assert on, and the faults it was told to inject."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..protocol import SECRET_HEADERS


@dataclass(frozen=True)
class Call:
    """One request as the fake saw it (the token header is redacted)."""

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


class Journal:
    """Thread-safe list of :class:`Call`, newest last."""

    def __init__(self) -> None:
        self._calls: list[Call] = []
        self._lock = threading.Lock()

    def record(self, call: Call) -> None:
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
        return self._calls[-1]

    def filter(self, method: str | None = None, route: str | None = None,
               path: str | None = None) -> list[Call]:
        return [
            c for c in self
            if (method is None or c.method == method.upper())
            and (route is None or c.route == route)
            and (path is None or c.path == path)
        ]


def redact_headers(headers: dict[str, str]) -> dict[str, str]:
    return {k: ("***" if k.lower() in SECRET_HEADERS else v) for k, v in headers.items()}


@dataclass
class Fault:
    """Answer ``status`` (or time out) to the next ``times`` matching requests."""

    status: int = 503
    times: int = 1
    route: str | None = None
    path: str | None = None
    method: str | None = None
    timeout: bool = False
    delay: float = 0.0
    hits: int = field(default=0)

    def matches(self, method: str, path: str, route: str | None) -> bool:
        return (
            (self.method is None or self.method.upper() == method)
            and (self.route is None or self.route == route)
            and (self.path is None or self.path.rstrip("/") == path.rstrip("/"))
        )


class Faults:
    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self, method: str, path: str, route: str | None) -> Fault | None:
        """The first pending fault matching this request, consuming one use of it."""
        if not self._faults:
            return None
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path, route):
                    fault.hits += 1
                    if fault.hits >= fault.times:
                        self._faults.remove(fault)
                    return fault
        return None
