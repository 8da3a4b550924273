"""Context subscriptions and push opt-outs on the fake MAX."""

from __future__ import annotations

from typing import Any

import pytest

from maxclient.testing import FakeMaxServer
from maxclient.testing.model.common import context_hash

from .conftest import error_of

URL_A = "http://atenea.upc.edu/A"
URL_B = "http://atenea.upc.edu/B"
HASH_A = context_hash(URL_A)
HASH_B = context_hash(URL_B)
PUBLIC = {"read": "public", "write": "public", "subscribe": "public"}


@pytest.fixture
def world(manager: Any, as_user: Any) -> dict[str, Any]:
    """Users messi and xavi; A public with tag Assignatura, B restricted."""
    manager.post("/contexts", json={"url": URL_A, "displayName": "Atenea A",
                                    "permissions": PUBLIC, "tags": ["Assignatura"]})
    manager.post("/contexts", json={"url": URL_B, "displayName": "Atenea B"})
    return {"messi": as_user("messi", create=True), "xavi": as_user("xavi", create=True)}


def test_subscribe_201_then_200_with_subscribe_activity(manager: Any, world: Any) -> None:
    first = manager.post("/people/messi/subscriptions", json={"object": {"url": URL_A}})
    assert first.status_code == 201
    activity = first.json()
    assert activity["verb"] == "subscribe"
    assert activity["actor"] == {"objectType": "person", "username": "messi",
                                 "displayName": "messi"}
    assert activity["object"]["url"] == URL_A
    assert activity["object"]["objectType"] == "context"
    assert activity["creator"] == "test_manager" and activity["owner"] == "messi"
    assert activity["lastComment"] == activity["id"]
    again = manager.post("/people/messi/subscriptions", json={"object": {"url": URL_A}})
    assert again.status_code == 200
    assert again.json()["id"] == activity["id"]
    assert {"deletable", "liked", "favorited"} <= set(again.json())
    assert len(manager.get("/people/messi/subscriptions").json()) == 1


def test_canonical_subscribe_with_actor(manager: Any, world: Any) -> None:
    response = manager.post(f"/contexts/{HASH_B}/subscriptions",
                            json={"actor": {"objectType": "person", "username": "xavi"}})
    assert response.status_code == 201
    assert [s["hash"] for s in manager.get("/people/xavi/subscriptions").json()] == [HASH_B]


def test_subscription_entry_shape(manager: Any, world: Any) -> None:
    manager.post("/people/messi/subscriptions", json={"object": {"url": URL_A}})
    entry = world["messi"].get("/people/messi/subscriptions").json()[0]
    assert entry == {"url": URL_A, "hash": HASH_A, "displayName": "Atenea A",
                     "objectType": "context", "tags": ["Assignatura"], "notifications": False,
                     "permissions": ["read", "write", "subscribe", "unsubscribe"]}
    profile = world["messi"].get("/people/messi").json()
    assert profile["subscribedTo"] == [entry]


def test_self_subscription_rules(world: Any, manager: Any) -> None:
    messi = world["messi"]
    assert messi.post("/people/messi/subscriptions",
                      json={"object": {"url": URL_A}}).status_code == 201
    restricted = messi.post("/people/messi/subscriptions", json={"object": {"url": URL_B}})
    assert restricted.status_code == 403
    assert restricted.json()["error_description"] == (
        'User "messi" has no permission "Subscribe an user to a context" here ')
    other = messi.post("/people/xavi/subscriptions", json={"object": {"url": URL_A}})
    assert other.status_code == 403
    assert manager.get("/people/xavi/subscriptions").json() == []


def test_owner_may_subscribe_anyone(manager: Any, as_user: Any, world: Any) -> None:
    owner = as_user("owner", create=True)
    manager.post("/contexts", json={"url": "http://owned", "owner": "owner"})
    response = owner.post("/people/xavi/subscriptions", json={"object": {"url": "http://owned"}})
    assert response.status_code == 201


