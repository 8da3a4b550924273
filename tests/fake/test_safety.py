"""Holes the fake closes even where MAX leaves them open: each check acts on the user
the view acts on, whatever ``actor`` the body names."""

from __future__ import annotations

from typing import Any

from .conftest import error_of

ALICE_AS_ACTOR = {"objectType": "person", "username": "alice"}


def test_an_actor_in_the_body_does_not_let_a_user_create_another(manager: Any,
                                                                  as_user: Any) -> None:
    """MAX's "Add people" passes when the resolved actor is the caller, though the view
    creates ``username``: the fake checks the user it creates."""
    alice = as_user("alice", create=True)
    answer = alice.post("/people", json={"username": "mallory", "actor": ALICE_AS_ACTOR})
    assert (answer.status_code, error_of(answer)) == (403, "Forbidden")
    assert manager.get("/people/mallory").status_code == 400
    assert alice.post("/people", json={"username": "alice"}).status_code == 200


def test_an_actor_in_the_body_does_not_register_a_token_for_another(manager: Any,
                                                                     as_user: Any) -> None:
    alice = as_user("alice", create=True)
    as_user("bob", create=True)
    body = {"platform": "ios", "token": "1234567890abcdef1234", "username": "bob",
            "actor": ALICE_AS_ACTOR}
    answer = alice.post("/tokens", json=body)
    assert (answer.status_code, error_of(answer)) == (403, "Forbidden")
    assert manager.get("/people/bob/tokens").json() == []
    del body["username"], body["actor"]
    assert alice.post("/tokens", json=body).status_code == 201
    assert [t["username"] for t in manager.get("/people/alice/tokens").json()] == ["alice"]
    manager_token = {"platform": "ios", "token": "abcdef1234567890abcd", "username": "bob"}
    assert manager.post("/tokens", json=manager_token).status_code == 201
    assert [t["token"] for t in manager.get("/people/bob/tokens").json()] \
        == ["abcdef1234567890abcd"]


def test_secrets_in_the_query_string_are_redacted_in_the_journal(server: Any,
                                                                 manager: Any) -> None:
    token = server.token_for("test_manager")
    manager.get("/people", qs={"X-Oauth-Token": token, "access_token": token, "limit": "1"})
    call = server.journal.last
    assert call.query["X-Oauth-Token"] == ["***"] and call.query["access_token"] == ["***"]
    assert call.query["limit"] == ["1"]
    assert all(token not in repr(c) for c in server.journal)


def test_secret_headers_are_redacted_in_the_served_journal() -> None:
    import requests

    from maxclient.testing import FakeMaxServer

    server = FakeMaxServer(managers=["test_manager"])
    server.seed({"users": ["test_manager"]})
    token = server.token_for("test_manager")
    with server.serve() as live:
        answer = requests.get(live.url + "/people", params={"limit": "1"}, headers={
            **live.auth_headers("test_manager"), "Authorization": "Basic c2VjcmV0",
            "Cookie": "session=secret"}, timeout=10)
    assert answer.status_code == 200  # the view read the real token before redaction
    call = server.journal.last
    assert call.headers["x-oauth-token"] == "***" and call.headers["authorization"] == "***"
    assert call.headers["cookie"] == "***" and call.username == "test_manager"
    assert call.query == {"limit": ["1"]} and call.route == "users"
    assert all(token not in repr(c) and "secret" not in repr(c) for c in server.journal)


def test_checktoken_checks_the_scope(server: Any) -> None:
    import requests

    token = server.token_for("alice")
    url = server.oauth_url + "/checktoken"
    form = {"access_token": token, "username": "alice"}
    assert requests.post(url, data={**form, "scope": "widgetcli"}).status_code == 200
    assert requests.post(url, data=form).status_code == 401
    assert requests.post(url, data={**form, "scope": "other"}).status_code == 401


def test_invented_header_names_cannot_grow_the_fake_without_end(server: Any,
                                                                manager: Any) -> None:
    """The fake remembers how each environ key names a header, up to a bound; a client
    sending hundreds of made-up headers is still read whole, and so is the next one."""
    for batch in range(3):
        invented = {f"X-Made-Up-{batch}-{i}": str(i) for i in range(300)}
        assert manager.get("/people", qs={"limit": "1"}, headers=invented).status_code == 200
        seen = server.journal.last.headers
        assert all(seen[name.lower()] == value for name, value in invented.items())
        assert seen["x-oauth-username"] == "test_manager"
