"""``/info``, ``/info/settings`` and ``/info/api`` on the fake MAX."""

from __future__ import annotations

from typing import Any

from maxclient.routes import ROUTE_TABLE
from maxclient.testing import FakeMaxServer
from maxclient.testing.server import VERSION


def test_public_info_skips_empty_settings(server: FakeMaxServer, as_user: Any) -> None:
    response = as_user(None).get("/info")
    assert response.status_code == 200
    assert response.json() == {"max.oauth_server": server.oauth_url,
                               "max.server_id": "fakemax", "version": VERSION}
    server.settings["max.stomp_server"] = "stomp.test:61613"
    assert as_user(None).get("/info").json()["max.stomp_server"] == "stomp.test:61613"


def test_restricted_settings(server: FakeMaxServer, manager: Any, as_user: Any) -> None:
    server.settings["other.secret"] = "x"
    body = manager.get("/info/settings").json()
    assert body["version"] == VERSION
    assert body["mongodb.db_name"] == "max"
    assert body["max.oauth_server"] == server.oauth_url
    assert "other.secret" not in body
    assert as_user(None).get("/info/settings").status_code == 401
    denied = as_user("alice", create=True).get("/info/settings")
    assert denied.status_code == 403
    assert "View detailed server settings" in denied.json()["error_description"]


def test_api_lists_every_public_route(as_user: Any) -> None:
    api = as_user(None).get("/info/api").json()
    expected = {r.name for r in ROUTE_TABLE if not r.deprecated} - {
        "info", "info_api", "info_settings"}
    assert set(api) == expected
    user = api["user"]
    assert user["route"] == user["url"] == "/people/{username}"
    assert user["category"] == "User"
    assert user["id"] == "user"
    assert set(user["methods"]) == {"GET", "PUT", "DELETE", "POST"}
    method = user["methods"]["PUT"]
    assert set(method) == {"description", "documentation", "payload", "rest_params",
                           "query_params", "permission", "modifiers"}
    assert method["permission"] == "Modify user profile"
    assert method["rest_params"] == [{"name": "username", "description": ""}]
    assert api["avatar"]["filesystem"] is True
    assert api["avatar"]["methods"]["GET"]["permission"] == "Anonymous"
    assert "HEAD" in api["activities"]["methods"]
    assert "HEAD" not in api["users"]["methods"]


def test_api_by_category(as_user: Any) -> None:
    categories = as_user(None).get("/info/api", qs={"by_category": 1}).json()
    names = [c["name"] for c in categories]
    assert names == sorted(names)
    for category in categories:
        assert category["id"] == category["name"].lower().replace(" ", "-")
        routes = [r["route_name"] for r in category["resources"]]
        assert routes == sorted(routes)
        for resource in category["resources"]:
            assert set(resource) == {"route_id", "route_name", "route_url", "filesystem",
                                     "methods"}
    total = sum(len(c["resources"]) for c in categories)
    assert total == len([r for r in ROUTE_TABLE if not r.deprecated]) - 3
