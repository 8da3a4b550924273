"""The fake's lock: many readers at once, one writer alone.

One plain lock around every request made a served fake's reads queue behind each
other: under the GIL the holder is switched out now and then, every other worker then
sleeps on the lock, and each hand-off costs context switches and cold caches (8
threads reading doubled the CPU per request). Reads (GET, HEAD) share the lock and
only wait for a writer; a write waits until the readers in flight are done, and
readers arriving meanwhile wait behind it, so a steady stream of reads never starves
a write.

``with lock:`` takes the write side (as the ``RLock`` it replaces: reentrant for the
thread holding it); ``with lock.read():`` the read side. A thread already holding
either side may take the read side again without waiting.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

__all__ = ["ReadWriteLock"]


class ReadWriteLock:
    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._changed = threading.Condition(self._mutex)
        self._readers = 0  # read holds, all threads
        self._writers_waiting = 0
        self._writer: int | None = None  # thread ident holding the write side
        self._write_depth = 0
        self._mine = threading.local()  # this thread's read holds
        self._read_side = _ReadSide(self)

    def __repr__(self) -> str:
        state = ("writing" if self._writer is not None
                 else f"{self._readers} reading" if self._readers else "free")
        return f"<ReadWriteLock {state}, {self._writers_waiting} writers waiting>"

    # -- write side ---------------------------------------------------------
    def acquire(self) -> None:
        me = threading.get_ident()
        if self._writer == me:
            self._write_depth += 1
            return
        if getattr(self._mine, "depth", 0):
            raise RuntimeError("cannot take the write lock while holding its read side")
        with self._mutex:
            self._writers_waiting += 1
            try:
                while self._writer is not None or self._readers:
                    self._changed.wait()
            finally:
                self._writers_waiting -= 1
            self._writer = me
            self._write_depth = 1

    def release(self) -> None:
        if self._writer != threading.get_ident():
            raise RuntimeError("release of a write lock this thread does not hold")
        self._write_depth -= 1
        if self._write_depth == 0:
            with self._mutex:
                self._writer = None
                self._changed.notify_all()

    def __enter__(self) -> ReadWriteLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    # -- read side ----------------------------------------------------------
    def read(self) -> _ReadSide:
        """The shared side, as a context manager."""
        return self._read_side

    def acquire_read(self) -> None:
        mine = self._mine
        depth = getattr(mine, "depth", 0)
        if depth or self._writer == threading.get_ident():
            # Already inside: waiting for a queued writer would wait for ourselves.
            with self._mutex:
                self._readers += 1
        else:
            with self._mutex:
                while self._writer is not None or self._writers_waiting:
                    self._changed.wait()
                self._readers += 1
        mine.depth = depth + 1

    def release_read(self) -> None:
        mine = self._mine
        depth = getattr(mine, "depth", 0)
        if not depth:
            raise RuntimeError("release of a read lock this thread does not hold")
        mine.depth = depth - 1
        with self._mutex:
            self._readers -= 1
            if not self._readers and self._writers_waiting:
                self._changed.notify_all()

    # -- both ---------------------------------------------------------------
    @contextmanager
    def suspended(self) -> Iterator[None]:
        """Everything this thread holds let go for a while (slow work on data copied
        out under the lock), then taken back as it was."""
        writes = self._write_depth if self._writer == threading.get_ident() else 0
        reads = getattr(self._mine, "depth", 0)
        for _ in range(reads):
            self.release_read()
        for _ in range(writes):
            self.release()
        try:
            yield
        finally:
            for _ in range(writes):
                self.acquire()
            for _ in range(reads):
                self.acquire_read()


class _ReadSide:
    __slots__ = ("_lock",)

    def __init__(self, lock: ReadWriteLock) -> None:
        self._lock = lock

    def __enter__(self) -> ReadWriteLock:
        self._lock.acquire_read()
        return self._lock

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._lock.release_read()
