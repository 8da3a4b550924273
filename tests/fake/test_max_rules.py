"""One rule each where the fake once held two copies that disagreed: MAX's rule, pinned
for every place that uses it (activities and messages share one tokeniser; the
unsubscribe policy decides both the subscriber's permissions and the leave check)."""

from __future__ import annotations

from typing import Any

import pytest

from maxclient.testing.model.common import context_hash

from .conftest import error_of

URL = "http://atenea.upc.edu/rules"
HASH = context_hash(URL)


@pytest.fixture
def alice(manager: Any, as_user: Any) -> Any:
    return as_user("alice", create=True)


def test_a_hashtag_keeps_its_trailing_dot_in_activities(alice: Any) -> None:
    posted = alice.post("/people/alice/activities",
                        json={"object": {"objectType": "note", "content": "Read #Tag. now"}})
    assert posted.status_code == 201
    found = alice.get("/people/alice/activities", qs={"hashtag": "tag."}).json()
    assert [a["id"] for a in found] == [posted.json()["id"]]
    assert alice.get("/people/alice/activities", qs={"hashtag": "tag"}).json() == []
    assert [a["id"] for a in
            alice.get("/people/alice/activities", qs={"keyword": "tag."}).json()] \
        == [posted.json()["id"]]


def test_a_hashtag_keeps_its_trailing_dot_in_messages(manager: Any, alice: Any,
                                                      as_user: Any) -> None:
    as_user("bob", create=True)
    started = alice.post("/conversations", json={
        "contexts": [{"objectType": "conversation", "participants": ["alice", "bob"]}],
        "object": {"objectType": "note", "content": "Read #Tag. now"}})
    assert started.status_code == 201
    assert len(manager.get("/messages", qs={"hashtag": "tag."}).json()) == 1
    assert manager.get("/messages", qs={"hashtag": "tag"}).json() == []


@pytest.mark.parametrize(("policies", "can_leave"), [
    ({"subscribe": "public"}, True),  # no unsubscribe policy: the subscribe one decides
    ({"subscribe": "public", "unsubscribe": "restricted"}, False),
    ({"subscribe": "restricted"}, False),
])
def test_unsubscribe_policy_falls_back_to_subscribe(manager: Any, alice: Any,
                                                    policies: dict[str, str],
                                                    can_leave: bool) -> None:
    manager.post("/contexts", json={"url": URL, "permissions": policies})
    assert manager.post(f"/contexts/{HASH}/subscriptions",
                        json={"actor": {"objectType": "person", "username": "alice"}}
                        ).status_code == 201
    entry = alice.get("/people/alice/subscriptions").json()[0]
    assert ("unsubscribe" in entry["permissions"]) is can_leave
    left = alice.delete(f"/contexts/{HASH}/subscriptions/alice")
    assert left.status_code == (204 if can_leave else 403)
    if not can_leave:
        assert error_of(left) == "Forbidden"


@pytest.mark.parametrize("value", ["y", "T", "yes", "1"])
def test_restricted_visibility_reads_any_max_truthy_string(server: Any, manager: Any,
                                                           as_user: Any, value: str) -> None:
    """People listings and conversations read the setting with the same rule."""
    server.settings["max.restricted_user_visibility_mode"] = value
    alice, _bob = as_user("alice", create=True), as_user("bob", create=True)
    names = [u["username"] for u in alice.get("/people").json()]
    assert "bob" not in names  # nobody shares a context with alice
    refused = alice.post("/conversations", json={
        "contexts": [{"objectType": "conversation", "participants": ["alice", "bob"]}],
        "object": {"objectType": "note", "content": "hi"}})
    assert refused.status_code == 403


@pytest.mark.parametrize("content", [5, ["x"], {"a": 1}])
def test_content_that_is_not_text_is_refused_alike_everywhere(manager: Any, alice: Any,
                                                              as_user: Any,
                                                              content: Any) -> None:
    """MAX answers a 500 for each; the fake answers one 400 in MAX's validation words,
    for posts, comments and messages."""
    url = "http://atenea.upc.edu/typed"
    manager.post("/contexts", json={"url": url, "permissions": {"write": "subscribed"}})
    manager.post("/people/alice/subscriptions",
                 json={"object": {"objectType": "context", "url": url}})
    post = alice.post("/people/alice/activities", json={
        "object": {"objectType": "note", "content": "fine"},
        "contexts": [{"objectType": "context", "url": url}]}).json()
    as_user("bob", create=True)
    chat = alice.post("/conversations", json={
        "contexts": [{"objectType": "conversation", "participants": ["alice", "bob"]}],
        "object": {"objectType": "note", "content": "hi"}}).json()
    answers = [
        alice.post("/people/alice/activities",
                   json={"object": {"objectType": "note", "content": content}}),
        alice.post(f"/activities/{post['id']}/comments",
                   json={"object": {"objectType": "comment", "content": content}}),
        alice.post(f"/conversations/{chat['contexts'][0]['id']}/messages",
                   json={"object": {"objectType": "note", "content": content}}),
    ]
    assert {(a.status_code, error_of(a), a.json()["error_description"]) for a in answers} \
        == {(400, "ValidationError", 'Validation error on field "content": must be a string')}
