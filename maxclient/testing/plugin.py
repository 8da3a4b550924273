"""pytest plugin (entry point ``pytest11``): a fresh fake MAX per test, and clients for it.

Fixtures: ``max_server`` (a :class:`FakeMaxServer` mounted through ``responses``
for the test), ``max_client`` (a REST client logged in as the first manager
through the fake OAuth), ``max_client_factory`` (clients acting as other users)
and ``max_live_server`` (the same fake over real loopback HTTP).

Per test: ``@pytest.mark.max_managers("alice", ...)`` and
``@pytest.mark.max_settings(**{"max.server_id": "x"})``; per project: the ini
options ``max_managers`` and ``max_url``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from .server import DEFAULT_URL, FakeMaxServer

if TYPE_CHECKING:
    from ..rest import MaxClient

DEFAULT_MANAGER = "test_manager"
FIXTURE_PASSWORD = "fake-password"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("max_managers", "usernames holding MAX's Manager role in the fake",
                  type="linelist", default=[DEFAULT_MANAGER])
    parser.addini("max_url", "base URL the fake MAX answers on", default=DEFAULT_URL)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers",
                            "max_managers(*names): Manager usernames for this test's fake MAX")
    config.addinivalue_line("markers",
                            "max_settings(**settings): settings for this test's fake MAX")


def _build_server(request: pytest.FixtureRequest) -> FakeMaxServer:
    marker = request.node.get_closest_marker("max_managers")
    managers = list(marker.args) if marker else list(request.config.getini("max_managers"))
    settings_marker = request.node.get_closest_marker("max_settings")
    settings = dict(settings_marker.kwargs) if settings_marker else {}
    url = request.config.getini("max_url") or DEFAULT_URL
    return FakeMaxServer(managers=managers, url=url, settings=settings)


@pytest.fixture
def max_server(request: pytest.FixtureRequest) -> Iterator[FakeMaxServer]:
    """A fresh fake MAX for this test; ``requests`` to its URLs reach it, other hosts fail."""
    server = _build_server(request)
    with server.mock_requests():
        yield server


@pytest.fixture
def max_live_server(request: pytest.FixtureRequest) -> Iterator[FakeMaxServer]:
    """A fresh fake MAX served over real HTTP on 127.0.0.1 (its ``url`` is the socket's)."""
    server = _build_server(request)
    with server.serve():
        yield server


@pytest.fixture
def max_client_factory(max_server: FakeMaxServer) -> Callable[..., MaxClient]:
    """``make(username, create=True)``: a REST client logged in as ``username``.

    With ``create`` the user is first added to MAX by the first manager, as MAX's
    test base does (managers too: MAX keeps roles apart from user records).
    """
    from ..rest import MaxClient

    def make(username: str, *, create: bool = True, **kwargs: Any) -> MaxClient:
        if create and max_server.managers:
            try:
                max_server.create_user(username)
            except ValueError as exc:
                raise RuntimeError(f"could not create {username!r} in the fake: {exc}") from None
        client = MaxClient(max_server.url, oauth_server=max_server.oauth_url, **kwargs)
        client.login(username, FIXTURE_PASSWORD)
        return client

    return make


@pytest.fixture
def max_client(max_server: FakeMaxServer, max_client_factory: Callable[..., MaxClient]
               ) -> MaxClient:
    """A REST client logged in (through the fake OAuth) as the first manager, whose user
    record is created first (``POST /people``), as MAX's test base does in ``setUp``."""
    if not max_server.managers:
        pytest.fail("max_client needs a manager: use @pytest.mark.max_managers('name')")
    return max_client_factory(max_server.managers[0])
