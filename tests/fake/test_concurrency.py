"""Reads share the fake's lock, so they must never change its state; concurrent
clients of a served fake see whole writes and leave consistent indexes."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from maxclient.conformance import FakeTarget, run
from maxclient.conformance.targets import Answer
from maxclient.testing import FakeMaxServer


class ReadsMustNotWrite(FakeTarget):
    """Fails the walk if a GET or HEAD leaves the stored state other than it found it."""

    def __init__(self) -> None:
        super().__init__()
        self.reads = 0

    def send(self, method: str, path: str, *, user: str | None,
             query: dict[str, Any] | None = None, body: Any = None) -> Answer:
        if method not in ("GET", "HEAD"):
            return super().send(method, path, user=user, query=query, body=body)
        before = json.dumps(self.server.dump(), sort_keys=True, default=str)
        answer = super().send(method, path, user=user, query=query, body=body)
        after = json.dumps(self.server.dump(), sort_keys=True, default=str)
        assert after == before, f"{method} {path} {query} changed the fake's state"
        self.reads += 1
        return answer


def test_no_read_of_a_walk_changes_the_state():
    checked = ReadsMustNotWrite()
    result = run(checked, FakeTarget(), seeds=[3, 4], steps=250, shrink_findings=False)
    assert result.findings == []
    assert checked.reads > 150  # the walk reads a lot: listings, searches, counts, avatars


USERS = [f"user{i}" for i in range(6)]
POSTS_EACH = 15


@pytest.fixture
def switch_often() -> Iterator[None]:
    """Threads switched every microsecond, so a read meeting a half-done write shows
    (without the lock this test fails with "dictionary changed size during iteration")."""
    saved = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(saved)


def test_concurrent_writers_and_readers_over_http(switch_often):
    server = FakeMaxServer(managers=["boss"])
    for name in ["boss", *USERS]:
        server.create_user(name)
    status, context = server.call("POST", "/contexts", {
        "url": "http://ctx.test/shared", "displayName": "Shared",
        "permissions": {"read": "public", "write": "public", "subscribe": "public"}})
    assert status == 201, context
    chash = context["hash"]

    with server.serve(threads=8) as live:
        def client(name: str) -> list[int]:
            statuses = []
            with requests.Session() as http:
                http.headers.update(server.auth_headers(name))
                base = live.url
                statuses.append(http.post(f"{base}/people/{name}/subscriptions", json={
                    "object": {"url": "http://ctx.test/shared"}}).status_code)
                for i in range(POSTS_EACH):
                    posted = http.post(f"{base}/people/{name}/activities", json={
                        "object": {"objectType": "note", "content": f"{name} #load {i}"},
                        "contexts": [{"objectType": "context", "url": "http://ctx.test/shared"}]})
                    statuses.append(posted.status_code)
                    activity = posted.json()["id"]
                    statuses.append(http.post(f"{base}/activities/{activity}/comments", json={
                        "object": {"objectType": "comment", "content": f"reply {i}"}}).status_code)
                    statuses.append(http.post(f"{base}/activities/{activity}/likes").status_code)
                    for path in (f"/people/{name}/timeline?hashtag=load",
                                 f"/contexts/{chash}/activities", f"/activities/{activity}"):
                        statuses.append(http.get(base + path).status_code)
                    statuses.append(http.head(f"{base}/contexts/{chash}/activities").status_code)
            return statuses

        with ThreadPoolExecutor(len(USERS)) as pool:
            statuses = [s for done in pool.map(client, USERS) for s in done]

    assert set(statuses) <= {200, 201}, sorted(set(statuses))
    boss = server.client("boss")
    total = len(USERS) * POSTS_EACH
    assert boss.contexts[chash].activities.head() == total
    for name in USERS:
        mine = server.client(name).people[name].timeline.get(qs={"limit": 0})
        assert len(mine) == total  # everyone subscribed, so every post is on every timeline
        assert all(item["replies"] and item["likesCount"] == 1 for item in mine)
    state = server.dump()
    copy_ = FakeMaxServer(managers=[])
    copy_.load(json.loads(json.dumps(state)))
    assert copy_.dump() == state  # rebuilt indexes agree with the ones built under load
    assert copy_.backend.activities.posts_by_context == server.backend.activities.posts_by_context
