"""Fixtures for the drop-in compatibility suite.

Each test re-expresses, in our own code, how a named downstream project of the
original (Python 2) maxclient calls it, and runs it against the fake MAX.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from maxclient.testing import FakeMaxServer
from maxclient.testing.views import find

MANAGER = "test_manager"


def needs_fake(route_name: str, method: str = "GET") -> pytest.MarkDecorator:
    """Skip (saying why) while the fake MAX has no view for ``route_name`` x ``method``.

    The fake is being completed concurrently; these tests start running by
    themselves when the view lands. This never skips on a client behaviour.
    """
    return pytest.mark.skipif(
        find(route_name, method) is None,
        reason=f"FakeMaxServer has no {method} view for route {route_name!r} yet",
    )


@pytest.fixture
def server() -> Iterator[FakeMaxServer]:
    srv = FakeMaxServer(managers=[MANAGER])
    with srv.mock_requests():
        yield srv


@pytest.fixture
def restore_logging() -> Iterator[None]:
    logger = logging.getLogger("maxclient")
    level, handlers = logger.level, list(logger.handlers)
    try:
        yield
    finally:
        logger.setLevel(level)
        logger.handlers[:] = handlers
