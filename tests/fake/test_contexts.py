"""Contexts: CRUD, listing, tags and avatar on the fake MAX."""

from __future__ import annotations

from typing import Any

import pytest

from maxclient.testing import FakeMaxServer
from maxclient.testing.model.common import context_hash

from .conftest import error_of

URL = "http://atenea.upc.edu"
HASH = "e6847aed3105e85ae603c56eb2790ce85e212997"


def test_hash_is_sha1_of_url() -> None:
    assert context_hash(URL) == HASH


def test_create_context_defaults_and_existing(manager: Any) -> None:
    created = manager.post("/contexts", json={"url": URL})
    assert created.status_code == 201
    body = created.json()
    assert body["hash"] == HASH
    assert body["displayName"] == URL
    assert body["objectType"] == "context"
    assert body["permissions"] == {"read": "restricted", "write": "restricted",
                                   "subscribe": "restricted", "invite": "restricted"}
    assert body["tags"] == [] and body["notifications"] is False
    assert body["owner"] == body["creator"] == "test_manager"
    again = manager.post("/contexts", json={"url": URL, "displayName": "Other"})
    assert again.status_code == 200
    assert again.json()["displayName"] == URL
    assert again.json()["id"] == body["id"]


def test_create_context_with_fields(manager: Any) -> None:
    body = manager.post("/contexts", json={
        "url": URL, "displayName": "Atenea", "tags": ["Assignatura"],
        "permissions": {"read": "public", "write": "subscribed"},
        "twitterHashtag": "#Atenea", "twitterUsername": "@AteneaUPC", "owner": "someone",
        "notifications": "posts"}).json()
    assert body["permissions"] == {"read": "public", "write": "subscribed"}
    assert body["twitterHashtag"] == "atenea"
    assert body["twitterUsername"] == "ateneaupc"
    assert body["twitterUsernameId"] is None
    assert body["owner"] == "someone" and body["creator"] == "test_manager"
    assert body["notifications"] == "posts"


@pytest.mark.parametrize("body,error,text", [
    ({}, "MissingField", 'Required parameter "url" not found in the request'),
    ({"url": ""}, "MissingField", 'Required parameter "url" found but empty'),
    ({"url": 5}, "ValidationError", None),
    ([1, 2], "ValidationError", "Unexpected data type in request"),
    ({"url": URL, "twitterHashtag": "not valid!"}, "ValidationError",
     'Validation error on field "twitterHashtag": Invalid hashtag'),
    ({"url": URL, "twitterUsername": "@" + "x" * 16}, "ValidationError",
     'Validation error on field "twitterUsername": Invalid twitter username'),
    ({"url": URL, "permissions": ["read"]}, "ValidationError", None),
    ({"url": URL, "tags": "Assignatura"}, "ValidationError", None),
    ({"url": URL, "notifications": "always"}, "ValidationError", None),
])
def test_create_context_rejections(manager: Any, body: Any, error: str, text: str | None
                                   ) -> None:
    response = manager.post("/contexts", json=body)
    assert response.status_code == 400
    assert error_of(response) == error
    if text is not None:
        assert response.json()["error_description"] == text
    assert manager.get(f"/contexts/{HASH}").status_code == 404


def test_unicode_url_is_hashed_as_utf8(manager: Any) -> None:
    url = "http://exemple.cat/àèò/😀"
    created = manager.post("/contexts", json={"url": url})
    assert created.status_code == 201
    assert created.json()["hash"] == context_hash(url)
    assert manager.get(f"/contexts/{context_hash(url)}").json()["url"] == url


def test_context_creation_and_listing_are_manager_only(manager: Any, as_user: Any) -> None:
    alice = as_user("alice", create=True)
    denied = alice.post("/contexts", json={"url": URL})
    assert denied.status_code == 403
    assert denied.json()["error_description"] == (
        'User "alice" has no permission "Add context" here ')
    assert alice.get("/contexts").status_code == 403
    assert alice.head("/contexts").status_code == 200  # HEAD is always allowed
    assert manager.get(f"/contexts/{HASH}").status_code == 404


def test_get_context_fills_all_permissions(manager: Any, as_user: Any) -> None:
    manager.post("/contexts", json={"url": URL, "permissions": {"read": "public"}})
    body = as_user("alice", create=True).get(f"/contexts/{HASH}").json()
    assert body["permissions"] == {"read": "public", "write": "restricted",
                                   "subscribe": "restricted", "unsubscribe": "restricted",
                                   "invite": "restricted", "kick": "restricted",
                                   "delete": "restricted", "flag": "restricted"}


