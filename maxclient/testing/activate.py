"""The fake inside the mocks a test already uses, outside pytest fixtures too.

``mock_max`` is to the fake MAX what ``responses.activate`` is to responses (or
moto's ``mock_aws`` to AWS): a decorator and a context manager. It mounts the fake
into responses' global mock, so ``@responses.activate``, ``responses.add()`` and
the fake work together, or into a ``requests_mock`` mocker when given one.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ContextDecorator
from typing import Any

from .defaults import DEFAULT_OAUTH_URL, DEFAULT_URL
from .server import FakeMaxServer

__all__ = ["live_passthrough", "mock_max"]


class mock_max(ContextDecorator):  # lower case, as responses.activate and mock_aws
    """Route ``requests`` to a fresh fake MAX (and its OAuth) while active.

    >>> with mock_max(managers=["admin"]) as server:
    ...     ...  # requests to server.url reach the fake; other hosts fail

    >>> fake = mock_max()
    >>> @fake
    ... def run():
    ...     ...  # fake.server is this call's fake MAX

    Each entry starts from a fresh server (or ``server.reset()`` of the one given).
    ``requests_mock``: a ``requests_mock.Mocker`` to mount into instead of responses.
    ``assert_all_faults_fired``: on a clean exit, fail if an injected fault never fired.
    """

    def __init__(
        self,
        managers: Iterable[str] = ("test_manager",),
        *,
        server: FakeMaxServer | None = None,
        url: str = DEFAULT_URL,
        oauth_url: str = DEFAULT_OAUTH_URL,
        settings: Mapping[str, Any] | None = None,
        accounts: Mapping[str, str] | None = None,
        requests_mock: Any = None,
        assert_all_faults_fired: bool = False,
    ) -> None:
        self._given = server
        self._options: dict[str, Any] = dict(managers=list(managers), url=url,
                                             oauth_url=oauth_url, settings=settings,
                                             accounts=accounts)
        self._mocker = requests_mock
        self.assert_all_faults_fired = assert_all_faults_fired
        self._active: list[tuple[FakeMaxServer, contextlib.ExitStack]] = []

    @property
    def server(self) -> FakeMaxServer:
        """The fake of the innermost active entry."""
        if not self._active:
            raise RuntimeError("mock_max is not active: use it as a decorator or in a with")
        return self._active[-1][0]

    def __enter__(self) -> FakeMaxServer:
        if self._given is not None:
            server = self._given
            server.reset()
        else:
            server = FakeMaxServer(**self._options)
        stack = contextlib.ExitStack()
        if self._mocker is not None:
            stack.enter_context(_into_requests_mock(server, self._mocker))
        else:
            stack.enter_context(_into_global_responses(server))
        self._active.append((server, stack))
        return server

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        server, stack = self._active.pop()
        stack.close()
        if exc_type is None and self.assert_all_faults_fired:
            server.assert_all_faults_fired()


@contextlib.contextmanager
def _into_global_responses(server: FakeMaxServer) -> Iterator[None]:
    """Mount into ``responses.mock``, starting it (and stopping it after) unless a caller
    such as ``@responses.activate`` already did."""
    import responses

    mock = responses.mock
    # responses has no public "is started" flag; its own start() checks _patcher too.
    started_here = getattr(mock, "_patcher", None) is None
    if started_here:
        mock.start()
    try:
        with server.mock_requests(mock):
            yield
    finally:
        if started_here:
            mock.stop(allow_assert=False)
            mock.reset()


@contextlib.contextmanager
def _into_requests_mock(server: FakeMaxServer, mocker: Any) -> Iterator[None]:
    from .mock import mount_requests_mock

    # requests-mock has no way to remove a matcher: the mocker's lifetime bounds them.
    mount_requests_mock(mocker, server.url, server.local_app)
    mount_requests_mock(mocker, server.oauth_url, server.oauth_app)
    yield


@contextlib.contextmanager
def live_passthrough(url: str, requests_mock: Any = None) -> Iterator[None]:
    """Let real requests to ``url`` (a live fake on loopback) through responses' global
    mock, and through ``requests_mock`` when given, while both stay active."""
    import responses

    prefix = url.rstrip("/") + "/"  # the slash: port 8081 is not a prefix of 80810
    responses.mock.add_passthru(prefix)
    if requests_mock is not None:
        import requests_mock as rm

        pattern = re.compile("^" + re.escape(prefix[:-1]) + "(?:[/?#]|$)")
        requests_mock.register_uri(rm.ANY, pattern, real_http=True)
    try:
        yield
    finally:
        responses.mock.passthru_prefixes = tuple(
            p for p in responses.mock.passthru_prefixes if p != prefix)
