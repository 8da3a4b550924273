"""Fixtures for the fake MAX's own tests: raw HTTP through responses, to see exact answers."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from maxclient.testing import FakeMaxServer

MANAGER = "test_manager"


class Caller:
    """Raw ``requests`` calls to the fake as one user (or anonymous when ``username`` is None)."""

    def __init__(self, server: FakeMaxServer, username: str | None) -> None:
        self.server = server
        self.username = username
        self.session = requests.Session()
        if username is not None:
            self.session.headers.update(server.auth_headers(username))

    def request(self, method: str, path: str, json: Any = None, qs: Any = None,
                **kwargs: Any) -> requests.Response:
        return self.session.request(method, self.server.url + path, json=json, params=qs,
                                    **kwargs)

    def get(self, path: str, qs: Any = None, **kw: Any) -> requests.Response:
        return self.request("GET", path, qs=qs, **kw)

    def head(self, path: str, qs: Any = None, **kw: Any) -> requests.Response:
        return self.request("HEAD", path, qs=qs, **kw)

    def post(self, path: str, json: Any = None, **kw: Any) -> requests.Response:
        return self.request("POST", path, json=json, **kw)

    def put(self, path: str, json: Any = None, **kw: Any) -> requests.Response:
        return self.request("PUT", path, json=json, **kw)

    def delete(self, path: str, json: Any = None, **kw: Any) -> requests.Response:
        return self.request("DELETE", path, json=json, **kw)


@pytest.fixture
def server() -> Any:
    fake = FakeMaxServer(managers=[MANAGER])
    fake.create_user(MANAGER)  # MAX's test base creates its manager in setUp
    with fake.mock_requests():
        yield fake


@pytest.fixture
def manager(server: FakeMaxServer) -> Caller:
    return Caller(server, MANAGER)


@pytest.fixture
def as_user(server: FakeMaxServer) -> Any:
    """``as_user("alice")``: a Caller for alice (created in MAX with ``create=True``)."""

    def make(username: str | None, create: bool = False) -> Caller:
        if create and username is not None:
            Caller(server, MANAGER).post("/people", json={"username": username})
        return Caller(server, username)

    return make


def error_of(response: requests.Response) -> str:
    """MAX's error name from a JSON error answer."""
    return response.json()["error"]
