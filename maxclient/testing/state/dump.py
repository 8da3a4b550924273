"""A fake MAX's whole state as plain JSON data (the state format, see docs/state.md).

Documents are written as MAX stores them (``_id``, ``_owner``, ``_creator``...), in
id order, so the file reads like MAX's collections and loads back byte for byte.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .codec import bulk, encode, to_base64

if TYPE_CHECKING:
    from ..server import FakeMaxServer

FORMAT = "maxclient-state"
VERSION = 1
# Settings the server derives from the URL it is served at; never part of the state.
URL_SETTINGS = frozenset({"max.oauth_server", "max.oauth_check_endpoint"})


def dump_state(server: FakeMaxServer) -> dict[str, Any]:
    """Everything MAX would keep in its database, plus the fake's OAuth accounts."""
    backend = server.backend
    with backend.lock.read(), bulk():  # requests that only read go on meanwhile
        users: list[dict[str, Any]] = []
        subscriptions: list[dict[str, Any]] = []
        for user in sorted(backend.people.users.values(), key=_id):
            doc = dict(user)
            for entry in doc.pop("subscribedTo", None) or ():
                subscriptions.append({"username": user["username"], **entry})
            users.append(doc)
        conversations = backend.conversations
        activities = [_visibility(backend, key, doc)
                      for key, doc in backend.activities.docs.items()]
        activities += _joins(conversations)
        return {
            "format": FORMAT,
            "version": VERSION,
            "settings": {k: v for k, v in server.settings.items() if k not in URL_SETTINGS},
            "security": {"id": backend.security.id,
                         "roles": backend.security.as_document()},
            "accounts": dict(sorted(server._accounts.items())),
            "users": encode(users),
            "contexts": encode(sorted(backend.contexts.by_id.values(), key=_id)),
            "subscriptions": encode(subscriptions),
            "activities": encode(sorted(activities, key=_id)),
            "conversations": encode(sorted(conversations.items.values(), key=_id)),
            "messages": encode(sorted(conversations.messages.values(), key=_id)),
            "tokens": encode(sorted(backend.tokens.by_token.values(), key=_id)),
            "files": _files(server),
        }


def _visibility(backend: Any, key: str, doc: dict[str, Any]) -> dict[str, Any]:
    """MAX's collection keeps hidden posts as ``visible: false``; a post shown again
    although its context is gone says ``visible: true``, since a load hides the posts
    of missing contexts that say nothing (older dumps, snapshots of a real MAX)."""
    if key in backend.activities.hidden:
        return dict(doc, visible=False)
    if backend.activities.in_deleted_context(doc):
        return dict(doc, visible=True)
    return doc


def _id(doc: dict[str, Any]) -> str:
    return str(doc["_id"])


def _joins(conversations: Any) -> list[dict[str, Any]]:
    """The latest ``subscribe`` activity per conversation member (kept apart from the
    activity collection, as MAX answers joins with them but never lists them)."""
    return list(getattr(conversations, "_joins", {}).values())


def _files(server: FakeMaxServer) -> dict[str, Any]:
    """Uploaded bytes: avatars, activity images/files and message attachments."""
    backend = server.backend
    return {
        "people_avatars": {name: {size: to_base64(data) for size, data in sizes.items()}
                           for name, sizes in sorted(backend.people.avatars.items())},
        "context_avatars": {key: to_base64(data)
                            for key, data in sorted(backend.contexts.avatars.items())},
        "activity_files": {key: {"mimetype": mimetype, "data": to_base64(data)}
                           for key, (data, mimetype) in sorted(backend.activities.blobs.items())},
        "message_files": {key: {part: to_base64(data) for part, data in parts.items()}
                          for key, parts in sorted(backend.conversations.blobs.items())},
    }
