"""MAX's silent rewrites of deprecated URLs (max-api deprecations.md)."""

from __future__ import annotations

from .request import FakeRequest


def rewrite(req: FakeRequest) -> None:
    """Rewrite ``req`` in place (path, method, body) when it uses a deprecated URL."""
