"""``GET /conversations/{id}/tokens``: push targets of a conversation (Manager only)."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Caller


@pytest.fixture
def cid(manager: Caller, as_user: Any, server: Any) -> str:
    for name in ("messi", "xavi", "pique"):
        assert manager.post("/people", json={"username": name}).status_code == 201
    tokens = server.backend.tokens
    tokens.add("messi-ios", "ios", None, "messi", "messi")
    tokens.add("xavi-ios", "ios", None, "xavi", "xavi")
    tokens.add("pique-android", "android", None, "pique", "pique")
    r = as_user("messi").post("/conversations", json={
        "contexts": [{"participants": ["messi", "xavi"]}],
        "object": {"objectType": "note", "content": "hola"}})
    assert r.status_code == 201
    return r.json()["contexts"][0]["id"]


def test_manager_gets_participants_tokens_newest_first(manager: Caller, cid: str) -> None:
    r = manager.get(f"/conversations/{cid}/tokens")
    assert r.status_code == 200
    assert r.json() == [
        {"token": "xavi-ios", "platform": "ios", "username": "xavi"},
        {"token": "messi-ios", "platform": "ios", "username": "messi"},
    ]


def test_participants_and_outsiders_are_denied(as_user: Any, cid: str) -> None:
    for name in ("messi", "pique"):
        r = as_user(name).get(f"/conversations/{cid}/tokens")
        assert r.status_code == 403
        assert r.json()["error_description"] == (
            f'User "{name}" has no permission "List and query tokens" here ')


def test_users_who_left_are_not_targets(manager: Caller, as_user: Any, cid: str) -> None:
    assert as_user("xavi").delete(f"/conversations/{cid}/participants/xavi").status_code == 204
    assert [t["username"] for t in manager.get(f"/conversations/{cid}/tokens").json()] == [
        "messi"]


@pytest.mark.parametrize("ident", ["0123456789abcdef01234567", "not-an-id"])
def test_unknown_conversation_gives_empty_list(manager: Caller, cid: str, ident: str) -> None:
    r = manager.get(f"/conversations/{ident}/tokens")
    assert r.status_code == 200
    assert r.json() == []


def test_requires_authentication(as_user: Any, cid: str) -> None:
    r = as_user(None).get(f"/conversations/{cid}/tokens")
    assert r.status_code == 401
