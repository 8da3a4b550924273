"""Searches read the term indexes (keywords, hashtags, authors); they must find exactly
what a scan of the listing would, as posts gain and lose comments."""

from __future__ import annotations

from typing import Any

from maxclient.testing.model.common import context_hash

URL = "http://atenea.upc.edu/index"
HASH = context_hash(URL)


def _post(user: Any, name: str, content: str) -> str:
    answer = user.post(f"/people/{name}/activities",
                       json={"object": {"objectType": "note", "content": content}})
    assert answer.status_code == 201
    return answer.json()["id"]


def test_comment_words_are_found_until_the_comment_goes(manager: Any, as_user: Any) -> None:
    alice = as_user("alice", create=True)
    post = _post(alice, "alice", "plain words")
    comment = alice.post(f"/activities/{post}/comments",
                         json={"object": {"objectType": "comment",
                                          "content": "zanzibar #island"}})
    assert comment.status_code == 201
    found = alice.get("/people/alice/timeline", qs={"keyword": "zanzibar"}).json()
    assert [a["id"] for a in found] == [post]
    found = alice.get("/people/alice/timeline", qs={"hashtag": "island"}).json()
    assert [a["id"] for a in found] == [post]
    assert alice.delete(f"/activities/{post}/comments/{comment.json()['id']}"
                        ).status_code == 204
    assert alice.get("/people/alice/timeline", qs={"keyword": "zanzibar"}).json() == []
    assert alice.get("/people/alice/timeline", qs={"keyword": "plain"}).json() != []


def test_indexed_pages_and_counts_match_the_listing(manager: Any, as_user: Any) -> None:
    alice = as_user("alice", create=True)
    bob = as_user("bob", create=True)
    ids = [_post(alice if i % 2 else bob, "alice" if i % 2 else "bob",
                 f"post {i} " + ("#rare" if i % 3 == 0 else "#often"))
           for i in range(30)]
    rare = [key for i, key in enumerate(ids) if i % 3 == 0 and i % 2]  # alice's only
    newest_first = rare[::-1]
    first = alice.get("/people/alice/activities", qs={"hashtag": "rare", "limit": 2}).json()
    assert [a["id"] for a in first] == newest_first[:2]
    rest = alice.get("/people/alice/activities",
                     qs={"hashtag": "rare", "before": first[-1]["id"]}).json()
    assert [a["id"] for a in rest] == newest_first[2:]
    count = alice.head("/people/alice/activities", qs={"hashtag": "rare"})
    assert count.headers["X-totalItems"] == str(len(rare))
    assert alice.get("/people/alice/activities", qs={"actor": "bob"}).json() == []
    everyone = manager.get("/activities", qs={"actor": "bob", "limit": 0}).json()
    assert len(everyone) == 15
    assert manager.get("/activities", qs={"username": "alice"}).json() == []


def test_message_search_stays_inside_its_conversation(manager: Any, as_user: Any) -> None:
    for name in ("alice", "bob", "carol"):
        as_user(name, create=True)
    alice = as_user("alice")
    cids = []
    for other in ("bob", "carol"):
        answer = alice.post("/conversations", json={
            "contexts": [{"objectType": "conversation", "participants": ["alice", other]}],
            "object": {"objectType": "note", "content": f"hello {other} #greeting"}})
        assert answer.status_code == 201
        cids.append(answer.json()["contexts"][0]["id"])
    found = alice.get(f"/conversations/{cids[0]}/messages", qs={"hashtag": "greeting"})
    assert [m["object"]["content"] for m in found.json()] == ["hello bob #greeting"]
    assert len(manager.get("/messages", qs={"hashtag": "greeting"}).json()) == 2
    # MAX's keyword filter reads a top-level _keywords that messages lack: none match.
    assert manager.get("/messages", qs={"keyword": "hello"}).json() == []
    assert alice.get(f"/conversations/{cids[0]}/messages", qs={"keyword": "hello"}).json() == []
    count = manager.head("/messages", qs={"actor": "alice"})
    assert count.headers["X-totalItems"] == "2"
