"""``maxclient demo``: a scripted tour of the API on an embedded fake MAX.

Every step is a real client call (in process, through the WSGI transport), printed
with a compact view of its result; the first failure stops the tour (exit 1).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from ..errors import RequestError
from ..rest import MaxClient

CONTEXT = "http://demo.example/community"
OPEN = {"read": "public", "write": "public", "subscribe": "public"}


def add_parser(sub: Any) -> None:
    p = sub.add_parser("demo", help="a short scripted tour on an embedded fake MAX")
    p.set_defaults(run=run)


def _short(value: Any, width: int = 100) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text if len(text) <= width else text[: width - 3] + "..."


def _subscribe(admin: MaxClient, username: str) -> Any:
    person = {"objectType": "person", "username": username}
    return admin.contexts[CONTEXT].subscriptions.post(actor=person)


def run(args: argparse.Namespace | None = None) -> int:
    from ..testing.server import FakeMaxServer
    from . import DEFAULT_MANAGER

    server = FakeMaxServer(managers=[DEFAULT_MANAGER])
    server.create_user(DEFAULT_MANAGER)  # as MAX's own test base does before each test
    clients: dict[str, MaxClient] = {}

    def as_user(name: str) -> MaxClient:
        if name not in clients:
            client = MaxClient(server.url, oauth_server=server.oauth_url,
                               transport=server.transport())
            client.login(name, "demo")  # the fake's OAuth accepts any password
            clients[name] = client
        return clients[name]

    found: dict[str, Any] = {}
    admin = as_user(DEFAULT_MANAGER)
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("POST /people alice", lambda: admin.people.post(username="alice",
                                                           displayName="Alice")),
        ("POST /people bob", lambda: admin.people.post(username="bob", displayName="Bob")),
        ("POST /contexts", lambda: admin.contexts.post(
            url=CONTEXT, displayName="Community", permissions=OPEN)),
        ("POST /contexts/{hash}/subscriptions alice", lambda: _subscribe(admin, "alice")),
        ("POST /contexts/{hash}/subscriptions bob", lambda: _subscribe(admin, "bob")),
        ("alice: POST /contexts/{hash}/activities", lambda: found.setdefault(
            "activity", as_user("alice").contexts[CONTEXT].activities.post(
                object_content="Hello, community!"))),
        ("bob: POST /activities/{id}/comments", lambda: as_user("bob").activities[
            found["activity"]["id"]].comments.post(object_content="Welcome, Alice!")),
        ("bob: POST /activities/{id}/likes", lambda: as_user("bob").activities[
            found["activity"]["id"]].likes.post()),
        ("alice: GET /people/alice/timeline", lambda: [
            (a["actor"]["username"], a["object"].get("content"), a.get("likesCount"))
            for a in as_user("alice").people["alice"].timeline.get(qs={"limit": 5})]),
        ("alice: POST /conversations", lambda: found.setdefault(
            "message", as_user("alice").conversations.post(
                contexts=[{"objectType": "conversation", "participants": ["alice", "bob"]}],
                object_content="Hi Bob, coffee?"))),
        ("bob: POST /conversations/{id}/messages", lambda: as_user("bob").conversations[
            found["message"]["contexts"][0]["id"]].messages.post(object_content="Sure!")),
        ("bob: GET /conversations/{id}/messages", lambda: [
            (m["actor"]["username"], m["object"]["content"])
            for m in as_user("bob").conversations[
                found["message"]["contexts"][0]["id"]].messages.get()]),
    ]
    for title, step in steps:
        try:
            result = step()
        except (RequestError, KeyError, TypeError) as exc:
            print(f"-> {title}\n   FAILED: {exc}", flush=True)
            print(f"demo failed at: {title}: {exc}", file=sys.stderr)
            return 1
        print(f"-> {title}\n   {_short(result)}", flush=True)
    print("Demo finished: all calls succeeded.")
    return 0
