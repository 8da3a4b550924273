"""Search parameters and paging: parsing (MAX's InvalidSearchParams texts) and the pure
paging helpers over id-ordered indexes."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from maxclient.testing.model.pager import merged_newest_first, newest_first
from maxclient.testing.model.search import Search, count, page, parse_date_filter


def ids(n: int, start: int = 1) -> list[str]:
    return [f"{i:024x}" for i in range(start, start + n)]


def test_newest_first_respects_before_and_after() -> None:
    items = ids(10)
    assert list(newest_first(items))[:2] == [items[9], items[8]]
    assert list(newest_first(items, before=items[3])) == [items[2], items[1], items[0]]
    assert list(newest_first(items, after=items[7])) == [items[9], items[8]]


def test_merge_dedupes_and_orders() -> None:
    a, b = ids(5, 1), ids(5, 3)
    merged = list(merged_newest_first([a, b]))
    assert merged == sorted(set(a) | set(b), reverse=True)


def test_page_and_count_with_filter() -> None:
    docs = {key: {"_id": key, "n": i} for i, key in enumerate(ids(30))}
    lists = [sorted(docs)]
    search = Search(limit=5)
    got = page(search, lists, docs.get, lambda d: d["n"] % 2 == 0)
    assert [d["n"] for d in got] == [28, 26, 24, 22, 20]
    assert count(search, lists, docs.get, lambda d: d["n"] % 2 == 0) == 15
    assert count(search, lists, docs.get, lambda d: True, indexed_exact=True) == 30


def test_date_filter_forms() -> None:
    year = parse_date_filter("2014")
    assert year is not None
    assert year(datetime(2014, 12, 31, 23, 59, tzinfo=timezone.utc))
    assert not year(datetime(2015, 1, 1, tzinfo=timezone.utc))
    later = parse_date_filter("+2014-02")
    assert later is not None and later(datetime(2014, 3, 1, tzinfo=timezone.utc))
    assert not later(datetime(2014, 2, 28, tzinfo=timezone.utc))
    earlier = parse_date_filter("-2014/02/27")
    assert earlier is not None and earlier(datetime(2014, 2, 26, 23, tzinfo=timezone.utc))
    assert not earlier(datetime(2014, 2, 27, tzinfo=timezone.utc))
    assert parse_date_filter("nodate") is None
    with pytest.raises(ValueError):
        parse_date_filter("2014-13")
