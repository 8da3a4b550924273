"""Conversations of the fake MAX: creation rules, listing, ownership, participants."""

from __future__ import annotations

from typing import Any

import pytest

from ..imaging import opened
from .conftest import Caller, error_of

NOTE = {"objectType": "note", "content": "Hola!"}


def start(caller: Caller, participants: list[Any], **extra: Any) -> Any:
    context: dict[str, Any] = {"objectType": "conversation", "participants": participants}
    context.update(extra)
    return caller.post("/conversations", json={"contexts": [context], "object": NOTE})


@pytest.fixture
def users(manager: Caller, as_user: Any) -> dict[str, Caller]:
    for name, display in (("messi", "Lionel Messi"), ("xavi", "Xavi Hernandez"),
                          ("shakira", "Shakira"), ("pique", "Gerard Pique")):
        assert manager.post("/people", json={"username": name,
                                             "displayName": display}).status_code == 201
    return {name: as_user(name) for name in ("messi", "xavi", "shakira", "pique")}


def group(users: dict[str, Caller]) -> str:
    r = start(users["messi"], ["messi", "xavi", "shakira"], displayName="Pelotudos")
    assert r.status_code == 201
    return r.json()["contexts"][0]["id"]


def pair(users: dict[str, Caller]) -> str:
    r = start(users["messi"], ["messi", "xavi"])
    assert r.status_code == 201
    return r.json()["contexts"][0]["id"]


def test_two_people_conversation_is_created_and_reused(users: dict[str, Caller]) -> None:
    first = start(users["messi"], ["messi", "xavi"])
    assert first.status_code == 201
    body = first.json()
    assert body["objectType"] == "message"
    assert body["contexts"][0]["tags"] == []
    # MAX names it after the first stored participant (Python 2 dict order), as the real
    # MAX answers: messi, even though messi posted (see test_realmax_findings.py).
    assert body["contexts"][0]["displayName"] == "Lionel Messi"
    cid = body["contexts"][0]["id"]
    again = start(users["xavi"], ["xavi", "messi"])
    assert again.status_code == 201
    assert again.json()["contexts"][0]["id"] == cid
    listed = users["xavi"].get("/conversations").json()
    assert [c["id"] for c in listed] == [cid]


def test_group_conversation_always_creates_a_new_one(users: dict[str, Caller]) -> None:
    first, second = group(users), group(users)
    assert first != second
    conv = users["messi"].get(f"/conversations/{first}").json()
    assert conv["tags"] == ["group"]
    assert conv["displayName"] == "Pelotudos"
    assert conv["owner"] == "messi"
    assert conv["messages"] == 0
    assert conv["permissions"] == {"read": "subscribed", "write": "subscribed",
                                   "subscribe": "restricted", "unsubscribe": "subscribed"}
    assert {p["username"] for p in conv["participants"]} == {"messi", "xavi", "shakira"}
    assert conv["lastMessage"]["content"] == "Hola!"
    assert conv["lastMessage"]["actor"] == "Lionel Messi"


def test_default_display_name_joins_usernames(users: dict[str, Caller], server: Any) -> None:
    cid = pair(users)
    assert server.backend.conversations.get(cid)["displayName"] == "messi, xavi"
    assert users["xavi"].get(f"/conversations/{cid}").json()["displayName"] == "Lionel Messi"


@pytest.mark.parametrize("body, text", [
    ({}, "Empty contexts parameter"),
    ({"contexts": []}, "Empty contexts parameter"),
    ({"contexts": [{"participants": []}]}, "Empty participants parameter"),
    ({"contexts": [{"participants": ["messi", "messi"]}]},
     "One or more users duplicated in participants list"),
    ({"contexts": [{"participants": ["messi"]}]}, "Cannot start a conversation with oneself"),
    ({"contexts": [{"participants": ["xavi", "shakira"]}]},
     "Actor must be part of the participants list."),
])
def test_creation_validation(users: dict[str, Caller], body: Any, text: str) -> None:
    r = users["messi"].post("/conversations", json={**body, "object": NOTE})
    assert r.status_code == 400
    assert error_of(r) == "ValidationError"
    assert r.json()["error_description"] == text


