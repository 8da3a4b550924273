"""The fake's lock: reads run together, a write runs alone and is never starved."""

from __future__ import annotations

import threading
import time

import pytest

from maxclient.testing.model.rwlock import ReadWriteLock

WAIT = 5.0


def in_thread(target) -> threading.Thread:
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


def holding_read(lock: ReadWriteLock, done: list[str] | None = None
                 ) -> tuple[threading.Thread, threading.Event]:
    """A thread that holds the read side until the returned event is set (then notes
    "read done" in ``done``); returns once it holds it."""
    holding, release = threading.Event(), threading.Event()

    def read() -> None:
        with lock.read():
            holding.set()
            release.wait(WAIT)
            if done is not None:
                done.append("read done")

    thread = in_thread(read)
    assert holding.wait(WAIT)
    return thread, release


def writing(lock: ReadWriteLock, order: list[str]) -> threading.Thread:
    def write() -> None:
        with lock:
            order.append("write")

    return in_thread(write)


def wait_for_queued_writer(lock: ReadWriteLock) -> None:
    deadline = time.monotonic() + WAIT
    while "1 writers waiting" not in repr(lock):
        assert time.monotonic() < deadline, f"no writer queued: {lock!r}"
        time.sleep(0.001)


def test_readers_hold_the_lock_together():
    lock = ReadWriteLock()
    both_inside = threading.Barrier(2, timeout=WAIT)

    def read() -> None:
        with lock.read():
            both_inside.wait()  # breaks (and fails the join check) if reads were serial

    threads = [in_thread(read) for _ in range(2)]
    for thread in threads:
        thread.join(WAIT)
    assert not both_inside.broken
    assert "free" in repr(lock)


def test_a_writer_waits_for_the_readers_in_flight_and_then_runs_alone():
    lock = ReadWriteLock()
    order: list[str] = []
    reader, release_reader = holding_read(lock, order)
    writer = writing(lock, order)
    time.sleep(0.05)
    assert order == []  # the writer is still waiting for the reader
    release_reader.set()
    reader.join(WAIT)
    writer.join(WAIT)
    assert order == ["read done", "write"]


def test_a_waiting_writer_goes_before_readers_that_arrive_after_it():
    lock = ReadWriteLock()
    order: list[str] = []

    def late_reader() -> None:
        with lock.read():
            order.append("late read")

    first, release_first = holding_read(lock)
    threads = [first, writing(lock, order)]
    wait_for_queued_writer(lock)
    threads.append(in_thread(late_reader))
    time.sleep(0.05)
    assert order == []  # the late reader queues behind the writer
    release_first.set()
    for thread in threads:
        thread.join(WAIT)
    assert order == ["write", "late read"]


def test_a_reader_may_read_again_while_a_writer_waits():
    """A nested read never waits for a queued writer, which waits for that very reader."""
    lock = ReadWriteLock()
    reading, writer_queued = threading.Event(), threading.Event()
    done: list[str] = []

    def reader() -> None:
        with lock.read():
            reading.set()
            writer_queued.wait(WAIT)
            with lock.read():
                done.append("nested read")

    thread = in_thread(reader)
    reading.wait(WAIT)
    writer = writing(lock, [])
    wait_for_queued_writer(lock)
    writer_queued.set()
    thread.join(WAIT)
    writer.join(WAIT)
    assert done == ["nested read"] and not writer.is_alive()


def test_the_write_side_is_reentrant_and_may_read():
    lock = ReadWriteLock()
    with lock, lock, lock.read():
        assert "writing" in repr(lock)
    assert "free" in repr(lock)


def test_a_reader_cannot_upgrade_to_writing():
    lock = ReadWriteLock()
    with lock.read(), pytest.raises(RuntimeError, match="read side"):
        lock.acquire()


def test_releasing_what_is_not_held_is_an_error():
    lock = ReadWriteLock()
    with pytest.raises(RuntimeError):
        lock.release()
    with pytest.raises(RuntimeError):
        lock.release_read()


@pytest.mark.parametrize("side", ["read", "write"])
def test_suspended_lets_a_writer_in_and_takes_the_lock_back(side):
    lock = ReadWriteLock()
    wrote = threading.Event()

    def write() -> None:
        with lock:
            wrote.set()

    with lock.read() if side == "read" else lock:
        with lock.suspended():
            writer = in_thread(write)
            assert wrote.wait(WAIT)
            writer.join(WAIT)
        assert ("1 reading" if side == "read" else "writing") in repr(lock)
    assert "free" in repr(lock)