def test_unknown_context_is_404_before_auth(as_user: Any) -> None:
    response = as_user(None).get("/contexts/" + "0" * 40)
    assert response.status_code == 404
    assert response.json()["error_description"] == (
        f"Object with hash {'0' * 40} not found inside contexts")


def test_list_contexts_newest_first_with_filters(manager: Any) -> None:
    manager.post("/contexts", json={"url": "http://a", "tags": ["Assignatura"]})
    manager.post("/contexts", json={"url": "http://b", "displayName": "Bravo",
                                    "twitterHashtag": "b"})
    manager.post("/contexts", json={"url": "http://c"})
    assert [c["url"] for c in manager.get("/contexts").json()] == [
        "http://c", "http://b", "http://a"]
    assert [c["url"] for c in manager.get("/contexts", qs={"tags": "Assignatura"}).json()] \
        == ["http://a"]
    assert [c["url"] for c in manager.get("/contexts",
                                          qs={"twitter_enabled": "true"}).json()] == ["http://b"]
    assert [c["url"] for c in manager.get("/contexts", qs={"username": "brav"}).json()] \
        == ["http://b"]
    first = manager.get("/contexts", qs={"limit": 1}).json()
    assert [c["url"] for c in first] == ["http://c"]
    nxt = manager.get("/contexts", qs={"limit": 1, "before": first[0]["id"]}).json()
    assert [c["url"] for c in nxt] == ["http://b"]
    bad = manager.get("/contexts", qs={"before": "nope"})
    assert bad.status_code == 400 and error_of(bad) == "InvalidSearchParams"


def test_public_contexts(manager: Any, as_user: Any) -> None:
    manager.post("/contexts", json={"url": "http://pub", "permissions": {"subscribe": "public"}})
    manager.post("/contexts", json={"url": "http://priv"})
    listing = as_user("alice", create=True).get("/contexts/public").json()
    assert [c["url"] for c in listing] == ["http://pub"]
    assert not {"owner", "creator", "published"} & set(listing[0])
    assert listing[0]["hash"] == context_hash("http://pub")


def test_modify_context(manager: Any) -> None:
    manager.post("/contexts", json={"url": URL, "permissions": {"read": "public"},
                                    "twitterUsername": "old"})
    changed = manager.put(f"/contexts/{HASH}", json={
        "displayName": "Nou", "permissions": {"write": "subscribed"}, "tags": ["a", "a", "b"],
        "twitterUsername": "", "owner": "hacker", "uploadURL": None})
    assert changed.status_code == 200
    body = changed.json()
    assert body["displayName"] == "Nou"
    assert body["permissions"] == {"read": "public", "write": "subscribed"}
    assert body["tags"] == ["a", "a", "b"]  # as sent: MAX keeps repeats
    assert "twitterUsername" not in body and "twitterUsernameId" not in body
    assert body["owner"] == "test_manager"


def test_modify_context_url_moves_hash_and_subscriptions(manager: Any, as_user: Any) -> None:
    as_user("messi", create=True)
    manager.post("/contexts", json={"url": URL})
    manager.post("/people/messi/subscriptions", json={"object": {"url": URL}})
    new_url = URL + "/nou"
    moved = manager.put(f"/contexts/{HASH}", json={"url": new_url})
    assert moved.json()["hash"] == context_hash(new_url)
    assert manager.get(f"/contexts/{HASH}").status_code == 404
    assert manager.get(f"/contexts/{context_hash(new_url)}").status_code == 200
    subs = manager.get("/people/messi/subscriptions").json()
    assert [(s["url"], s["hash"]) for s in subs] == [(new_url, context_hash(new_url))]
    listed = manager.get(f"/contexts/{context_hash(new_url)}/subscriptions").json()
    assert [s["username"] for s in listed] == ["messi"]


def test_modify_context_rejections(manager: Any, as_user: Any) -> None:
    manager.post("/contexts", json={"url": URL})
    manager.post("/contexts", json={"url": "http://other"})
    alice = as_user("alice", create=True)
    denied = alice.put(f"/contexts/{HASH}", json={"displayName": "x"})
    assert denied.status_code == 403
    assert "Can modify context" in denied.json()["error_description"]
    for body in ({"url": ""}, {"url": "http://other"}, {"displayName": ["x"]},
                 {"permissions": "public"}, ["x"]):
        response = manager.put(f"/contexts/{HASH}", json=body)
        assert response.status_code == 400, body
    assert manager.get(f"/contexts/{HASH}").json()["displayName"] == URL