@pytest.mark.parametrize("body", [
    {"contexts": "nope"}, {"contexts": [1]}, {"contexts": [{"participants": "messi"}]},
    {"contexts": [{"participants": [1, 2]}]}, {"contexts": [{"participants": [["x"], "y"]}]},
    {"contexts": [{"participants": ["messi", "xavi"], "displayName": 5}]},
])
def test_wrong_types_are_rejected_without_500(users: dict[str, Caller], body: Any) -> None:
    r = users["messi"].post("/conversations", json={**body, "object": NOTE})
    assert r.status_code == 400
    assert error_of(r) == "ValidationError"


def test_malformed_json_is_an_empty_body(users: dict[str, Caller]) -> None:
    r = users["messi"].post("/conversations", data=b"{not json",
                            headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert r.json()["error_description"] == "Empty contexts parameter"


def test_unknown_participant_is_404(users: dict[str, Caller]) -> None:
    r = start(users["messi"], ["messi", "nobody"])
    assert r.status_code == 404
    assert error_of(r) == "ObjectNotFound"
    assert users["messi"].get("/conversations").json() == []


def test_bad_message_leaves_no_conversation(users: dict[str, Caller], server: Any) -> None:
    for obj, error in (({"objectType": "bogus"}, "ObjectNotSupported"),
                       ({"objectType": "note"}, "MissingField"), (None, "MissingField")):
        body: dict[str, Any] = {"contexts": [{"participants": ["messi", "xavi", "pique"]}]}
        if obj is not None:
            body["object"] = obj
        r = users["messi"].post("/conversations", json=body)
        assert r.status_code == 400
        assert error_of(r) == error
    assert users["messi"].get("/conversations").json() == []
    assert server.backend.conversations.items == {}
    assert server.backend.people.get("xavi")["talkingIn"] == []


def test_manager_may_leave_himself_out_and_impersonate(users: dict[str, Caller],
                                                        manager: Caller) -> None:
    r = start(manager, ["messi", "xavi"])
    assert r.status_code == 201
    assert r.json()["actor"]["username"] == "test_manager"
    r = manager.post("/conversations", json={
        "actor": {"objectType": "person", "username": "shakira"},
        "contexts": [{"participants": ["shakira", "pique"]}], "object": NOTE})
    assert r.status_code == 201
    assert r.json()["actor"]["username"] == "shakira"
    assert r.json()["creator"] == "test_manager"
    assert r.json()["owner"] == "shakira"


def test_non_manager_cannot_impersonate(users: dict[str, Caller]) -> None:
    r = users["messi"].post("/conversations", json={
        "actor": {"objectType": "person", "username": "xavi"},
        "contexts": [{"participants": ["xavi", "shakira"]}], "object": NOTE})
    assert r.status_code == 403
    assert users["xavi"].get("/conversations").json() == []


def test_visible_user_cannot_talk_to_nonvisible(users: dict[str, Caller], server: Any) -> None:
    server.backend.security.grant("NonVisible", "pique")
    r = start(users["messi"], ["messi", "pique"])
    assert r.status_code == 403
    assert r.json()["error_description"] == (
        "User messi is not allowed to have a conversation with pique")
    assert start(users["pique"], ["pique", "messi"]).status_code == 201


def test_unicode_display_name_and_content(users: dict[str, Caller]) -> None:
    r = users["messi"].post("/conversations", json={
        "contexts": [{"participants": ["messi", "xavi", "pique"], "displayName": "Çàñ 😀"}],
        "object": {"objectType": "note", "content": "àèìòù ñ 😀 " * 50}})
    assert r.status_code == 201
    assert r.json()["contexts"][0]["displayName"] == "Çàñ 😀"


def test_listing_is_own_and_newest_message_first(users: dict[str, Caller]) -> None:
    first = pair(users)
    second = group(users)
    users["messi"].post(f"/conversations/{first}/messages", json={"object": NOTE})
    listed = users["messi"].get("/conversations").json()
    assert [c["id"] for c in listed] == [first, second]
    assert [c["id"] for c in users["pique"].get("/conversations").json()] == []
    assert [c["id"] for c in users["shakira"].get("/conversations").json()] == [second]


def test_get_conversation_permissions(users: dict[str, Caller], manager: Caller) -> None:
    cid = group(users)
    assert users["xavi"].get(f"/conversations/{cid}").status_code == 200
    assert manager.get(f"/conversations/{cid}").status_code == 200
    r = users["pique"].get(f"/conversations/{cid}")
    assert r.status_code == 403
    assert r.json()["error_description"] == (
        'User "pique" has no permission "View conversation" here ')


def test_unknown_and_malformed_ids(users: dict[str, Caller]) -> None:
    r = users["messi"].get("/conversations/0123456789abcdef01234567")
    assert r.status_code == 404
    assert r.json()["error_description"] == (
        "Object with _id 0123456789abcdef01234567 not found inside conversations")
    r = users["messi"].get("/conversations/bad")
    assert r.status_code == 400
    assert error_of(r) == "InvalidId"


def test_modify_conversation(users: dict[str, Caller], server: Any) -> None:
    cid = group(users)
    r = users["messi"].put(f"/conversations/{cid}", json={"displayName": "Nou nom"})
    assert r.status_code == 200
    assert r.json()["displayName"] == "Nou nom"
    assert "lastMessage" not in r.json()
    message = users["messi"].get(f"/conversations/{cid}/messages").json()[0]
    assert message["contexts"][0]["displayName"] == "Nou nom"
    r = users["xavi"].put(f"/conversations/{cid}", json={"displayName": "Hack"})
    assert r.status_code == 403
    assert users["pique"].put(f"/conversations/{cid}", json={"displayName": "X"}
                              ).status_code == 403
    assert server.backend.conversations.get(cid)["displayName"] == "Nou nom"


@pytest.mark.parametrize("body", [
    {"displayName": 3}, {"displayName": ""}, {"tags": "x"}, {"tags": [1]},
    {"participants": "x"}, {"permissions": {"read": "everyone"}}, {"permissions": []},
])
def test_modify_rejects_bad_values(users: dict[str, Caller], server: Any, body: Any) -> None:
    cid = group(users)
    before = dict(server.backend.conversations.get(cid))
    r = users["messi"].put(f"/conversations/{cid}", json=body)
    assert r.status_code == 400
    assert error_of(r) == "ValidationError"
    assert server.backend.conversations.get(cid) == before


def test_modify_permissions_recomputes_entries(users: dict[str, Caller], manager: Caller
                                               ) -> None:
    cid = group(users)
    r = manager.put(f"/conversations/{cid}", json={"permissions": {"write": "restricted"}})
    assert r.status_code == 200
    sub = manager.get(f"/people/xavi/conversations/{cid}").json()
    assert sub["permissions"] == ["read", "unsubscribe"]
    r = users["xavi"].post(f"/conversations/{cid}/messages", json={"object": NOTE})
    assert r.status_code == 403


def test_delete_conversation(users: dict[str, Caller], server: Any) -> None:
    cid = group(users)
    assert users["xavi"].delete(f"/conversations/{cid}").status_code == 403
    assert users["messi"].delete(f"/conversations/{cid}").status_code == 204
    assert users["messi"].get(f"/conversations/{cid}").status_code == 404
    assert server.backend.conversations.messages == {}
    assert server.backend.people.get("xavi")["talkingIn"] == []


def test_purge_is_manager_only(users: dict[str, Caller], manager: Caller) -> None:
    group(users)
    pair(users)
    assert users["messi"].delete("/conversations").status_code == 403
    assert len(users["messi"].get("/conversations").json()) == 2
    assert manager.delete("/conversations").status_code == 204
    assert users["messi"].get("/conversations").json() == []


def test_subscription_permissions(users: dict[str, Caller], server: Any) -> None:
    cid = group(users)
    pid = pair(users)
    people = server.backend.people
    entry = server.backend.conversations.subscription(people.get("messi"), cid)
    assert entry["permissions"] == ["read", "write", "invite", "kick"]
    xavi = server.backend.conversations.subscription(people.get("xavi"), cid)
    assert xavi == {"id": cid, "objectType": "conversation",
                    "permissions": ["read", "write", "unsubscribe"]}
    creator = server.backend.conversations.subscription(people.get("messi"), pid)
    assert creator["permissions"] == ["read", "write", "unsubscribe"]


def test_user_conversation_subscription(users: dict[str, Caller], manager: Caller) -> None:
    cid = group(users)
    r = users["xavi"].get(f"/people/xavi/conversations/{cid}")
    assert r.status_code == 200
    body = r.json()
    assert body["permissions"] == ["read", "write", "unsubscribe"]
    assert body["displayName"] == "Pelotudos"
    assert body["messages"] == 0
    assert body["lastMessage"]["content"] == "Hola!"
    assert users["xavi"].get(f"/people/shakira/conversations/{cid}").status_code == 403
    assert users["pique"].get(f"/people/pique/conversations/{cid}").status_code == 403
    assert manager.get(f"/people/shakira/conversations/{cid}").status_code == 200
    r = users["messi"].get(f"/people/ghost/conversations/{cid}")
    assert r.status_code == 400
    assert error_of(r) == "UnknownUserError"
    r = manager.get(f"/people/pique/conversations/{cid}")
    assert r.status_code == 404
    assert error_of(r) == "ObjectNotFound"


def test_two_people_display_name_is_partner(users: dict[str, Caller]) -> None:
    cid = pair(users)
    assert users["messi"].get(f"/conversations/{cid}").json()["displayName"] == (
        "Xavi Hernandez")
    assert users["xavi"].get(f"/conversations/{cid}").json()["displayName"] == "Lionel Messi"


def test_conversation_avatar_is_public_png(users: dict[str, Caller], server: Any,
                                           as_user: Any) -> None:
    cid = pair(users)
    r = as_user(None).get(f"/conversations/{cid}/avatar")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "image/png"
    assert r.content.startswith(b"\x89PNG")
    assert opened(r.content).size == (48, 48)  # MAX's missing-conversation.png
    assert as_user(None).get("/conversations/0123456789abcdef01234567/avatar"
                             ).status_code == 404


# -- participants ----------------------------------------------------------------

def test_owner_adds_participant(users: dict[str, Caller], server: Any) -> None:
    cid = group(users)
    r = users["messi"].post(f"/conversations/{cid}/participants",
                            json={"actor": {"objectType": "person", "username": "pique"}})
    assert r.status_code == 201
    body = r.json()
    assert body["verb"] == "subscribe"
    assert body["actor"]["username"] == "pique"
    assert body["object"]["objectType"] == "conversation"
    assert body["object"]["id"] == cid
    assert {p["username"] for p in body["object"]["participants"]} == {
        "messi", "xavi", "shakira", "pique"}
    assert body["creator"] == "messi"
    again = users["messi"].post(f"/conversations/{cid}/participants",
                                json={"actor": {"username": "pique"}})
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    assert len(server.backend.conversations.get(cid)["participants"]) == 4
    assert users["pique"].get(f"/conversations/{cid}").status_code == 200


def test_participant_or_outsider_cannot_add(users: dict[str, Caller], server: Any) -> None:
    cid = group(users)
    for who in ("xavi", "pique"):
        r = users[who].post(f"/conversations/{cid}/participants",
                            json={"actor": {"username": "pique"}})
        assert r.status_code == 403
    assert len(server.backend.conversations.get(cid)["participants"]) == 3


def test_adding_rules(users: dict[str, Caller], manager: Caller, server: Any) -> None:
    pid = pair(users)
    r = manager.post(f"/conversations/{pid}/participants", json={"actor": {"username": "pique"}})
    assert r.status_code == 403
    assert r.json()["error_description"] == (
        "This is not a group conversation, so no one else is allowed")
    cid = group(users)
    r = manager.post(f"/conversations/{cid}/participants", json={"actor": {"username": "ghost"}})
    assert r.status_code == 400
    assert error_of(r) == "UnknownUserError"
    conv = server.backend.conversations.get(cid)
    conv["participants"] += [{"username": f"x{i}", "displayName": "x", "objectType": "person"}
                             for i in range(197)]
    r = manager.post(f"/conversations/{cid}/participants", json={"actor": {"username": "pique"}})
    assert r.status_code == 403
    assert r.json()["error_description"] == (
        "This conversation is full, no more of 200 participants allowed")


def test_leave_and_kick_rules(users: dict[str, Caller], server: Any) -> None:
    cid = group(users)
    # the group's owner cannot leave, plain participants cannot kick
    assert users["messi"].delete(f"/conversations/{cid}/participants/messi").status_code == 403
    assert users["xavi"].delete(f"/conversations/{cid}/participants/shakira"
                                ).status_code == 403
    assert users["pique"].delete(f"/conversations/{cid}/participants/xavi").status_code == 403
    # a participant leaves, the owner kicks
    assert users["xavi"].delete(f"/conversations/{cid}/participants/xavi").status_code == 204
    assert users["xavi"].get(f"/conversations/{cid}/messages").status_code == 403
    assert users["messi"].delete(f"/conversations/{cid}/participants/shakira"
                                 ).status_code == 204
    conv = server.backend.conversations.get(cid)
    assert [p["username"] for p in conv["participants"]] == ["messi"]
    assert conv["tags"] == ["group", "archive"]
    assert users["messi"].post(f"/conversations/{cid}/messages", json={"object": NOTE}
                               ).status_code == 403
    # adding someone lifts the archive
    assert users["messi"].post(f"/conversations/{cid}/participants",
                               json={"actor": {"username": "pique"}}).status_code == 201
    assert server.backend.conversations.get(cid)["tags"] == ["group"]
    r = users["messi"].delete(f"/conversations/{cid}/participants/ghost")
    assert r.status_code == 400
    assert error_of(r) == "UnknownUserError"


def test_two_people_leave_and_come_back(users: dict[str, Caller], server: Any) -> None:
    cid = pair(users)
    assert users["messi"].delete(f"/conversations/{cid}/participants/xavi").status_code == 403
    assert users["xavi"].delete(f"/conversations/{cid}/participants/xavi").status_code == 204
    conv = server.backend.conversations.get(cid)
    assert conv["tags"] == ["single"]
    assert len(conv["participants"]) == 2
    assert users["xavi"].get("/conversations").json() == []
    assert users["messi"].get(f"/conversations/{cid}/messages").status_code == 200
    # posting again brings xavi back
    r = users["messi"].post(f"/conversations/{cid}/messages", json={"object": NOTE})
    assert r.status_code == 201
    assert conv["tags"] == []
    assert [c["id"] for c in users["xavi"].get("/conversations").json()] == [cid]


def test_owner_may_read_two_people_conversation_after_leaving(users: dict[str, Caller]) -> None:
    cid = pair(users)
    assert users["messi"].delete(f"/conversations/{cid}/participants/messi").status_code == 204
    assert users["messi"].get(f"/conversations/{cid}").status_code == 200
    assert users["messi"].get(f"/conversations/{cid}/messages").status_code == 403


def test_transfer_ownership(users: dict[str, Caller], server: Any) -> None:
    cid = group(users)
    r = users["messi"].put(f"/conversations/{cid}/owner", json={"actor": {"username": "pique"}})
    assert r.status_code == 403
    r = users["messi"].put(f"/conversations/{cid}/owner", json={"actor": {"username": "ghost"}})
    assert r.status_code == 400
    assert error_of(r) == "UnknownUserError"
    r = users["xavi"].put(f"/conversations/{cid}/owner", json={"actor": {"username": "xavi"}})
    assert r.status_code == 403
    r = users["messi"].put(f"/conversations/{cid}/owner", json={"actor": {"username": "xavi"}})
    assert r.status_code == 200
    assert r.json()["owner"] == "xavi"
    store, people = server.backend.conversations, server.backend.people
    assert store.subscription(people.get("xavi"), cid)["permissions"] == [
        "read", "write", "invite", "kick"]
    assert store.subscription(people.get("messi"), cid)["permissions"] == [
        "read", "write", "unsubscribe"]
    # the old owner can now leave, the new one can kick
    assert users["messi"].delete(f"/conversations/{cid}/participants/messi").status_code == 204
    assert users["xavi"].delete(f"/conversations/{cid}/participants/shakira"
                                ).status_code == 204


def test_deleted_user_archives_two_people_conversation(users: dict[str, Caller],
                                                      manager: Caller, server: Any) -> None:
    cid = pair(users)
    gid = group(users)
    assert manager.delete("/people/xavi").status_code == 204
    assert server.backend.conversations.get(cid)["tags"] == ["archive"]
    assert "xavi" not in {p["username"]
                          for p in server.backend.conversations.get(gid)["participants"]}
    assert users["messi"].post(f"/conversations/{cid}/messages", json={"object": NOTE}
                               ).status_code == 403


def test_head_on_conversation_routes(users: dict[str, Caller]) -> None:
    cid = group(users)
    r = users["pique"].head(f"/conversations/{cid}")
    assert r.status_code == 200
    assert r.content == b""


@pytest.mark.parametrize("method, path", [
    ("GET", "/conversations/{cid}/participants"),
    ("GET", "/conversations/{cid}/owner"),
    ("GET", "/people/messi/conversations"),
    ("GET", "/people/messi/conversations/{cid}/messages"),
])
def test_unimplemented_routes_are_html_404(users: dict[str, Caller], method: str,
                                            path: str) -> None:
    cid = group(users)
    r = users["messi"].request(method, path.format(cid=cid))
    assert r.status_code == 404
    assert not r.headers["Content-Type"].startswith("application/json")


def test_a_left_two_people_conversation_is_archived_when_the_leaver_is_deleted(
        users: dict[str, Caller], manager: Caller, server: Any) -> None:
    """MAX: leaving a two-people conversation tags it ``single``; deleting the user who
    left (still a participant) turns ``single`` into ``archive`` (User._before_delete);
    creating him again turns it back (User._after_insert_object)."""
    cid = pair(users)
    assert users["xavi"].delete(f"/conversations/{cid}/participants/xavi").status_code == 204
    assert manager.get(f"/conversations/{cid}").json()["tags"] == ["single"]
    assert manager.delete("/people/xavi").status_code == 204
    assert manager.get(f"/conversations/{cid}").json()["tags"] == ["archive"]
    assert manager.post("/people", json={"username": "xavi"}).status_code == 201
    assert manager.get(f"/conversations/{cid}").json()["tags"] == ["single"]


def test_participant_limit_is_maxs_equality_test(users: dict[str, Caller], manager: Caller,
                                                 server: Any) -> None:
    """CONVERSATION_PARTICIPANTS_LIMIT is 200 since MAX 5.3.25, and MAX refuses a new
    participant only when the conversation holds exactly 200 (``==``)."""
    cid = group(users)
    conv = server.backend.conversations.get(cid)
    conv["participants"] += [{"username": f"x{i}", "displayName": "x", "objectType": "person"}
                             for i in range(198)]  # 201 participants
    r = manager.post(f"/conversations/{cid}/participants", json={"actor": {"username": "pique"}})
    assert r.status_code == 201


def test_posting_to_a_single_conversation_whose_partner_was_deleted_is_404(
        users: dict[str, Caller], manager: Caller, server: Any) -> None:
    """MAX brings the leavers of a ``single`` conversation back before it reads the
    message, participant by participant: one deleted since is its 404 and nothing is
    posted, but those before him are back already and the tag is gone (checked against
    the real MAX)."""
    cid = pair(users)
    assert manager.delete("/people/xavi").status_code == 204  # tags: archive
    assert users["messi"].delete(f"/conversations/{cid}/participants/messi").status_code == 204
    assert manager.get(f"/conversations/{cid}").json()["tags"] == ["archive", "single"]
    r = manager.post(f"/conversations/{cid}/messages", json={"object": {"objectType": "note"}})
    assert r.status_code == 404, r.text
    assert r.json()["error_description"] == "Object with username xavi not found inside users"
    assert manager.get(f"/conversations/{cid}").json()["tags"] == ["archive"]
    assert [c["id"] for c in users["messi"].get("/conversations").json()] == [cid]
    assert len(manager.get(f"/conversations/{cid}/messages").json()) == 1
    r = manager.post(f"/conversations/{cid}/messages", json={"object": {"objectType": "note"}})
    assert (r.status_code, error_of(r)) == (400, "MissingField")


def test_bringing_a_leaver_back_records_no_new_join(users: dict[str, Caller],
                                                    manager: Caller) -> None:
    """Only starting a conversation or joining one records MAX's ``subscribe`` activity;
    re-subscribing by a message does not, so a later join answers the first one (its
    actor as he was then; checked against the real MAX)."""
    cid = pair(users)
    assert manager.delete("/people/xavi").status_code == 204
    assert manager.post("/people", json={"username": "xavi", "displayName": "Xavi H."}
                        ).status_code == 201
    assert manager.post(f"/conversations/{cid}/messages", json={"object": NOTE}
                        ).status_code == 201  # single: xavi is back
    again = manager.post(f"/people/xavi/conversations/{cid}")
    assert again.status_code == 200
    body = again.json()
    assert (body["actor"]["displayName"], body["owner"], body["deletable"]) == (
        "Xavi Hernandez", "messi", False)
