"""Helpers every model module shares: ids, clock, dates and MAX's flattening."""

from __future__ import annotations

import itertools
import re
import threading
import time
from datetime import datetime, timezone
from hashlib import sha1
from typing import Any

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
    return datetime.now(timezone.utc).replace(microsecond=0)


def rfc3339(value: datetime) -> str:
    """MAX's date format: UTC, no fraction, ``Z`` suffix."""
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


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


def context_hash(url: str) -> str:
    return sha1(url.encode("utf-8")).hexdigest()


def flatten(value: Any, *, private: bool = True) -> Any:
    """Serialize a stored document as MAX does: ``_id``→``id``, leading ``_`` stripped,
    datetimes as RFC 3339. With ``private=False`` underscore fields are dropped instead."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key == "_id":
                out["id"] = flatten(item, private=private)
            elif key.startswith("_"):
                if private:
                    out[key.lstrip("_")] = flatten(item, private=private)
            else:
                out[key] = flatten(item, private=private)
        return out
    if isinstance(value, (list, tuple)):
        return [flatten(v, private=private) for v in value]
    if isinstance(value, datetime):
        return rfc3339(value)
    return value
