"""The fidelity probes of issue 11, replayed against the real MAX (``../shared/realmax``)
and the fake side by side: same steps, same answers. Serve the real MAX
(``serve_real_max.py --port 0``) and set MAXCLIENT_REALMAX_URL to run them."""

from __future__ import annotations

import hashlib
import os
import random
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from maxclient.routes import ROUTE_TABLE
from maxclient.testing import FakeMaxServer

pytestmark = [
    pytest.mark.realmax,
    pytest.mark.skipif(not os.environ.get("MAXCLIENT_REALMAX_URL"),
                       reason="no real MAX: set MAXCLIENT_REALMAX_URL to a realmax harness "
                              "URL (see ../shared/realmax/README.md)"),
]

REAL = os.environ.get("MAXCLIENT_REALMAX_URL", "").rstrip("/")
MANAGERS = ["test_manager", "test_manager_2"]
Headers = Callable[[str], dict[str, str]]


def _real_headers(username: str) -> dict[str, str]:
    return {"X-Oauth-Token": "jfa1sDF2SDF234", "X-Oauth-Username": username,
            "X-Oauth-Scope": "widgetcli"}


@pytest.fixture
def both() -> Iterator[list[tuple[str, Headers]]]:
    """(base URL, headers for a user) of the real MAX, emptied, and of a served fake."""
    requests.post(REAL + "/__realmax__/reset", timeout=30)
    fake = FakeMaxServer(managers=MANAGERS)
    with fake.serve() as live:
        yield [(REAL, _real_headers), (live.url, fake.auth_headers)]


class Client:
    def __init__(self, base: str, headers: Headers) -> None:
        self.base, self.headers, self.session = base, headers, requests.Session()

    def __call__(self, method: str, path: str, body: Any = None, user: str = "test_manager_2",
                 **params: Any) -> requests.Response:
        return self.session.request(method, self.base + path, json=body, params=params,
                                    headers=self.headers(user), timeout=30)


def _hash(url: str) -> str:
    return hashlib.sha1(url.encode()).hexdigest()


def _world(c: Client) -> dict[str, str]:
    for name in ("test_manager_2", "alice", "bob"):
        c("POST", "/people", {"username": name})
    url = "http://ctx.test/a"
    c("POST", "/contexts", {"url": url, "displayName": "A", "permissions": {
        "read": "public", "write": "public", "subscribe": "public"}})
    c("POST", "/people/alice/subscriptions",
      {"object": {"objectType": "context", "url": url}}, "alice")
    act = c("POST", "/people/alice/activities",
            {"object": {"objectType": "note", "content": "hi"}}, "alice").json()
    com = c("POST", f"/activities/{act['id']}/comments",
            {"object": {"objectType": "comment", "content": "c"}}, "alice").json()
    conv = c("POST", "/conversations", {
        "contexts": [{"objectType": "conversation",
                      "participants": ["alice", "bob", "test_manager_2"]}],
        "object": {"objectType": "note", "content": "m"}}, "alice").json()
    c("POST", "/tokens", {"platform": "ios", "token": "1234567890abcdef1234"}, "alice")
    return {"username": "alice", "user": "alice", "hash": _hash(url), "activity": act["id"],
            "comment": com.get("id", "x"), "id": conv["contexts"][0]["id"], "size": "large",
            "platform": "ios", "token": "1234567890abcdef1234", "permission": "read",
            "tag": "t", "role": "Manager"}


def _kind(answer: requests.Response) -> str:
    if answer.status_code in (400, 403):
        try:
            return str(answer.json().get("error"))
        except ValueError:
            return str(answer.status_code)
    return "other"


def test_a_manager_with_no_user_record_gets_maxs_answer_on_every_route(both: Any) -> None:
    """Roles apart from users: whether MAX reads the actor (UnknownUserError) or denies
    (Forbidden, the empty conversation ACL) is the same in the fake, route by route."""
    seen = []
    for base, headers in both:
        c = Client(base, headers)
        values = _world(c)
        answers = {}
        for route in ROUTE_TABLE.by_name.values():
            if route.deprecated:
                continue
            for method in route.methods:
                if method == "DELETE" and route.name in ("user", "conversations",
                                                          "conversation", "context"):
                    continue
                path = route.path
                for key, value in values.items():
                    path = path.replace("{" + key + "}", value)
                answers[(route.name, method)] = _kind(c(method, path, {}, "test_manager"))
        seen.append(answers)
    real, fake = seen
    assert {k: (real[k], fake[k]) for k in real if real[k] != fake[k]} == {}


