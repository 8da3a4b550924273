"""Tokens store of the fake MAX (to be filled in)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .backend import MaxBackend


class Tokens:
    def __init__(self, backend: MaxBackend) -> None:
        self.backend = backend

    def get(self, key: str) -> dict[str, Any] | None:
        return None
