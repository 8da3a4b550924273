"""Clients on the same app over both transports: in-process WSGI and loopback HTTP."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from maxclient import rest, wsgi
from maxclient.testing import FakeMaxServer
from maxclient.testing.serving import serve_wsgi

from .echo import echo_app

TRANSPORTS = ["wsgi", "http"]
MANAGER = "test_manager"


class Served:
    """``app`` served by waitress on loopback in a thread."""

    def __init__(self, app: Any) -> None:
        self._stack = contextlib.ExitStack()
        self.url = self._stack.enter_context(serve_wsgi(app, threads=4))

    def close(self) -> None:
        self._stack.close()


@pytest.fixture(params=TRANSPORTS)
def kind(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def echo_client(kind: str) -> Iterator[rest.MaxClient]:
    """A client (actor bob, token tok) talking to ``echo_app``."""
    served = None
    if kind == "wsgi":
        client: rest.MaxClient = wsgi.MaxClient(echo_app, actor="bob")
    else:
        served = Served(echo_app)
        client = rest.MaxClient(served.url, actor="bob", retries=0)
    client.setToken("tok")
    yield client
    client.close()
    if served is not None:
        served.close()


@pytest.fixture
def fake() -> FakeMaxServer:
    server = FakeMaxServer(managers=[MANAGER])
    server.create_user(MANAGER)  # MAX's test base creates its manager in setUp
    return server


@pytest.fixture
def client_for(fake: FakeMaxServer, kind: str) -> Iterator[Callable[[str], rest.MaxClient]]:
    """``client_for(user)``: a client authenticated as ``user`` on ``fake``."""
    made: list[rest.MaxClient] = []
    ctx = fake.serve() if kind == "http" else None
    if ctx is not None:
        ctx.__enter__()

    def make(user: str) -> rest.MaxClient:
        if kind == "wsgi":
            c: rest.MaxClient = wsgi.MaxClient(fake.wsgi_app, oauth_app=fake.oauth_app,
                                               actor=user)
        else:
            c = rest.MaxClient(fake.url, actor=user, retries=0)
        c.setToken(fake.token_for(user))
        made.append(c)
        return c

    yield make
    for c in made:
        c.close()
    if ctx is not None:
        ctx.__exit__(None, None, None)
