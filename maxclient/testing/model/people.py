"""Users of the fake MAX, stored in MAX's document shape."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .backend import MaxBackend


class People:
    def __init__(self, backend: MaxBackend) -> None:
        self.backend = backend
        self.users: dict[str, dict[str, Any]] = {}  # lower-cased username -> document

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
        return user, True
