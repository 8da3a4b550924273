"""Serve any WSGI app on loopback with waitress, and stop it cleanly.

waitress's own ``run()`` loops until interrupted, and closing its sockets from
another thread races its ``select()``; this loop polls in short bounded steps and
closes everything from the serving thread itself.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["serve_wsgi"]

POLL_SECONDS = 0.05


log = logging.getLogger("maxclient.testing.serving")


class _QueueDepth:
    """waitress warns of every request that waits for a free thread: a production
    alarm, but on loopback under a parallel test run it is the expected state, and
    each warning costs a write to stderr while the server is busiest. Kept at debug."""

    def warning(self, msg: str, *args: object) -> None:
        log.debug(msg, *args)


@contextlib.contextmanager
def serve_wsgi(app: Callable[..., Any], host: str = "127.0.0.1", port: int = 0,
               threads: int = 8) -> Iterator[str]:
    """Serve ``app`` in a background thread; yields its base URL (``http://host:port``)."""
    from waitress.server import create_server

    server: Any = create_server(app, host=host, port=port, threads=threads,
                                clear_untrusted_proxy_headers=True)
    server.task_dispatcher.queue_logger = _QueueDepth()
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            server.asyncore.loop(timeout=POLL_SECONDS, map=server._map, count=1)
        server.task_dispatcher.shutdown()
        for channel in list(server._map.values()):
            channel.close()
        server.close()

    thread = threading.Thread(target=loop, name=f"wsgi-{server.effective_port}", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.effective_port}"
    finally:
        stop.set()
        thread.join(timeout=5)
