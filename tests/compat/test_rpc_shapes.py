"""The RPC client's return shapes are exactly the original's.

Generic verbs return ``(ok, status, content)`` where ``ok`` is True/False for GET and
HEAD and the status itself (or False) for POST, PUT and DELETE; the named helpers
return what the original returned (content only, or the tuple).
"""

from __future__ import annotations

import hashlib
import io
import json

import pytest

from maxclient import MaxClient

from ..imaging import image_bytes
from .conftest import MANAGER

CTX = "http://communities.example/ctx"
CTX_HASH = hashlib.sha1(CTX.encode()).hexdigest()


@pytest.fixture
def client(manager_client):
    return manager_client(MaxClient)


def test_generic_verbs_first_element(client):
    """maxscripts.devel checks ``if req[0] in [200, 201]`` after POST/PUT helpers and
    the truthiness of GET/HEAD's first element."""
    created = client.POST("/people", {"username": "bob"})
    assert created[0] == 201 and created[1] == 201 and created[2]["username"] == "bob"
    existing = client.POST("/people", {"username": "bob"})
    assert existing[0] == 200 and existing[0] in [200, 201]

    ok, status, body = client.GET("/people/bob")
    assert ok is True and status == 200 and body["username"] == "bob"
    ok, status, count = client.HEAD("/people")
    assert ok is True and status == 200 and isinstance(count, int)

    put = client.PUT("/people/bob", {"displayName": "Bob"})
    assert put[0] == 200 and put[2]["displayName"] == "Bob"

    missing = "/activities/" + "a" * 24
    assert client.GET(missing) == (False, 404, "")
    assert client.HEAD(missing) == (False, 404, "")
    deleted = client.DELETE(missing)
    assert deleted[0] is False and deleted[1] == 404
    assert "ObjectNotFound" in deleted[2]  # raw text on failure, as before
    failed = client.POST("/people", {"not_a_username": 1})
    assert failed[0] is False and failed[1] == 400 and isinstance(failed[2], str)


def test_content_only_helpers(client):
    """maxbunny and maxscripts read helper results directly as the JSON document
    (``getUser``, ``getUserTimeline``, ``getActivity``, ``addComment``, ``getComments``)."""
    user = client.getUser("alice")
    assert isinstance(user, dict) and user["username"] == "alice"
    assert client.getUser()["username"] == MANAGER  # defaults to the actor
    assert isinstance(client.getUserTimeline(), list)

    posted = client.addActivity("hello", username="alice")
    assert posted[0] == 201 and posted[1] == 201  # addActivity keeps the tuple
    activity_id = posted[2]["id"]
    assert client.getActivity(activity_id)["id"] == activity_id

    comment = client.addComment("nice", activity_id)  # original posted to a wrong route
    assert isinstance(comment, dict) and comment["object"]["content"] == "nice"
    comments = client.getComments(activity_id)  # original returned None
    assert [c["content"] for c in comments] == ["nice"]

    assert client.getUserActivities(count=True, username="alice") == 1
    assert client.getAllComments(count=True) == 1
    assert [a["id"] for a in client.getUserActivities(username="alice")] == [activity_id]


def test_modify_user_and_avatar_keep_the_tuple(client):
    """maxscripts.devel ``_mod_user``: ``req = client.modifyUser(...); req[0] in [200, 201]``;
    ulearn.core uploads portraits (``postAvatar``) from a nameless buffer."""
    req = client.modifyUser("alice", {"displayName": "Alice"})
    assert req[0] in [200, 201] and req[2]["displayName"] == "Alice"
    ok, status, _ = client.postAvatar("alice", io.BytesIO(image_bytes()))
    assert ok in [200, 201] and status == ok


def test_failed_helpers_return_falsy_content(client):
    """maxscripts.devel tests ``isinstance(req, dict)`` after content-only helpers to
    print 'Oops!': a failure must not look like a document."""
    assert client.getActivity("b" * 24) == ""
    assert not isinstance(client.getUser("ghost"), dict)


def test_add_user_tuple(client):
    """maxscripts.devel ``_add_user``: ``req = client.addUser(username)``, then
    ``req[0] in [200, 201]``."""
    req = client.addUser("carol", displayName="Carol")
    assert req[0] in [200, 201] and req[1] == req[0]


def test_subscribe_helper(client, server):
    """maxscripts.devel ``_subscribe``: ``isinstance(client.subscribe(url, username=u), dict)``
    (POST /people/{username}/subscriptions, which MAX 5 no longer serves)."""
    server.seed({"contexts": [{"url": CTX, "displayName": "Community"}]})
    assert isinstance(client.subscribe(CTX, username="alice"), dict)


def test_context_helpers(client, server):
    """maxscripts.devel ``_add_context`` tests ``isinstance(req, dict)``, ``_mod_context``
    ``req[0] in [200, 201]``; ulearn.core grants/revokes permissions, tags communities
    and reads ``subscribed_to_context``."""
    ctx = client.addContext(CTX, "Community", {"read": "subscribed", "write": "subscribed"})
    assert isinstance(ctx, dict) and ctx["url"] == CTX
    assert client.get_context(CTX)["displayName"] == "Community"
    server.seed({"subscriptions": [{"username": "alice", "url": CTX}]})
    assert "alice" in [s["username"] for s in client.subscribed_to_context(CTX)]
    assert isinstance(client.grant_permission(CTX, "alice", "write"), dict)
    # MAX answers this DELETE with 200 + JSON; like the original DELETE (ok only on 204)
    # the helper then hands back the raw text: callers json.loads it.
    revoked = client.revoke_permission(CTX, "alice", "write")
    assert json.loads(revoked)["permissions"] == ["read"]
    req = client.modifyContext(CTX, {"displayName": "Renamed"})
    assert req[0] in [200, 201] and req[2]["displayName"] == "Renamed"
    tags = client.add_tags_to_context(CTX, ["[COMMUNITY]"])
    assert tags[0] in [200, 201]
    assert client.getContextActivities(CTX_HASH, count=True) == 0
    posted = client.add_activity_as_context("from the context", CTX)
    assert posted[0] == 201
    assert client.getContextActivities(CTX_HASH, count=True) == 1
    removed = client.remove_tag_from_context(CTX, "[COMMUNITY]")
    assert removed[0] == 204 and removed[1] == 204
    assert client.unsubscribe(CTX, username="alice") is None  # 204, no JSON
    assert "alice" not in [s["username"] for s in client.subscribed_to_context(CTX)]
    assert client.deleteContext(CTX) is None
    assert client.get_context(CTX) == ""


def test_listing_helpers_return_content(client):
    """maxscripts/gummanager admin scripts list users and activities and count them."""
    client.addActivity("one", username="alice")
    users = client.getUsers()
    assert {"alice", MANAGER} <= {u["username"] for u in users}
    assert [a["object"]["content"] for a in client.getActivities()] == ["one"]
    assert client.getAllActivities(count=True) == 1
    assert isinstance(client.getAllActivities(), list)
    assert isinstance(client.getTimelineLastAuthors(limit=3), list)


def test_pushtokens_by_conversation_keeps_the_tuple(client):
    """maxbunny's push consumer unpacks ``(success, code, response)``."""
    result = client.pushtokens_by_conversation("c" * 24)
    assert isinstance(result, tuple) and len(result) == 3
    success, code, response = result
    assert success is (code == 200)
    assert isinstance(response, list) if success else response == ""
