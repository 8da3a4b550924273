"""Likes, favorites and flags: idempotence, permissions and the sort orders they drive."""

from __future__ import annotations

from typing import Any

import pytest

from maxclient.testing import FakeMaxServer

from .activity_world import context, note, subscribe, user


@pytest.fixture
def world(server: FakeMaxServer, as_user: Any) -> dict[str, Any]:
    for name in ("messi", "xavi", "pep", "outsider"):
        user(server, name)
    ctx = context(server, "http://l")
    subscribe(server, "messi", ctx)
    subscribe(server, "xavi", ctx)
    subscribe(server, "pep", ctx, "flag")
    post = as_user("messi").post(f"/contexts/{ctx['hash']}/activities",
                                 json=note("like me")).json()
    return {"ctx": ctx, "post": post}


def test_like_and_unlike(server: FakeMaxServer, world: Any, as_user: Any) -> None:
    pid = world["post"]["id"]
    first = as_user("xavi").post(f"/activities/{pid}/likes")
    again = as_user("xavi").post(f"/activities/{pid}/likes")
    assert (first.status_code, again.status_code) == (201, 200)
    body = first.json()
    assert body["verb"] == "like"
    assert body["object"] == {"id": pid, "objectType": "activity",
                              "likes": [{"username": "xavi", "objectType": "person"}],
                              "likesCount": 1, "liked": True}
    seen = as_user("xavi").get(f"/activities/{pid}").json()
    assert seen["liked"] is True and seen["likesCount"] == 1 and "lastLike" in seen
    assert as_user("outsider").post(f"/activities/{pid}/likes").status_code == 403
    impersonate = as_user("messi").post(
        f"/activities/{pid}/likes", json={"actor": {"objectType": "person",
                                                    "username": "xavi"}})
    assert impersonate.status_code == 403
    assert as_user("messi").delete(f"/activities/{pid}/likes/xavi").status_code == 403
    assert as_user("messi").delete(f"/activities/{pid}/likes/messi").status_code == 403
    assert as_user("xavi").delete(f"/activities/{pid}/likes/xavi").status_code == 204
    assert server.backend.activities.get(pid)["likesCount"] == 0  # type: ignore[index]


def test_favorites(world: Any, as_user: Any, manager: Any) -> None:
    pid = world["post"]["id"]
    # MAX does not check read access for favorites
    assert as_user("outsider").post(f"/activities/{pid}/favorites").status_code == 201
    assert as_user("xavi").post(f"/activities/{pid}/favorites").status_code == 201
    assert as_user("xavi").post(f"/activities/{pid}/favorites").status_code == 200
    favs = as_user("xavi").get("/people/xavi/timeline", qs={"favorites": "true"}).json()
    assert [a["id"] for a in favs] == [pid]
    timeline = as_user("messi").get("/people/messi/timeline", qs={"favorites": "true"}).json()
    assert timeline == []
    xavi_tl = as_user("xavi").get(f"/contexts/{world['ctx']['hash']}/activities",
                                  qs={"favorites": "true"}).json()
    assert [a["id"] for a in xavi_tl] == [pid]
    assert as_user("messi").delete(f"/activities/{pid}/favorites/messi").status_code == 403
    assert as_user("messi").delete(f"/activities/{pid}/favorites/xavi").status_code == 403
    removed = as_user("xavi").delete(f"/activities/{pid}/favorites/xavi")
    assert removed.status_code == 200
    assert removed.json()["verb"] == "unfavorite"
    assert removed.json()["object"]["favoritesCount"] == 1
    assert removed.json()["object"]["favorited"] is False
    assert manager.delete(f"/activities/{pid}/favorites/outsider").status_code == 200


def test_flag_rules(server: FakeMaxServer, world: Any, as_user: Any, manager: Any) -> None:
    pid = world["post"]["id"]
    assert as_user("xavi").post(f"/activities/{pid}/flag").status_code == 403
    first = as_user("pep").post(f"/activities/{pid}/flag")
    assert first.status_code == 201 and first.json()["flagged"]
    again = as_user("pep").post(f"/activities/{pid}/flag")
    assert again.status_code == 200 and again.json()["flagged"] == first.json()["flagged"]
    assert manager.delete(f"/activities/{pid}/flag").status_code == 204
    assert manager.get(f"/activities/{pid}").json()["flagged"] is None
    loose = as_user("messi").post("/people/messi/activities", json=note("no ctx")).json()
    assert manager.post(f"/activities/{loose['id']}/flag").status_code == 403


