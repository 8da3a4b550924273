"""Request logging: useful, and never leaks credentials."""

from __future__ import annotations

import logging

import pytest

from maxclient import BadUsernameOrPasswordError
from maxclient import MaxClient as RpcClient
from maxclient.rest import MaxClient, RequestError

from .scripted import reply

TOKEN = "t0k3n-very-secret"
PASSWORD = "p4ss-very-secret"


def test_exchange_logged_with_secrets_redacted(app, server, caplog):
    app.on("POST", "/token", reply(200, {"access_token": TOKEN}))
    app.on("POST", "/people", reply(201, {"username": "a"}))
    app.on("GET", "/people/a", reply(200, {"username": "a"}))
    caplog.set_level(logging.DEBUG, logger="maxclient")
    c = MaxClient(server.url, oauth_server=server.url)
    c.login("bob", PASSWORD)
    c.people.post(username="a", password=PASSWORD)
    RpcClient(server.url, actor="bob").setToken(TOKEN)
    rpc = RpcClient(server.url, actor="bob")
    rpc.setToken(TOKEN)
    rpc.getUser("a")
    c.setBasicAuth("admin", PASSWORD)
    c.auth_method = "basic"
    c.people["a"].get()
    text = caplog.text
    assert f"GET {server.url}/people/a -> 200" in text and " ms)" in text
    assert f"POST {server.url}/people -> 201" in text
    assert "X-Oauth-Username" in text and "username" in text
    assert TOKEN not in text and PASSWORD not in text
    for record in caplog.records:
        assert TOKEN not in record.getMessage() and PASSWORD not in record.getMessage()


def test_bad_password_logged_without_secret(app, server, caplog):
    app.on("POST", "/token", reply(401, {"error": "invalid_grant"}))
    caplog.set_level(logging.DEBUG, logger="maxclient")
    with pytest.raises(BadUsernameOrPasswordError):
        MaxClient(server.url, oauth_server=server.url).getToken("bob", PASSWORD)
    assert PASSWORD not in caplog.text and "/token -> 401" in caplog.text


@pytest.fixture
def quiet_library():
    library = logging.getLogger("maxclient")
    level = library.level
    library.setLevel(logging.WARNING)
    yield
    library.setLevel(level)


def test_debug_flag_turns_on_this_clients_logging_only(app, server, caplog, quiet_library):
    caplog.set_level(logging.DEBUG)  # capture everything emitted; "maxclient" stays quiet
    loud = MaxClient(server.url, debug=True)
    quiet = MaxClient(server.url)
    loud.setActor("bob")
    quiet.setActor("bob")
    for client, name in ((loud, "loud"), (quiet, "quiet")):
        with pytest.raises(RequestError):  # the scripted server knows neither path
            client.people[name].get()
    mine = [r for r in caplog.records if r.name.startswith("maxclient")]
    lines = [r.getMessage() for r in mine]
    assert any("/people/loud -> " in line for line in lines)
    assert not any("/people/quiet" in line for line in lines)
    assert {r.name for r in mine} == {"maxclient.debug"}


def test_connection_failure_logged(caplog):
    caplog.set_level(logging.INFO, logger="maxclient")
    with pytest.raises(RequestError):
        MaxClient("http://127.0.0.1:9", retries=0).people.get()
    assert "GET http://127.0.0.1:9/people -> ERR" in caplog.text
