"""Search parameters read as MAX reads them (``utils.searchParams`` feeding
``MADMax.search``), each case checked against the real MAX: every filter is a condition
on a document field, so it finds nothing where the documents lack that field, and a
value is kept as sent."""

from __future__ import annotations

from typing import Any

import pytest

from maxclient.testing.model.common import context_hash

URL = "http://atenea.upc.edu/search"
HASH = context_hash(URL)
PUBLIC = {"read": "public", "write": "public", "subscribe": "public"}


@pytest.fixture
def world(manager: Any, as_user: Any) -> dict[str, Any]:
    alice = as_user("alice", create=True)
    bob = as_user("bob", create=True)
    assert bob.put("/people/bob", json={"twitterUsername": "bobtw"}).status_code == 200
    manager.post("/contexts", json={"url": URL, "tags": ["x", "y"], "permissions": PUBLIC})
    alice.post("/people/alice/subscriptions",
               json={"object": {"objectType": "context", "url": URL}})
    posts = [alice.post("/people/alice/activities", json={
        "object": {"objectType": "note", "content": content},
        "contexts": [{"objectType": "context", "url": URL}]}).json()["id"]
        for content in ("Hello #Tag world", "second post #other", "plain words")]
    alice.post(f"/activities/{posts[0]}/likes")
    chat = alice.post("/conversations", json={
        "contexts": [{"objectType": "conversation", "participants": ["alice", "bob"]}],
        "object": {"objectType": "note", "content": "hello #chat"}}).json()
    return {"alice": alice, "posts": posts, "chat": chat["contexts"][0]["id"]}


def ids(answer: Any, key: str = "id") -> list[str]:
    assert answer.status_code == 200, answer.text
    return [item[key] for item in answer.json()]


def test_a_repeated_parameter_counts_by_its_last_value(world):
    alice = world["alice"]
    assert len(ids(alice.get("/people/alice/timeline", qs=[("limit", 1), ("limit", 2)]))) == 2
    assert len(ids(alice.get("/people", qs=[("limit", 3), ("limit", 1)]))) == 1


@pytest.mark.parametrize("query", [{"keyword": ""}, {"hashtag": ""}, {"hashtag": "#tag"},
                                   {"tags": "x"}, {"twitter_enabled": "true"},
                                   {"twitter_enabled": "false"}])
def test_activity_listings_find_nothing_for_values_no_activity_holds(world, query):
    alice = world["alice"]
    for path in ("/people/alice/timeline", "/people/alice/activities",
                 f"/contexts/{HASH}/activities"):
        assert ids(alice.get(path, qs=query)) == [], path


def test_values_are_lower_cased_not_trimmed(world):
    alice = world["alice"]
    assert ids(alice.get("/people/alice/timeline", qs={"hashtag": "TAG"})) == [world["posts"][0]]
    assert ids(alice.get("/people/alice/timeline", qs={"keyword": " hello"})) == []
    assert ids(alice.get("/people/alice/timeline", qs={"actor": "ALICE "})) \
        == world["posts"][::-1]


@pytest.mark.parametrize("query", [{"keyword": "alice"}, {"hashtag": "x"}, {"actor": "alice"},
                                   {"favorites": "true"}, {"context_tags": "x"},
                                   {"tags": "x"}, {"date_filter": "2020"}])
def test_people_are_filtered_on_fields_they_do_not_have(manager, world, query):
    assert ids(manager.get("/people", qs=query)) == []


def test_twitter_enabled_keeps_what_has_a_twitter_field_whatever_its_value(manager, world):
    for value in ("true", "false", "no"):
        assert ids(manager.get("/people", qs={"twitter_enabled": value}), "username") \
            == ["bob"]
    assert ids(manager.get("/people", qs={"twitter_enabled": ""}), "username") \
        == ["test_manager", "bob", "alice"]


def test_context_tags_are_cleaned_as_max_does(manager, world):
    assert ids(manager.get("/contexts", qs={"tags": " x "}), "url") == [URL]
    assert ids(manager.get("/contexts", qs={"tags": "x y"})) == []  # becomes "xy"
    assert ids(manager.get("/contexts", qs=[("tags", "x"), ("tags", "y")]), "url") == [URL]
    for query in ({"keyword": "x"}, {"hashtag": "x"}, {"context_tags": "x"}):
        assert ids(manager.get("/contexts", qs=query)) == []


def test_sort_is_read_only_by_the_sorted_listings(manager, world):
    alice, posts = world["alice"], world["posts"]
    for path in ("/people", "/contexts", "/people/alice/activities",
                 f"/conversations/{world['chat']}/messages", "/activities"):
        caller = manager if path in ("/people", "/contexts", "/activities") else alice
        assert caller.get(path, qs={"sort": "bogus"}).status_code == 200, path
    for path in ("/people/alice/timeline", f"/contexts/{HASH}/activities"):
        answer = alice.get(path, qs={"sort": "bogus"})
        assert (answer.status_code, answer.json()["error"]) == (400, "InvalidSearchParams")
    liked_first = [posts[0], posts[2], posts[1]]
    assert ids(alice.get("/people/alice/timeline", qs={"sort": "likes"})) == liked_first
    assert ids(alice.get("/people/alice/activities", qs={"sort": "likes"})) == posts[::-1]


def test_keywords_never_find_a_message(manager, world):
    alice, chat = world["alice"], world["chat"]
    for query in ({"keyword": "hello"}, {"keyword": "alice"}):
        assert ids(alice.get(f"/conversations/{chat}/messages", qs=query)) == []
        assert ids(manager.get("/messages", qs=query)) == []
    assert len(ids(alice.get(f"/conversations/{chat}/messages", qs={"hashtag": "chat"}))) == 1


def test_a_users_subscriptions_read_the_query_as_searchparams(world):
    alice = world["alice"]
    for tags in ("x", " x ", "x&tags=y", ""):
        found = alice.get(f"/people/alice/subscriptions?tags={tags}")
        assert [s["hash"] for s in found.json()] == [HASH], tags
    assert alice.get("/people/alice/subscriptions", qs={"tags": "z"}).json() == []
    bad = alice.get("/people/alice/subscriptions", qs={"limit": "abc"})
    assert (bad.status_code, bad.json()["error"]) == (400, "InvalidSearchParams")
