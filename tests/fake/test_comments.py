"""Comments: adding, listing, deleting and the comment searches."""

from __future__ import annotations

from typing import Any

import pytest

from maxclient.testing import FakeMaxServer

from .activity_world import context, note, subscribe, user
from .conftest import error_of


def comment(text: str) -> dict[str, Any]:
    return {"object": {"objectType": "comment", "content": text}}


@pytest.fixture
def world(server: FakeMaxServer, as_user: Any) -> dict[str, Any]:
    user(server, "messi", "Lionel Messi")
    user(server, "xavi")
    user(server, "owner")
    ctx = context(server, "http://c")
    server.backend.contexts.get(ctx["hash"])["_owner"] = "owner"  # type: ignore[index]
    subscribe(server, "messi", ctx)
    subscribe(server, "xavi", ctx)
    post = as_user("messi").post(f"/contexts/{ctx['hash']}/activities",
                                 json=note("match report")).json()
    return {"ctx": ctx, "post": post}


def test_add_comment_shape_and_parent(world: Any, as_user: Any) -> None:
    pid = world["post"]["id"]
    r = as_user("xavi").post(f"/activities/{pid}/comments", json=comment("Great #Goal game"))
    assert r.status_code == 201
    body = r.json()
    assert body["verb"] == "comment" and body["actor"]["username"] == "xavi"
    assert body["object"]["inReplyTo"] == [{"id": pid, "objectType": "note",
                                            "contexts": [world["ctx"]["hash"]]}]
    parent = as_user("messi").get(f"/activities/{pid}").json()
    assert parent["lastComment"] == body["id"]
    assert parent["replies"][0]["content"] == "Great #Goal game"
    assert "goal" in parent["object"]["hashtags"] and "great" in parent["keywords"]
    assert "xavi" in parent["keywords"]


def test_comment_permissions_and_validation(server: FakeMaxServer, world: Any,
                                            as_user: Any) -> None:
    pid = world["post"]["id"]
    r = as_user("owner").post(f"/activities/{pid}/comments", json=comment("x"))
    assert r.status_code == 403
    assert r.json()["error_description"] == \
        'User "owner" has no permission "Add a comment to an activity" here '
    bad = as_user("xavi").post(f"/activities/{pid}/comments",
                               json={"object": {"objectType": "note", "content": "x"}})
    assert error_of(bad) == "ObjectNotSupported"
    empty = as_user("xavi").post(f"/activities/{pid}/comments", json=comment(""))
    assert error_of(empty) == "MissingField"
    typed = as_user("xavi").post(f"/activities/{pid}/comments",
                                 json={"object": {"objectType": "comment", "content": [1]}})
    assert typed.status_code == 400
    assert server.backend.activities.get(pid)["replies"] == []  # type: ignore[index]


def test_list_and_delete_comments(server: FakeMaxServer, world: Any, as_user: Any,
                                  manager: Any) -> None:
    pid = world["post"]["id"]
    c1 = as_user("xavi").post(f"/activities/{pid}/comments", json=comment("one")).json()
    c2 = as_user("messi").post(f"/activities/{pid}/comments", json=comment("two")).json()
    listed = as_user("xavi").get(f"/activities/{pid}/comments").json()
    assert [c["id"] for c in listed] == [c1["id"], c2["id"]]
    assert [c["deletable"] for c in listed] == [True, False]
    assert as_user("owner").get(f"/activities/{pid}/comments").status_code == 403
    assert as_user("xavi").delete(f"/activities/{pid}/comments/{c2['id']}").status_code == 403
    assert as_user("owner").delete(f"/activities/{pid}/comments/{c1['id']}").status_code == 403
    assert as_user("xavi").delete(f"/activities/{pid}/comments/{c1['id']}").status_code == 204
    parent = manager.get(f"/activities/{pid}").json()
    assert [r["id"] for r in parent["replies"]] == [c2["id"]]
    assert parent["lastComment"] == c2["id"]
    assert "one" not in parent["keywords"]
    missing = manager.delete(f"/activities/{pid}/comments/{'0' * 24}")
    assert missing.status_code == 404 and error_of(missing) == "ObjectNotFound"
    # the comment activity survives in the searches
    assert manager.head("/activities/comments").headers["X-totalItems"] == "2"


def test_comment_searches(server: FakeMaxServer, world: Any, as_user: Any,
                          manager: Any) -> None:
    pid = world["post"]["id"]
    h = world["ctx"]["hash"]
    as_user("xavi").post(f"/activities/{pid}/comments", json=comment("alpha words"))
    as_user("messi").post(f"/activities/{pid}/comments", json=comment("beta words"))
    mine = as_user("xavi").get("/people/xavi/comments").json()
    assert [c["object"]["content"] for c in mine] == ["alpha words"]
    assert "owner" not in mine[0]
    assert as_user("messi").get("/people/xavi/comments").status_code == 403
    in_ctx = as_user("messi").get(f"/contexts/{h}/comments").json()
    assert [c["object"]["content"] for c in in_ctx] == ["beta words", "alpha words"]
    assert "owner" in in_ctx[0]
    assert as_user("owner").get(f"/contexts/{h}/comments").status_code == 403
    assert as_user("xavi").get("/activities/comments").status_code == 403
    found = manager.get("/activities/comments", qs={"keyword": "beta"}).json()
    assert [c["object"]["content"] for c in found] == ["beta words"]
    assert manager.head(f"/contexts/{h}/comments").headers["X-totalItems"] == "2"
    assert as_user("xavi").head("/people/xavi/comments").headers["X-totalItems"] == "1"
