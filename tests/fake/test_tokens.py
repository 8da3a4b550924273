"""Device tokens on the fake MAX."""

from __future__ import annotations

from typing import Any

import pytest

from maxclient.testing import FakeMaxServer
from maxclient.testing.model.common import context_hash

from .conftest import error_of


@pytest.fixture
def users(as_user: Any) -> dict[str, Any]:
    return {"messi": as_user("messi", create=True), "xavi": as_user("xavi", create=True)}


def test_add_token_full_form(users: Any) -> None:
    response = users["messi"].post("/tokens", json={"platform": "iOS", "token": "T1",
                                                    "device": "iPhone"})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "token", "platform", "device", "published", "objectType"}
    assert body["platform"] == "ios" and body["objectType"] == "token"
    assert body["device"] == "iPhone"
    assert users["messi"].get("/people/messi/tokens").json() == [
        {"token": "T1", "platform": "ios", "username": "messi"}]


@pytest.mark.parametrize("body,error,text", [
    ({"token": "x"}, "MissingField", 'Required parameter "platform" not found in the request'),
    ({"platform": "ios"}, "MissingField", 'Required parameter "token" not found in the request'),
    ({"platform": "ios", "token": ""}, "MissingField",
     'Required parameter "token" found but empty'),
    ({"platform": "blackberry", "token": "x"}, "ValidationError",
     "blackberry is not a supported platform."),
    ({"platform": "ios", "token": 123}, "ValidationError", None),
    ([], "MissingField", None),
])
def test_add_token_rejections(users: Any, server: FakeMaxServer, body: Any, error: str,
                              text: str | None) -> None:
    response = users["messi"].post("/tokens", json=body)
    assert response.status_code == 400
    assert error_of(response) == error
    if text:
        assert response.json()["error_description"] == text
    assert server.backend.tokens.by_token == {}


def test_token_for_someone_else(manager: Any, users: Any) -> None:
    denied = users["messi"].post("/tokens", json={"platform": "ios", "token": "x",
                                                  "username": "xavi"})
    assert denied.status_code == 403
    assert "Add a new device token" in denied.json()["error_description"]
    assert manager.post("/tokens", json={"platform": "android", "token": "A",
                                         "username": "xavi"}).status_code == 201
    assert manager.get("/people/xavi/tokens").json() == [
        {"token": "A", "platform": "android", "username": "xavi"}]
    # MAX quirk: impersonating with "actor" registers the token for the Manager himself
    manager.post("/tokens", json={"platform": "ios", "token": "M",
                                  "actor": {"objectType": "person", "username": "xavi"}})
    assert [t["token"] for t in manager.get("/people/test_manager/tokens").json()] == ["M"]


def test_duplicated_token_moves_to_new_owner(users: Any, manager: Any) -> None:
    users["messi"].post("/tokens", json={"platform": "ios", "token": "SAME"})
    assert users["xavi"].post("/tokens", json={"platform": "ios",
                                               "token": "SAME"}).status_code == 201
    assert manager.get("/people/messi/tokens").json() == []
    assert [t["username"] for t in manager.get("/people/xavi/tokens").json()] == ["xavi"]


def test_listing_by_platform_and_permissions(users: Any, manager: Any) -> None:
    messi = users["messi"]
    messi.post("/tokens", json={"platform": "ios", "token": "I1"})
    messi.post("/tokens", json={"platform": "android", "token": "A1"})
    messi.post("/tokens", json={"platform": "ios", "token": "I2"})
    assert [t["token"] for t in messi.get("/people/messi/tokens").json()] == ["I2", "A1", "I1"]
    assert [t["token"] for t in messi.get("/people/messi/tokens/platforms/ios").json()] == [
        "I2", "I1"]
    assert messi.get("/people/messi/tokens/platforms/winphone").json() == []
    denied = users["xavi"].get("/people/messi/tokens")
    assert denied.status_code == 403
    assert "List and query tokens" in denied.json()["error_description"]
    assert users["xavi"].delete("/people/messi/tokens").status_code == 403
    assert manager.get("/people/ghost/tokens").status_code == 400
    assert messi.delete("/people/messi/tokens/platforms/ios").status_code == 204
    assert [t["token"] for t in messi.get("/people/messi/tokens").json()] == ["A1"]
    assert manager.delete("/people/messi/tokens").status_code == 204
    assert manager.delete("/people/messi/tokens").status_code == 204
    assert messi.get("/people/messi/tokens").json() == []


def test_delete_token(users: Any, manager: Any) -> None:
    users["messi"].post("/tokens", json={"platform": "ios", "token": "T"})
    denied = users["xavi"].delete("/tokens/T")
    assert denied.status_code == 403
    assert users["messi"].delete("/tokens/T").status_code == 204
    missing = manager.delete("/tokens/T")
    assert missing.status_code == 404
    assert missing.json()["error_description"] == "Object with token T not found inside tokens"


def test_unimplemented_token_methods(manager: Any) -> None:
    for response in (manager.get("/tokens"), manager.put("/tokens"),
                     manager.post("/people/test_manager/tokens")):
        assert response.status_code == 404
        assert "json" not in response.headers["Content-Type"]


def test_context_push_tokens(server: FakeMaxServer, users: Any, manager: Any,
                             as_user: Any) -> None:
    url = "http://ctx"
    key = context_hash(url)
    manager.post("/contexts", json={"url": url})
    carol = as_user("carol", create=True)
    for name, caller in (("messi", users["messi"]), ("xavi", users["xavi"]), ("carol", carol)):
        caller.post("/tokens", json={"platform": "ios", "token": f"tok-{name}"})
    for name in ("messi", "carol"):
        manager.post(f"/people/{name}/subscriptions", json={"object": {"url": url}})
    manager.post(f"/contexts/{key}/unsubscriptionpush/carol")
    assert manager.get(f"/contexts/{key}/tokens").json() == [
        {"token": "tok-messi", "platform": "ios", "username": "messi"}]
    assert users["messi"].get(f"/contexts/{key}/tokens").status_code == 403
    assert manager.get("/contexts/" + "0" * 40 + "/tokens").status_code == 404


def test_for_users_is_newest_first(server: FakeMaxServer) -> None:
    tokens = server.backend.tokens
    tokens.add("a", "ios", None, "u1", "u1")
    tokens.add("b", "android", None, "u2", "u2")
    tokens.add("c", "ios", None, "u1", "u1")
    assert tokens.for_users(["U1", "u2", "nobody"]) == [
        {"token": "c", "platform": "ios", "username": "u1"},
        {"token": "b", "platform": "android", "username": "u2"},
        {"token": "a", "platform": "ios", "username": "u1"},
    ]


def test_deprecated_device_token_routes(users: Any, manager: Any) -> None:
    added = users["messi"].post("/people/xavi/device/ios/DEP")
    assert added.status_code == 201
    assert added.json()["username"] == "messi"
    assert added.json()["objectType"] == "person"
    assert [t["token"] for t in manager.get("/people/messi/tokens").json()] == ["DEP"]
    bad = users["messi"].post("/people/messi/device/blackberry/X")
    assert bad.status_code == 400 and error_of(bad) == "ValidationError"
    assert users["messi"].delete("/people/messi/device/ios/DEP").status_code == 204
    assert manager.get("/people/messi/tokens").json() == []
    assert users["messi"].get("/people/messi/device/ios/DEP").status_code == 404
