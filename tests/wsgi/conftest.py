"""Clients on the same app over both transports: in-process WSGI and loopback HTTP."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from waitress.server import create_server

from maxclient import rest, wsgi
from maxclient.testing import FakeMaxServer
from maxclient.testing.views import find

from .echo import echo_app

TRANSPORTS = ["wsgi", "http"]
MANAGER = "test_manager"


class Served:
    """``app`` served by waitress on loopback in a thread."""

    def __init__(self, app: Any) -> None:
        import threading

        self.server = create_server(app, host="127.0.0.1", port=0, threads=4,
                                    asyncore_loop_timeout=0.05)
        self.url = f"http://127.0.0.1:{self.server.effective_port}"  # type: ignore[union-attr]
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.close()
        self.thread.join(timeout=5)


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
    return FakeMaxServer(managers=[MANAGER])


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


def needs(*views: tuple[str, str]) -> None:
    """Skip while another engineer's fake endpoint has not landed yet."""
    missing = [f"{m} {r}" for r, m in views if find(r, m) is None]
    if missing:
        pytest.skip(f"fake endpoint not implemented yet: {', '.join(missing)}")
