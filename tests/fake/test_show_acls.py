"""``?show_acls`` (MAX's ``JSONResourceEntity`` + ``dump_acls``): an entity answer gains
``acls``, the caller's permissions on the object the URL names, in MAX's order. The
expected lists are what the real MAX answered for the same steps."""

from __future__ import annotations

from typing import Any

import pytest

from maxclient.testing.model.common import context_hash

URL = "http://c.test/1"

MANAGER_ON = {
    "context": ["View context", "Can modify context", "Delete context",
                "Subscribe an user to a context", "View activities",
                "View activities without context subscription", "Add activity",
                "View activity comments", "Grant or revoke permissions on a subscription",
                "Unsubscribe an user to a context"],
    "user": ["View activities", "View activities without context subscription",
             "View user timeline activities", "Add activity",
             "View all subscriptions of user to a context", "View activity comments",
             "View private fields", "Modify a user's avatar", "Delete a device token",
             "List and query tokens", "View user profile"],
    "post": ["View activity", "Delete activity", "View activity comments",
             "Add a comment to an activity", "Favorite an activity", "Unfavorite an activity",
             "Like an activity", "Flag an activity", "Unflag an activity"],
    "note": ["View activity", "Delete activity", "View activity comments",
             "Add a comment to an activity", "Favorite an activity", "Unfavorite an activity",
             "Like an activity"],
    "conversation": ["View conversation", "View conversation subscription",
                     "Modify conversation", "Delete conversation",
                     "Delete everyone's conversations", "Add a participant to a conversation",
                     "Delete a participant from a conversation",
                     "View all conversation messages", "Add a message to a conversation"],
}
ALICE_ON = {
    "context": ["View context", "Subscribe an user to a context",
                "Unsubscribe an user to a context", "Add activity", "View activities",
                "View activity comments"],
    "user": ["Modify user profile", "View user timeline activities", "View activities",
             "Add activity", "View all subscriptions of user to a context",
             "View activity comments", "View private fields", "Modify a user's avatar",
             "Delete a device token", "View user profile", "List and query tokens"],
    "post": ["View activity", "Delete activity", "Favorite an activity",
             "View activity comments", "Like an activity", "Add a comment to an activity",
             "Unlike an activity"],
    "note": ["View activity", "Delete activity", "Favorite an activity",
             "Add a comment to an activity", "Delete a activity comment",
             "View activity comments", "Like an activity"],
    "conversation": ["View conversation", "View conversation subscription",
                     "Modify conversation", "Delete conversation",
                     "Transfer a conversation to another user", "View all conversation messages",
                     "Add a message to a conversation",
                     "Delete a participant from a conversation"],
}
BOB_ON = {
    "context": ["View context", "Subscribe an user to a context"],
    "user": ["View user profile", "View activities"],
    "note": ["Favorite an activity", "View activity", "Add a comment to an activity",
             "View activity comments", "Like an activity"],
    "conversation": ["View conversation subscription", "View conversation",
                     "View all conversation messages", "Add a message to a conversation",
                     "Delete a participant from a conversation"],
}


@pytest.fixture
def paths(manager: Any, as_user: Any) -> dict[str, str]:
    for name in ("alice", "bob"):
        manager.post("/people", json={"username": name})
    manager.post("/contexts", json={"url": URL, "displayName": "X", "permissions": {
        "read": "subscribed", "write": "subscribed", "subscribe": "public"}})
    alice = as_user("alice")
    alice.post("/people/alice/subscriptions",
               json={"object": {"objectType": "context", "url": URL}})
    chash = context_hash(URL)
    post = alice.post(f"/contexts/{chash}/activities",
                      json={"object": {"objectType": "note", "content": "hi"}}).json()
    note = alice.post("/people/alice/activities",
                      json={"object": {"objectType": "note", "content": "free"}}).json()
    alice.post(f"/activities/{post['id']}/likes")
    conv = alice.post("/conversations", json={
        "contexts": [{"objectType": "conversation", "participants": ["alice", "bob"]}],
        "object": {"objectType": "note", "content": "m"}}).json()
    return {"context": f"/contexts/{chash}", "user": "/people/alice",
            "post": f"/activities/{post['id']}", "note": f"/activities/{note['id']}",
            "conversation": f"/conversations/{conv['contexts'][0]['id']}"}


@pytest.mark.parametrize(("caller", "expected"), [
    ("test_manager", MANAGER_ON), ("alice", ALICE_ON), ("bob", BOB_ON)])
def test_show_acls_lists_maxs_permissions_in_maxs_order(paths: dict[str, str], as_user: Any,
                                                         caller: str,
                                                         expected: dict[str, list[str]]
                                                         ) -> None:
    for kind, acls in expected.items():
        answer = as_user(caller).get(paths[kind], qs={"show_acls": "1"})
        assert answer.status_code == 200, (kind, answer.text)
        assert answer.json()["acls"] == acls, kind


def test_without_show_acls_there_are_none(paths: dict[str, str], manager: Any) -> None:
    assert "acls" not in manager.get(paths["context"]).json()
    assert "acls" in manager.get(paths["context"], qs={"show_acls": ""}).json()
