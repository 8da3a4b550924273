"""Rebuild a fake MAX from the state format: documents as stored, indexes recomputed.

Loading never goes through the views: ids, dates and every server-side field come
back exactly as dumped. The stores' indexes are derived data, rebuilt here from the
documents in id order (the order the model itself would have appended them).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..model.backend import MaxBackend
from ..model.common import IdMinter, is_object_id
from .codec import bulk, decode, from_base64
from .dump import FORMAT, URL_SETTINGS, VERSION

if TYPE_CHECKING:
    from ..server import FakeMaxServer

Doc = dict[str, Any]


class StateError(ValueError):
    """The data is not a state this version can load (the message says where)."""


def is_state(data: Any) -> bool:
    return isinstance(data, Mapping) and data.get("format") == FORMAT


def load_state(server: FakeMaxServer, data: Mapping[str, Any]) -> None:
    """Replace the server's MAX data by ``data``; nothing changes when it is invalid."""
    try:
        with bulk():
            backend = build_backend(data)
    except StateError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StateError(f"malformed maxclient state: {type(exc).__name__}: {exc}") from None
    settings = {k: v for k, v in server.settings.items() if k in URL_SETTINGS}
    settings.update(data.get("settings") or {})
    for name, password in dict(data.get("accounts") or {}).items():
        server.register_account(name, password)
    with server.backend.lock:
        server.settings = settings
        server.backend = backend


def build_backend(data: Mapping[str, Any]) -> MaxBackend:
    if not is_state(data):
        raise StateError(f"not a maxclient state (expected \"format\": \"{FORMAT}\")")
    if data.get("version") != VERSION:
        raise StateError(f"unsupported maxclient state version {data.get('version')!r} "
                         f"(this maxclient reads version {VERSION})")
    backend = MaxBackend(())
    backend.people.users.clear()
    backend.people.sorted_names.clear()
    security = data.get("security") or {}
    if security.get("id"):
        backend.security.id = security["id"]
    for role, names in (security.get("roles") or {}).items():
        for name in names:
            backend.security.grant(role, name)
    _people(backend, decode(data.get("users") or []), decode(data.get("subscriptions") or []))
    _contexts(backend, decode(data.get("contexts") or []))
    _activities(backend, decode(data.get("activities") or []))
    _conversations(backend, decode(data.get("conversations") or []),
                   decode(data.get("messages") or []))
    _tokens(backend, decode(data.get("tokens") or []))
    _files(backend, data.get("files") or {})
    ids = _all_ids(backend)
    wrong = next((key for key in ids if not is_object_id(key)), None)
    if wrong is not None:
        raise StateError(f"_id {wrong!r} is not a 24-hex-digit id (MAX's ObjectId form)")
    highest = max(ids, default="")
    backend.new_id = IdsAfter(highest)
    return backend


class IdsAfter(IdMinter):
    """Mint ids that sort after every loaded one, so id-ordered indexes stay ordered
    even when the loaded ids came from a later clock or from a real MAX."""

    def __init__(self, floor: str) -> None:
        super().__init__()
        self._last = floor
        self._floor_lock = threading.Lock()

    def __call__(self) -> str:
        candidate = super().__call__()
        with self._floor_lock:
            stale = len(candidate) != len(self._last) or candidate <= self._last
            if stale and self._last:
                candidate = f"{int(self._last, 16) + 1:0{len(self._last)}x}"
            self._last = candidate
        return candidate


def _people(backend: MaxBackend, users: list[Doc], subscriptions: list[Doc]) -> None:
    people = backend.people
    for user in sorted(users, key=_key):
        user.setdefault("subscribedTo", [])  # dumped apart, as ``subscriptions``
        people.users[user["username"]] = user
    people.sorted_names[:] = sorted(people.users)
    for entry in subscriptions:
        user = people.users[entry.pop("username")]
        user["subscribedTo"].append(entry)


def _contexts(backend: MaxBackend, contexts: list[Doc]) -> None:
    store = backend.contexts
    for context in sorted(contexts, key=_key):
        store.by_hash[context["hash"]] = context
        store.by_id[context["_id"]] = context
        store.subscribers[context["hash"]] = {}
        store.push_optouts[context["hash"]] = {}
    for user in sorted(backend.people.users.values(), key=_key):
        for field, index in (("subscribedTo", store.subscribers),
                             ("unsubscribedToPush", store.push_optouts)):
            for entry in user.get(field) or ():
                if entry.get("hash") in index:
                    index[entry["hash"]][user["username"]] = None


def _activities(backend: MaxBackend, docs: list[Doc]) -> None:
    store = backend.activities
    joins = getattr(backend.conversations, "_joins", None)
    for doc in sorted(docs, key=_key):
        verb, obj = doc.get("verb"), doc.get("object") or {}
        if verb == "subscribe" and obj.get("objectType") == "conversation" \
                and joins is not None:
            joins[(obj["id"], doc["actor"]["username"])] = doc
            continue
        visible = doc.pop("visible", None)
        if visible is False or (visible is None and store.in_deleted_context(doc)):
            store.hidden.add(doc["_id"])
        store.docs[doc["_id"]] = doc
        if verb == "subscribe":
            backend.contexts.subscribe_activities[(doc["_owner"], obj["url"])] = doc
        else:
            store.index(doc)  # posts and comments, in id order


def _conversations(backend: MaxBackend, conversations: list[Doc], messages: list[Doc]
                   ) -> None:
    store = backend.conversations
    for conv in sorted(conversations, key=_key):
        store.items[conv["_id"]] = conv
        store.message_ids[conv["_id"]] = []
    for message in sorted(messages, key=_key):
        store.messages[message["_id"]] = message
        store.index_message(message)
    store._reindex_pairs()


def _tokens(backend: MaxBackend, tokens: list[Doc]) -> None:
    store = backend.tokens
    for token in sorted(tokens, key=_key):
        store.by_token[token["token"]] = token
        store.by_owner.setdefault(token["_owner"], {})[token["token"]] = None


def _files(backend: MaxBackend, files: Mapping[str, Any]) -> None:
    for name, sizes in (files.get("people_avatars") or {}).items():
        backend.people.avatars[name] = {size: from_base64(d) for size, d in sizes.items()}
    for key, data in (files.get("context_avatars") or {}).items():
        backend.contexts.avatars[key] = from_base64(data)
    for key, item in (files.get("activity_files") or {}).items():
        backend.activities.blobs[key] = (from_base64(item["data"]), item["mimetype"])
    for key, parts in (files.get("message_files") or {}).items():
        backend.conversations.blobs[key] = {p: from_base64(d) for p, d in parts.items()}


def _all_ids(backend: MaxBackend) -> list[str]:
    ids = list(backend.people.users.values()) + list(backend.contexts.by_id.values())
    ids += list(backend.activities.docs.values()) + list(backend.conversations.items.values())
    ids += list(backend.conversations.messages.values())
    ids += list(backend.tokens.by_token.values())
    ids += list(getattr(backend.conversations, "_joins", {}).values())
    return [str(doc["_id"]) for doc in ids]


def _key(doc: Doc) -> str:
    return str(doc["_id"])
