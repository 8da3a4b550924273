"""Ending a call at its deadline while http.client waits for the status line and headers.

A socket timeout bounds each ``recv``, not a whole read: a server sending one byte
of its headers every few seconds would hold ``getresponse()`` for as long as it
likes. The adapter here gives its pools connections whose ``getresponse`` is watched
by one shared daemon thread, which shuts the socket down when the calling thread's
deadline (set with ``deadline_for``) passes; the body is read by the transport, in
chunks, under the same deadline.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

__all__ = ["DeadlineAdapter", "deadline_for"]

_local = threading.local()


@contextlib.contextmanager
def deadline_for(when: float | None) -> Iterator[None]:
    """Within the block, this thread's requests stop waiting for headers at ``when``."""
    previous = getattr(_local, "deadline", None)
    _local.deadline = when
    try:
        yield
    finally:
        _local.deadline = previous


class _Watchdog:
    """One thread, one heap of (deadline, socket): cheap to arm and disarm per request."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, socket.socket]] = []
        self._live: set[int] = set()
        self._ids = itertools.count()
        self._thread: threading.Thread | None = None
        self._until: float | None = None  # when the watchdog next wakes by itself

    def arm(self, when: float, sock: socket.socket) -> int:
        with self._cond:
            ticket = next(self._ids)
            heapq.heappush(self._heap, (when, ticket, sock))
            self._live.add(ticket)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="maxclient-deadline",
                                                daemon=True)
                self._thread.start()
            elif self._until is None or when < self._until:
                self._cond.notify()  # only an earlier deadline needs the thread awake
            return ticket

    def disarm(self, ticket: int) -> None:
        with self._cond:
            self._live.discard(ticket)
            if len(self._heap) > 2 * len(self._live) + 64:  # drop disarmed entries
                self._heap = [entry for entry in self._heap if entry[1] in self._live]
                heapq.heapify(self._heap)

    def _run(self) -> None:
        with self._cond:
            while True:
                while self._heap and self._heap[0][1] not in self._live:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._until = None
                    self._cond.wait()
                    continue
                when, ticket, sock = self._heap[0]
                wait = when - time.monotonic()
                if wait > 0:
                    self._until = when
                    self._cond.wait(wait)
                    self._until = None
                    continue
                heapq.heappop(self._heap)
                self._live.discard(ticket)
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


_WATCHDOG = _Watchdog()


class _Watched:
    sock: socket.socket | None

    def getresponse(self) -> Any:
        when = getattr(_local, "deadline", None)
        sock = self.sock
        if when is None or sock is None:
            return super().getresponse()  # type: ignore[misc]
        ticket = _WATCHDOG.arm(when, sock)
        try:
            return super().getresponse()  # type: ignore[misc]
        finally:
            _WATCHDOG.disarm(ticket)


class _HTTPConnection(_Watched, HTTPConnection):
    pass


class _HTTPSConnection(_Watched, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


_POOLS = {"http": _HTTPPool, "https": _HTTPSPool}


class DeadlineAdapter(HTTPAdapter):
    """``HTTPAdapter`` whose connections honour ``deadline_for`` while awaiting headers."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = _POOLS
        return manager