def test_owner_may_modify_and_delete(manager: Any, as_user: Any) -> None:
    owner = as_user("owner", create=True)
    manager.post("/contexts", json={"url": URL, "owner": "owner"})
    assert owner.put(f"/contexts/{HASH}", json={"displayName": "Mine"}).status_code == 200
    assert owner.delete(f"/contexts/{HASH}").status_code == 204
    assert manager.get(f"/contexts/{HASH}").status_code == 404


def test_delete_context_removes_subscriptions(manager: Any, as_user: Any) -> None:
    as_user("messi", create=True)
    alice = as_user("alice", create=True)
    manager.post("/contexts", json={"url": URL})
    manager.post("/people/messi/subscriptions", json={"object": {"url": URL}})
    assert alice.delete(f"/contexts/{HASH}").status_code == 403
    assert manager.delete(f"/contexts/{HASH}").status_code == 204
    assert manager.get("/people/messi").json()["subscribedTo"] == []
    assert manager.delete(f"/contexts/{HASH}").status_code == 404


def test_context_avatar_is_public_png(manager: Any, as_user: Any) -> None:
    manager.post("/contexts", json={"url": URL})
    response = as_user(None).get(f"/contexts/{HASH}/avatar")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert manager.post(f"/contexts/{HASH}/avatar").status_code == 404


def test_tags(manager: Any, as_user: Any) -> None:
    manager.post("/contexts", json={"url": URL, "tags": ["Assignatura"]})
    alice = as_user("alice", create=True)
    assert alice.get(f"/contexts/{HASH}/tags").json() == ["Assignatura"]
    added = manager.put(f"/contexts/{HASH}/tags", json=["prova", "Assignatura"])
    assert added.status_code == 200
    assert sorted(added.json()) == ["Assignatura", "prova"]
    assert alice.put(f"/contexts/{HASH}/tags", json=["x"]).status_code == 403
    for bad in ({"tags": ["x"]}, ["ok", 3], "x"):
        response = manager.put(f"/contexts/{HASH}/tags", json=bad)
        assert response.status_code == 400
        assert response.json()["error_description"] == (
            "Sorry, We're expecting a list of strings...")
    removed = manager.delete(f"/contexts/{HASH}/tags/prova")
    assert removed.status_code == 204
    missing = manager.delete(f"/contexts/{HASH}/tags/prova")
    assert missing.status_code == 404
    assert missing.json()["error_description"] == 'This context has no tag "prova"'
    cleared = manager.delete(f"/contexts/{HASH}/tags")
    assert cleared.status_code == 200 and cleared.json() == []
    assert manager.get(f"/contexts/{HASH}").json()["tags"] == []


def test_tag_changes_reach_subscriptions(server: FakeMaxServer, manager: Any,
                                         as_user: Any) -> None:
    as_user("messi", create=True)
    manager.post("/contexts", json={"url": URL})
    manager.post("/people/messi/subscriptions", json={"object": {"url": URL}})
    manager.put(f"/contexts/{HASH}/tags", json=["nou"])
    assert manager.get("/people/messi/subscriptions").json()[0]["tags"] == ["nou"]


def test_listing_stays_fast_with_many_contexts(server: FakeMaxServer, manager: Any) -> None:
    contexts = server.backend.contexts
    for i in range(2000):
        contexts.create({"url": f"http://ctx/{i}"}, creator="test_manager")
    page = manager.get("/contexts", qs={"limit": 3}).json()
    assert [c["url"] for c in page] == ["http://ctx/1999", "http://ctx/1998", "http://ctx/1997"]


@pytest.mark.parametrize("field,empty", [("notifications", False), ("tags", []),
                                         ("displayName", ""), ("twitterHashtag", "")])
def test_a_field_sent_empty_on_update_is_removed(manager: Any, field: str, empty: Any) -> None:
    """MAX's update drops a field whose new value is empty, false included."""
    created = manager.post("/contexts", json={
        "url": URL, "displayName": "Atenea", "tags": ["a"], "notifications": "posts",
        "twitterHashtag": "upc"})
    assert created.json()[field]
    changed = manager.put(f"/contexts/{HASH}", json={field: empty})
    assert changed.status_code == 200 and field not in changed.json()
    assert field not in manager.get(f"/contexts/{HASH}").json()
