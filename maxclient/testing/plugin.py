"""pytest plugin (entry point ``pytest11``): a fresh fake MAX per test, and clients for it.

Fixtures: ``max_server`` (a :class:`FakeMaxServer` mounted into ``responses.mock``,
or into ``requests_mock`` when the test uses that fixture), ``max_client`` (a REST
client logged in as the first manager through the fake OAuth), ``max_client_factory``
(clients acting as other users), and ``max_live_server`` / ``max_live_client`` /
``max_live_client_factory``: the same over real loopback HTTP.

Per test: ``@pytest.mark.max_managers("alice", ...)``,
``@pytest.mark.max_settings(**{"max.server_id": "x"})``,
``@pytest.mark.max_state("state.json")`` (start from a saved state, its roles included) and
``@pytest.mark.max_assert_all_faults_fired``; per project: the ini options
``max_managers``, ``max_url`` and ``max_assert_all_faults_fired``.

Loading the plugin needs only maxclient's core dependencies, so it never breaks a
pytest run; the fixtures need the ``testing`` extra and say so.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .defaults import DEFAULT_MANAGER, DEFAULT_URL

if TYPE_CHECKING:
    from ..rest import MaxClient
    from .server import FakeMaxServer

INSTALL_HINT = "pip install 'maxclient[testing]'"
ClientFactory = Callable[..., "MaxClient"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("max_managers", "usernames holding MAX's Manager role in the fake",
                  type="linelist", default=[DEFAULT_MANAGER])
    parser.addini("max_url", "base URL the fake MAX answers on", default=DEFAULT_URL)
    parser.addini("max_assert_all_faults_fired",
                  "fail a test whose injected faults did not all fire", type="bool",
                  default=False)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers",
                            "max_managers(*names): Manager usernames for this test's fake MAX")
    config.addinivalue_line("markers",
                            "max_settings(**settings): settings for this test's fake MAX")
    config.addinivalue_line("markers",
                            "max_state(path): start this test's fake MAX from a saved state "
                            "(FakeMaxServer.dump / maxclient snapshot; relative to the test file)")
    config.addinivalue_line("markers",
                            "max_assert_all_faults_fired: fail if an injected fault never fired")


_CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]
                              ) -> Generator[None, Any, None]:
    """Remember whether the test body failed: the fault check then stays quiet rather
    than add a second error about faults the failure kept from firing."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed


def pytest_report_header(config: pytest.Config) -> str:
    """Which maxclient this run tests with: the installed one or a checkout."""
    from pathlib import Path

    from .. import __file__ as package_file
    from .._version import version

    return f"maxclient: {version()} from {Path(package_file).parent}"


def _require_testing_extra(*modules: str) -> None:
    """One clear line instead of an ImportError deep in a fixture: the fake (and the
    mocking or serving library named) must import."""
    from importlib import import_module

    try:
        import_module(".server", __package__)
        for name in modules:
            import_module(name)
    except ModuleNotFoundError as exc:
        pytest.fail(f"maxclient's MAX fixtures need the testing extra ({exc.name} is not "
                    f"installed): {INSTALL_HINT}", pytrace=False)


def _build_server(request: pytest.FixtureRequest) -> FakeMaxServer:
    marker = request.node.get_closest_marker("max_managers")
    managers = list(marker.args) if marker else list(request.config.getini("max_managers"))
    settings_marker = request.node.get_closest_marker("max_settings")
    settings = dict(settings_marker.kwargs) if settings_marker else {}
    url = request.config.getini("max_url") or DEFAULT_URL
    from .server import FakeMaxServer

    return FakeMaxServer(managers=managers, url=url, settings=settings)


def _load_state(request: pytest.FixtureRequest, server: FakeMaxServer) -> None:
    """``@pytest.mark.max_state(path)``: load a saved state (after any reset)."""
    marker = request.node.get_closest_marker("max_state")
    if marker is not None:
        from .state import read_state_file

        path = Path(marker.args[0])
        if not path.is_absolute():  # relative to the test's own file
            path = Path(str(request.node.path)).parent / path
        server.load(read_state_file(path))