def _sort_walk(c: Client, seed: int) -> dict[tuple[str, str, str], list[str]]:
    rnd = random.Random(seed)
    url = "http://sort.test/ctx"
    chash = _hash(url)
    c("POST", "/people", {"username": "test_manager_2"})
    users = [f"u{i}" for i in range(4)]
    for name in users:
        c("POST", "/people", {"username": name})
    c("POST", "/contexts", {"url": url, "displayName": "S", "permissions": {
        "read": "subscribed", "write": "subscribed", "subscribe": "public",
        "flag": "subscribed"}})
    for name in users:
        c("POST", f"/people/{name}/subscriptions",
          {"object": {"objectType": "context", "url": url}}, name)
    names = {}
    for i in range(8):
        posted = c("POST", f"/contexts/{chash}/activities",
                   {"object": {"objectType": "note", "content": f"act {i}"}},
                   rnd.choice(users)).json()
        names[posted["id"]] = f"act {i}"
    ids = list(names)
    for _ in range(25):
        op, aid, who = rnd.choice(["like", "comment", "flag", "unflag", "unlike"]), \
            rnd.choice(ids), rnd.choice(users)
        if op == "like":
            c("POST", f"/activities/{aid}/likes", None, who)
        elif op == "unlike":
            c("DELETE", f"/activities/{aid}/likes/{who}", None, who)
        elif op == "comment":
            c("POST", f"/activities/{aid}/comments",
              {"object": {"objectType": "comment", "content": "c"}}, who)
        else:
            c("POST" if op == "flag" else "DELETE", f"/activities/{aid}/flag")
        time.sleep(0.01)
    out = {}
    for sort in ("likes", "flagged"):
        for priority in ("activity", "comments"):
            for path in (f"/contexts/{chash}/activities", "/people/u0/timeline"):
                query = {"sort": sort, "priority": priority}
                first = c("GET", path, None, "u0", limit=3, **query).json()
                order = [names[a["id"]] for a in first]
                if first:
                    second = c("GET", path, None, "u0", limit=3, before=first[-1]["id"],
                               **query).json()
                    order += ["|"] + [names[a["id"]] for a in second]
                order += ["||"] + [names[a["id"]] for a in c("GET", path, None, "u0",
                                                              limit=50, **query).json()]
                out[(sort, priority, path)] = order
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_likes_and_flagged_orders_match_max(both: Any, seed: int) -> None:
    real, fake = (_sort_walk(Client(base, headers), seed) for base, headers in both)
    assert {k: (real[k], fake[k]) for k in real if real[k] != fake[k]} == {}


def _archive_walk(c: Client) -> dict[str, Any]:
    for name in ("test_manager_2", "alice", "bob", "carol", "dave", "erin"):
        c("POST", "/people", {"username": name})

    def start(parts: list[str]) -> str:
        return c("POST", "/conversations", {
            "contexts": [{"objectType": "conversation", "participants": parts}],
            "object": {"objectType": "note", "content": "x " + "".join(parts)}},
            "alice").json()["contexts"][0]["id"]

    def state(cid: str) -> tuple[Any, ...]:
        answer = c("GET", f"/conversations/{cid}").json()
        return tuple(answer.get("tags", ())), len(answer.get("participants", ()))

    out: dict[str, Any] = {}
    pair = start(["alice", "bob"])
    c("DELETE", f"/conversations/{pair}/participants/bob", None, "bob")
    out["bob left"] = state(pair)
    c("DELETE", "/people/bob")
    out["bob left, then deleted"] = state(pair)
    c("POST", "/people", {"username": "bob"})
    out["bob created again"] = state(pair)
    other = start(["alice", "carol"])
    c("DELETE", "/people/carol")
    out["carol deleted"] = state(other)
    group = start(["alice", "dave", "erin"])
    for name in ("dave", "erin"):
        c("DELETE", f"/conversations/{group}/participants/{name}", None, name)
        out[f"{name} left the group"] = state(group)
    out["dave added again"] = c("POST", f"/conversations/{group}/participants", {
        "actor": {"objectType": "person", "username": "dave"}}, "alice").status_code, \
        state(group)
    return out


def test_single_and_archive_tags_follow_max(both: Any) -> None:
    real, fake = (_archive_walk(Client(base, headers)) for base, headers in both)
    assert real == fake
