"""Helpers every model module shares: ids, clock, dates and MAX's flattening."""

from __future__ import annotations

import itertools
import re
import threading
import time
from datetime import datetime, timezone
from typing import Any

from ...protocol import context_hash as context_hash  # the one rule, re-exported

_OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")


class IdMinter:
    """Mints 24-hex ids that grow strictly, like MongoDB ObjectIds minted in order."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)
        self._lock = threading.Lock()

    def __call__(self) -> str:
        with self._lock:
            n = next(self._counter)
        return f"{int(time.time()):08x}{n:016x}"


def is_object_id(value: Any) -> bool:
    return isinstance(value, str) and _OBJECT_ID.match(value) is not None


def utcnow() -> datetime:
    """Now, to the millisecond as MongoDB stores it: MAX orders conversations (and
    ``talkingIn``) on these full dates, so posts within one second keep their order."""
    now = datetime.now(timezone.utc)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def rfc3339(value: datetime) -> str:
    """MAX's date format: UTC, no fraction, ``Z`` suffix."""
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return (f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
            f"T{value.hour:02d}:{value.minute:02d}:{value.second:02d}Z")


def parse_date(value: str) -> datetime | None:
    """Parse a client-given RFC 3339 date; None when it is not one."""
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc).replace(microsecond=0)



_SCALARS = frozenset({str, int, float, bool, type(None)})


def flatten(value: Any, *, private: bool = True) -> Any:
    """Serialize a stored document as MAX does: ``_id``→``id``, leading ``_`` stripped,
    datetimes as RFC 3339. With ``private=False`` underscore fields are dropped instead.

    Every listing renders through here, so it dispatches on exact types, scalars first.
    """
    return _flatten(value, private)


def _flatten(value: Any, private: bool) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is dict:
        out: dict[str, Any] = {}
        for key, item in value.items():
            if type(item) not in _SCALARS:
                item = _flatten(item, private)
            if key[:1] != "_":
                out[key] = item
            elif key == "_id":
                out["id"] = item
            elif private:
                out[key.lstrip("_")] = item
        return out
    if kind is list or kind is tuple:
        return [v if type(v) in _SCALARS else _flatten(v, private) for v in value]
    if isinstance(value, datetime):
        return rfc3339(value)
    if isinstance(value, dict):
        return _flatten(dict(value), private)
    if isinstance(value, (list, tuple)):
        return _flatten(list(value), private)
    return value
