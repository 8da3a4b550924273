"""Documents' JSON, serialised once and kept until the fake is next written to.

Listings spend most of their time turning stored documents into MAX's JSON. Reads
between two writes see the same documents, so each rendering is kept, keyed by the
document's identity and the rendering's kind; any write (every request that is not
a GET or HEAD, and the server's own state changes) forgets them all, which keeps
the cache exact without tracking each of the many places a document changes.
Per-caller fields are added on top by :func:`with_fields`; a listing keeps that
result per actor too, since those fields read nothing but the actor and the state.
Code changing the model directly (not through a request) calls :meth:`clear`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from typing import Any

__all__ = ["JsonCache", "dumps", "with_fields"]


def dumps(data: Any) -> bytes:
    """MAX's JSON bytes (the one encoder every fake reply uses)."""
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


class JsonCache:
    """At most ``limit`` renderings: a listing of everything, read by many callers
    between two writes, would otherwise keep a copy per caller of every document; past
    the bound the cache starts afresh (what is read again is rendered again)."""

    def __init__(self, limit: int = 20_000) -> None:
        self.limit = limit
        self._items: dict[tuple[Hashable, int], tuple[object, bytes]] = {}

    def clear(self) -> None:
        self._items.clear()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, kind: Hashable, doc: object) -> bytes | None:
        """The kept JSON of ``doc`` as ``kind``, if any (a listing's hot path: no builder
        is made for a hit)."""
        hit = self._items.get((kind, id(doc)))
        return hit[1] if hit is not None and hit[0] is doc else None

    def get_all(self, kind: Hashable, docs: list[Any]) -> list[bytes | None]:
        """:meth:`get` for each of ``docs``, in one pass (a listing's page)."""
        items = self._items
        return [hit[1] if (hit := items.get((kind, id(doc)))) is not None and hit[0] is doc
                else None for doc in docs]

    def keep(self, kind: Hashable, doc: object, data: bytes) -> bytes:
        """Remember ``data`` as ``doc``'s JSON as ``kind``; returns it."""
        items = self._items
        if len(items) >= self.limit:
            items.clear()
        items[(kind, id(doc))] = (doc, data)
        return data

    def json(self, kind: Hashable, doc: object, build: Callable[[], Any]) -> bytes:
        """The JSON of ``build()`` for ``doc`` rendered as ``kind``, built once."""
        data = self.get(kind, doc)
        if data is None:
            data = self.keep(kind, doc, dumps(build()))
        return data


_LITERALS = {True: "true", False: "false", None: "null"}


def with_fields(obj_json: bytes, fields: dict[str, Any]) -> bytes:
    """``obj_json`` (a JSON object) with ``fields`` appended, as ``json.dumps`` would."""
    if not fields:
        return obj_json
    if all(type(v) is bool for v in fields.values()):  # the common case, without json
        extra = ", ".join(f"{json.dumps(k)}: {_LITERALS[v]}" for k, v in fields.items())
        tail = (extra + "}").encode("utf-8")
    else:
        tail = dumps(fields)[1:]
    return obj_json[:-1] + (b", " + tail if len(obj_json) > 2 else tail)
