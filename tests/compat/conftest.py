"""Fixtures for the drop-in compatibility suite.

Each test re-expresses, in our own code, how a named downstream project of the
original (Python 2) maxclient calls it, and runs it against the fake MAX.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest

from maxclient.testing import FakeMaxServer

MANAGER = "test_manager"


@pytest.fixture
def server() -> Iterator[FakeMaxServer]:
    srv = FakeMaxServer(managers=[MANAGER])
    srv.create_user(MANAGER)  # MAX's test base creates its manager in setUp
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


@pytest.fixture
def manager_client(server: FakeMaxServer) -> Any:
    """``manager_client(cls)``: a client of ``cls`` acting as the manager with a token
    set the way downstream code does (``setActor`` + ``setToken``), ``alice`` seeded."""

    def make(cls: Any) -> Any:
        server.seed({"users": ["alice"]})
        client = cls(server.url, server.oauth_url)
        client.setActor(MANAGER)
        client.setToken(server.token_for(MANAGER))
        return client

    return make
