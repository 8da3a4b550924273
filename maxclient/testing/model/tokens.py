"""Device (push) tokens, indexed by token string and by owner."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .backend import MaxBackend

PLATFORMS = ("ios", "android")


def short_form(token: dict[str, Any]) -> dict[str, Any]:
    """The shape every token listing uses."""
    return {"token": token["token"], "platform": token["platform"],
            "username": token["_owner"]}


class Tokens:
    def __init__(self, backend: MaxBackend) -> None:
        self.backend = backend
        self.by_token: dict[str, dict[str, Any]] = {}
        # owner -> token strings in creation (= id) order
        self.by_owner: dict[str, dict[str, None]] = {}

    def get(self, key: str) -> dict[str, Any] | None:
        return self.by_token.get(key)

    def add(self, token: str, platform: str, device: Any, owner: str, creator: str
            ) -> dict[str, Any]:
        """Register ``token``; an existing one (of anybody) is replaced, as MAX does."""
        existing = self.by_token.get(token)
        if existing is not None:
            self.delete(existing)
        record = {
            "_id": self.backend.new_id(),
            "token": token,
            "platform": platform,
            "device": device,
            "published": self.backend.now(),
            "objectType": "token",
            "_owner": owner.lower(),
            "_creator": creator,
        }
        self.by_token[token] = record
        self.by_owner.setdefault(record["_owner"], {})[token] = None
        return record

    def delete(self, record: dict[str, Any]) -> None:
        self.by_token.pop(record["token"], None)
        owned = self.by_owner.get(record["_owner"])
        if owned is not None:
            owned.pop(record["token"], None)
            if not owned:
                del self.by_owner[record["_owner"]]

    def of_user(self, username: str, platform: str | None = None) -> list[dict[str, Any]]:
        """``username``'s stored tokens, newest first."""
        names = self.by_owner.get(username.lower(), {})
        records = [self.by_token[t] for t in reversed(list(names))]
        if platform is not None:
            records = [r for r in records if r["platform"] == platform]
        return records

    def delete_of_user(self, username: str, platform: str | None = None) -> None:
        for record in self.of_user(username, platform):
            self.delete(record)

    def for_users(self, usernames: Iterable[str]) -> list[dict[str, Any]]:
        """Short-form tokens of all ``usernames`` (push targets), newest first."""
        records: list[dict[str, Any]] = []
        for name in dict.fromkeys(n.lower() for n in usernames):
            records.extend(self.of_user(name))
        records.sort(key=lambda r: r["_id"], reverse=True)
        return [short_form(r) for r in records]
