"""People and avatars on the fake MAX, through raw HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from maxclient.testing import FakeMaxServer

from ..imaging import image_bytes, opened
from .conftest import error_of

PUBLIC_KEYS = {"username", "displayName", "objectType", "published"}
FULL_KEYS = PUBLIC_KEYS | {"id", "last_login", "creator", "owner", "following",
                           "subscribedTo", "unsubscribedToPush", "talkingIn"}


def test_manager_creates_user_201_then_200_case_insensitive(manager: Any) -> None:
    created = manager.post("/people", json={"username": "Messi", "displayName": "Leo"})
    assert created.status_code == 201
    body = created.json()
    assert set(body) == FULL_KEYS
    assert body["username"] == "messi"
    assert body["displayName"] == "Leo"
    assert body["creator"] == "test_manager"
    assert body["owner"] == "messi"
    again = manager.post("/people", json={"username": "MESSI", "displayName": "Other"})
    assert again.status_code == 200
    assert again.json()["displayName"] == "Leo"
    assert again.json()["id"] == body["id"]


def test_user_may_create_himself_but_not_others(as_user: Any) -> None:
    alice = as_user("alice")
    own = alice.post("/people", json={"username": "alice"})
    assert own.status_code == 201
    assert set(own.json()) == PUBLIC_KEYS | {"following", "subscribedTo",
                                             "unsubscribedToPush", "talkingIn"}
    other = alice.post("/people", json={"username": "bob"})
    assert other.status_code == 403
    assert other.json()["error_description"] == (
        'User "alice" has no permission "Add people" here ')


@pytest.mark.parametrize("body,error,expected", [
    ([], "ValidationError", "Unexpected data type in request"),
    ({}, "ValidationError", "Missing username in request"),
    ({"username": ""}, "MissingField", 'Required parameter "username" found but empty'),
    ({"username": 42}, "ValidationError", "Missing username in request"),
])
def test_create_user_bad_bodies(manager: Any, body: Any, error: str, expected: str) -> None:
    response = manager.post("/people", json=body)
    assert response.status_code == 400
    assert error_of(response) == error
    assert response.json()["error_description"] == expected


def test_a_username_is_taken_as_sent(manager: Any) -> None:
    """MAX neither trims nor refuses spaces in a new username (only "" is missing)."""
    created = manager.post("/people", json={"username": " sp "})
    assert (created.status_code, created.json()["username"]) == (201, " sp ")
    assert manager.get("/people/%20sp%20").json()["username"] == " sp "


def test_emptying_the_display_name_falls_back_to_the_username(manager: Any,
                                                              as_user: Any) -> None:
    """MAX answers the PUT without the field, and shows the username from then on."""
    alice = as_user("alice", create=True)
    assert alice.put("/people/alice", json={"displayName": "Alice A"}).json()["displayName"] \
        == "Alice A"
    emptied = alice.put("/people/alice", json={"displayName": ""})
    assert emptied.status_code == 200 and "displayName" not in emptied.json()
    assert alice.get("/people/alice").json()["displayName"] == "alice"
    assert [u["displayName"] for u in manager.get("/people").json()
            if u["username"] == "alice"] == ["alice"]
    again = alice.put("/people/alice", json={"displayName": None})
    assert again.json()["displayName"] == "alice"


def test_malformed_json_is_an_empty_body(manager: Any) -> None:
    response = manager.post("/people", data=b"{not json",
                            headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error_description"] == "Missing username in request"


def test_twitter_username_is_normalized_and_validated(manager: Any) -> None:
    ok = manager.post("/people", json={"username": "t1", "twitterUsername": " @LeoMessi "})
    assert ok.status_code == 201
    assert ok.json()["twitterUsername"] == "leomessi"
    bad = manager.post("/people", json={"username": "t2", "twitterUsername": "no spaces!"})
    assert bad.status_code == 400
    assert error_of(bad) == "ValidationError"
    assert manager.get("/people/t2").status_code == 400


def test_get_user_visibility(server: FakeMaxServer, manager: Any, as_user: Any) -> None:
    as_user("messi", create=True)
    xavi = as_user("xavi", create=True)
    assert set(manager.get("/people/messi").json()) == FULL_KEYS
    assert set(as_user("messi").get("/people/messi").json()) == FULL_KEYS
    other = xavi.get("/people/MESSI")
    assert other.status_code == 200
    assert set(other.json()) == PUBLIC_KEYS
    assert other.json()["username"] == "messi"


def test_unknown_user_is_400_even_without_credentials(as_user: Any) -> None:
    response = as_user(None).get("/people/nobody")
    assert response.status_code == 400
    assert response.json() == {"objectType": "error", "error": "UnknownUserError",
                               "error_description": "Unknown actor identified by: nobody"}


def test_list_people_order_shape_and_remaining_header(manager: Any) -> None:
    for name in ("ana", "bea", "cris"):
        manager.post("/people", json={"username": name})
    listing = manager.get("/people")
    assert listing.status_code == 200
    names = [u["username"] for u in listing.json()]
    assert names == ["test_manager", "cris", "bea", "ana"]
    assert all(set(u) == {"id", "username", "displayName", "objectType"}
               for u in listing.json())
    assert "X-Has-Remaining-Items" not in listing.headers
    page = manager.get("/people", qs={"limit": 2})
    assert [u["username"] for u in page.json()] == ["test_manager", "cris"]
    assert page.headers["X-Has-Remaining-Items"] == "1"
    ascending = manager.get("/people", qs={"max_users": 1, "limit": 2})
    assert [u["username"] for u in ascending.json()] == ["ana", "bea"]
    assert manager.get("/people", qs={"limit": "x"}).status_code == 400


def test_list_people_filters(manager: Any) -> None:
    manager.post("/people", json={"username": "coupe", "displayName": "Coupé"})
    manager.post("/people", json={"username": "tw", "twitterUsername": "tw"})
    assert [u["username"] for u in manager.get("/people", qs={"username": "Coupé"}).json()] \
        == ["coupe"]
    assert manager.get("/people", qs={"username": "Coupe "}).json() == []
    twitter = manager.get("/people", qs={"twitter_enabled": "true"}).json()
    assert [u["username"] for u in twitter] == ["tw"]
    assert twitter[0]["twitterUsername"] == "tw"
    # MAX answers a 500 for a broken regex; the fake answers MAX's 400 saying why
    broken = manager.get("/people", qs={"username": "(["})
    assert (broken.status_code, broken.json()["error"]) == (400, "InvalidSearchParams")


def test_nonvisible_users_are_hidden_from_visible_ones(server: FakeMaxServer, manager: Any,
                                                       as_user: Any) -> None:
    as_user("ghost", create=True)
    alice = as_user("alice", create=True)
    server.backend.security.grant("NonVisible", "ghost")
    assert "ghost" not in [u["username"] for u in alice.get("/people").json()]
    server.backend.security.grant("NonVisible", "alice")
    assert "ghost" in [u["username"] for u in alice.get("/people").json()]


def test_restricted_visibility_mode(server: FakeMaxServer, manager: Any, as_user: Any) -> None:
    server.settings["max.restricted_user_visibility_mode"] = "true"
    alice = as_user("alice", create=True)
    as_user("bob", create=True)
    as_user("carol", create=True)
    manager.post("/contexts", json={"url": "http://c"})
    for name in ("alice", "bob"):
        manager.post(f"/people/{name}/subscriptions", json={"object": {"url": "http://c"}})
    assert sorted(u["username"] for u in alice.get("/people").json()) == ["alice", "bob"]


def test_head_people_has_no_total(manager: Any) -> None:
    response = manager.head("/people")
    assert response.status_code == 200
    assert "X-totalItems" not in response.headers
    assert response.content == b""


def test_modify_user(manager: Any, as_user: Any) -> None:
    messi = as_user("messi", create=True)
    changed = messi.put("/people/messi", json={"displayName": "Lionel",
                                               "twitterUsername": "@Leo", "bogus": 1})
    assert changed.status_code == 200
    assert changed.json()["displayName"] == "Lionel"
    assert changed.json()["twitterUsername"] == "leo"
    assert "bogus" not in changed.json()
    unset = messi.put("/people/messi", json={"twitterUsername": "", "displayName": None})
    assert "twitterUsername" not in unset.json()
    assert unset.json()["displayName"] == "Lionel"
    assert messi.put("/people/messi", json={}).status_code == 200


def test_modify_user_rejections_leave_data_unchanged(manager: Any, as_user: Any) -> None:
    as_user("messi", create=True)
    xavi = as_user("xavi", create=True)
    denied = xavi.put("/people/messi", json={"displayName": "hacked"})
    assert denied.status_code == 403
    assert "Modify user profile" in denied.json()["error_description"]
    for body in ({"displayName": 12}, {"twitterUsername": "x" * 100}, ["a"]):
        response = manager.put("/people/messi", json=body)
        assert response.status_code == 400
        assert error_of(response) == "ValidationError"
    assert manager.get("/people/messi").json()["displayName"] == "messi"
    unicode = manager.put("/people/messi", json={"displayName": "Lëo 😀 " + "x" * 5000})
    assert unicode.status_code == 200
    assert unicode.json()["displayName"].startswith("Lëo 😀")


def test_delete_user_is_manager_only(manager: Any, as_user: Any) -> None:
    messi = as_user("messi", create=True)
    assert messi.delete("/people/messi").status_code == 403
    assert manager.delete("/people/messi").status_code == 204
    assert manager.get("/people/messi").status_code == 400
    assert manager.delete("/people/messi").status_code == 400
    assert "messi" not in [u["username"] for u in manager.get("/people").json()]


def test_delete_user_drops_his_subscriptions(server: FakeMaxServer, manager: Any,
                                             as_user: Any) -> None:
    as_user("messi", create=True)
    manager.post("/contexts", json={"url": "http://c"})
    manager.post("/people/messi/subscriptions", json={"object": {"url": "http://c"}})
    manager.delete("/people/messi")
    from maxclient.testing.model.common import context_hash
    assert manager.get(f"/contexts/{context_hash('http://c')}/subscriptions").json() == []


def test_avatar_upload_and_download(server: FakeMaxServer, manager: Any, as_user: Any) -> None:
    messi = as_user("messi", create=True)
    anonymous = as_user(None)
    default = anonymous.get("/people/messi/avatar")
    assert default.status_code == 200
    assert default.headers["Content-Type"] == "image/png"
    assert default.content.startswith(b"\x89PNG\r\n\x1a\n")
    # MAX's missing-people.png is 48x48, whatever size is asked for
    assert opened(default.content).size == (48, 48)
    assert anonymous.get("/people/messi/avatar/large").content == default.content
    uploaded = messi.post("/people/messi/avatar",
                          files={"image": ("me.jpg", image_bytes((600, 300), "JPEG"),
                                           "image/jpeg")})
    assert uploaded.status_code == 201
    assert uploaded.json() == {"Image": "updated"}
    # MAX stores a 48x48 PNG and a 250x250 "large" PNG, cropped from the top-left
    small = opened(anonymous.get("/people/messi/avatar").content)
    large = opened(anonymous.get("/people/messi/avatar/large").content)
    assert (small.format, small.size, large.format, large.size) == (
        "PNG", (48, 48), "PNG", (250, 250))
    # an unknown size falls back to the regular avatar, as in MAX
    assert anonymous.get("/people/messi/avatar/mini").content == \
        anonymous.get("/people/messi/avatar").content
    assert anonymous.get("/people/nobody/avatar").status_code == 400


def test_avatar_upload_rejections(manager: Any, as_user: Any) -> None:
    as_user("messi", create=True)
    xavi = as_user("xavi", create=True)
    forbidden = xavi.post("/people/messi/avatar", files={"f": ("a.png", b"x", "image/png")})
    assert forbidden.status_code == 403
    empty = manager.post("/people/messi/avatar")
    assert empty.status_code == 400
    assert empty.json()["error_description"] == "Not supported upload method."
    two = manager.post("/people/messi/avatar", files={"a": ("a.png", b"1", "image/png"),
                                                      "b": ("b.png", b"2", "image/png")})
    assert two.status_code == 400
    assert as_user(None).get("/people/messi/avatar").content.startswith(b"\x89PNG")


def test_unimplemented_people_methods_are_non_json_404(manager: Any) -> None:
    for response in (manager.put("/people"), manager.delete("/people"),
                     manager.put("/people/test_manager/avatar")):
        assert response.status_code == 404
        assert not response.headers["Content-Type"].startswith("application/json")
