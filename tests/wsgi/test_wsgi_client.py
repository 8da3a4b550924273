"""What only the in-process client does: app exceptions, mounts, no sockets."""

from __future__ import annotations

import socket

import pytest

from maxclient.errors import BadUsernameOrPasswordError
from maxclient.rest import RequestError
from maxclient.testing import FakeMaxServer
from maxclient.transports.base import Request
from maxclient.wsgi import OAUTH_MOUNT, MaxClient, WebTestTransport

from .echo import echo_app


def test_exception_in_app_is_a_500_with_the_traceback():
    client = MaxClient(echo_app, actor="bob")
    with pytest.raises(RequestError) as err:
        client.people["x"].get(qs={"boom": 1})
    assert err.value.code == 500
    assert err.value.error == "ServerError"
    text = str(err.value)
    assert text.startswith("ServerError: Traceback (most recent call last)")
    assert "echo app exploded on purpose" in text and "Boom" in text


def test_error_statuses_come_back_as_responses():
    transport = WebTestTransport(echo_app)
    r = transport.send(Request("GET", "/people/x?status=418", {}))
    assert r.status == 418
    assert r.json()["error"] == "EchoError"


def test_head_has_no_body_even_if_the_app_sends_one():
    def chatty(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain"), ("X-totalItems", "3")])
        return [b"body that HEAD must not carry"]

    r = WebTestTransport(chatty).send(Request("HEAD", "/people", {}))
    assert (r.status, r.content, r.headers["x-totalitems"]) == (200, b"", "3")


def test_oauth_app_is_mounted_and_used_by_login():
    fake = FakeMaxServer(managers=["boss"])
    fake.register_account("dave", "pw")
    client = MaxClient(fake.wsgi_app, oauth_app=fake.oauth_app)
    assert client.oauth_server == OAUTH_MOUNT
    assert client.login("dave", "pw") == fake.token_for("dave")
    with pytest.raises(BadUsernameOrPasswordError):
        client.login("dave", "wrong")


def test_oauth_mount_at_a_path_prefix_sets_script_name():
    r = WebTestTransport(echo_app, mounts={"/oauth": echo_app}).send(
        Request("POST", "/oauth/token", {}, form={"username": "x"}))
    got = r.json()
    assert (got["path"], got["script_name"]) == ("/token", "/oauth")
    assert got["body"] == "username=x"
    assert got["content_type"] == "application/x-www-form-urlencoded"


def test_combined_app_serves_oauth_under_a_relative_prefix():
    fake = FakeMaxServer()
    client = MaxClient(fake.combined_app, oauth_server="/oauth")
    assert client.login("erin", "whatever") == fake.token_for("erin")


def test_no_socket_is_opened(monkeypatch):
    fake = FakeMaxServer()

    def refuse(*args, **kwargs):
        raise AssertionError("the WSGI client opened a socket")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    client = MaxClient(fake.wsgi_app, oauth_app=fake.oauth_app)
    assert client.login("test_manager", "x") == fake.token_for("test_manager")
    client.people.post(username="test_manager")
    try:
        client.people["test_manager"].get()
    except RequestError:
        pass
    # A refused socket would have surfaced as the transport's 500.
    assert client.last_response_code in (200, 404)


def test_lint_mode_passes_for_the_fake():
    fake = FakeMaxServer()
    client = MaxClient(fake.wsgi_app, oauth_app=fake.oauth_app, lint=True)
    assert client.login("test_manager", "x") == fake.token_for("test_manager")
    try:
        client.people["test_manager"].activities.post(object_content="x")
    except RequestError:
        pass
    # A lint AssertionError would have become the transport's 500.
    assert client.last_response_code != 500
