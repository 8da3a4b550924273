"""The RPC client: original tuple shapes, generated route methods, named helpers."""

from __future__ import annotations

import hashlib
import io

import pytest

import maxclient
import maxclient.client
from maxclient import MaxClient

from .scripted import reply

URL = "http://ctx.example/a"
H = hashlib.sha1(URL.encode()).hexdigest()


@pytest.fixture
def client(server):
    c = MaxClient(server.url, actor="bob")
    c.setToken("tok")
    return c


def test_exports():
    assert maxclient.client.MaxClient is MaxClient is maxclient.MaxClient
    assert maxclient.client.RequestError is maxclient.RequestError


def test_generic_shapes_success(client, app):
    app.on("GET", "/people", reply(200, [{"username": "a"}], headers={"X-totalItems": "7"}))
    app.on("GET", "/info", reply(200, raw=b"plain"))
    app.on("POST", "/people", reply(201, {"username": "a"}))
    app.on("PUT", "/people/a", reply(200, {"username": "a"}))
    app.on("DELETE", "/people/a", reply(204))
    assert client.HEAD("/people") == (True, 200, 7)
    assert client.GET("/people", qs="limit=1") == (True, 200, [{"username": "a"}])
    assert app.seen[-1].query == {"limit": ["1"]}
    assert client.GET("/info") == (True, 200, None)
    assert client.POST("/people", {"username": "a"}) == (201, 201, {"username": "a"})
    assert app.seen[-1].json() == {"username": "a"}
    assert client.PUT("/people/a", {"displayName": "A"}) == (200, 200, {"username": "a"})
    assert client.DELETE("/people/a") == (204, 204, None)


def test_generic_shapes_failure(client, app):
    err = {"error": "ValidationError", "error_description": "bad"}
    for m in ("GET", "POST", "PUT", "DELETE"):
        app.on(m, "/people/z", reply(400, err))
    assert client.HEAD("/people/z") == (False, 400, "")
    assert client.GET("/people/z") == (False, 400, "")
    ok, status, text = client.POST("/people/z", {})
    assert (ok, status) == (False, 400) and "ValidationError" in text
    assert client.PUT("/people/z", {}) == (False, 400, "")
    ok, status, text = client.DELETE("/people/z")
    assert (ok, status) == (False, 400) and "ValidationError" in text


def test_generated_route_methods(client, app):
    app.on("GET", "/people", reply(200, []))
    app.on("PUT", "/people/bob", reply(200, {"displayName": "B"}))
    app.on("DELETE", f"/contexts/{H}/subscriptions/bob", reply(204))
    app.on("POST", f"/contexts/{H}/activities", reply(201, {"id": "1"}))
    assert client.users_get(qs={"username": "b"}) == (True, 200, [])
    assert app.seen[-1].query == {"username": ["b"]}
    assert client.user_put(":me", displayName="B") == (200, 200, {"displayName": "B"})
    assert app.seen[-1].json() == {"displayName": "B"}
    assert client.context_subscription_delete(URL, "bob") == (204, 204, None)
    assert client.context_activities_post(H, object_content="hi")[0] == 201
    assert app.seen[-1].json() == {"object": {"objectType": "note", "content": "hi"}}
    assert client.users_head() == (True, 200, 0)
    with pytest.raises(TypeError, match="user_put"):
        client.user_put()
    assert "PUT /people/{username}" in MaxClient.user_put.__doc__


def test_every_route_method_generated():
    from maxclient.routes import ROUTE_TABLE

    for route in ROUTE_TABLE:
        for method in route.methods:
            assert callable(getattr(MaxClient, f"{route.name}_{method.lower()}"))


def test_user_helpers(client, app):
    app.on("GET", "/people/bob", reply(200, {"username": "bob"}))
    app.on("POST", "/people/al", reply(201, {"username": "al"}))
    app.on("PUT", "/people/al", reply(200, {"username": "al"}))
    app.on("POST", "/people/al/avatar", reply(201, {"Image": "updated"}))
    app.on("GET", "/people", reply(200, []))
    assert client.getUser() == {"username": "bob"}
    assert client.addUser("al", displayName="Al", junk=1) == (201, 201, {"username": "al"})
    assert app.seen[-1].json() == {"displayName": "Al"}
    assert client.modifyUser("al", {"displayName": "A"})[:2] == (200, 200)
    assert client.postAvatar("al", io.BytesIO(b"img")) == (201, 201, {"Image": "updated"})
    assert b'name="file"' in app.seen[-1].body and b"img" in app.seen[-1].body
    assert client.getUsers() == []


def test_context_helpers(client, app):
    app.on("PUT", f"/contexts/{H}", reply(200, {"hash": H}))
    app.on("PUT", f"/contexts/{H}/tags", reply(200, ["t"]))
    app.on("DELETE", f"/contexts/{H}/tags/t", reply(204))
    app.on("POST", "/contexts", reply(201, {"hash": H}))
    app.on("GET", f"/contexts/{H}", reply(200, {"hash": H}))
    app.on("DELETE", f"/contexts/{H}", reply(204))
    app.on("GET", "/contexts", reply(200, []))
    assert client.modifyContext(URL, {"displayName": "C"}) == (200, 200, {"hash": H})
    assert client.add_tags_to_context(URL, ["t"]) == (200, 200, ["t"])
    assert app.seen[-1].json() == ["t"]
    assert client.remove_tag_from_context(URL, "t") == (204, 204, None)
    assert client.addContext(URL, "C", permissions={"read": "public"}) == {"hash": H}
    assert app.seen[-1].json() == {"url": URL, "objectType": "context", "displayName": "C",
                                   "permissions": {"read": "public"}}
    assert client.get_context(URL) == {"hash": H}
    assert client.deleteContext(URL) is None
    assert client.getContexts() == []


