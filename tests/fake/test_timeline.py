"""Timeline, paging through it, sorting and authors."""

from __future__ import annotations

from typing import Any

from maxclient.testing import FakeMaxServer

from .activity_world import context, note, subscribe, user
from .conftest import error_of


def test_timeline_aggregates_own_and_subscribed(server: FakeMaxServer, as_user: Any,
                                                manager: Any) -> None:
    for name in ("messi", "xavi", "pep"):
        user(server, name)
    ctx = context(server, "http://t")
    other = context(server, "http://other")
    subscribe(server, "messi", ctx)
    subscribe(server, "xavi", ctx)
    subscribe(server, "pep", other)
    own = as_user("messi").post("/people/messi/activities", json=note("mine")).json()
    theirs = as_user("xavi").post(f"/contexts/{ctx['hash']}/activities", json=note("x")).json()
    as_user("pep").post(f"/contexts/{other['hash']}/activities", json=note("no"))
    as_user("xavi").post("/people/xavi/activities", json=note("xavi alone"))
    items = as_user("messi").get("/people/messi/timeline").json()
    assert [i["id"] for i in items] == [theirs["id"], own["id"]]
    assert "owner" not in items[0]
    assert as_user("xavi").get("/people/messi/timeline").status_code == 403
    assert manager.get("/people/messi/timeline").status_code == 200
    head = as_user("messi").head("/people/messi/timeline")
    assert head.status_code == 200 and "X-totalItems" not in head.headers


def test_timeline_paging_before_after(server: FakeMaxServer, as_user: Any) -> None:
    user(server, "messi")
    ids = [as_user("messi").post("/people/messi/activities", json=note(f"n{i}")).json()["id"]
           for i in range(25)]
    newest = ids[::-1]
    messi = as_user("messi")
    page1 = [a["id"] for a in messi.get("/people/messi/timeline").json()]
    assert page1 == newest[:10]
    page2 = [a["id"] for a in messi.get("/people/messi/timeline",
                                        qs={"before": page1[-1]}).json()]
    assert page2 == newest[10:20]
    after = [a["id"] for a in messi.get("/people/messi/timeline",
                                        qs={"after": ids[2], "limit": 3}).json()]
    assert after == newest[:3]
    assert len(messi.get("/people/messi/timeline", qs={"limit": 0}).json()) == 25


def test_bad_search_params(server: FakeMaxServer, as_user: Any) -> None:
    user(server, "messi")
    messi = as_user("messi")
    cases = [({"limit": "ten"}, "limit must be a positive integer"),
             ({"before": "xyz"}, "before must be a valid ObjectId BSON identifier"),
             ({"after": "xyz"}, "after must be a valid ObjectId BSON identifier"),
             ({"before": "0" * 24, "after": "0" * 24},
              "only one offset filter is allowed, after or before")]
    for qs, text in cases:
        r = messi.get("/people/messi/timeline", qs=qs)
        assert r.status_code == 400 and error_of(r) == "InvalidSearchParams"
        assert r.json()["error_description"] == text
    for qs in ({"sort": "random"}, {"date_filter": "2014-13-45"}, {"limit": "9" * 40}):
        assert messi.get("/people/messi/timeline", qs=qs).status_code in (200, 400)


def test_filters(server: FakeMaxServer, as_user: Any) -> None:
    user(server, "messi")
    messi = as_user("messi")
    tagged = messi.post("/people/messi/activities", json=note("Barça #Futbol rules")).json()
    messi.post("/people/messi/activities", json=note("plain words here"))
    old = messi.post("/people/messi/activities",
                     json=note("ancient", published="2010-05-01T00:00:00Z")).json()
    by_tag = messi.get("/people/messi/timeline", qs={"hashtag": "futbol"}).json()
    assert [a["id"] for a in by_tag] == [tagged["id"]]
    by_kw = messi.get("/people/messi/timeline", qs={"keyword": ["barça", "rules"]}).json()
    assert [a["id"] for a in by_kw] == [tagged["id"]]
    by_date = messi.get("/people/messi/timeline", qs={"date_filter": "2010-05"}).json()
    assert [a["id"] for a in by_date] == [old["id"]]
    assert len(messi.get("/people/messi/timeline", qs={"date_filter": "-2011"}).json()) == 1
    assert messi.head("/people/messi/activities", qs={"keyword": "plain"}
                      ).headers["X-totalItems"] == "1"


def test_recently_commented_first(server: FakeMaxServer, as_user: Any) -> None:
    user(server, "messi")
    messi = as_user("messi")
    first = messi.post("/people/messi/activities", json=note("first")).json()
    second = messi.post("/people/messi/activities", json=note("second")).json()
    messi.post(f"/activities/{first['id']}/comments",
               json={"object": {"objectType": "comment", "content": "bump"}})
    default = [a["id"] for a in messi.get("/people/messi/timeline").json()]
    assert default == [second["id"], first["id"]]
    by_comments = messi.get("/people/messi/timeline",
                            qs={"sort": "published", "priority": "comments"}).json()
    assert [a["id"] for a in by_comments] == [first["id"], second["id"]]
    legacy = messi.get("/people/messi/timeline", qs={"sortBy": "comments"}).json()
    assert [a["id"] for a in legacy] == [first["id"], second["id"]]


