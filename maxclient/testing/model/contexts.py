"""Contexts and the context subscriptions embedded in user documents.

A subscription is not a resource of its own in MAX: it is an entry of the user's
``subscribedTo`` list, a snapshot of the context with the user's effective
permission list. ``subscribers`` indexes them per context so listing a context's
subscribers or push targets never scans the users.

A changed context is announced to the activities store (``on_context_changed``),
which keeps the ``contexts[]`` snapshots of its posts in step; posts of a deleted
context stay stored, hidden from timelines and user streams (``hide_posts_of``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .acl import default_permissions
from .common import context_hash

if TYPE_CHECKING:
    from .backend import MaxBackend

CREATION_DEFAULTS = {"read": "restricted", "write": "restricted", "subscribe": "restricted",
                     "invite": "restricted"}

# Context fields a subscription snapshot carries (besides ``permissions``).
_SNAPSHOT_FIELDS = ("url", "hash", "displayName", "objectType", "tags", "notifications",
                    "twitterHashtag", "twitterUsername", "twitterUsernameId")
# Changes of these fields are copied into every subscriber's entry.
_SYNCED_FIELDS = ("url", "hash", "displayName", "tags", "notifications")

TWITTER_HASHTAG = re.compile(r"^\s*#?([A-Za-z0-9_-]+)\s*$")
TWITTER_USERNAME = re.compile(r"^\s*@?([A-Za-z0-9_]{1,15})\s*$")


class Contexts:
    def __init__(self, backend: MaxBackend) -> None:
        self.backend = backend
        self.by_hash: dict[str, dict[str, Any]] = {}
        self.by_id: dict[str, dict[str, Any]] = {}  # creation (= id) order
        # hash -> usernames (dict as an ordered set), for subscribers and push opt-outs
        self.subscribers: dict[str, dict[str, None]] = {}
        self.push_optouts: dict[str, dict[str, None]] = {}
        # (username, url) -> that user's latest ``subscribe`` activity for the url
        self.subscribe_activities: dict[tuple[str, str], dict[str, Any]] = {}
        self.avatars: dict[str, bytes] = {}

    # -- contexts -----------------------------------------------------------
    def get(self, key: str) -> dict[str, Any] | None:
        return self.by_hash.get(key)

    def create(self, fields: dict[str, Any], creator: str) -> tuple[dict[str, Any], bool]:
        """Create from validated ``fields`` (``url`` required); an existing hash wins."""
        url = fields["url"]
        key = context_hash(url)
        existing = self.by_hash.get(key)
        if existing is not None:
            return existing, False
        owner = fields.pop("owner", None) or creator
        context: dict[str, Any] = {
            "_id": self.backend.new_id(),
            "objectType": "context",
            "url": url,
            "hash": key,
            "displayName": url,
            "permissions": dict(CREATION_DEFAULTS),
            "tags": [],
            "notifications": False,
            "published": self.backend.now(),
            "_owner": owner,
            "_creator": creator,
        }
        context.update({k: v for k, v in fields.items() if k != "url"})
        if "twitterUsername" in context:
            context["twitterUsernameId"] = None
        self.by_hash[key] = context
        self.by_id[context["_id"]] = context
        self.subscribers[key] = {}
        self.push_optouts[key] = {}
        return context, True

    def listing(self, *, public_only: bool = False) -> Iterator[dict[str, Any]]:
        """Contexts newest first, lazily (``by_id`` keeps id order)."""
        for context in reversed(self.by_id.values()):
            if not public_only or (context.get("permissions") or {}).get("subscribe") == "public":
                yield context

    def update(self, context: dict[str, Any], changes: dict[str, Any],
               unset: list[str]) -> None:
        """Apply a PUT: ``changes`` set, ``unset`` removed, then sync subscribers."""
        old_hash = context["hash"]
        changed: set[str] = set()
        for key, value in changes.items():
            if key == "permissions":
                merged = {**(context.get("permissions") or {}), **value}
                if merged != context.get("permissions"):
                    context["permissions"] = merged
                    changed.add(key)
            elif context.get(key) != value:
                context[key] = value
                changed.add(key)
        for key in unset:
            if key in context:
                del context[key]
                changed.add(key)
        if "twitterUsername" in changed:
            if "twitterUsername" in context:
                context["twitterUsernameId"] = None
            else:
                context.pop("twitterUsernameId", None)
        if "url" in changed and "url" in context:
            new_hash = context_hash(context["url"])
            if new_hash != old_hash:
                self._rehash(context, old_hash, new_hash)
                changed.add("hash")
        if changed & set(_SYNCED_FIELDS) or "permissions" in changed:
            self.sync_subscribers(context, old_hash, recompute="permissions" in changed)
        if changed:
            self.backend.activities.on_context_changed(old_hash, context, changed)

    def _rehash(self, context: dict[str, Any], old: str, new: str) -> None:
        context["hash"] = new
        self.by_hash.pop(old, None)
        self.by_hash[new] = context
        self.subscribers[new] = self.subscribers.pop(old, {})
        self.push_optouts[new] = self.push_optouts.pop(old, {})
        if old in self.avatars:
            self.avatars[new] = self.avatars.pop(old)
        for user in self._users(self.push_optouts[new]):
            for entry in user["unsubscribedToPush"]:
                if entry.get("hash") == old:
                    entry["hash"] = new
                    entry["url"] = context["url"]

    def delete(self, context: dict[str, Any]) -> None:
        """Drop the context and every subscription to it (push opt-outs stay, as in MAX)."""
        key = context["hash"]
        for user in self._users(self.subscribers.get(key, {})):
            user["subscribedTo"] = [e for e in user["subscribedTo"] if e.get("hash") != key]
        self.backend.activities.hide_posts_of(key)
        self.by_hash.pop(key, None)
        self.by_id.pop(context["_id"], None)
        self.subscribers.pop(key, None)
        self.push_optouts.pop(key, None)
        self.avatars.pop(key, None)

    def set_tags(self, context: dict[str, Any], tags: list[str]) -> None:
        """Replace the tags; MAX then force-syncs every subscriber, recomputing permissions."""
        old_hash = context["hash"]
        context["tags"] = list(tags)
        self.sync_subscribers(context, old_hash, recompute=True)
        self.backend.activities.on_context_changed(old_hash, context, {"tags"})

    # -- subscriptions --------------------------------------------------------
    def snapshot(self, context: dict[str, Any]) -> dict[str, Any]:
        """A ``subscribedTo`` entry for a fresh subscriber."""
        entry = {k: _copy(context[k]) for k in _SNAPSHOT_FIELDS if k in context}
        entry["permissions"] = default_permissions(context)
        return entry

    def subscription(self, user: dict[str, Any], key: str) -> dict[str, Any] | None:
        for entry in user.get("subscribedTo", ()):
            if entry.get("hash") == key:
                return entry
        return None

    def subscribe(self, user: dict[str, Any], context: dict[str, Any], creator: str
                  ) -> tuple[dict[str, Any], bool]:
        """Subscribe ``user``; the ``subscribe`` activity and whether it is new."""
        return self._enlist(user, context, creator, "subscribedTo", self.subscribers)

    def _enlist(self, user: dict[str, Any], context: dict[str, Any], creator: str,
                field: str, index: dict[str, dict[str, None]]) -> tuple[dict[str, Any], bool]:
        """Add the context to one of the user's lists (and its per-context index); MAX
        answers both subscribing and muting push with the ``subscribe`` activity."""
        key = context["hash"]
        username = user["username"]
        if username in index.get(key, {}):
            found = self.subscribe_activities.get((username, context["url"]))
            if found is None:  # listed before the url changed: make one up
                found = self._subscribe_activity(user, context, creator)
            return found, False
        user.setdefault(field, []).append(self.snapshot(context))
        index.setdefault(key, {})[username] = None
        return self._subscribe_activity(user, context, creator), True

    def _subscribe_activity(self, user: dict[str, Any], context: dict[str, Any],
                            creator: str) -> dict[str, Any]:
        activity_id = self.backend.new_id()
        activity = {
            "_id": activity_id,
            "objectType": "activity",
            "verb": "subscribe",
            "actor": {"objectType": "person", "username": user["username"],
                      "displayName": user.get("displayName", user["username"])},
            "object": {"objectType": "context", "url": context["url"], "id": context["_id"]},
            "published": self.backend.now(),
            "_creator": creator,
            "_owner": user["username"],
            "_keywords": [],
            "replies": [],
            "generator": None,
            "likes": [],
            "likesCount": 0,
            "favorites": [],
            "favoritesCount": 0,
            "lastComment": activity_id,
        }
        self.subscribe_activities[(user["username"], context["url"])] = activity
        self.backend.activities.keep(activity)  # readable as /activities/{id}
        return activity

    def unsubscribe(self, user: dict[str, Any], key: str) -> bool:
        """Remove the subscription and any push opt-out; False when not subscribed."""
        username = user["username"]
        if self.subscription(user, key) is None:
            return False
        user["subscribedTo"] = [e for e in user["subscribedTo"] if e.get("hash") != key]
        self.subscribers.get(key, {}).pop(username, None)
        self.push_opt_in(user, key)
        return True

    def forget_user(self, user: dict[str, Any]) -> None:
        """A deleted user leaves every context index."""
        username = user["username"]
        for entry in user.get("subscribedTo", ()):
            self.subscribers.get(entry.get("hash", ""), {}).pop(username, None)
        for entry in user.get("unsubscribedToPush", ()):
            self.push_optouts.get(entry.get("hash", ""), {}).pop(username, None)

    def subscriber_users(self, key: str) -> list[dict[str, Any]]:
        """Subscribed users, newest user first."""
        return sorted(self._users(self.subscribers.get(key, {})), key=lambda u: u["_id"],
                      reverse=True)

    def sync_subscribers(self, context: dict[str, Any], old_hash: str, *,
                         recompute: bool) -> None:
        for user in self._users(self.subscribers.get(context["hash"], {})):
            for entry in user["subscribedTo"]:
                if entry.get("hash") not in (old_hash, context["hash"]):
                    continue
                for key in _SYNCED_FIELDS:
                    if key in context:
                        entry[key] = _copy(context[key])
                    else:
                        entry.pop(key, None)
                if recompute:
                    self.recompute(context, entry)

    # -- per-subscriber permissions ------------------------------------------
    @staticmethod
    def recompute(context: dict[str, Any], entry: dict[str, Any]) -> None:
        grants = entry.get("_grants") or []
        vetos = entry.get("_vetos") or []
        new = default_permissions(context)
        new += [g for g in grants if g not in new]
        entry["permissions"] = [p for p in new if p not in vetos or p in grants]

    @staticmethod
    def grant(entry: dict[str, Any], permission: str, permanent: bool) -> bool:
        """Grant; False when it was already a permanent grant (nothing changes)."""
        if permission in entry.get("_grants", ()):
            return False
        if permission not in entry["permissions"]:
            entry["permissions"].append(permission)
        grants = entry.setdefault("_grants", [])
        vetos = entry.setdefault("_vetos", [])
        if permanent:
            grants.append(permission)
        entry["_vetos"] = [v for v in vetos if v != permission]
        return True

    @staticmethod
    def revoke(entry: dict[str, Any], permission: str, permanent: bool) -> bool:
        """Revoke; False when it was already a permanent veto (nothing changes)."""
        if permission in entry.get("_vetos", ()):
            return False
        entry["permissions"] = [p for p in entry["permissions"] if p != permission]
        vetos = entry.setdefault("_vetos", [])
        grants = entry.setdefault("_grants", [])
        if permanent:
            vetos.append(permission)
        entry["_grants"] = [g for g in grants if g != permission]
        return True

    @staticmethod
    def reset(context: dict[str, Any], entry: dict[str, Any]) -> None:
        entry["_grants"] = []
        entry["_vetos"] = []
        entry["permissions"] = default_permissions(context)

    # -- push notification opt-outs --------------------------------------------
    def avatar(self, key: str) -> bytes | None:
        return self.avatars.get(key)

    def push_targets(self, key: str) -> list[str]:
        """Subscribers of context ``key`` who did not opt out of its push notifications."""
        return [name for name in self.subscribers.get(key, {})
                if not self.push_opted_out(name, key)]

    def push_opted_out(self, username: str, key: str) -> bool:
        return username.lower() in self.push_optouts.get(key, {})

    def push_opt_out(self, user: dict[str, Any], context: dict[str, Any], creator: str
                     ) -> tuple[dict[str, Any], bool]:
        """Mute push for the context; the ``subscribe`` activity MAX answers with."""
        return self._enlist(user, context, creator, "unsubscribedToPush", self.push_optouts)

    def push_opt_in(self, user: dict[str, Any], key: str) -> bool:
        """Unmute push; False when the user had not muted it."""
        username = user["username"]
        entries = user.get("unsubscribedToPush", [])
        kept = [e for e in entries if e.get("hash") != key]
        self.push_optouts.get(key, {}).pop(username, None)
        if len(kept) == len(entries):
            return False
        user["unsubscribedToPush"] = kept
        return True

    def push_optout_users(self, key: str) -> list[dict[str, Any]]:
        return sorted(self._users(self.push_optouts.get(key, {})), key=lambda u: u["_id"],
                      reverse=True)

    def _users(self, names: dict[str, None]) -> list[dict[str, Any]]:
        people = self.backend.people
        return [u for u in (people.get(n) for n in list(names)) if u is not None]


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value
