"""MAX's ``sort=likes`` / ``sort=flagged`` (``max/rest/sorting.py``): the liked (flagged)
activities first, by count (date) and then by the priority's key; the rest always in
published order, newest first, whatever the priority; pages go on from ``before``.
Orders checked against the real MAX by a seeded differential walk."""

from __future__ import annotations

import time
from typing import Any

import pytest

from maxclient.testing.model.common import context_hash

URL = "http://sorting.test"
CHASH = context_hash(URL)


@pytest.fixture
def acts(manager: Any, as_user: Any) -> dict[str, str]:
    manager.post("/contexts", json={"url": URL, "permissions": {
        "read": "subscribed", "write": "subscribed", "subscribe": "public"}})
    for name in ("u0", "u1", "u2"):
        as_user(name, create=True).post(f"/people/{name}/subscriptions", json={
            "object": {"objectType": "context", "url": URL}})
    u0, u1, u2 = as_user("u0"), as_user("u1"), as_user("u2")
    ids = {}
    for i in range(6):
        ids[f"a{i}"] = u0.post(f"/contexts/{CHASH}/activities", json={
            "object": {"objectType": "note", "content": f"a{i}"}}).json()["id"]
    comment = {"object": {"objectType": "comment", "content": "c"}}
    u1.post(f"/activities/{ids['a1']}/comments", json=comment)
    u1.post(f"/activities/{ids['a0']}/comments", json=comment)  # a0: newest comment
    u1.post(f"/activities/{ids['a2']}/likes")
    u2.post(f"/activities/{ids['a2']}/likes")
    u1.post(f"/activities/{ids['a4']}/likes")
    time.sleep(0.002)  # the same second: MAX's dates still tell the likes apart
    u2.post(f"/activities/{ids['a3']}/likes")
    return ids


def _order(caller: Any, ids: dict[str, str], **qs: Any) -> list[str]:
    names = {v: k for k, v in ids.items()}
    answer = caller.get("/people/u0/timeline", qs=qs)
    assert answer.status_code == 200, answer.text
    return [names[a["id"]] for a in answer.json()]


def test_likes_then_the_rest_newest_first(as_user: Any, acts: dict[str, str]) -> None:
    u0 = as_user("u0")
    assert _order(u0, acts, sort="likes") == ["a2", "a3", "a4", "a5", "a1", "a0"]
    # priority=comments breaks ties by lastComment, but the unliked rest stays in
    # published order (a0, commented last, does not jump ahead of a5)
    assert _order(u0, acts, sort="likes", priority="comments") == [
        "a2", "a4", "a3", "a5", "a1", "a0"]


def test_likes_pages_go_on_from_before(as_user: Any, acts: dict[str, str]) -> None:
    u0 = as_user("u0")
    assert _order(u0, acts, sort="likes", limit=2) == ["a2", "a3"]
    assert _order(u0, acts, sort="likes", limit=2, before=acts["a3"]) == ["a4", "a5"]
    assert _order(u0, acts, sort="likes", limit=2, before=acts["a5"]) == ["a1", "a0"]


def test_flagged_first_by_flag_date_then_the_rest_newest_first(manager: Any, as_user: Any,
                                                               acts: dict[str, str]) -> None:
    manager.post(f"/activities/{acts['a1']}/flag")
    time.sleep(0.002)
    manager.post(f"/activities/{acts['a4']}/flag")  # flagged last: first
    u0 = as_user("u0")
    assert _order(u0, acts, sort="flagged") == ["a4", "a1", "a5", "a3", "a2", "a0"]
    assert _order(u0, acts, sort="flagged", priority="comments") == [
        "a4", "a1", "a5", "a3", "a2", "a0"]
    assert _order(u0, acts, sort="flagged", limit=3) == ["a4", "a1", "a5"]
    assert _order(u0, acts, sort="flagged", limit=3, before=acts["a5"]) == ["a3", "a2", "a0"]


def test_a_likes_page_goes_on_from_what_before_names_even_outside_the_listing(
        as_user: Any, acts: dict[str, str]) -> None:
    """MAX reads the item ``before`` names, not its place in the listing: after an unliked
    one come older unliked items only; after a liked one, those with as many likes listed
    after it, then (more than one like) a page of those with fewer, a query limited on
    its own, so the page may pass ``limit``."""
    u0, u1 = as_user("u0"), as_user("u1")
    outside = u1.post("/people/u1/activities", json={
        "object": {"objectType": "note", "content": "not in u0's timeline"}}).json()["id"]
    assert _order(u0, acts, sort="likes", before=outside) == ["a5", "a1", "a0"]
    u1.post(f"/activities/{outside}/likes")
    assert _order(u0, acts, sort="likes", before=outside) == ["a5", "a1", "a0"]
    assert _order(u0, acts, sort="likes", before=acts["a2"], limit=1) == ["a3"]
    for name in ("u0", "u2"):
        as_user(name).post(f"/activities/{acts['a5']}/likes")  # a5: two likes, newest
    assert _order(u0, acts, sort="likes", limit=2) == ["a5", "a2"]
    assert _order(u0, acts, sort="likes", limit=2, before=acts["a5"]) == ["a2", "a3", "a4"]


def test_an_unflagged_before_goes_on_with_older_never_flagged_items(
        manager: Any, as_user: Any, acts: dict[str, str]) -> None:
    """An unflagged item keeps ``flagged: null``: in neither part of the order, and after
    it come the never-flagged items older than it."""
    for name in ("a1", "a4"):
        manager.post(f"/activities/{acts[name]}/flag")
    manager.delete(f"/activities/{acts['a4']}/flag")
    u0 = as_user("u0")
    assert _order(u0, acts, sort="flagged") == ["a1", "a5", "a3", "a2", "a0"]
    assert _order(u0, acts, sort="flagged", before=acts["a4"]) == ["a3", "a2", "a0"]


def test_after_reads_the_orders_first_field(as_user: Any, acts: dict[str, str]) -> None:
    """``after`` becomes a condition on the order's first field: a like or flag date no
    id passes, so only the rest newer than it is listed; recently commented first
    compares the last comment's id (checked against the real MAX)."""
    u0 = as_user("u0")
    assert _order(u0, acts, sort="likes", after=acts["a1"]) == ["a5"]
    assert _order(u0, acts, sort="flagged", after=acts["a1"]) == ["a5", "a4", "a3", "a2"]
    assert _order(u0, acts, sortBy="comments", after=acts["a4"]) == ["a0", "a1", "a5"]
