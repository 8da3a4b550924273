"""JSON encoding of stored values: dates as RFC 3339 strings, bytes as base64.

Stored documents hold ``datetime`` objects under a few well-known keys; a state
file holds them as MAX's date strings, and loading turns exactly those keys back
into dates, so a user's content that merely looks like a date stays a string.
"""

from __future__ import annotations

import base64
import re
from datetime import datetime, timezone
from typing import Any

from ..model.common import rfc3339

# Keys whose values the model stores as datetimes (anywhere in a document).
DATE_KEYS = frozenset({"published", "last_login", "lastLike", "flagged", "updated"})
_RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def encode(value: Any) -> Any:
    """A JSON-ready deep copy: datetimes become RFC 3339 strings."""
    kind = type(value)
    if kind is dict:
        return {key: encode(item) for key, item in value.items()}
    if kind is list or kind is tuple:
        return [encode(item) for item in value]
    if isinstance(value, datetime):
        return rfc3339(value)
    return value


def decode(value: Any, key: str = "") -> Any:
    """The inverse of :func:`encode` (a deep copy; dates back under :data:`DATE_KEYS`)."""
    if isinstance(value, dict):
        return {k: decode(item, k) for k, item in value.items()}
    if isinstance(value, list):
        return [decode(item, key) for item in value]
    if key in DATE_KEYS and isinstance(value, str) and _RFC3339.match(value):
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    return value


def to_base64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def from_base64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
