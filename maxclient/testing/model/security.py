"""Global roles (Manager, NonVisible), as MAX keeps them in its ``security`` document."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterable

ALLOWED_ROLES = ("Manager", "NonVisible")


class Security:
    def __init__(self, managers: Iterable[str] = ()) -> None:
        # the id of MAX's single ``security`` document, shown by ``GET /admin/security``
        self.id = f"{int(time.time()):08x}{secrets.token_hex(8)}"
        self.roles: dict[str, set[str]] = {role: set() for role in ALLOWED_ROLES}
        for name in managers:
            self.grant("Manager", name)

    def grant(self, role: str, username: str) -> bool:
        """Give ``role``; False when the user already had it."""
        members = self.roles.setdefault(role, set())
        key = username.lower()
        if key in members:
            return False
        members.add(key)
        return True

    def revoke(self, role: str, username: str) -> bool:
        members = self.roles.get(role, set())
        key = username.lower()
        if key not in members:
            return False
        members.discard(key)
        return True

    def has(self, role: str, username: str | None) -> bool:
        return bool(username and username.lower() in self.roles.get(role, ()))

    def is_manager(self, username: str | None) -> bool:
        return self.has("Manager", username)

    def as_document(self) -> dict[str, list[str]]:
        return {role: sorted(members) for role, members in self.roles.items()}

    def users_with_roles(self) -> list[str]:
        return sorted(set().union(*self.roles.values()))