def test_subscribe_errors(manager: Any, world: Any) -> None:
    missing = manager.post("/people/messi/subscriptions",
                           json={"object": {"url": "http://nowhere"}})
    assert missing.status_code == 404 and error_of(missing) == "ObjectNotFound"
    unknown = manager.post(f"/contexts/{HASH_A}/subscriptions",
                           json={"actor": {"objectType": "person", "username": "ghost"}})
    assert unknown.status_code == 400 and error_of(unknown) == "UnknownUserError"
    no_url = manager.post("/people/messi/subscriptions", json={"object": {}})
    assert (no_url.status_code, error_of(no_url)) == (404, "ObjectNotFound")
    assert no_url.json()["error_description"] == \
        "Object with hash subscriptions not found inside contexts"  # as the real MAX
    malformed = manager.post("/people/messi/subscriptions", data=b"{{{",
                             headers={"Content-Type": "application/json"})
    assert malformed.status_code == 404


def test_user_subscriptions_listing_and_tags(manager: Any, world: Any) -> None:
    for url in (URL_A, URL_B):
        manager.post("/people/messi/subscriptions", json={"object": {"url": url}})
    listed = manager.get("/people/messi/subscriptions").json()
    assert [s["hash"] for s in listed] == [HASH_A, HASH_B]
    tagged = manager.get("/people/messi/subscriptions", qs={"tags": "Assignatura"}).json()
    assert [s["hash"] for s in tagged] == [HASH_A]
    denied = world["xavi"].get("/people/messi/subscriptions")
    assert denied.status_code == 403
    assert manager.get("/people/ghost/subscriptions").status_code == 400


def test_context_subscribers_listing(manager: Any, world: Any) -> None:
    for name in ("messi", "xavi"):
        manager.post(f"/people/{name}/subscriptions", json={"object": {"url": URL_A}})
    listed = manager.get(f"/contexts/{HASH_A}/subscriptions").json()
    assert listed == [
        {"username": "xavi", "hash": HASH_A,
         "permissions": ["read", "write", "subscribe", "unsubscribe"], "grants": [], "vetos": []},
        {"username": "messi", "hash": HASH_A,
         "permissions": ["read", "write", "subscribe", "unsubscribe"], "grants": [], "vetos": []},
    ]
    assert [s["username"] for s in manager.get(f"/contexts/{HASH_A}/subscriptions",
                                               qs={"limit": 1}).json()] == ["xavi"]
    assert world["messi"].get(f"/contexts/{HASH_A}/subscriptions").status_code == 403


def test_unsubscribe(manager: Any, world: Any) -> None:
    messi, xavi = world["messi"], world["xavi"]
    manager.post("/people/messi/subscriptions", json={"object": {"url": URL_A}})
    assert xavi.delete(f"/contexts/{HASH_A}/subscriptions/messi").status_code == 403
    assert messi.delete(f"/contexts/{HASH_A}/subscriptions/messi").status_code == 204
    assert manager.get("/people/messi/subscriptions").json() == []
    # not subscribed any more: himself 403, manager 404 with MAX's typo
    assert messi.delete(f"/contexts/{HASH_A}/subscriptions/messi").status_code == 403
    gone = manager.delete(f"/contexts/{HASH_A}/subscriptions/messi")
    assert gone.status_code == 404
    assert gone.json()["error_description"] == f"messi is not susbcribed to {HASH_A}"
    unknown = manager.delete(f"/contexts/{HASH_A}/subscriptions/ghost")
    assert unknown.status_code == 400 and error_of(unknown) == "UnknownUserError"


def test_self_unsubscribe_needs_unsubscribe_permission(manager: Any, world: Any) -> None:
    manager.post("/people/messi/subscriptions", json={"object": {"url": URL_B}})
    assert world["messi"].delete(f"/contexts/{HASH_B}/subscriptions/messi").status_code == 403
    assert manager.delete(f"/contexts/{HASH_B}/subscriptions/messi").status_code == 204


