"""MAX's debug API (``max/debug.py``, ``max/tests/test_debug.py``): with ``max.debug_api``
and ``max.oauth_passtrough`` on, a browser drives MAX with ``d``/``u``/``m``/``p``."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
import requests

from maxclient.testing import FakeMaxServer

DEBUG = {"max.debug_api": "true", "max.oauth_passtrough": "true"}


@pytest.fixture
def debug_server() -> FakeMaxServer:
    server = FakeMaxServer(managers=["test_manager"], settings=DEBUG)
    server.create_user("test_manager")
    with server.mock_requests():
        yield server


def _get(server: FakeMaxServer, path: str, **params: str) -> requests.Response:
    return requests.get(f"{server.url}{path}?{urlencode(params)}")


def test_debugging_mode_does_not_break_normal_app(debug_server: FakeMaxServer) -> None:
    assert requests.get(debug_server.url + "/people").status_code == 401


def test_make_get_without_oauth(debug_server: FakeMaxServer) -> None:
    answer = _get(debug_server, "/people", d="", u="test_manager")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/json"


def test_debug_post_without_user_does_not_override_the_method(debug_server: FakeMaxServer
                                                                ) -> None:
    assert _get(debug_server, "/people/messi", d="", m="post").status_code == 400


def test_make_post_as_get_with_payload(debug_server: FakeMaxServer) -> None:
    assert _get(debug_server, "/people/leo", d="", u="test_manager", m="post").status_code \
        == 201
    answer = _get(debug_server, "/people/messi", d="", u="test_manager", m="post",
                  p='{"displayName":"El messi"}')
    assert answer.status_code == 201 and answer.json()["displayName"] == "El messi"


def test_debug_responds_html(debug_server: FakeMaxServer) -> None:
    answer = _get(debug_server, "/people", d="1", u="test_manager")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "text/html; charset=UTF-8"
    assert answer.text.startswith("<html><body>[{") and answer.text.endswith("]</body></html>")


def test_every_body_is_unquoted_and_read_as_json(debug_server: FakeMaxServer) -> None:
    """The tween unquotes and strips ``=`` from every body, as a form post would send it."""
    headers = debug_server.auth_headers("test_manager")
    answer = requests.post(debug_server.url + "/people/bob", headers=headers,
                           data="%7B%22displayName%22%3A%22Bob%22%7D=")
    assert answer.status_code == 201 and answer.json()["displayName"] == "Bob"


def test_oauth_passtrough_accepts_any_token_but_checks_the_scope(debug_server: FakeMaxServer
                                                                 ) -> None:
    headers = {"X-Oauth-Token": "anything", "X-Oauth-Username": "test_manager",
               "X-Oauth-Scope": "widgetcli"}
    assert requests.get(debug_server.url + "/people", headers=headers).status_code == 200
    headers["X-Oauth-Scope"] = "other"
    assert requests.get(debug_server.url + "/people", headers=headers).status_code == 401


def test_debug_parameters_do_nothing_when_the_setting_is_off() -> None:
    server = FakeMaxServer(managers=["test_manager"])
    server.create_user("test_manager")
    with server.mock_requests():
        assert _get(server, "/people", d="1", u="test_manager").status_code == 401
        headers = {"X-Oauth-Token": "anything", "X-Oauth-Username": "test_manager",
                   "X-Oauth-Scope": "widgetcli"}
        assert requests.get(server.url + "/people", headers=headers).status_code == 401
