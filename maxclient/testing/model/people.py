"""Users of the fake MAX, stored in MAX's document shape.

``sorted_names`` keeps usernames in order so ``GET /people`` pages without sorting
every user on each request.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .backend import MaxBackend

TWITTER_USERNAME = re.compile(r"^[A-Za-z0-9_]{1,15}$")


def normalize_twitter_username(value: str) -> str | None:
    """MAX strips ``@`` and spaces and lower-cases; None when still invalid."""
    cleaned = value.replace("@", "").strip()
    return cleaned.lower() if TWITTER_USERNAME.match(cleaned) else None


class People:
    def __init__(self, backend: MaxBackend) -> None:
        self.backend = backend
        self.users: dict[str, dict[str, Any]] = {}  # lower-cased username -> document
        self.sorted_names: list[str] = []
        self.avatars: dict[str, dict[str, bytes]] = {}  # username -> size -> png bytes

    def get(self, username: str) -> dict[str, Any] | None:
        return self.users.get(username.lower())

    def create(self, username: str, creator: str, **fields: Any) -> tuple[dict[str, Any], bool]:
        """Create (or find) a user; True when it was created."""
        key = username.lower()
        existing = self.users.get(key)
        if existing is not None:
            return existing, False
        now = self.backend.now()
        user: dict[str, Any] = {
            "_id": self.backend.new_id(),
            "username": key,
            "displayName": fields.pop("displayName", None) or key,
            "objectType": "person",
            "published": now,
            "last_login": now,
            "_creator": creator,
            "_owner": key,
            "following": [],
            "subscribedTo": [],
            "unsubscribedToPush": [],
            "talkingIn": [],
            **fields,
        }
        self.users[key] = user
        bisect.insort(self.sorted_names, key)
        self.backend.conversations.on_user_created(key)
        return user, True

    def update(self, user: dict[str, Any], changes: dict[str, Any], unset: list[str]) -> None:
        user.update(changes)
        for key in unset:
            user.pop(key, None)

    def delete(self, user: dict[str, Any]) -> None:
        """Remove the user and his context subscriptions (activities and tokens stay)."""
        key = user["username"]
        self.backend.contexts.forget_user(user)
        self.backend.conversations.on_user_deleted(user)
        self.users.pop(key, None)
        index = bisect.bisect_left(self.sorted_names, key)
        if index < len(self.sorted_names) and self.sorted_names[index] == key:
            del self.sorted_names[index]
        self.avatars.pop(key, None)

    def names(self, *, descending: bool = True) -> list[str]:
        return self.sorted_names[::-1] if descending else list(self.sorted_names)

    def set_avatar(self, username: str, sizes: dict[str, bytes]) -> None:
        """Store the PNGs made from an upload, by size name (``default``, ``large``)."""
        self.avatars[username.lower()] = dict(sizes)

    def avatar(self, username: str, size: str = "default") -> bytes | None:
        sizes = self.avatars.get(username.lower())
        if not sizes:
            return None
        return sizes.get(size) or sizes.get("default")
