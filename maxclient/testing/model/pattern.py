"""MAX's ``username`` search filter: the caller's regular expression, bounded in time.

MAX hands the value to MongoDB as ``{"$regex": value, "$options": "i"}`` on the
documents' ``username`` or ``displayName``. The fake matches with the ``regex``
module (closer to MongoDB's PCRE than ``re``) under a per-request time budget, so a
pattern that backtracks catastrophically answers MAX's 400 instead of holding the
server's lock for seconds.
"""

from __future__ import annotations

import time
from typing import Any

import regex

from ..errors import InvalidSearchParams

BUDGET_SECONDS = 0.25
"""Matching time allowed per request (the regex module checks it coarsely: a stopped
search may run about three times as long)."""


class NameFilter:
    """``matches(doc)``: ``username`` or ``displayName`` matches, case-insensitively."""

    def __init__(self, pattern: str, budget: float = BUDGET_SECONDS) -> None:
        try:
            self.compiled = regex.compile(pattern, regex.IGNORECASE | regex.VERSION0)
        except (regex.error, RecursionError, OverflowError, ValueError):
            # MAX answers a 500 (the database refuses the pattern); the fake says why.
            raise InvalidSearchParams(
                f"username must be a valid regular expression: {pattern!r}") from None
        self.pattern = pattern
        self.budget = budget
        self._deadline: float | None = None

    def __repr__(self) -> str:
        return f"NameFilter({self.pattern!r})"

    def search(self, text: str) -> bool:
        if self._deadline is None:  # the budget runs from the first match of the request
            self._deadline = time.monotonic() + self.budget
        remaining = self._deadline - time.monotonic()
        try:
            if remaining <= 0:
                raise TimeoutError
            # concurrent: the GIL is released while matching, so other requests go on.
            return self.compiled.search(text, timeout=remaining, concurrent=True) is not None
        except TimeoutError:
            raise InvalidSearchParams(
                f"username regular expression {self.pattern!r} is too costly to match "
                f"(over {self.budget} s)") from None

    def matches(self, doc: dict[str, Any]) -> bool:
        """MongoDB's ``$or`` over both fields; a document lacking both never matches."""
        return self.matches_fields(doc.get("username"), doc.get("displayName"))

    def matches_fields(self, username: Any, display_name: Any) -> bool:
        return any(isinstance(text, str) and self.search(text)
                   for text in (username, display_name))
