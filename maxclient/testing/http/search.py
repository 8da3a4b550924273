"""Query-string search parameters of a request, validated with MAX's error texts.

Shared by every listing view (activities, comments, conversation messages): call
:func:`search_params` once per request and hand the result to the model.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ...protocol import asbool
from ..errors import InvalidSearchParams
from ..model.common import is_object_id
from ..model.pattern import NameFilter
from ..model.search import PRIORITIES, SORTS, Search, parse_date_filter

if TYPE_CHECKING:
    from .request import FakeRequest

# MAX's legacy ``sortBy`` values, as (sort, priority).
_SORT_BY = {
    "activities": ("published", "activity"),
    "comments": ("published", "comments"),
    "likes": ("likes", "activity"),
    "flagged": ("flagged", "activity"),
}


def search_params(req: FakeRequest, *, default_limit: int = 10, sorted_by: bool = False
                  ) -> Search:
    """Parse ``limit``, ``before``/``after``, sorting and filters; 400 on bad offsets.

    ``sorted_by``: the listing is one of MAX's ``sorted_query`` ones (timelines, context
    activities and their authors), which alone read ``sort``/``priority``; every other
    listing ignores them, a bad value included."""
    search = Search(limit=default_limit)
    if not req.query.keys() - _PLAIN_PAGE:  # the common page: no filter to look for
        _parse_limit(req, search)
        return search
    if sorted_by:
        _parse_sort(req, search)
    _parse_limit(req, search)

    max_users = req.arg("max_users")
    for name in ("after", "before"):
        value = req.arg(name)
        if not value:
            continue
        if not max_users and not is_object_id(value):
            raise InvalidSearchParams(f"{name} must be a valid ObjectId BSON identifier")
        setattr(search, name, value)
    if search.before is not None and search.after is not None:
        raise InvalidSearchParams("only one offset filter is allowed, after or before")

    if req.has_arg("date_filter"):
        try:
            search.date_filter = parse_date_filter(req.arg("date_filter") or "")
        except (ValueError, OverflowError):
            raise InvalidSearchParams("date_filter must be a valid date") from None

    # MAX keeps every value as sent, lower-cased: a blank one matches nothing.
    search.hashtags = [h.lower() for h in req.args("hashtag")]
    search.keywords = [k.lower() for k in req.args("keyword")]
    actor = req.arg("actor")
    if actor:
        search.actor = actor.lower().rstrip()
    username = req.arg("username")
    if username:  # MAX lower-cases it before handing it to MongoDB's $regex
        search.username = NameFilter(username.lower())
    search.tags = _tags(req.args("tags"))
    search.context_tags = _tags(req.args("context_tags"))
    if asbool(req.arg("favorites")):
        search.favorites = req.actor_username
    search.twitter_enabled = req.arg("twitter_enabled") or None  # any text, "false" too
    search.max_users = max_users or None
    return search


_PLAIN_PAGE = frozenset({"limit"})


def _parse_sort(req: FakeRequest, search: Search) -> None:
    sort_by = req.arg("sortBy")
    if sort_by in _SORT_BY:
        search.sort, search.priority = _SORT_BY[sort_by]
    sort = req.arg("sort")
    if sort:
        search.sort = sort
        search.priority = req.arg("priority") or "activity"
    if search.sort not in SORTS or search.priority not in PRIORITIES:
        # MAX fails with a 500 (KeyError); the fake refuses the value instead.
        raise InvalidSearchParams(
            f"sort must be one of {', '.join(SORTS)} and priority one of "
            f"{', '.join(PRIORITIES)}")


def _parse_limit(req: FakeRequest, search: Search) -> None:
    raw_limit = req.arg("limit")
    if raw_limit is not None:
        try:
            limit = int(raw_limit.strip())
        except ValueError:
            raise InvalidSearchParams("limit must be a positive integer") from None
        # 0 means unlimited; MAX leaves negative limits undefined, the fake lists all.
        search.limit = limit if limit > 0 else None


_TAG_WORD = re.compile(r"\s*(\w+)\s*", re.ASCII)
_TAG_SUBSTITUTIONS = 32  # re.UNICODE's value, which MAX passes as re.sub's count


def _tags(values: list[str]) -> list[str]:
    """MAX's clean-up of ``tags``/``context_tags``: the spaces around each word go (it
    passes ``re.UNICODE`` where ``re.sub`` takes its count, so words are ASCII ones and
    at most 32 are cleaned); empty values are dropped."""
    cleaned = (_TAG_WORD.sub(r"\1", value, count=_TAG_SUBSTITUTIONS) for value in values)
    return [tag for tag in cleaned if tag]


def name_filtered(req: FakeRequest, search: Search, docs: list[dict[str, Any]]
                  ) -> list[dict[str, Any]]:
    """The documents MAX's ``username`` regex keeps, matched outside the server lock on
    copies of the two fields (the budget in :mod:`..model.pattern` bounds the work)."""
    if search.username is None:
        return docs
    fields = [(doc.get("username"), doc.get("displayName")) for doc in docs]
    with req.unlocked():
        keep = [search.username.matches_fields(name, shown) for name, shown in fields]
    return [doc for doc, kept in zip(docs, keep, strict=True) if kept]
