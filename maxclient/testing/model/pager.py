"""The one newest-first pager over ascending id lists.

Ids are 24-hex strings minted in increasing order, so string order is insertion
order: "newest first" is a reversed bisect slice, and ``before``/``after`` offsets
are bisections, never scans.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence

__all__ = ["count_between", "listed", "merged_newest_first", "newest_first", "newest_page"]


def _bounds(ids: Sequence[str], before: str | None, after: str | None) -> tuple[int, int]:
    """[lo, hi) of the ids strictly between ``after`` and ``before``."""
    hi = bisect_left(ids, before) if before is not None else len(ids)
    lo = bisect_right(ids, after) if after is not None else 0
    return lo, hi


def listed(lists: Iterable[Sequence[str]], item: str) -> bool:
    """``item`` is in one of the ascending ``lists`` (a bisection each)."""
    for ids in lists:
        position = bisect_left(ids, item)
        if position < len(ids) and ids[position] == item:
            return True
    return False


def newest_first(ids: Sequence[str], before: str | None = None, after: str | None = None
                 ) -> Iterator[str]:
    """Ids of an ascending list, newest first, strictly between ``after`` and ``before``."""
    lo, hi = _bounds(ids, before, after)
    for i in range(hi - 1, lo - 1, -1):
        yield ids[i]


def count_between(ids: Sequence[str], before: str | None = None, after: str | None = None
                  ) -> int:
    lo, hi = _bounds(ids, before, after)
    return max(0, hi - lo)


def newest_page(ids: Sequence[str], limit: int, before: str | None = None,
                after: str | None = None) -> tuple[list[str], bool]:
    """The newest ``limit`` ids (0 = all) inside the offsets, newest first, and whether
    older ones remain: a bisect and a slice."""
    lo, hi = _bounds(ids, before, after)
    start = max(lo, hi - limit) if limit > 0 else lo
    page = list(ids[start:hi])
    page.reverse()
    return page, start > lo


def merged_newest_first(lists: Iterable[Sequence[str]], before: str | None = None,
                        after: str | None = None) -> Iterator[str]:
    """Lazy newest-first union of several ascending id lists, duplicates removed.

    A page of ``limit`` ids costs O(limit · log k) for k lists, whatever their length."""
    streams = [newest_first(ids, before, after) for ids in lists if ids]
    previous: str | None = None
    merged = streams[0] if len(streams) == 1 else heapq.merge(*streams, reverse=True)
    for item in merged:
        if item != previous:
            previous = item
            yield item