def test_deprecated_unsubscribe(manager: Any, world: Any) -> None:
    manager.post("/people/messi/subscriptions", json={"object": {"url": URL_A}})
    assert manager.delete(f"/people/messi/subscriptions/{HASH_A}").status_code == 204
    assert manager.get("/people/messi/subscriptions").json() == []
    assert manager.get(f"/people/messi/subscriptions/{HASH_A}").status_code == 404


def test_push_opt_out_cycle(manager: Any, world: Any) -> None:
    messi = world["messi"]
    manager.post("/people/messi/subscriptions", json={"object": {"url": URL_A}})
    first = messi.post(f"/contexts/{HASH_A}/unsubscriptionpush/messi")
    assert first.status_code == 201 and first.json()["verb"] == "subscribe"
    assert messi.post(f"/contexts/{HASH_A}/unsubscriptionpush/messi").status_code == 200
    entries = messi.get("/people/messi/unsubscriptionpush").json()
    assert [e["hash"] for e in entries] == [HASH_A]
    assert manager.get(f"/contexts/{HASH_A}/unsubscriptionpush").json() == [
        {"username": "messi"}]
    assert world["xavi"].get(f"/contexts/{HASH_A}/unsubscriptionpush").status_code == 403
    assert world["xavi"].get("/people/messi/unsubscriptionpush").status_code == 403
    assert messi.delete(f"/contexts/{HASH_A}/subscriptionpush/messi").status_code == 204
    again = messi.delete(f"/contexts/{HASH_A}/subscriptionpush/messi")
    assert again.status_code == 404
    assert again.json()["error_description"] == (
        f"messi is not unsubscribedToPush to {HASH_A}")


def test_push_opt_out_rules(manager: Any, world: Any) -> None:
    xavi = world["xavi"]
    assert xavi.post(f"/contexts/{HASH_B}/unsubscriptionpush/xavi").status_code == 403
    assert xavi.post(f"/contexts/{HASH_A}/unsubscriptionpush/messi").status_code == 403
    assert manager.post(f"/contexts/{HASH_B}/unsubscriptionpush/xavi").status_code == 201
    assert manager.post("/contexts/" + "0" * 40 + "/unsubscriptionpush/xavi").status_code == 404
    assert manager.post(f"/contexts/{HASH_B}/unsubscriptionpush/ghost").status_code == 400


def test_unsubscribing_clears_push_opt_out(manager: Any, world: Any) -> None:
    manager.post("/people/messi/subscriptions", json={"object": {"url": URL_A}})
    manager.post(f"/contexts/{HASH_A}/unsubscriptionpush/messi")
    manager.delete(f"/contexts/{HASH_A}/subscriptions/messi")
    assert manager.get("/people/messi/unsubscriptionpush").json() == []
    assert manager.get(f"/contexts/{HASH_A}/unsubscriptionpush").json() == []


def test_context_changes_reach_subscriptions(manager: Any, world: Any) -> None:
    manager.post("/people/messi/subscriptions", json={"object": {"url": URL_A}})
    manager.put(f"/contexts/{HASH_A}", json={"displayName": "Renamed", "notifications": "posts"})
    entry = manager.get("/people/messi/subscriptions").json()[0]
    assert entry["displayName"] == "Renamed"
    assert entry["notifications"] == "posts"


def test_subscriber_listing_does_not_scan_users(server: FakeMaxServer, manager: Any,
                                                world: Any) -> None:
    people = server.backend.people
    for i in range(3000):
        people.create(f"bulk{i:05d}", creator="test_manager")
    manager.post("/people/messi/subscriptions", json={"object": {"url": URL_A}})
    assert server.backend.contexts.subscribers[HASH_A] == {"messi": None}
    assert [s["username"] for s in manager.get(f"/contexts/{HASH_A}/subscriptions").json()] \
        == ["messi"]


def test_subscribe_activity_is_a_stored_activity(manager: Any, world: Any) -> None:
    activity = manager.post("/people/messi/subscriptions", json={"object": {"url": URL_A}}).json()
    stored = manager.get(f"/activities/{activity['id']}")
    assert stored.status_code == 200
    assert stored.json()["verb"] == "subscribe"
    assert stored.json()["object"]["url"] == URL_A
