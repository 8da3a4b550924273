"""Faults a test asks the fake to inject: a status (or a timeout) for the next
matching requests, matched by route name, path and method after routing."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from ..protocol import error_body
from .http.reply import Reply, json_reply

__all__ = ["Fault", "Faults", "fault_reply"]


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
    """Pending faults, first added first matched; thread-safe."""

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

    def __bool__(self) -> bool:
        return bool(self._faults)

    def pending(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

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


def fault_reply(fault: Fault) -> Reply:
    """What an injected fault answers. A timeout is a 504 marked ``timeout``: each door
    turns it into what its clients see (in process a client-side timeout, served a
    504 after ``delay``)."""
    if fault.timeout:
        return Reply(504, b"", "text/plain", timeout=fault.delay)
    if fault.status == 500:
        return json_reply(error_body("ServerError", "Injected fault"), 500)
    return Reply(fault.status, b"", "text/plain")
