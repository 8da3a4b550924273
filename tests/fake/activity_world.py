"""Set-up helpers for the activity tests: users, contexts and subscriptions.

They go through the model API (the people/contexts views are another part of the
fake), then every assertion goes through HTTP."""

from __future__ import annotations

from typing import Any

from maxclient.testing import FakeMaxServer

SUBSCRIBED = {"read": "subscribed", "write": "subscribed", "subscribe": "restricted"}


def user(server: FakeMaxServer, name: str, display: str | None = None) -> dict[str, Any]:
    fields = {"displayName": display} if display else {}
    doc, _ = server.backend.people.create(name, creator="test_manager", **fields)
    return doc


def context(server: FakeMaxServer, url: str, **permissions: str) -> dict[str, Any]:
    perms = {**SUBSCRIBED, **permissions}
    doc, _ = server.backend.contexts.create(
        {"url": url, "displayName": url.rsplit("/", 1)[-1], "permissions": perms},
        "test_manager")
    return doc


def subscribe(server: FakeMaxServer, name: str, ctx: dict[str, Any], *extra: str) -> None:
    member = server.backend.people.get(name) or user(server, name)
    server.backend.contexts.subscribe(member, ctx, "test_manager")
    entry = server.backend.contexts.subscription(member, ctx["hash"])
    assert entry is not None
    for permission in extra:
        if permission not in entry["permissions"]:
            entry["permissions"].append(permission)


def note(content: str, **extra: Any) -> dict[str, Any]:
    return {"object": {"objectType": "note", "content": content}, **extra}