def test_sort_by_likes_and_flagged(world: Any, as_user: Any, manager: Any) -> None:
    h = world["ctx"]["hash"]
    messi = as_user("messi")
    posts = [world["post"]["id"]] + [
        messi.post(f"/contexts/{h}/activities", json=note(f"p{i}")).json()["id"]
        for i in range(3)]
    as_user("xavi").post(f"/activities/{posts[0]}/likes")
    as_user("messi").post(f"/activities/{posts[0]}/likes")
    as_user("xavi").post(f"/activities/{posts[2]}/likes")
    by_likes = [a["id"] for a in messi.get(f"/contexts/{h}/activities",
                                           qs={"sort": "likes"}).json()]
    assert by_likes == [posts[0], posts[2], posts[3], posts[1]]
    page2 = [a["id"] for a in messi.get(f"/contexts/{h}/activities",
                                        qs={"sort": "likes", "before": posts[2],
                                            "limit": 1}).json()]
    assert page2 == [posts[3]]
    manager.post(f"/activities/{posts[1]}/flag")
    by_flag = [a["id"] for a in messi.get(f"/contexts/{h}/activities",
                                          qs={"sortBy": "flagged"}).json()]
    assert by_flag == [posts[1], posts[3], posts[2], posts[0]]


def test_each_caller_reads_his_own_fields_from_a_shared_listing(world: Any,
                                                                as_user: Any) -> None:
    """The finished JSON of a listing is kept per actor between writes: read in turns,
    each caller still gets his own ``liked`` and ``deletable``."""
    ctx, pid = world["ctx"]["hash"], world["post"]["id"]
    assert as_user("xavi").post(f"/activities/{pid}/likes").status_code == 201
    path = f"/contexts/{ctx}/activities"

    def fields(name: str) -> tuple[bool, bool]:
        item = as_user(name).get(path).json()[0]
        return item["liked"], item["deletable"]

    for _ in range(2):  # the second round is served from what the first one kept
        assert fields("xavi") == (True, False)
        assert fields("messi") == (False, True)
        assert fields("pep") == (False, False)
    assert as_user("messi").post(f"/activities/{pid}/likes").status_code == 201
    assert fields("messi") == (True, True) and fields("pep") == (False, False)


def test_a_flagger_who_may_not_read_the_activity_sees_its_object_type_alone(
        server: FakeMaxServer, as_user: Any, manager: Any) -> None:
    """MAX shows each field only to who may view the activity: flagging in a context
    whose ``read`` is restricted answers ``{"objectType": "activity"}`` (checked against
    the real MAX); once granted ``read``, the whole activity."""
    ctx = context(server, "http://closed", read="restricted", flag="subscribed")
    subscribe(server, "author", ctx, "write")
    subscribe(server, "flagger", ctx)
    post = as_user("author").post(f"/contexts/{ctx['hash']}/activities",
                                  json=note("for my readers")).json()["id"]
    flagger = as_user("flagger")
    first = flagger.post(f"/activities/{post}/flag")
    assert (first.status_code, first.json()) == (201, {"objectType": "activity"})
    again = flagger.post(f"/activities/{post}/flag")
    assert (again.status_code, again.json()) == (200, {"objectType": "activity"})
    assert manager.put(f"/contexts/{ctx['hash']}/permissions/flagger/read").status_code < 300
    full = flagger.post(f"/activities/{post}/flag").json()
    assert full["id"] == post and full["object"]["content"] == "for my readers"


@pytest.mark.parametrize("marks", ["likes", "favorites"])
def test_a_repeated_mark_answers_the_stored_one_with_the_posts_current_marks(
        server: FakeMaxServer, world: Any, as_user: Any, manager: Any, marks: str) -> None:
    """MAX answers the newest stored like (favorite) activity of that user again, its
    actor as he was then, and stores nothing new (checked against the real MAX)."""
    pid = world["post"]["id"]
    first = as_user("xavi").post(f"/activities/{pid}/{marks}")
    assert first.status_code == 201
    stored = len(server.backend.activities.docs)
    assert manager.put("/people/xavi", json={"displayName": "Xavi H."}).status_code == 200
    as_user("messi").post(f"/activities/{pid}/{marks}")
    again = as_user("xavi").post(f"/activities/{pid}/{marks}")
    assert again.status_code == 200
    body = again.json()
    assert body["id"] == first.json()["id"]
    assert body["actor"]["displayName"] == "xavi"
    assert body["object"][f"{marks}Count"] == 2
    assert len(server.backend.activities.docs) == stored + 1  # messi's mark only

    restored = FakeMaxServer(managers=["test_manager"])
    restored.load(server.dump())
    status, answer = restored.call("POST", f"/activities/{pid}/{marks}", as_user="xavi")
    assert (status, answer["id"]) == (200, first.json()["id"])