def test_timeline_and_context_authors(server: FakeMaxServer, as_user: Any,
                                      manager: Any) -> None:
    ctx = context(server, "http://authors")
    user(server, "viewer")
    subscribe(server, "viewer", ctx)
    for i in range(20):
        subscribe(server, f"user-{i}", ctx)
    for _ in range(2):
        for i in reversed(range(20)):
            as_user(f"user-{i}").post(f"/contexts/{ctx['hash']}/activities",
                                      json=note(f"post {_} by {i}"))
    authors = as_user("viewer").get("/people/viewer/timeline/authors").json()
    assert [a["username"] for a in authors] == [f"user-{i}" for i in range(8)]
    assert authors[0] == {"objectType": "person", "displayName": "user-0",
                          "username": "user-0"}
    head = as_user("viewer").head(f"/contexts/{ctx['hash']}/activities/authors",
                                  qs={"limit": 3})
    assert head.headers["X-totalItems"] == "3"
    assert as_user("user-1").get("/people/viewer/timeline/authors").status_code == 403
    outsider = as_user("nobody")
    user(server, "nobody")
    assert outsider.get(f"/contexts/{ctx['hash']}/activities/authors").status_code == 403


def test_a_page_fills_up_past_hidden_posts(server: FakeMaxServer, as_user: Any,
                                           manager: Any) -> None:
    """Posts whose context was deleted leave the timeline; a page still holds ``limit``
    visible posts, read from older ones, and ``before`` goes on from its last."""
    user(server, "messi")
    ctx = context(server, "http://gone")
    subscribe(server, "messi", ctx)
    messi = as_user("messi")
    kept = []
    for i in range(6):
        kept.append(messi.post("/people/messi/activities", json=note(f"kept {i}")).json()["id"])
        for j in range(2):
            messi.post(f"/contexts/{ctx['hash']}/activities", json=note(f"hidden {i}.{j}"))
    assert manager.delete(f"/contexts/{ctx['hash']}").status_code == 204
    newest = list(reversed(kept))
    first = messi.get("/people/messi/timeline", qs={"limit": 4}).json()
    assert [i["id"] for i in first] == newest[:4]
    rest = messi.get("/people/messi/timeline", qs={"limit": 4, "before": first[-1]["id"]})
    assert [i["id"] for i in rest.json()] == newest[4:]


def test_rendered_json_kept_between_writes_stays_bounded(server: FakeMaxServer,
                                                         as_user: Any) -> None:
    """Reading everything, by several callers, keeps at most the cache's bound of
    renderings; what no longer fits is rendered again, the same."""
    server.backend.json_cache.limit = 5
    for name in ("messi", "xavi"):
        user(server, name)
    ctx = context(server, "http://many", read="public")
    subscribe(server, "messi", ctx)
    for i in range(12):
        as_user("messi").post(f"/contexts/{ctx['hash']}/activities", json=note(f"n{i}"))
    path = f"/contexts/{ctx['hash']}/activities"
    first = [as_user(name).get(path, qs={"limit": 0}).json() for name in ("messi", "xavi")]
    again = [as_user(name).get(path, qs={"limit": 0}).json() for name in ("messi", "xavi")]
    assert first == again and len(first[0]) == 12
    assert [i["deletable"] for i in first[0]] == [True] * 12
    assert [i["deletable"] for i in first[1]] == [False] * 12
    assert len(server.backend.json_cache) <= 5


def test_authors_read_the_listing_as_a_search_in_batches(server: FakeMaxServer,
                                                        as_user: Any, manager: Any) -> None:
    """MAX's authors views read the timeline with the request's offsets and filters, 30
    posts at a time from the last of the batch before, 7 batches at most; they stop on
    reaching ``limit`` exactly, so ``limit=0`` lists every author found (unless the
    newest post's author is gone)."""
    ctx = context(server, "http://batches")
    for name in ("viewer", "early", "busy", "late"):
        subscribe(server, name, ctx)

    def post(name: str, text: str) -> str:
        answer = as_user(name).post(f"/contexts/{ctx['hash']}/activities", json=note(text))
        assert answer.status_code == 201
        return str(answer.json()["id"])

    early = post("early", "first #rare")
    busy = [post("busy", f"post {i}") for i in range(210)]
    late = post("late", "last #rare")
    viewer = as_user("viewer")

    def authors(**qs: Any) -> list[str]:
        answer = viewer.get("/people/viewer/timeline/authors", qs=qs)
        assert answer.status_code == 200, answer.text
        return [a["username"] for a in answer.json()]

    assert authors() == ["late", "busy"]  # "early" is the 211th newest post
    assert authors(limit=0) == authors(limit=-1) == ["late", "busy"]
    assert authors(limit=1) == ["late"]
    assert authors(before=late) == ["busy"]
    assert authors(before=busy[5]) == ["busy", "early"]
    assert authors(after=early) == ["late", "busy"]
    assert authors(hashtag="rare") == ["late", "early"]
    assert authors(before="5a0000000000000000000000") == []
    head = viewer.head(f"/contexts/{ctx['hash']}/activities/authors", qs={"before": late})
    assert head.headers["X-totalItems"] == "1"
    # The limit is checked after every post: with the newest author gone, 0 ends at once.
    assert manager.delete("/people/late").status_code == 204
    assert authors() == ["busy"]
    assert authors(limit=0) == []


def test_likes_and_flagged_orders_load_the_before_activity_first(server: FakeMaxServer,
                                                                 as_user: Any) -> None:
    user(server, "messi")
    messi = as_user("messi")
    messi.post("/people/messi/activities", json=note("one"))
    missing = "5a0000000000000000000000"
    for path in ("/people/messi/timeline", "/people/messi/timeline/authors"):
        for sort in ("likes", "flagged"):
            answer = messi.get(path, qs={"sort": sort, "before": missing})
            assert answer.status_code == 404
            assert answer.json()["error_description"] == \
                f"Object with _id {missing} not found inside activity"
            assert messi.head(path, qs={"sort": sort, "before": missing}).status_code == 404
        assert messi.get(path, qs={"before": missing}).json() == []
