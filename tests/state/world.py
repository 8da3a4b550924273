"""A fake MAX filled through the REST client with one of everything the state holds."""

from __future__ import annotations

import contextlib
import io
import zlib
from collections.abc import Callable, Iterator
from typing import Any

from maxclient.rest import MaxClient
from maxclient.testing import FakeMaxServer

URL = "http://intranet.test/communities/one"
OTHER_URL = "http://intranet.test/communities/two"
BOSS = "boss"
HOSTILE = "<script>alert('x')</script> & \"quotes\""


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(
        b"IEND", b"")


def login(server: FakeMaxServer, username: str) -> MaxClient:
    client = MaxClient(server.url, oauth_server=server.oauth_url)
    client.login(username, "pw")
    return client


def build_world(server: FakeMaxServer) -> dict[str, str]:
    """People, roles, contexts, subscriptions with grants and vetoes, push opt-outs,
    posts, comments, likes, favorites, flags, uploads, conversations, messages and
    device tokens; returns a few ids the tests look at. ``server`` must be reachable
    by ``requests`` (mocked or served)."""
    png = tiny_png()
    boss = login(server, BOSS)
    boss.people.post(username=BOSS)
    for name in ("alice", "bob", "carol"):
        boss.people.post(username=name)
    boss.people["alice"].put(displayName="Alice A.", twitterUsername="alice_a")
    boss.people["carol"].put(displayName=HOSTILE)
    alice, bob, carol = (login(server, n) for n in ("alice", "bob", "carol"))
    alice.people["alice"].avatar.post(upload_file=io.BytesIO(png))

    boss.contexts.post(url=URL, displayName="One", tags=["news"],
                       permissions={"read": "subscribed", "write": "subscribed",
                                    "subscribe": "public"})
    boss.contexts.post(url=OTHER_URL, displayName="Two")
    boss.contexts[OTHER_URL].put(displayName="Two!")
    for name in ("alice", "bob", "carol"):
        boss.contexts[URL].subscriptions.post(actor_username=name, object_url=URL)
    boss.contexts[OTHER_URL].subscriptions.post(actor_username="alice", object_url=OTHER_URL)
    boss.contexts[URL].permissions["alice"]["flag"].put()  # a permanent grant
    boss.contexts[URL].permissions["bob"]["write"].delete()  # a permanent veto
    boss.contexts[URL].unsubscriptionpush["carol"].post()

    note = alice.people["alice"].activities.post(object_content="hello #world")
    post = alice.contexts[URL].activities.post(object_content="in the context")
    carol.contexts[URL].activities.post(object_content=HOSTILE)
    comment = carol.activities[post["id"]].comments.post(object_content="nice one")
    carol.activities[note["id"]].comments.post(object_content="gone soon")
    bob.activities[post["id"]].likes.post()
    carol.activities[post["id"]].likes.post()
    bob.activities[post["id"]].favorites.post()
    boss.activities[post["id"]].flag.post()
    image = alice.people["alice"].activities.post(upload_file=io.BytesIO(png),
                                                 object_objectType="image")
    doomed = bob.people["bob"].activities.post(object_content="to delete")
    bob.activities[doomed["id"]].delete()

    alice.tokens.post(platform="ios", token="a" * 64)
    bob.tokens.post(platform="android", token="b" * 64)

    group = alice.conversations.post(
        contexts=[{"objectType": "conversation", "participants": ["alice", "bob", "carol"],
                   "displayName": "Group"}], object_content="first message")
    cid = group["contexts"][0]["id"]
    bob.conversations[cid].messages.post(object_content="second")
    alice.conversations[cid].messages.post(upload_file=io.BytesIO(png),
                                           object_objectType="image")
    pair = carol.conversations.post(
        contexts=[{"objectType": "conversation", "participants": ["carol", "alice"]}],
        object_content="hi alice")
    boss.admin.security.roles["NonVisible"].users["carol"].post()
    return {"note": note["id"], "post": post["id"], "comment": comment["id"],
            "image": image["id"], "group": cid, "pair": pair["contexts"][0]["id"]}


@contextlib.contextmanager
def served_world() -> Iterator[tuple[FakeMaxServer, dict[str, str]]]:
    """:func:`build_world` on a fake served over loopback HTTP."""
    server = FakeMaxServer(managers=[BOSS])
    with server.serve():
        yield server, build_world(server)


def snapshot_views(client_for: Callable[[str], MaxClient], post: str) -> dict[str, Any]:
    """What ``maxclient snapshot`` promises to bring: the answers to compare between a
    MAX and a fake loaded from its snapshot (or its dump)."""
    boss, alice, bob = client_for(BOSS), client_for("alice"), client_for("bob")
    return {
        "people": boss.people.get(qs={"limit": 0}),
        "alice": alice.people["alice"].get(),
        "roles": boss.admin.security.get()["roles"],
        "contexts": boss.contexts.get(qs={"limit": 0}),
        "subscribers": boss.contexts[URL].subscriptions.get(qs={"limit": 0}),
        "subscriptions": alice.people["alice"].subscriptions.get(),
        "timeline": bob.people["bob"].timeline.get(qs={"limit": 0}),
        "context_activities": alice.contexts[URL].activities.get(qs={"limit": 0}),
        "post": alice.activities[post].get(),
        "tokens": [boss.people[name].tokens.get() for name in ("alice", "bob")],
        "comments": bob.activities[post].comments.get(),
        "activities": boss.activities.get(qs={"limit": 0}),
    }