def test_subscription_and_permission_helpers(client, app):
    app.on("POST", "/people/bob/subscriptions", reply(201, {"ok": 1}))
    app.on("DELETE", f"/contexts/{H}/subscriptions/bob", reply(204))
    app.on("GET", f"/contexts/{H}/subscriptions", reply(200, [{"username": "bob"}]))
    app.on("GET", "/people/bob/subscriptions", reply(200, [{"hash": H}]))
    app.on("PUT", f"/contexts/{H}/permissions/bob/read", reply(201, {"p": 1}))
    app.on("DELETE", f"/contexts/{H}/permissions/al/write", reply(201, {"p": 0}))
    assert client.subscribe(URL) == {"ok": 1}
    assert app.seen[-1].json() == {"object": {"objectType": "context", "url": URL}}
    assert client.unsubscribe(URL) is None
    assert client.subscribed_to_context(URL) == [{"username": "bob"}]
    assert client.subscribed() == [{"hash": H}]
    assert client.grant_permission(URL) == {"p": 1}
    ok = client.revoke_permission(URL, username="al")
    assert "p" in ok


def test_activity_helpers(client, app):
    app.on("POST", "/people/bob/activities", reply(201, {"id": "a1"}))
    app.on("POST", f"/contexts/{H}/activities", reply(201, {"id": "a2"}))
    app.on("GET", "/activities/a1", reply(200, {"id": "a1"}))
    app.on("GET", "/people/bob/timeline", reply(200, [{"id": "a1"}]))
    app.on("GET", f"/contexts/{H}/activities", reply(200, [], headers={"X-totalItems": "3"}))
    app.on("GET", "/people/bob/activities", reply(200, [], headers={"X-totalItems": "4"}))
    app.on("GET", "/people/bob/timeline/authors", reply(200, ["x"]))
    app.on("GET", f"/contexts/{H}/activities/authors", reply(200, ["y"]))
    app.on("GET", "/activities", reply(200, [1], headers={"X-totalItems": "5"}))
    app.on("GET", "/activities/comments", reply(200, [2], headers={"X-totalItems": "6"}))
    app.on("POST", "/activities/a1/comments", reply(201, {"id": "c1"}))
    app.on("GET", "/activities/a1/comments", reply(200, [{"id": "c1"}]))
    assert client.addActivity("hi", contexts=[URL], generator="G") == (201, 201, {"id": "a1"})
    assert app.seen[-1].json() == {"object": {"objectType": "note", "content": "hi"},
                                   "contexts": [{"url": URL, "objectType": "context"}],
                                   "generator": "G"}
    assert client.add_activity_as_context("hi", URL) == (201, 201, {"id": "a2"})
    assert client.getActivity("a1") == {"id": "a1"}
    assert client.getUserTimeline() == [{"id": "a1"}]
    assert client.getContextActivities(H) == []
    assert client.getContextActivities(H, count=True) == 3
    assert client.getUserActivities(count=True) == 4
    assert client.getUserActivities(context=H) == []
    assert app.seen[-1].query == {"context": [H]}
    assert client.getTimelineLastAuthors(limit=2) == ["x"]
    assert app.seen[-1].query == {"limit": ["2"]}
    assert client.getContextLastAuthors(H) == ["y"]
    assert client.getAllActivities() == [1] and client.getAllActivities(count=True) == 5
    assert client.getAllComments() == [2] and client.getAllComments(count=True) == 6
    assert client.getActivities() == [1]
    assert client.addComment("c", "a1") == {"id": "c1"}
    assert app.seen[-1].json()["actor"] == {"objectType": "person", "username": "bob"}
    assert client.getComments("a1") == [{"id": "c1"}]


def test_admin_and_conversation_helpers(client, app):
    app.on("GET", "/conversations/c1/tokens", reply(200, [{"token": "t"}]))
    app.on("GET", "/admin/security", reply(200, {"roles": {}}))
    app.on("POST", "/admin/security/roles/Manager/users/al", reply(201, {"r": 1}))
    app.on("DELETE", "/admin/security/roles/Manager/users/al", reply(204))
    assert client.pushtokens_by_conversation("c1") == (True, 200, [{"token": "t"}])
    assert client.getSecurity() == {"roles": {}}
    assert client.grant_security_role("al", "Manager") == {"r": 1}
    assert client.revoke_security_role("al", "Manager") is None


def test_subclass_routes_generate_methods(server, app):
    class Custom(MaxClient):
        __routes__ = {"service": {"route": "/api/services/{service}"}}

    app.on("PUT", "/api/services/s", reply(200, {"ok": 1}))
    assert Custom(server.url).service_put("s", a=1) == (200, 200, {"ok": 1})
    assert callable(Custom.service_delete)
