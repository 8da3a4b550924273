"""JSON encoding of stored values: dates as RFC 3339 strings, bytes as base64.

Stored documents hold ``datetime`` objects under a few well-known keys; a state
file holds them as MAX's date strings, and loading turns exactly those keys back
into dates, so a user's content that merely looks like a date stays a string.
"""

from __future__ import annotations

import base64
import contextlib
import gc
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

from ..model.common import rfc3339

# Keys whose values the model stores as datetimes (anywhere in a document).
DATE_KEYS = frozenset({"published", "last_login", "lastLike", "flagged", "updated"})
_RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$")


_PLAIN = frozenset({int, float, bool, type(None)})


def encode(value: Any) -> Any:
    """A JSON-ready deep copy: datetimes become RFC 3339 strings."""
    kind = type(value)
    if kind is dict:
        return {k: v if type(v) in _PLAIN or type(v) is str else encode(v)
                for k, v in value.items()}
    if kind is list or kind is tuple:
        return [v if type(v) in _PLAIN or type(v) is str else encode(v) for v in value]
    if isinstance(value, datetime):  # milliseconds kept: MAX sorts conversations on them
        text = rfc3339(value)
        return f"{text[:-1]}.{value.microsecond // 1000:03d}Z" if value.microsecond else text
    return value


def decode(value: Any, key: str = "") -> Any:
    """The inverse of :func:`encode` (a deep copy; dates back under :data:`DATE_KEYS`).

    Dispatches on exact types, scalars first: a big state is mostly strings."""
    kind = type(value)
    if kind is dict:
        return {k: v if type(v) in _PLAIN or (type(v) is str and k not in DATE_KEYS)
                else decode(v, k) for k, v in value.items()}
    if kind is list:
        return [v if type(v) in _PLAIN else decode(v, key) for v in value]
    if kind is str and key in DATE_KEYS and _RFC3339.match(value):
        millis = int(value[20:23]) * 1000 if len(value) > 20 else 0
        return datetime(int(value[0:4]), int(value[5:7]), int(value[8:10]),
                        int(value[11:13]), int(value[14:16]), int(value[17:19]), millis,
                        tzinfo=timezone.utc)
    return value


def to_base64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def from_base64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@contextlib.contextmanager
def bulk() -> Iterator[None]:
    """Pause the cyclic GC while copying a whole state: the copy allocates millions of
    containers and nothing cyclic, and the collector's passes made it quadratic."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
