"""Global roles (Manager, NonVisible), as MAX keeps them in its ``security`` document."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterable

from .py2dict import dict_order

ALLOWED_ROLES = ("Manager", "NonVisible")


class Security:
    def __init__(self, managers: Iterable[str] = ()) -> None:
        # the id of MAX's single ``security`` document, shown by ``GET /admin/security``
        self.id = f"{int(time.time()):08x}{secrets.token_hex(8)}"
        # MAX's document holds a role once it was granted (revoked to [] it stays), its
        # names in the order granted ($addToSet appends): ``_listed`` keeps that order.
        self.roles: dict[str, set[str]] = {}
        self._listed: dict[str, list[str]] = {}
        for name in managers:
            self.grant("Manager", name)

    def grant(self, role: str, username: str) -> bool:
        """Give ``role``; False when the user already had it."""
        members = self.roles.setdefault(role, set())
        key = username.lower()
        if key in members:
            return False
        members.add(key)
        self._listed.setdefault(role, []).append(key)
        return True

    def revoke(self, role: str, username: str) -> bool:
        members = self.roles.get(role, set())
        key = username.lower()
        if key not in members:
            return False
        members.discard(key)
        self._listed[role].remove(key)
        return True

    def has(self, role: str, username: str | None) -> bool:
        return bool(username and username.lower() in self.roles.get(role, ()))

    def is_manager(self, username: str | None) -> bool:
        return self.has("Manager", username)

    def as_document(self) -> dict[str, list[str]]:
        """The roles MAX stored, each with its names in the order granted."""
        return {role: list(self._listed.get(role, ())) for role in self.roles}

    def users_with_roles(self) -> list[str]:
        """Everyone holding a role, in the order MAX lists them (a Python 2 dict filled
        role by role)."""
        return dict_order(name for role in ALLOWED_ROLES for name in self._listed.get(role, ()))
