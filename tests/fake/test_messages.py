"""Conversation messages of the fake MAX: posting, paging, listings and attachments."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import pytest

from maxclient.testing.model.validation import message_object

from .conftest import Caller, error_of


def note(text: str) -> dict[str, Any]:
    return {"object": {"objectType": "note", "content": text}}


@pytest.fixture
def users(manager: Caller, as_user: Any) -> dict[str, Caller]:
    for name in ("messi", "xavi", "shakira", "pique"):
        assert manager.post("/people", json={"username": name,
                                             "displayName": name.title()}).status_code == 201
    return {name: as_user(name) for name in ("messi", "xavi", "shakira", "pique")}


@pytest.fixture
def cid(users: dict[str, Caller]) -> str:
    r = users["messi"].post("/conversations", json={
        "contexts": [{"objectType": "conversation", "participants": ["messi", "xavi"]}],
        **note("primer")})
    assert r.status_code == 201
    return r.json()["contexts"][0]["id"]


def test_post_message_shape(users: dict[str, Caller], cid: str) -> None:
    r = users["xavi"].post(f"/conversations/{cid}/messages",
                           json={**note("<p>A <strong>text</strong> A #Gol</p>"),
                                 "generator": "app"})
    assert r.status_code == 201
    body = r.json()
    assert body["objectType"] == "message"
    assert body["verb"] == "post"
    assert body["actor"] == {"objectType": "person", "username": "xavi",
                             "displayName": "Xavi"}
    assert body["object"]["content"] == "A <strong>text</strong> A #Gol"
    assert body["object"]["hashtags"] == ["gol"]
    assert body["object"]["keywords"][-1] == "xavi"
    assert body["contexts"] == [{"objectType": "conversation", "id": cid,
                                 "displayName": "messi, xavi"}]
    assert body["owner"] == body["creator"] == "xavi"
    assert body["generator"] == "app"
    assert body["published"].endswith("Z")


@pytest.mark.parametrize("body, error", [
    ({}, "MissingField"),
    ({"object": {"objectType": "note"}}, "MissingField"),
    ({"object": {"objectType": "note", "content": ""}}, "MissingField"),
    ({"object": {"objectType": "video", "content": "x"}}, "ObjectNotSupported"),
    ({"object": "text"}, "ValidationError"),
    ({"object": {"objectType": "note", "content": 12}}, "ValidationError"),
    ({"object": {"objectType": "image"}}, "MissingField"),
])
def test_post_message_errors_store_nothing(users: dict[str, Caller], cid: str, server: Any,
                                           body: Any, error: str) -> None:
    r = users["messi"].post(f"/conversations/{cid}/messages", json=body)
    assert r.status_code == 400
    assert error_of(r) == error
    assert len(server.backend.conversations.messages) == 1


def test_post_permissions(users: dict[str, Caller], cid: str, manager: Caller) -> None:
    assert users["pique"].post(f"/conversations/{cid}/messages", json=note("x")
                               ).status_code == 403
    r = users["messi"].post(f"/conversations/{cid}/messages",
                            json={"actor": {"username": "xavi"}, **note("x")})
    assert r.status_code == 403
    r = manager.post(f"/conversations/{cid}/messages",
                     json={"actor": {"username": "xavi"}, **note("as xavi")})
    assert r.status_code == 201
    assert r.json()["actor"]["username"] == "xavi"
    assert r.json()["creator"] == "test_manager"
    r = manager.post(f"/people/messi/conversations/{cid}/messages", json=note("as messi"))
    assert r.status_code == 201
    assert r.json()["actor"]["username"] == "messi"
    r = users["messi"].post(f"/people/messi/conversations/{cid}/messages", json=note("me"))
    assert r.status_code == 201
    r = users["messi"].post(f"/people/xavi/conversations/{cid}/messages", json=note("no"))
    assert r.status_code == 403


def test_list_messages_oldest_first_with_paging(users: dict[str, Caller], cid: str) -> None:
    ids = [users["messi"].post(f"/conversations/{cid}/messages", json=note(f"m{i}")
                               ).json()["id"] for i in range(12)]
    r = users["xavi"].get(f"/conversations/{cid}/messages")
    assert r.status_code == 200
    page = r.json()
    assert [m["id"] for m in page] == ids[2:]
    assert r.headers["X-Has-Remaining-Items"] == "1"
    # private fields are listed, as the real MAX does (test_realmax_findings.py)
    assert page[0]["owner"] == page[0]["actor"]["username"] and "keywords" in page[0]["object"]
    r = users["xavi"].get(f"/conversations/{cid}/messages", qs={"before": ids[2]})
    assert [m["object"]["content"] for m in r.json()] == ["primer", "m0", "m1"]
    assert "X-Has-Remaining-Items" not in r.headers
    r = users["xavi"].get(f"/conversations/{cid}/messages", qs={"limit": 3})
    assert [m["id"] for m in r.json()] == ids[-3:]
    r = users["xavi"].get(f"/conversations/{cid}/messages", qs={"after": ids[9], "limit": 0})
    assert [m["id"] for m in r.json()] == ids[10:]
    assert len(users["xavi"].get(f"/conversations/{cid}/messages", qs={"limit": 0}).json()
               ) == 13


@pytest.mark.parametrize("qs, text", [
    ({"limit": "ten"}, "limit must be a positive integer"),
    ({"before": "zzz"}, "before must be a valid ObjectId BSON identifier"),
    ({"before": "0" * 24, "after": "0" * 24},
     "only one offset filter is allowed, after or before"),
])
def test_bad_search_params(users: dict[str, Caller], cid: str, qs: Any, text: str) -> None:
    r = users["messi"].get(f"/conversations/{cid}/messages", qs=qs)
    assert r.status_code == 400
    assert error_of(r) == "InvalidSearchParams"
    assert r.json()["error_description"] == text


def test_outsider_cannot_list(users: dict[str, Caller], cid: str, manager: Caller) -> None:
    r = users["pique"].get(f"/conversations/{cid}/messages")
    assert r.status_code == 403
    assert r.json()["error_description"] == (
        'User "pique" has no permission "View all conversation messages" here ')
    assert manager.get(f"/conversations/{cid}/messages").status_code == 200


def test_all_messages_is_manager_only_with_head_count(users: dict[str, Caller], cid: str,
                                                       manager: Caller) -> None:
    for i in range(11):
        users["xavi"].post(f"/conversations/{cid}/messages", json=note(f"n{i}"))
    r = manager.get("/messages")
    assert r.status_code == 200
    assert len(r.json()) == 10
    assert r.json()[0]["object"]["content"] == "n10"
    assert r.json()[0]["owner"] == "xavi"
    assert users["messi"].get("/messages").status_code == 403
    for caller in (manager, users["messi"]):
        head = caller.head("/messages")
        assert head.status_code == 200
        assert head.headers["X-totalItems"] == "12"
    year = time.gmtime().tm_year
    assert manager.head("/messages", qs={"date_filter": str(year)}
                        ).headers["X-totalItems"] == "12"
    assert manager.get("/messages", qs={"date_filter": "2001-01"}).json() == []
    assert manager.head("/messages", qs={"date_filter": "2001-01"}
                        ).headers["X-totalItems"] == "0"


def test_active_conversations(users: dict[str, Caller], cid: str, manager: Caller) -> None:
    r = users["shakira"].post("/conversations", json={
        "contexts": [{"participants": ["shakira", "pique", "messi"], "displayName": "G"}],
        **note("hola")})
    gid = r.json()["contexts"][0]["id"]
    r = manager.get("/conversations/active")
    assert r.status_code == 200
    assert {(c["id"], c["displayName"]) for c in r.json()} == {(cid, "messi, xavi"),
                                                               (gid, "G")}
    assert all(c["objectType"] == "conversation" for c in r.json())
    assert manager.head("/conversations/active").headers["X-totalItems"] == "2"
    assert manager.head("/conversations/active", qs={"limit": 1}
                        ).headers["X-totalItems"] == "1"


def upload(caller: Caller, path: str, kind: str, data: bytes, upload_name: str,
           content_type: str, **obj: Any) -> Any:
    payload = {"object": {"objectType": kind, "content": "", **obj}}
    return caller.post(path, json=None, data={"json_data": json.dumps(payload)},
                       files={"file": (upload_name, data, content_type)})


PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def test_image_message(users: dict[str, Caller], cid: str, as_user: Any) -> None:
    r = upload(users["messi"], f"/conversations/{cid}/messages", "image", PNG, "pic.png",
               "image/png")
    assert r.status_code == 201
    obj = r.json()["object"]
    mid = r.json()["id"]
    assert obj["fullURL"] == f"/messages/{mid}/image/full"
    assert obj["thumbURL"] == f"/messages/{mid}/image/thumb"
    assert obj["mimetype"] == "image/png"
    assert obj["filename"] == "pic.png"
    for path in (f"/messages/{mid}/image", f"/messages/{mid}/image/full"):
        got = users["xavi"].get(path)
        assert got.status_code == 200
        assert got.content == PNG
        assert got.headers["Content-Type"] == "image/png"
    thumb = users["xavi"].get(f"/messages/{mid}/image/thumb")
    assert thumb.status_code == 200
    assert thumb.headers["Content-Type"] == "image/jpeg"
    b64 = users["xavi"].get(f"/messages/{mid}/image",
                            headers={"Content-Type": "application/base64"})
    assert b64.headers["Content-Type"] == "application/base64"
    assert base64.b64decode(b64.content) == PNG
    assert users["xavi"].get(f"/messages/{mid}/image/huge").status_code == 410
    assert users["pique"].get(f"/messages/{mid}/image").status_code == 403
    assert users["messi"].get(f"/messages/{mid}/file/download").status_code == 404
    last = users["xavi"].get(f"/conversations/{cid}").json()["lastMessage"]
    assert last["objectType"] == "image"
    assert last["thumbURL"] == obj["thumbURL"]
    assert users["xavi"].get("/messages/0123456789abcdef01234567/image").status_code == 404


def test_file_message(users: dict[str, Caller], cid: str, manager: Caller) -> None:
    data = "Informe ñ".encode() * 100
    r = upload(users["xavi"], f"/conversations/{cid}/messages", "file", data, "doc.pdf",
               "application/pdf", filename="informe.pdf")
    assert r.status_code == 201
    obj = r.json()["object"]
    mid = r.json()["id"]
    assert obj["fullURL"] == f"/messages/{mid}/file/download"
    assert obj["filename"] == "informe.pdf"
    got = users["messi"].get(f"/messages/{mid}/file/download")
    assert got.status_code == 200
    assert got.content == data
    assert got.headers["Content-Type"] == "application/pdf"
    assert got.headers["Content-Disposition"] == "attachment; filename=informe.pdf"
    app = manager.get(f"/messages/{mid}/file/download", headers={"X-From-Utalk": "App"})
    assert app.headers["Content-Type"] == "application/base64"
    assert base64.b64decode(app.content) == data
    assert users["pique"].get(f"/messages/{mid}/file/download").status_code == 403


def test_author_keeps_access_after_leaving(users: dict[str, Caller], cid: str) -> None:
    r = upload(users["xavi"], f"/conversations/{cid}/messages", "file", b"x", "a.txt",
               "text/plain")
    mid = r.json()["id"]
    assert users["xavi"].delete(f"/conversations/{cid}/participants/xavi").status_code == 204
    assert users["xavi"].get(f"/messages/{mid}/file/download").status_code == 200
    assert users["xavi"].get(f"/conversations/{cid}/messages").status_code == 403


def test_paging_cost_does_not_grow_with_history(users: dict[str, Caller], cid: str,
                                                server: Any) -> None:
    store = server.backend.conversations
    conv = store.get(cid)
    actor = server.backend.people.get("messi")
    for i in range(10_000):
        store.add_message(conv, actor, "messi", message_object(note(f"bulk {i}")))

    def timed() -> float:
        best = 1e9
        for _ in range(5):
            start = time.perf_counter()
            store.select_messages(cid, _search(limit=10))
            best = min(best, time.perf_counter() - start)
        return best

    big = timed()
    r = users["messi"].get(f"/conversations/{cid}/messages", qs={"limit": 10})
    assert len(r.json()) == 10
    assert r.headers["X-Has-Remaining-Items"] == "1"
    assert big < 0.005
    assert users["messi"].head("/messages").status_code == 200


def _search(**kw: Any) -> Any:
    from maxclient.testing.model.search import Search

    return Search(**kw)
