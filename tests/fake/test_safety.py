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
