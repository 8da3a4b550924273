"""Deprecated URLs the fake rewrites as MAX does (max-api deprecations.md)."""

from __future__ import annotations

from typing import Any

from maxclient.testing import FakeMaxServer
from maxclient.testing.model.common import context_hash

from .conftest import error_of

URL = "http://atenea.upc.edu"
HASH = context_hash(URL)


def test_create_user_by_url(manager: Any) -> None:
    created = manager.post("/people/Messi", json={"displayName": "Leo", "username": "other"})
    assert created.status_code == 201
    assert created.json()["username"] == "messi"
    assert created.json()["displayName"] == "Leo"
    assert manager.get("/people/other").status_code == 400
    assert manager.post("/people/messi").status_code == 200


def test_create_user_by_url_with_a_list_body_is_400(manager: Any) -> None:
    response = manager.post("/people/messi", json=[])
    assert response.status_code == 400
    assert error_of(response) == "ValidationError"
    assert manager.get("/people/messi").status_code == 400


def test_create_user_by_url_as_himself(as_user: Any) -> None:
    alice = as_user("alice")
    assert alice.post("/people/alice").status_code == 201
    assert alice.post("/people/bob").status_code == 403


def test_subscribe_by_people_url(manager: Any, as_user: Any) -> None:
    as_user("messi", create=True)
    manager.post("/contexts", json={"url": URL})
    response = manager.post("/people/messi/subscriptions",
                            json={"object": {"objectType": "context", "url": URL}})
    assert response.status_code == 201
    assert response.json()["actor"]["username"] == "messi"
    missing = manager.post("/people/messi/subscriptions", json={"object": {"url": "http://x"}})
    assert missing.status_code == 404 and error_of(missing) == "ObjectNotFound"


def test_unsubscribe_by_people_url_also_via_method_override(manager: Any,
                                                            as_user: Any) -> None:
    as_user("messi", create=True)
    manager.post("/contexts", json={"url": URL})
    manager.post("/people/messi/subscriptions", json={"object": {"url": URL}})
    response = manager.post(f"/people/messi/subscriptions/{HASH}",
                            headers={"X-HTTP-Method-Override": "DELETE"})
    assert response.status_code == 204
    assert manager.get("/people/messi/subscriptions").json() == []


def test_context_post_via_people_url_is_rewritten(server: FakeMaxServer, manager: Any,
                                                  as_user: Any) -> None:
    from maxclient.testing.http.deprecations import rewrite
    from maxclient.testing.http.request import FakeRequest

    seen: dict[str, Any] = {}

    def fake_request(body: Any) -> FakeRequest:
        import io
        import json

        raw = json.dumps(body).encode()
        req = FakeRequest({"REQUEST_METHOD": "POST", "PATH_INFO": "/people/Messi/activities",
                           "CONTENT_TYPE": "application/json",
                           "CONTENT_LENGTH": str(len(raw)), "wsgi.input": io.BytesIO(raw)},
                          server)
        rewrite(req)
        seen["path"], seen["json"] = req.path, req.json
        return req

    fake_request({"object": {"content": "hi"}, "contexts": [{"url": URL}]})
    assert seen["path"] == f"/contexts/{HASH}/activities"
    assert seen["json"] == {"object": {"content": "hi"},
                            "actor": {"objectType": "person", "username": "Messi"}}
    fake_request({"object": {"content": "hi"}, "contexts": []})
    assert seen["path"] == "/people/Messi/activities"
    assert seen["json"] == {"object": {"content": "hi"}}


def test_context_post_without_url_reaches_a_context_named_activities(manager: Any) -> None:
    """The rewrite builds /contexts//activities; routing skips the empty segment, so the
    real MAX looks for a context whose hash is "activities" (the max-api reference
    expected a non-JSON 404 here; the running MAX answers this JSON 404)."""
    response = manager.post("/people/test_manager/activities",
                            json={"object": {"content": "x"}, "contexts": [{"no": "url"}]})
    assert (response.status_code, error_of(response)) == (404, "ObjectNotFound")
    assert response.json()["error_description"] == \
        "Object with hash activities not found inside contexts"


def test_context_post_to_missing_context_is_404(manager: Any) -> None:
    response = manager.post("/people/test_manager/activities",
                            json={"object": {"content": "x"}, "contexts": [{"url": "http://no"}]})
    assert response.status_code == 404
    assert error_of(response) == "ObjectNotFound"


def test_get_is_never_rewritten(manager: Any) -> None:
    assert manager.get(f"/people/test_manager/subscriptions/{HASH}").status_code == 404
    assert manager.get("/people/test_manager/device/ios/x").status_code == 404
    assert manager.get("/people/test_manager/subscriptions").status_code == 200


def test_device_token_post_replies_with_profile_and_errors_pass_through(
        manager: Any, as_user: Any) -> None:
    messi = as_user("messi", create=True)
    added = messi.post("/people/anyone/device/android/TOK")
    assert added.status_code == 201
    assert added.json()["username"] == "messi"
    assert "token" not in added.json()
    assert manager.get("/people/messi/tokens").json() == [
        {"token": "TOK", "platform": "android", "username": "messi"}]
    bad = messi.post("/people/anyone/device/nokia/TOK")
    assert bad.status_code == 400
    assert bad.json()["error_description"] == "nokia is not a supported platform."
    assert as_user(None).post("/people/messi/device/ios/T").status_code == 401
    assert manager.delete("/people/whoever/device/x/TOK").status_code == 204
    assert manager.delete("/people/whoever/device/x/TOK").status_code == 404


def test_conversation_join_and_leave_by_people_url(manager: Any, as_user: Any) -> None:
    alice = as_user("alice", create=True)
    for name in ("bob", "carol", "dave"):
        as_user(name, create=True)
    started = alice.post("/conversations", json={
        "contexts": [{"objectType": "conversation", "participants": ["alice", "bob", "carol"]}],
        "object": {"objectType": "note", "content": "hola"}})
    assert started.status_code == 201
    cid = started.json()["contexts"][0]["id"]
    joined = alice.post(f"/people/dave/conversations/{cid}", json={"ignored": True})
    assert joined.status_code == 201
    talking = manager.get("/people/dave").json()["talkingIn"]
    assert [t["id"] for t in talking] == [cid]
    assert alice.delete(f"/people/dave/conversations/{cid}").status_code == 204
    assert manager.get("/people/dave").json()["talkingIn"] == []
