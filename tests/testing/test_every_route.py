"""Drive every route and method of the route table through the REST client, on the
fake mounted in ``responses`` and on the fake served over loopback HTTP, then check
from the fake's journal that nothing was missed and nothing answered 5xx."""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator

import pytest

from maxclient.errors import RequestError
from maxclient.rest import MaxClient
from maxclient.routes import ROUTE_TABLE
from maxclient.testing import FakeMaxServer

URL = "http://intranet.test/communities/one"
BOSS = "boss"


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return (len(data).to_bytes(4, "big") + body
                + zlib.crc32(body).to_bytes(4, "big"))

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(
        b"IEND", b"")


@pytest.fixture(params=["responses", "loopback"])
def server(request: pytest.FixtureRequest) -> Iterator[FakeMaxServer]:
    fake = FakeMaxServer(managers=[BOSS])
    fake.create_user(BOSS)  # MAX's test base creates its manager in setUp
    if request.param == "responses":
        with fake.mock_requests():
            yield fake
    else:
        with fake.serve():
            yield fake


def login(server: FakeMaxServer, username: str) -> MaxClient:
    client = MaxClient(server.url, oauth_server=server.oauth_url)
    client.login(username, "pw")
    return client


def test_every_route_and_method(server: FakeMaxServer) -> None:
    boss = login(server, BOSS)
    png = tiny_png()

    # Server information
    assert boss.info.get()["max.oauth_server"] == server.oauth_url
    api = boss.info.api.get()
    assert "user_activities" in api and "info" not in api
    assert "version" in boss.info.settings.get()

    # People and avatars
    for name in ("alice", "bob", "carol", "dave"):
        assert boss.people.post(username=name)["username"] == name
    assert {u["username"] for u in boss.people.get(qs={"limit": 0})} >= {"alice", "bob"}
    assert boss.people["alice"].put(displayName="Alice A.")["displayName"] == "Alice A."
    assert boss.people["alice"].get()["displayName"] == "Alice A."
    alice, bob, carol = login(server, "alice"), login(server, "bob"), login(server, "carol")
    assert alice.people["alice"].avatar.post(upload_file=io.BytesIO(png)) is not None
    assert isinstance(alice.people["alice"].avatar.get(), str)
    assert isinstance(alice.people["alice"].avatar["large"].get(), str)

    # Contexts, tags, subscriptions, permissions, push
    context = boss.contexts.post(url=URL, displayName="One",
                                 permissions={"read": "subscribed", "write": "subscribed",
                                              "subscribe": "public"})
    assert context["hash"] == boss.contexts[URL].get()["hash"]
    assert [c["url"] for c in boss.contexts.get()] == [URL]
    assert isinstance(alice.contexts.public.get(), list)
    assert boss.contexts[URL].put(displayName="One!")["displayName"] == "One!"
    assert boss.contexts[URL].tags.put(data=["news", "old"]) == ["news", "old"]
    assert boss.contexts[URL].tags.get() == ["news", "old"]
    boss.contexts[URL].tags["old"].delete()
    assert boss.contexts[URL].tags.get() == ["news"]
    assert boss.contexts[URL].tags.delete() == []
    assert isinstance(alice.contexts[URL].avatar.get(), str)
    for name in ("alice", "bob"):
        boss.contexts[URL].subscriptions.post(actor_username=name, object_url=URL)
    assert {s["username"] for s in boss.contexts[URL].subscriptions.get()} == {"alice", "bob"}
    assert [s["url"] for s in alice.people["alice"].subscriptions.get()] == [URL]
    assert "flag" in boss.contexts[URL].permissions["alice"]["flag"].put()["permissions"]
    assert "write" not in boss.contexts[URL].permissions["bob"]["write"].delete()["permissions"]
    boss.contexts[URL].permissions["bob"].defaults.post()
    boss.contexts[URL].unsubscriptionpush["bob"].post()
    assert [u["username"] for u in boss.contexts[URL].unsubscriptionpush.get()] == ["bob"]
    assert len(bob.people["bob"].unsubscriptionpush.get()) == 1
    boss.contexts[URL].subscriptionpush["bob"].delete()
    assert boss.contexts[URL].unsubscriptionpush.get() == []

    # Activities, timeline, authors
    note = alice.people["alice"].activities.post(object_content="hello world")
    in_context = alice.contexts[URL].activities.post(object_content="in the context")
    assert alice.people["alice"].activities.head() == 2
    assert alice.people["alice"].activities.get()[0]["id"] == in_context["id"]
    assert alice.contexts[URL].activities.head() == 1
    assert [a["id"] for a in bob.contexts[URL].activities.get()] == [in_context["id"]]
    assert [a["username"] for a in bob.contexts[URL].activities.authors.get()] == ["alice"]
    assert in_context["id"] in [a["id"] for a in bob.people["bob"].timeline.get()]
    assert [a["username"] for a in bob.people["bob"].timeline.authors.get()] == ["alice"]
    assert boss.activities.head() >= 2 and len(boss.activities.get()) >= 2
    assert alice.activities[note["id"]].get()["object"]["content"] == "hello world"

    # Comments
    comment = bob.activities[in_context["id"]].comments.post(object_content="nice")
    assert [c["id"] for c in bob.activities[in_context["id"]].comments.get()] == [comment["id"]]
    assert len(bob.people["bob"].comments.get()) == 1
    assert len(boss.contexts[URL].comments.get()) == 1
    assert boss.activities.comments.head() == 1 and len(boss.activities.comments.get()) == 1
    bob.activities[in_context["id"]].comments[comment["id"]].delete()
    assert bob.activities[in_context["id"]].comments.get() == []

    # Likes, favorites, flags
    assert bob.activities[in_context["id"]].likes.post()["verb"] == "like"
    bob.activities[in_context["id"]].likes["bob"].delete()
    assert bob.activities[in_context["id"]].favorites.post()["verb"] == "favorite"
    assert bob.activities[in_context["id"]].favorites["bob"].delete()["verb"] == "unfavorite"
    assert alice.activities[in_context["id"]].flag.post()["flagged"]
    alice.activities[in_context["id"]].flag.delete()

    # Image and file activities
    image = alice.people["alice"].activities.post(
        upload_file=io.BytesIO(png), object_objectType="image")
    assert alice.activities[image["id"]].image.get()
    assert alice.activities[image["id"]].image["thumb"].get()
    document = alice.people["alice"].activities.post(
        upload_file=io.BytesIO(b"%PDF-1.4 tiny"), object_objectType="file",
        object_filename="tiny.pdf")
    assert "PDF" in alice.activities[document["id"]].file.download.get()

    # Device tokens
    alice.tokens.post(platform="ios", token="a" * 64)
    bob.tokens.post(platform="android", token="b" * 64)
    assert [t["token"] for t in alice.people["alice"].tokens.get()] == ["a" * 64]
    assert len(alice.people["alice"].tokens.platforms["ios"].get()) == 1
    assert {t["token"] for t in boss.contexts[URL].tokens.get()} == {"a" * 64, "b" * 64}

    # Conversations and messages
    group = alice.conversations.post(
        contexts=[{"objectType": "conversation", "participants": ["alice", "bob", "carol"],
                   "displayName": "Group"}],
        object_content="first message")
    cid = group["contexts"][0]["id"]
    assert [c["id"] for c in bob.conversations.get()] == [cid]
    assert boss.conversations.active.head() >= 1 and boss.conversations.active.get()
    assert alice.conversations[cid].get()["displayName"] == "Group"
    assert alice.conversations[cid].put(displayName="Renamed")["displayName"] == "Renamed"
    assert bob.people["bob"].conversations[cid].get()["id"] == cid
    alice.conversations[cid].participants.post(actor_username="dave")
    alice.conversations[cid].participants["carol"].delete()
    bob.conversations[cid].messages.post(object_content="second")
    bob.people["bob"].conversations[cid].messages.post(object_content="third")
    texts = [m["object"]["content"] for m in alice.conversations[cid].messages.get()]
    assert texts[-1] == "third" and "first message" in texts
    picture = alice.conversations[cid].messages.post(
        upload_file=io.BytesIO(png), object_objectType="image")
    assert alice.messages[picture["id"]].image.get()
    assert alice.messages[picture["id"]].image["thumb"].get()
    attachment = alice.conversations[cid].messages.post(
        upload_file=io.BytesIO(b"plain file"), object_objectType="file",
        object_filename="notes.txt")
    assert alice.messages[attachment["id"]].file.download.get() == "plain file"
    assert boss.messages.head() >= 5 and len(boss.messages.get(qs={"limit": 0})) >= 5
    assert {t["token"] for t in boss.conversations[cid].tokens.get()} >= {"a" * 64}
    assert isinstance(alice.conversations[cid].avatar.get(), str)
    alice.conversations[cid].owner.put(actor_username="bob")
    assert bob.conversations[cid].get()["owner"] == "bob"
    pair = carol.conversations.post(
        contexts=[{"objectType": "conversation", "participants": ["carol", "alice"]}],
        object_content="hi")
    carol.conversations[pair["contexts"][0]["id"]].delete()
    boss.conversations.delete()
    assert boss.conversations.get() == []

    # Tokens removal
    alice.tokens["a" * 64].delete()
    bob.people["bob"].tokens.platforms["android"].delete()
    bob.people["bob"].tokens.delete()
    assert bob.people["bob"].tokens.get() == []

    # Security and maintenance
    assert BOSS in boss.admin.security.get()["roles"]["Manager"]
    boss.admin.security.roles["Manager"].users["alice"].post()
    assert boss.admin.security.roles["Manager"].users["alice"].get() == {"roles": ["Manager"]}
    assert {u["username"] for u in boss.admin.security.users()} >= {BOSS, "alice"}
    boss.admin.security.roles["Manager"].users["alice"].delete()
    for task in ("keywords", "dates", "subscriptions", "conversations", "users", "tokens"):
        assert getattr(boss.admin.maintenance, task).post() == []
    assert boss.admin.maintenance.exceptions.get() == []
    assert boss.admin.maintenance.exceptions["0" * 40].get() is None
    assert boss.admin.maintenance.exceptions["0" * 40].delete() is None  # JSON 404

    # Removal
    boss.contexts[URL].subscriptions["bob"].delete()
    alice.activities[note["id"]].delete()
    boss.contexts[URL].delete()
    boss.people["dave"].delete()
    with pytest.raises(RequestError) as gone:
        boss.people["dave"].get()
    assert (gone.value.code, gone.value.error) == (400, "UnknownUserError")

    seen = {(call.route, call.method) for call in server.journal}
    expected = {
        (route.name, method)
        for route in ROUTE_TABLE
        if not route.deprecated
        for method in route.methods
    } - {  # deprecated methods MAX rewrites to other routes before routing
        ("user", "POST"), ("subscriptions", "POST"),
        ("user_conversation", "POST"), ("user_conversation", "DELETE"),
    }
    assert expected - seen == set()
    assert [c for c in server.journal if c.status >= 500] == []
