"""One rule per protocol fact, the same on both sides (client and fake): MAX's rule."""

from __future__ import annotations

import logging

import pytest

from maxclient import protocol, wsgi
from maxclient.rest import MaxClient, RequestError
from maxclient.testing import FakeMaxServer
from maxclient.testing.oauth import FakeOAuth

from .scripted import reply

SECRETS = {"X-Oauth-Token": "tok-1", "Authorization": "Basic c2VjcmV0",
           "Cookie": "session=cookie-1", "Proxy-Authorization": "Basic cHJveHk="}


@pytest.mark.parametrize(("value", "expected"), [
    ("t", True), ("TRUE", True), (" yes ", True), ("y", True), ("On", True), ("1", True),
    (True, True), (1, True),
    ("false", False), ("0", False), ("no", False), ("", False), (None, False),
    ("2", False), ("enabled", False), (False, False), (0, False),
])
def test_booleans_read_as_max_reads_them(value, expected):
    # pyramid.settings.asbool: strip, lower, one of t/true/y/yes/on/1.
    assert protocol.asbool(value) is expected


def _as(fake: FakeMaxServer, name: str) -> wsgi.MaxClient:
    client = wsgi.MaxClient(fake.wsgi_app, actor=name)
    client.setToken(fake.token_for(name))
    return client


@pytest.mark.parametrize(("mode", "restricted"), [("y", True), ("T", True), ("no", False)])
def test_restricted_visibility_read_as_max_reads_it_by_people_and_conversations(
        mode, restricted):
    fake = FakeMaxServer(settings={"max.restricted_user_visibility_mode": mode})
    for name in ("alice", "bob"):
        _as(fake, "test_manager").people[name].post()
    alice = _as(fake, "alice")
    assert ("bob" in [p["username"] for p in alice.people.get()]) is not restricted
    message = {"contexts": [{"objectType": "conversation", "participants": ["alice", "bob"]}],
               "object": {"objectType": "note", "content": "hi"}}
    if restricted:
        with pytest.raises(RequestError) as err:
            alice.conversations.post(data=message)
        assert (err.value.code, err.value.error) == (403, "Forbidden")
    else:
        assert alice.conversations.post(data=message)["objectType"] == "message"


def test_every_secret_header_redacted_in_client_log(app, server, caplog):
    app.on("GET", "/people/bob", reply(200, {"username": "bob"}))

    class Client(MaxClient):
        def auth_headers(self):
            return {**super().auth_headers(), **SECRETS}

    client = Client(server.url, actor="bob", retries=0)
    client.setToken("tok-1")
    with caplog.at_level(logging.DEBUG, logger="maxclient"):
        client.people["bob"].get()
    text = caplog.text
    assert "request headers=" in text
    for value in SECRETS.values():
        assert value not in text
    assert "X-Oauth-Username': 'bob'" in text  # the user's name is not a secret


def test_every_secret_header_redacted_in_fake_journal():
    fake = FakeMaxServer()
    fake.create_user("test_manager")  # MAX keeps managers apart from user records
    client = wsgi.MaxClient(fake.wsgi_app, actor="test_manager")

    class Headers(wsgi.MaxClient):
        def auth_headers(self):
            return {**super().auth_headers(), **{k: v for k, v in SECRETS.items()
                                                 if k != "X-Oauth-Token"}}

    client = Headers(fake.wsgi_app, actor="test_manager")
    client.setToken(fake.token_for("test_manager"))
    client.people["test_manager"].get()
    seen = fake.journal.last.headers
    for name in protocol.SECRET_HEADERS:
        assert name in seen, name
        assert seen[name] not in SECRETS.values()
    assert seen["x-oauth-username"] == "test_manager"


def test_credentials_never_follow_a_redirect_to_another_host(app, server, other_server):
    other_server.app.on("GET", "/people/bob", reply(200, {"username": "bob"}))
    app.on("GET", "/people/bob",
           reply(302, headers={"Location": f"{other_server.url}/people/bob"}))
    client = MaxClient(server.url, actor="bob", retries=0, auth_method="basic")
    client.setBasicAuth("bob", "pw")
    client.people["bob"].get()
    client = MaxClient(server.url, actor="bob", retries=0)
    client.setToken("tok-1")
    client.people["bob"].get()
    for seen in other_server.app.hits("GET", "/people/bob"):
        sent = {k.lower() for k in seen.headers}
        assert not sent & protocol.CREDENTIAL_HEADERS, sent


def test_fake_oauth_with_another_scope_authenticates_its_clients():
    fake = FakeMaxServer()
    fake.create_user("test_manager")  # MAX keeps managers apart from user records
    fake.oauth = FakeOAuth(scope="otherscope")
    client = wsgi.MaxClient(fake.wsgi_app, actor="test_manager", scope="otherscope")
    client.setToken(fake.token_for("test_manager"))
    assert client.people["test_manager"].get()["username"] == "test_manager"
    wrong = wsgi.MaxClient(fake.wsgi_app, actor="test_manager")
    wrong.setToken(fake.token_for("test_manager"))
    with pytest.raises(RequestError) as err:
        wrong.people["test_manager"].get()
    assert (err.value.code, err.value.error) == (401, "Unauthorized")
    assert fake.auth_headers("bob")[protocol.SCOPE_HEADER] == "otherscope"


def test_error_body_built_by_the_fake_is_decoded_by_the_client():
    fake = FakeMaxServer()
    client = wsgi.MaxClient(fake.wsgi_app, actor="test_manager")
    client.setToken(fake.token_for("test_manager"))
    fake.inject_fault(500, path="/people/test_manager")
    with pytest.raises(RequestError) as err:
        client.people["test_manager"].get()
    assert (err.value.code, err.value.error) == (500, "ServerError")
    assert str(err.value) == "ServerError: Injected fault"


def test_app_exception_becomes_maxs_error_body():
    def broken(environ, start_response):
        raise RuntimeError("boom")

    client = wsgi.MaxClient(broken, actor="bob")
    with pytest.raises(RequestError) as err:
        client.people["bob"].get()
    assert err.value.error == "ServerError"
    assert "RuntimeError: boom" in err.value.message


@pytest.mark.parametrize(("body", "expected"), [
    (b'{"error": "ObjectNotFound", "error_description": "gone"}', ("ObjectNotFound", "gone")),
    (b'{"error": "Unauthorized"}', ("Unauthorized", "")),
    (protocol.error_body("X", "y"), ("X", "y")),
    (b'{"error": 3}', None), (b"[1]", None), (b"<html>", None), (b"", None),
    (b"[" * 5000 + b"]" * 5000, None),
])
def test_error_decoder(body, expected):
    assert protocol.decode_error(body) == expected