def _check_faults(request: pytest.FixtureRequest) -> bool:
    return bool(request.node.get_closest_marker("max_assert_all_faults_fired")
                or request.config.getini("max_assert_all_faults_fired"))


def _assert_faults_fired(request: pytest.FixtureRequest, server: FakeMaxServer) -> None:
    """At teardown, when asked for and the test itself passed."""
    if _check_faults(request) and not request.node.stash.get(_CALL_FAILED, False):
        server.assert_all_faults_fired()


def _requests_mock(request: pytest.FixtureRequest) -> Any:
    """The test's ``requests_mock`` fixture (requests-mock's plugin), if it uses one."""
    return (request.getfixturevalue("requests_mock")
            if "requests_mock" in request.fixturenames else None)


@pytest.fixture
def max_server(request: pytest.FixtureRequest) -> Iterator[FakeMaxServer]:
    """A fresh fake MAX for this test; ``requests`` to its URLs reach it, other hosts fail.

    It is mounted into ``responses.mock`` (so ``@responses.activate`` and
    ``responses.add`` work beside it), or into ``requests_mock`` if the test uses it.
    """
    _require_testing_extra("responses")
    from .activate import mock_max

    mocker = _requests_mock(request)
    with mock_max(server=_build_server(request), requests_mock=mocker) as server:
        _load_state(request, server)
        yield server
    _assert_faults_fired(request, server)


@pytest.fixture
def max_live_server(request: pytest.FixtureRequest) -> Iterator[FakeMaxServer]:
    """A fresh fake MAX served over real HTTP on 127.0.0.1 (its ``url`` is the socket's);
    responses' global mock and ``requests_mock`` let requests to it through."""
    _require_testing_extra("responses", "waitress")
    from .activate import live_passthrough

    server = _build_server(request)
    _load_state(request, server)
    with server.serve(), live_passthrough(server.url, _requests_mock(request)):
        yield server
    _assert_faults_fired(request, server)


def client_factory(server: FakeMaxServer) -> ClientFactory:
    """``make(username, create=True, **client_options)``: a REST client acting as
    ``username`` with a token the fake OAuth minted in-process (no password round trip:
    fixture setup stays well under a millisecond; ``client.login()`` still works).

    With ``create`` the user is first added to MAX by the first manager, as MAX's
    test base does (managers too: MAX keeps roles apart from user records).
    """
    from ..rest import MaxClient

    def make(username: str, *, create: bool = True, **kwargs: Any) -> MaxClient:
        if create and server.managers:
            try:
                server.create_user(username)
            except ValueError as exc:
                raise RuntimeError(f"could not create {username!r} in the fake: {exc}") from None
        client = MaxClient(server.url, oauth_server=server.oauth_url, **kwargs)
        client.setActor(username)
        client.setToken(server.token_for(username))
        return client

    return make


def _first_manager_client(server: FakeMaxServer, make: ClientFactory) -> MaxClient:
    if not server.managers:
        pytest.fail("max_client needs a manager: use @pytest.mark.max_managers('name')",
                    pytrace=False)
    return make(server.managers[0])


@pytest.fixture
def max_client_factory(max_server: FakeMaxServer) -> ClientFactory:
    """``make(username, create=True)``: a client of ``max_server`` logged in as ``username``."""
    return client_factory(max_server)


@pytest.fixture
def max_client(max_server: FakeMaxServer, max_client_factory: ClientFactory) -> MaxClient:
    """A REST client logged in as the first manager (as listed), whose user record is
    created first (``POST /people``), as MAX's test base does in ``setUp``."""
    return _first_manager_client(max_server, max_client_factory)


@pytest.fixture
def max_live_client_factory(max_live_server: FakeMaxServer) -> ClientFactory:
    """``make(username, create=True)``: a client of ``max_live_server`` over real HTTP."""
    return client_factory(max_live_server)


@pytest.fixture
def max_live_client(max_live_server: FakeMaxServer,
                    max_live_client_factory: ClientFactory) -> MaxClient:
    """``max_client`` for ``max_live_server``: the first manager, over real HTTP."""
    return _first_manager_client(max_live_server, max_live_client_factory)
