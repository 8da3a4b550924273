"""``?username=``: MAX's case-insensitive regex on ``username`` or ``displayName``
(``MADMax.search``), applied by every listing that takes ``searchParams``."""

from __future__ import annotations

import threading
import time
from typing import Any

from maxclient.testing import FakeMaxServer
from maxclient.testing.model.common import context_hash

from .conftest import error_of

URL = "http://c.test/xav"
OPEN = {"read": "public", "write": "public", "subscribe": "public"}


def _world(manager: Any, as_user: Any) -> str:
    manager.post("/people", json={"username": "alice", "displayName": "Xavier A"})
    manager.post("/people", json={"username": "xavi"})
    manager.post("/people", json={"username": "bob"})
    manager.post("/contexts", json={"url": URL, "displayName": "Xav context",
                                    "permissions": OPEN})
    manager.post("/contexts", json={"url": "http://c.test/other", "displayName": "Other",
                                    "permissions": OPEN})
    for name in ("alice", "xavi", "bob"):
        as_user(name).post(f"/people/{name}/subscriptions",
                           json={"object": {"objectType": "context", "url": URL}})
    as_user("alice").post(f"/contexts/{context_hash(URL)}/activities",
                          json={"object": {"objectType": "note", "content": "hi xav"}})
    return context_hash(URL)


def test_context_subscriptions_filter_by_username_or_display_name(manager: Any,
                                                                   as_user: Any) -> None:
    """MAX: ``GET /contexts/{hash}/subscriptions?username=xav`` searches the users."""
    chash = _world(manager, as_user)
    found = manager.get(f"/contexts/{chash}/subscriptions", qs={"username": "xav"}).json()
    assert sorted(u["username"] for u in found) == ["alice", "xavi"]
    everyone = manager.get(f"/contexts/{chash}/subscriptions").json()
    assert sorted(u["username"] for u in everyone) == ["alice", "bob", "xavi"]


def test_people_and_contexts_filter_with_a_case_insensitive_regex(manager: Any,
                                                                   as_user: Any) -> None:
    """MAX lower-cases the value and matches it as ``$regex`` with ``$options: i``."""
    _world(manager, as_user)
    people = manager.get("/people", qs={"username": "^XAVI$"}).json()
    assert [u["username"] for u in people] == ["xavi"]  # anchored: alice is "Xavier A"
    people = manager.get("/people", qs={"username": "X.V"}).json()
    assert sorted(u["username"] for u in people) == ["alice", "xavi"]
    contexts = manager.get("/contexts", qs={"username": "xav"}).json()
    assert [c["url"] for c in contexts] == [URL]
    public = manager.get("/contexts/public", qs={"username": "^oth"}).json()
    assert [c["url"] for c in public] == ["http://c.test/other"]


def test_activity_listings_find_nothing_for_a_username_filter(manager: Any,
                                                              as_user: Any) -> None:
    """MAX's activity documents have no top-level ``username``/``displayName``, so the
    same ``$or`` filter matches none of them (timelines, contexts, comments, counts)."""
    chash = _world(manager, as_user)
    alice = as_user("alice")
    assert len(alice.get(f"/contexts/{chash}/activities").json()) == 1
    for path in (f"/contexts/{chash}/activities", "/people/alice/timeline",
                 "/people/alice/activities", "/activities"):
        assert manager.get(path, qs={"username": "alice"}).json() == [], path
    assert manager.head(f"/contexts/{chash}/activities",
                        qs={"username": "alice"}).headers["X-totalItems"] == "0"


def test_a_broken_regex_is_refused_with_maxs_400(manager: Any) -> None:
    """MAX answers a 500 (the database refuses the pattern); the fake answers 400."""
    answer = manager.get("/people", qs={"username": "(x"})
    assert (answer.status_code, error_of(answer)) == (400, "InvalidSearchParams")


def test_a_catastrophic_regex_cannot_stall_other_requests() -> None:
    """A pattern that backtracks exponentially on a 26-character displayName (11 s with
    the stdlib ``re``) is matched outside the server lock and stopped by a time budget
    (MAX's 400); a request made meanwhile is answered before it ends."""
    server = FakeMaxServer(managers=["boss"])
    server.create_user("boss")
    server.create_user("victim", displayName="a" * 25 + "!")
    with server.serve(threads=4) as live:
        import requests

        headers = server.auth_headers("boss")
        slow: dict[str, Any] = {}
        started = threading.Event()

        def attack() -> None:
            started.set()
            answer = requests.get(live.url + "/people", params={"username": "(a|a)+$"},
                                  headers=headers, timeout=60)
            slow.update(status=answer.status_code, error=answer.json()["error"],
                        ended=time.monotonic())

        thread = threading.Thread(target=attack)
        thread.start()
        started.wait(5)
        time.sleep(0.05)
        other = requests.get(live.url + "/people", params={"limit": 1}, headers=headers,
                             timeout=60)
        other_ended = time.monotonic()
        thread.join(60)
    assert other.status_code == 200
    assert (slow["status"], slow["error"]) == (400, "InvalidSearchParams")
    assert other_ended < slow["ended"]
