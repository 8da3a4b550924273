"""The threading model: one client, one pool, a view per identity (``as_user``)."""

from __future__ import annotations

import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from maxclient.rest import MaxClient
from maxclient.testing import FakeMaxServer

from .scripted import Seen, reply

USERS = [f"user{i}" for i in range(6)]


@pytest.fixture
def fine_switching():
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


def test_views_share_the_pool_and_never_mix_identities(fine_switching):
    fake = FakeMaxServer()
    for name in USERS:
        fake.create_user(name)
    with fake.serve(threads=8) as live:
        client = MaxClient(live.url, retries=0)
        views = {name: client.as_user(name, live.token_for(name)) for name in USERS}

        def post(i: int) -> tuple[str, str]:
            name = USERS[i % len(USERS)]
            activity = views[name].people[name].activities.post(object_content=f"{name} {i}")
            return name, activity["actor"]["username"]

        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(post, range(240)))
        assert all(sent == author for sent, author in results)
        posts = [c for c in live.journal if c.method == "POST"]
        assert len(posts) == 240
        for call in posts:
            assert call.path == f"/people/{call.username}/activities"
        assert all(v.transport is client.transport for v in views.values())
        views["user0"].close()  # a view leaves the shared pool open
        assert views["user1"].people["user1"].get()["username"] == "user1"
        client.close()


def test_view_keeps_its_own_identity_and_last_response(app, server):
    app.on("GET", "/people/a", reply(200, {"username": "a"}))
    app.on("GET", "/people/b", reply(404, {"error": "UnknownUserError"}))
    client = MaxClient(server.url, actor="boss", retries=0)
    client.setToken("boss-token")
    a = client.as_user("a", "a-token")
    b = client.as_user("b", "b-token")
    a.people["a"].get()
    b.people["b"].get()
    assert a.last_response_code == 200 and b.last_response_code == 404
    assert client.last_response_code is None and client.getActor() == "boss"
    a.metadata["seen"] = True
    assert "seen" not in client.metadata
    tokens = [s.headers["X-Oauth-Token"] for s in app.seen]
    assert tokens == ["a-token", "b-token"]
    with pytest.raises(ValueError, match="token"):
        client.as_user("c", "bad token")


def test_identity_is_fixed_for_the_whole_request_retries_included(app, server):
    client = MaxClient(server.url, actor="alice")
    client.setToken("alice-token")

    def busy_then_switch(seen: Seen):
        # Another thread changes the shared client while this request is in flight.
        client.setActor("mallory")
        client.setToken("mallory-token")
        return 503, {}, b""

    app.on("GET", "/people/alice", busy_then_switch, reply(200, {"username": "alice"}))
    assert client.people["alice"].get() == {"username": "alice"}
    first, retried = app.hits("GET", "/people/alice")
    for seen in (first, retried):
        assert seen.headers["X-Oauth-Username"] == "alice"
        assert seen.headers["X-Oauth-Token"] == "alice-token"


def test_shared_client_snapshot_is_never_torn(fine_switching, app, server):
    """Concurrent ``setActor``/``setToken`` on a shared client: each request still carries
    a username and a token that were set together (the documented model is ``as_user``)."""
    app.on("GET", "/people", reply(200, []))
    client = MaxClient(server.url, retries=0)
    client.set_identity("x", "x-token")
    stop = threading.Event()

    def flip() -> None:
        while not stop.is_set():
            for name in ("x", "y"):
                client.set_identity(name, f"{name}-token")

    flipper = threading.Thread(target=flip)
    flipper.start()
    try:
        for _ in range(150):
            client.people.get()
    finally:
        stop.set()
        flipper.join()
    for seen in app.seen:
        name = seen.headers.get("X-Oauth-Username")
        assert seen.headers.get("X-Oauth-Token") == f"{name}-token"
