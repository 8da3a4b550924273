"""Posting, reading, deleting and listing activities through raw HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from maxclient.testing import FakeMaxServer

from .activity_world import context, note, subscribe, user
from .conftest import error_of


@pytest.fixture
def world(server: FakeMaxServer) -> dict[str, Any]:
    user(server, "messi", "Lionel Messi")
    user(server, "xavi")
    ctx = context(server, "http://ctx/a")
    subscribe(server, "messi", ctx)
    return {"ctx": ctx}


def test_post_to_own_stream(server: FakeMaxServer, world: Any, as_user: Any) -> None:
    r = as_user("messi").post("/people/messi/activities",
                              json=note("<p>[A] Testejant la creació d'un canvi d'estatus</p>"))
    assert r.status_code == 201
    body = r.json()
    assert body["actor"] == {"objectType": "person", "username": "messi",
                             "displayName": "Lionel Messi"}
    assert body["object"]["content"] == "[A] Testejant la creació d'un canvi d'estatus"
    assert body["owner"] == body["creator"] == "messi"
    assert "keywords" not in body and "keywords" not in body["object"]
    assert "contexts" not in body and "deletable" not in body
    full = as_user("messi").get(f"/activities/{body['id']}").json()
    assert sorted(full["keywords"]) == ["canvi", "creació", "estatus", "lionel", "messi",
                                        "testejant"]
    assert full["deletable"] is True and full["liked"] is False


def test_duplicate_within_a_minute_returns_existing(world: Any, as_user: Any) -> None:
    messi = as_user("messi")
    first = messi.post("/people/messi/activities", json=note("same"))
    again = messi.post("/people/messi/activities", json=note("same"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert messi.post("/people/messi/activities", json=note("other")).status_code == 201


def test_published_is_kept_without_fraction(world: Any, as_user: Any) -> None:
    r = as_user("messi").post("/people/messi/activities",
                              json=note("old", published="2010-01-01T00:01:30.000Z"))
    assert r.json()["published"] == "2010-01-01T00:01:30Z"


def test_post_for_another_user_needs_manager(world: Any, as_user: Any, manager: Any) -> None:
    r = as_user("xavi").post("/people/messi/activities", json=note("x"))
    assert r.status_code == 403
    assert r.json()["error_description"] == 'User "xavi" has no permission "Add activity" here '
    ok = manager.post("/people/messi/activities", json=note("by manager"))
    assert ok.status_code == 201
    assert ok.json()["creator"] == "test_manager" and ok.json()["owner"] == "messi"


@pytest.mark.parametrize("body, error", [
    ({}, "MissingField"),
    ({"object": "nope"}, "MissingField"),
    ({"object": {"objectType": "poll", "content": "x"}}, "ObjectNotSupported"),
    ({"object": {"objectType": "note"}}, "MissingField"),
    ({"object": {"objectType": "note", "content": ""}}, "MissingField"),
    ({"object": {"objectType": "note", "content": 12}}, "ValidationError"),
    ({"object": {"objectType": "note", "content": "x"}, "published": "yesterday"},
     "ValidationError"),
    ({"object": {"objectType": "note", "content": "x"}, "published": 10 ** 30},
     "ValidationError"),
    ({"object": {"objectType": "note", "content": "x"}, "published": "2020-01-01"},
     "ValidationError"),
    ({"object": {"objectType": "image"}}, "MissingField"),  # no upload (MAX: a 500)
    ({"object": {"objectType": "comment", "content": "x"}}, "MissingField"),
])
def test_bad_bodies_are_400_and_store_nothing(server: FakeMaxServer, world: Any,
                                              as_user: Any, body: Any, error: str) -> None:
    r = as_user("messi").post("/people/messi/activities", json=body)
    assert r.status_code == 400 and error_of(r) == error
    assert server.backend.activities.posts == []


def test_malformed_json_is_missing_field(world: Any, as_user: Any) -> None:
    r = as_user("messi").post("/people/messi/activities", data=b"{not json",
                              headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert r.json()["error_description"] == 'Required parameter "object" not found in the request'


def test_unicode_and_huge_content(world: Any, as_user: Any) -> None:
    text = "Ünïcödé ☃ " * 5000
    r = as_user("messi").post("/people/messi/activities", json=note(text))
    assert r.status_code == 201 and r.json()["object"]["content"] == text


def test_unknown_user_and_ids(world: Any, manager: Any) -> None:
    r = manager.post("/people/nobody/activities", json=note("x"))
    assert r.status_code == 400 and error_of(r) == "UnknownUserError"
    assert error_of(manager.get("/activities/invalidid")) == "InvalidId"
    missing = manager.get("/activities/" + "0" * 24)
    assert missing.status_code == 404 and error_of(missing) == "ObjectNotFound"
    assert manager.put("/activities/" + "0" * 24).status_code == 404


def test_unimplemented_method_is_non_json_404(world: Any, as_user: Any) -> None:
    post = as_user("messi").post("/people/messi/activities", json=note("x")).json()
    r = as_user("messi").put(f"/activities/{post['id']}")
    assert r.status_code == 404 and "json" not in r.headers["Content-Type"]


def test_context_post_rules(server: FakeMaxServer, world: Any, as_user: Any,
                            manager: Any) -> None:
    h = world["ctx"]["hash"]
    ok = as_user("messi").post(f"/contexts/{h}/activities", json=note("hello ctx"))
    assert ok.status_code == 201
    assert ok.json()["contexts"][0]["hash"] == h
    assert ok.json()["contexts"][0]["url"] == "http://ctx/a"
    assert as_user("xavi").post(f"/contexts/{h}/activities", json=note("x")).status_code == 403
    impersonating = as_user("messi").post(
        f"/contexts/{h}/activities",
        json=note("x", actor={"objectType": "person", "username": "xavi"}))
    assert impersonating.status_code == 403
    as_ctx = manager.post(f"/contexts/{h}/activities",
                          json=note("from ctx", actor={"objectType": "context",
                                                       "url": "http://ctx/a"}))
    assert as_ctx.status_code == 201
    assert as_ctx.json()["actor"]["objectType"] == "context"
    assert as_ctx.json()["owner"] == as_ctx.json()["creator"] == "test_manager"
    assert manager.post("/contexts/" + "f" * 40 + "/activities",
                        json=note("x")).status_code == 404


def test_context_write_needs_write_permission(server: FakeMaxServer, as_user: Any) -> None:
    user(server, "pep")
    readonly = context(server, "http://ctx/ro", write="restricted")
    subscribe(server, "pep", readonly)
    r = as_user("pep").post(f"/contexts/{readonly['hash']}/activities", json=note("x"))
    assert r.status_code == 403


def test_view_and_delete_permissions(server: FakeMaxServer, world: Any, as_user: Any) -> None:
    h = world["ctx"]["hash"]
    post = as_user("messi").post(f"/contexts/{h}/activities", json=note("private")).json()
    assert as_user("xavi").get(f"/activities/{post['id']}").status_code == 403
    assert as_user("xavi").head(f"/activities/{post['id']}").status_code == 200
    assert as_user("xavi").delete(f"/activities/{post['id']}").status_code == 403
    user(server, "mod")
    subscribe(server, "mod", world["ctx"], "delete")
    assert as_user("mod").delete(f"/activities/{post['id']}").status_code == 204
    assert server.backend.activities.get(post["id"]) is None
    assert server.backend.activities.posts_by_context[h] == []


def test_user_activities_listing_filters_shared_contexts(server: FakeMaxServer, world: Any,
                                                         as_user: Any, manager: Any) -> None:
    h = world["ctx"]["hash"]
    messi = as_user("messi")
    own = messi.post("/people/messi/activities", json=note("own")).json()
    in_ctx = messi.post(f"/contexts/{h}/activities", json=note("ctx")).json()
    ids = [a["id"] for a in as_user("xavi").get("/people/messi/activities").json()]
    assert ids == [own["id"]]
    ids = [a["id"] for a in manager.get("/people/messi/activities").json()]
    assert ids == [in_ctx["id"], own["id"]]
    only_ctx = manager.get("/people/messi/activities", qs={"context": h}).json()
    assert [a["id"] for a in only_ctx] == [in_ctx["id"]]
    item = manager.get("/people/messi/activities").json()[0]
    assert "owner" not in item and "keywords" not in item
    # On HEAD MAX's root ACL grants list_activities_unsubscribed: every context counts.
    assert as_user("xavi").head("/people/messi/activities").headers["X-totalItems"] == "2"
    counted = as_user("xavi").head("/people/messi/activities", qs={"context": h})
    assert counted.headers["X-totalItems"] == "1"


def test_head_counts_ignore_limit(world: Any, as_user: Any, manager: Any) -> None:
    messi = as_user("messi")
    for i in range(11):
        messi.post("/people/messi/activities", json=note(f"post {i}"))
    assert len(messi.get("/people/messi/activities").json()) == 10
    assert messi.head("/people/messi/activities").headers["X-totalItems"] == "11"
    assert as_user("xavi").get("/activities").status_code == 403
    assert as_user("xavi").head("/activities").headers["X-totalItems"] == "11"
    assert len(manager.get("/activities", qs={"limit": 0}).json()) == 11


def test_context_activities_read_rules_and_recursion(server: FakeMaxServer,
                                                     as_user: Any) -> None:
    user(server, "messi")
    user(server, "xavi")
    parent = context(server, "http://p", read="public")
    child_a = context(server, "http://p/a")
    child_b = context(server, "http://p/b")
    subscribe(server, "messi", child_a)
    subscribe(server, "xavi", child_a)
    subscribe(server, "xavi", child_b)
    a = as_user("messi").post(f"/contexts/{child_a['hash']}/activities", json=note("A"))
    b = as_user("xavi").post(f"/contexts/{child_b['hash']}/activities", json=note("B"))
    messi_view = as_user("messi").get(f"/contexts/{parent['hash']}/activities").json()
    xavi_view = as_user("xavi").get(f"/contexts/{parent['hash']}/activities").json()
    assert [x["id"] for x in messi_view] == [a.json()["id"]]
    assert [x["id"] for x in xavi_view] == [b.json()["id"], a.json()["id"]]
    assert as_user("messi").get(f"/contexts/{child_b['hash']}/activities").status_code == 403
    head = as_user("xavi").head(f"/contexts/{parent['hash']}/activities")
    assert head.headers["X-totalItems"] == "2"


def test_deleted_context_hides_posts(server: FakeMaxServer, world: Any, as_user: Any,
                                     manager: Any) -> None:
    h = world["ctx"]["hash"]
    as_user("messi").post(f"/contexts/{h}/activities", json=note("gone soon"))
    server.backend.contexts.delete(world["ctx"])
    assert as_user("messi").get("/people/messi/timeline").json() == []
    assert len(manager.get("/activities").json()) == 1


@pytest.mark.parametrize("generator", ["MyApp", ["a"], {"k": 1}, 5, True])
def test_any_generator_is_kept_as_sent(world: Any, as_user: Any, generator: Any) -> None:
    r = as_user("messi").post("/people/messi/activities", json={
        "object": {"objectType": "note", "content": f"from {generator}"},
        "generator": generator})
    assert (r.status_code, r.json()["generator"]) == (201, generator)


@pytest.mark.parametrize("spelling", ["Note", "NOTE"])
def test_the_object_type_is_read_in_any_case_and_kept_as_spelled(world: Any, as_user: Any,
                                                                spelling: str) -> None:
    r = as_user("messi").post("/people/messi/activities", json={
        "object": {"objectType": spelling, "content": "Hello #Case"}})
    assert r.status_code == 201 and r.json()["object"]["objectType"] == spelling
    found = as_user("messi").get("/people/messi/activities", qs={"hashtag": "case"}).json()
    assert [a["id"] for a in found] == [r.json()["id"]]


def test_posting_the_same_again_answers_the_stored_post_with_the_callers_fields(
        world: Any, as_user: Any) -> None:
    first = as_user("messi").post("/people/messi/activities", json=note("once"))
    again = as_user("messi").post("/people/messi/activities", json=note("once"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert "deletable" not in first.json()
    assert again.json()["id"] == first.json()["id"]
    assert (again.json()["deletable"], again.json()["liked"], again.json()["favorited"]) \
        == (True, False, False)


def test_a_deleted_contexts_posts_stay_hidden_until_saved_whole(
        server: FakeMaxServer, world: Any, as_user: Any, manager: Any) -> None:
    """MAX marks them ``visible: false``: the context made again with the same URL does
    not bring them back to timelines and user streams (its own listing shows them);
    flagging one, which MAX saves whole, does, and so does the keywords maintenance."""
    h = world["ctx"]["hash"]
    messi = as_user("messi")
    old = [messi.post(f"/contexts/{h}/activities", json=note(f"old {i}")).json()["id"]
           for i in range(3)]
    assert manager.delete(f"/contexts/{h}").status_code == 204
    subscribe(server, "messi", context(server, "http://ctx/a"))
    new = messi.post(f"/contexts/{h}/activities", json=note("new")).json()["id"]

    def ids(answer: Any) -> list[str]:
        assert answer.status_code == 200, answer.text
        return [item["id"] for item in answer.json()]

    assert ids(messi.get("/people/messi/timeline")) == [new]
    assert ids(messi.get("/people/messi/activities")) == [new]
    assert messi.head("/people/messi/activities").headers["X-totalItems"] == "1"
    assert messi.head("/people/messi/activities", qs={"after": old[0]}).headers[
        "X-totalItems"] == "1"
    assert ids(manager.get(f"/contexts/{h}/activities")) == [new, *reversed(old)]
    assert "visible" not in manager.get(f"/activities/{old[0]}").json()

    restored = FakeMaxServer(managers=["test_manager"])
    restored.load(server.dump())
    status, timeline = restored.call("GET", "/people/messi/timeline", as_user="messi")
    assert (status, [item["id"] for item in timeline]) == (200, [new])

    assert manager.post(f"/activities/{old[0]}/flag").status_code == 201
    assert ids(messi.get("/people/messi/timeline")) == [new, old[0]]
    assert messi.head("/people/messi/activities").headers["X-totalItems"] == "2"
    assert manager.post(f"/activities/{old[1]}/likes").status_code == 201
    assert ids(messi.get("/people/messi/timeline")) == [new, old[1], old[0]]
    assert manager.post("/admin/maintenance/keywords").status_code == 200
    assert ids(messi.get("/people/messi/timeline")) == [new, *reversed(old)]


@pytest.mark.parametrize("change", ["comment", "delete comment", "like", "unlike",
                                    "favorite", "unfavorite", "flag", "unflag"])
def test_saving_a_hidden_post_whole_shows_it_again(server: FakeMaxServer, world: Any,
                                                    as_user: Any, manager: Any,
                                                    change: str) -> None:
    """Each of these writes the post back whole in MAX (checked against the real MAX)."""
    h = world["ctx"]["hash"]
    messi = as_user("messi")
    post = messi.post(f"/contexts/{h}/activities", json=note("hidden soon")).json()["id"]
    comment = manager.post(f"/activities/{post}/comments",
                           json={"object": {"objectType": "comment", "content": "hi"}})
    if change in ("unlike", "unfavorite"):  # given before the context goes
        manager.post(f"/activities/{post}/{change[2:]}s")
    assert manager.delete(f"/contexts/{h}").status_code == 204
    assert messi.get("/people/messi/timeline").json() == []
    path, method = {
        "comment": (f"/activities/{post}/comments", "POST"),
        "delete comment": (f"/activities/{post}/comments/{comment.json()['id']}", "DELETE"),
        "like": (f"/activities/{post}/likes", "POST"),
        "unlike": (f"/activities/{post}/likes/test_manager", "DELETE"),
        "favorite": (f"/activities/{post}/favorites", "POST"),
        "unfavorite": (f"/activities/{post}/favorites/test_manager", "DELETE"),
        "flag": (f"/activities/{post}/flag", "POST"),
        "unflag": (f"/activities/{post}/flag", "DELETE"),
    }[change]
    body = {"object": {"objectType": "comment", "content": "late"}} if change == "comment" \
        else None
    assert manager.request(method, path, json=body).status_code < 300
    assert [a["id"] for a in messi.get("/people/messi/timeline").json()] == [post]
