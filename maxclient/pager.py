"""Walking MAX's listings, which page with ``before=<id of last item>`` + ``limit``."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

__all__ = ["iterate", "pages"]

Fetch = Callable[[dict[str, Any]], Any]


def pages(
    fetch: Fetch,
    qs: Mapping[str, Any] | None = None,
    page_size: int = 100,
    key: str = "id",
) -> Iterator[list[Any]]:
    """Yield each page until a short (or empty) one.

    Stops too if the server ignores ``before`` (same last id twice), so a
    misbehaving endpoint cannot loop forever.
    """
    params = dict(qs or {})
    params["limit"] = page_size
    previous = None
    while True:
        page = fetch(dict(params))
        if not isinstance(page, list) or not page:
            return
        yield page
        if page_size <= 0 or len(page) < page_size:
            return
        last = page[-1].get(key) if isinstance(page[-1], Mapping) else None
        if last is None or last == previous:
            return
        previous = params["before"] = last


def iterate(
    fetch: Fetch,
    qs: Mapping[str, Any] | None = None,
    page_size: int = 100,
    limit: int | None = None,
    key: str = "id",
) -> Iterator[Any]:
    """Every item across pages, at most ``limit`` of them."""
    if limit is not None and limit <= 0:
        return
    count = 0
    for page in pages(fetch, qs, page_size, key):
        for item in page:
            yield item
            count += 1
            if limit is not None and count >= limit:
                return
