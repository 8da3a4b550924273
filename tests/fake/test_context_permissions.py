"""Per-subscriber context permissions: defaults, grants, vetos, recomputation."""

from __future__ import annotations

from typing import Any

import pytest

from maxclient.testing.model.common import context_hash

from .conftest import error_of

URL = "http://atenea.upc.edu"
HASH = context_hash(URL)


def perms(manager: Any, username: str = "messi") -> set[str]:
    entries = manager.get(f"/people/{username}/subscriptions").json()
    return set(next(e for e in entries if e["hash"] == HASH)["permissions"])


@pytest.fixture
def subscribed(manager: Any, as_user: Any) -> Any:
    """messi subscribed to a context with public read/write/subscribe, owned by 'owner'."""
    as_user("owner", create=True)
    messi = as_user("messi", create=True)
    manager.post("/contexts", json={"url": URL, "owner": "owner", "permissions": {
        "read": "public", "write": "public", "subscribe": "public"}})
    manager.post("/people/messi/subscriptions", json={"object": {"url": URL}})
    return messi


@pytest.mark.parametrize("policies,expected", [
    ({}, set()),
    ({"read": "subscribed"}, {"read"}),
    ({"subscribe": "public"}, {"subscribe", "unsubscribe"}),
    ({"subscribe": "public", "unsubscribe": "restricted"}, {"subscribe"}),
    ({"unsubscribe": "subscribed"}, {"unsubscribe"}),
    ({"flag": "subscribed", "delete": "public", "invite": "x", "kick": "restricted"},
     {"flag", "delete", "invite"}),
])
def test_default_permissions_follow_policies(manager: Any, as_user: Any, policies: dict,
                                             expected: set[str]) -> None:
    as_user("messi", create=True)
    manager.post("/contexts", json={"url": URL, "permissions": policies or {"read": "restricted"}})
    manager.post("/people/messi/subscriptions", json={"object": {"url": URL}})
    assert perms(manager) == expected


def test_grant_and_revoke(manager: Any, subscribed: Any) -> None:
    granted = manager.put(f"/contexts/{HASH}/permissions/messi/flag")
    assert granted.status_code == 201
    assert set(granted.json()) == {"url", "hash", "displayName", "objectType", "notifications",
                                   "permissions"}
    assert "flag" in granted.json()["permissions"]
    repeat = manager.put(f"/contexts/{HASH}/permissions/messi/flag")
    assert repeat.status_code == 200
    assert repeat.json()["_grants"] == ["flag"]
    assert "tags" in repeat.json()
    revoked = manager.delete(f"/contexts/{HASH}/permissions/messi/write")
    assert revoked.status_code == 201
    assert "write" not in revoked.json()["permissions"]
    assert manager.delete(f"/contexts/{HASH}/permissions/messi/write").status_code == 200
    full = manager.get("/people/messi").json()["subscribedTo"][0]
    assert full["grants"] == ["flag"] and full["vetos"] == ["write"]
    assert manager.delete(f"/contexts/{HASH}/permissions/messi/kick").status_code == 201


def test_owner_may_grant_subscriber_may_not(subscribed: Any, as_user: Any) -> None:
    owner = as_user("owner")
    assert owner.put(f"/contexts/{HASH}/permissions/messi/delete").status_code == 201
    denied = subscribed.put(f"/contexts/{HASH}/permissions/messi/kick")
    assert denied.status_code == 403
    assert denied.json()["error_description"] == (
        'User "messi" has no permission "Grant or revoke permissions on a subscription" here ')


def test_grant_errors(manager: Any, subscribed: Any, as_user: Any) -> None:
    bad = manager.put(f"/contexts/{HASH}/permissions/messi/fly")
    assert bad.status_code == 400 and error_of(bad) == "InvalidPermission"
    assert bad.json()["error_description"] == "There's not any permission named 'fly'"
    as_user("xavi", create=True)
    missing = manager.put(f"/contexts/{HASH}/permissions/xavi/read")
    assert missing.status_code == 404
    assert missing.json()["error_description"] == f"xavi is not susbcribed to {HASH}"
    # an unknown {username} is MAX's actor: 400 UnknownUserError (checked on the real MAX)
    assert manager.put(f"/contexts/{HASH}/permissions/ghost/read").status_code == 400
    assert manager.post(f"/contexts/{HASH}/permissions/xavi/defaults").status_code == 404
    assert manager.get(f"/contexts/{HASH}/permissions/messi/read").status_code == 404
    assert manager.get(f"/contexts/{HASH}/permissions").status_code == 404


def test_reset_to_defaults(manager: Any, subscribed: Any) -> None:
    manager.put(f"/contexts/{HASH}/permissions/messi/flag")
    manager.delete(f"/contexts/{HASH}/permissions/messi/write")
    reset = manager.post(f"/contexts/{HASH}/permissions/messi/defaults")
    assert reset.status_code == 200
    assert set(reset.json()["permissions"]) == {"read", "write", "subscribe", "unsubscribe"}
    assert "_grants" not in reset.json()
    entry = manager.get("/people/messi/subscriptions").json()[0]
    assert entry["_grants"] == [] and entry["_vetos"] == []


def test_policy_change_recomputes_keeping_permanent_grants(manager: Any,
                                                           subscribed: Any) -> None:
    manager.put(f"/contexts/{HASH}/permissions/messi/flag")  # permanent
    manager.put(f"/contexts/{HASH}/permissions/messi/kick", qs={"permanent": ""})
    manager.put(f"/contexts/{HASH}", json={"permissions": {"write": "restricted"}})
    assert perms(manager) == {"read", "subscribe", "unsubscribe", "flag"}


def test_permanent_veto_survives_policy_change(manager: Any, subscribed: Any) -> None:
    manager.delete(f"/contexts/{HASH}/permissions/messi/read")
    manager.put(f"/contexts/{HASH}", json={"permissions": {"write": "subscribed"}})
    assert perms(manager) == {"write", "subscribe", "unsubscribe"}


def test_non_permanent_revoke_is_lost_on_recompute(manager: Any, subscribed: Any) -> None:
    manager.delete(f"/contexts/{HASH}/permissions/messi/read", qs={"permanent": ""})
    assert "read" not in perms(manager)
    # any non-empty value is permanent, even "0"
    manager.delete(f"/contexts/{HASH}/permissions/messi/write", qs={"permanent": "0"})
    manager.put(f"/contexts/{HASH}/tags", json=["x"])  # tags changes force a recompute
    assert perms(manager) == {"read", "subscribe", "unsubscribe"}


def test_restricting_write_takes_it_from_subscribers(manager: Any, subscribed: Any) -> None:
    manager.put(f"/contexts/{HASH}", json={"permissions": {"write": "restricted"}})
    assert "write" not in perms(manager)
    manager.put(f"/contexts/{HASH}", json={"permissions": {"write": "subscribed"}})
    assert "write" in perms(manager)
