"""Inverted indexes: a key (a keyword, a hashtag, an author) to the ascending ids of
the documents holding it, so a search reads the ids that match instead of scanning.

Ids are minted in increasing order, so indexing a new document is an append; a
document whose terms change later (a post gaining a comment's keywords) is inserted
at its place by bisection.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Hashable, Iterable, Sequence

__all__ = ["IdIndex"]

_EMPTY: tuple[str, ...] = ()


class IdIndex:
    __slots__ = ("_ids",)

    def __init__(self) -> None:
        self._ids: dict[Hashable, list[str]] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def get(self, key: Hashable) -> Sequence[str]:
        return self._ids.get(key, _EMPTY)

    def add(self, keys: Iterable[Hashable], item: str) -> None:
        for key in keys:
            ids = self._ids.get(key)
            if ids is None:
                self._ids[key] = [item]
            elif ids[-1] < item:
                ids.append(item)
            elif ids[bisect_left(ids, item)] != item:
                insort(ids, item)

    def remove(self, keys: Iterable[Hashable], item: str) -> None:
        for key in keys:
            ids = self._ids.get(key)
            if not ids:
                continue
            position = bisect_left(ids, item)
            if position < len(ids) and ids[position] == item:
                del ids[position]
                if not ids:
                    del self._ids[key]

    def clear(self) -> None:
        self._ids.clear()
