"""Search parameters and paging over id-ordered indexes, as MAX's ``searchParams`` and
sorting strategies behave (max-api README §11).

Pure Python, no HTTP: views build a :class:`Search` (see ``http/search.py``) and the
stores feed it sorted id lists, paged by ``pager``.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .pattern import NameFilter

from .pager import count_between, listed, merged_newest_first, newest_first, newest_page

Doc = dict[str, Any]
SORTS = ("published", "likes", "flagged")
PRIORITIES = ("activity", "comments")


@dataclass(frozen=True)
class DateFilter:
    """``published`` must fall in [start, end) — either bound may be open."""

    start: datetime | None = None
    end: datetime | None = None

    def __call__(self, value: datetime | None) -> bool:
        if value is None:
            return False
        if self.start is not None and value < self.start:
            return False
        return not (self.end is not None and value >= self.end)


def parse_date_filter(text: str) -> DateFilter | None:
    """MAX's ``(+|-)yyyy[-mm[-dd]]`` filter; None when it holds no year (no filtering).

    Raises ValueError for impossible dates (MAX answers 500 there)."""
    import re

    before, after = text.startswith("-"), text.startswith("+")
    match = re.search(r"(\d{4})[^\d]*(\d{1,2})?[^\d]*(\d{1,2})?", text.lstrip("+-"))
    if match is None:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if year < 1:
        raise ValueError("year out of range")
    first = datetime(year, month or 1, day or 1, tzinfo=timezone.utc)
    if day is not None:
        following = first + timedelta(days=1)
    elif month is not None:
        following = first + timedelta(days=monthrange(year, month)[1])
    else:
        following = (datetime(year + 1, 1, 1, tzinfo=timezone.utc) if year < 9999
                     else datetime.max.replace(tzinfo=timezone.utc))
    if before:
        return DateFilter(end=first)
    if after:
        return DateFilter(start=following)
    return DateFilter(start=first, end=following)


@dataclass
class Search:
    """Validated search/paging parameters of one request."""

    limit: int | None = 10  # None: unlimited (MAX's limit=0)
    before: str | None = None
    after: str | None = None
    sort: str = "published"
    priority: str = "activity"
    keywords: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    actor: str | None = None
    favorites: str | None = None  # username whose favorites to keep
    context_tags: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    username: NameFilter | None = None  # MAX's regex on username or displayName
    date_filter: DateFilter | None = None
    twitter_enabled: str | None = None
    max_users: str | None = None

    @property
    def filtered(self) -> bool:
        """True when item filters apply (counts then need a scan, not index lengths)."""
        return bool(self.keywords or self.hashtags or self.actor or self.favorites
                    or self.context_tags or self.tags or self.twitter_enabled
                    or self.date_filter is not None or self.username is not None)

    def keeps(self, doc: Doc, *, keywords: Callable[[Doc], Any] | None = None,
              context_tags: Callable[[Doc], Any] | None = None) -> bool:
        """MAX's search filters (``MADMax.search``) on any collection's document, but
        ``username`` (see :func:`~maxclient.testing.http.search.name_filtered`): each is
        a condition on a field, so a document without that field never matches (a
        ``hashtag`` filter on people finds none, a ``keyword`` one no message: their
        words are the object's, MAX reads a top-level ``_keywords``). ``keywords`` and
        ``context_tags`` read those values where a collection keeps them otherwise."""
        if self.hashtags and not _has_all(_field(doc, "object", "_hashtags"), self.hashtags):
            return False
        if self.actor and _field(doc, "actor", "username") != self.actor:
            return False
        if self.favorites and not any(isinstance(f, dict) and f.get("username") == self.favorites
                                      for f in doc.get("favorites") or ()):
            return False
        if self.keywords and not _has_all(
                keywords(doc) if keywords is not None else doc.get("_keywords"), self.keywords):
            return False
        if self.tags and not _has_all(doc.get("tags"), self.tags):
            return False
        if self.context_tags:
            tags = context_tags(doc) if context_tags is not None else [
                t for c in doc.get("contexts") or () if isinstance(c, dict)
                for t in c.get("tags") or ()]
            if not _has_all(tags, self.context_tags):
                return False
        if self.twitter_enabled and "twitterUsername" not in doc \
                and "twitterHashtag" not in doc:
            return False
        return self.date_filter is None or self.date_filter(doc.get("published"))

    def take(self, items: Iterable[Any]) -> list[Any]:
        """The first ``limit`` items (all of them when unlimited)."""
        out: list[Any] = []
        for item in items:
            out.append(item)
            if self.limit is not None and len(out) >= self.limit:
                break
        return out


def _field(doc: Doc, *path: str) -> Any:
    value: Any = doc
    for name in path:
        if not isinstance(value, dict):
            return None
        value = value.get(name)
    return value


def _has_all(values: Any, wanted: list[str]) -> bool:
    """MongoDB's ``$all``: the field is a list holding every wanted value."""
    return isinstance(values, list) and all(w in values for w in wanted)


# -- strategies -------------------------------------------------------------------

def page(search: Search, lists: Sequence[Sequence[str]], load: Callable[[str], Doc | None],
         keep: Callable[[Doc], bool], candidates: Sequence[str] | None = None) -> list[Doc]:
    """One page of documents from ascending id lists, in the requested sort order.

    ``candidates``: an ascending id list holding every match (an index of the search's
    filters); read instead of the lists when it is the shorter, so a rare keyword
    costs its few hits rather than a scan of the listing."""
    if search.sort == "published" and search.priority == "activity":
        filled = [ids for ids in lists if ids]
        if search.limit and len(filled) == 1 and (
                candidates is None or len(candidates) >= len(filled[0])):
            return _newest_kept(filled[0], search, load, keep)
        ids = _newest(lists, candidates, search.before, search.after)
        return search.take(_docs(ids, load, keep))
    every = list(_docs(_newest(lists, candidates, None, None), load, keep))
    return _sorted_page(search, every, load)


def count(search: Search, lists: Sequence[Sequence[str]], load: Callable[[str], Doc | None],
          keep: Callable[[Doc], bool], *, indexed_exact: bool = False,
          candidates: Sequence[str] | None = None, excluded: Collection[str] = ()) -> int:
    """Total matches ignoring ``limit`` (HEAD ``X-totalItems``).

    ``indexed_exact``: the lists hold exactly the matching items but ``excluded`` ones
    (disjoint, nothing else to filter), so the total is a sum of bisect ranges, less the
    excluded ids found inside them, instead of a scan."""
    if indexed_exact and not search.filtered and search.sort == "published" \
            and search.priority == "activity":
        before, after = search.before, search.after
        total = sum(count_between(ids, before, after) for ids in lists)
        return total - sum(1 for key in excluded
                           if (before is None or key < before) and (after is None or key > after)
                           and listed(lists, key))
    unlimited = Search(**{**search.__dict__, "limit": None})
    return len(page(unlimited, lists, load, keep, candidates))


def _newest(lists: Sequence[Sequence[str]], candidates: Sequence[str] | None,
            before: str | None, after: str | None) -> Iterator[str]:
    if candidates is not None and len(candidates) < sum(len(ids) for ids in lists):
        return (item for item in newest_first(candidates, before, after)
                if listed(lists, item))
    return merged_newest_first(lists, before, after)


def _newest_kept(ids: Sequence[str], search: Search, load: Callable[[str], Doc | None],
                 keep: Callable[[Doc], bool]) -> list[Doc]:
    """A page of one list (the usual listing), read a slice at a time: a page costs a
    bisection and ``limit`` loads, not a generator hop per item."""
    limit = search.limit or 0
    out: list[Doc] = []
    before = search.before
    while True:
        chunk, more = newest_page(ids, limit - len(out), before, search.after)
        out += [doc for doc in map(load, chunk) if doc is not None and keep(doc)]
        if len(out) >= limit or not more:
            return out
        before = chunk[-1]


def _docs(ids: Iterable[str], load: Callable[[str], Doc | None], keep: Callable[[Doc], bool]
          ) -> Iterator[Doc]:
    for key in ids:
        doc = load(key)
        if doc is not None and keep(doc):
            yield doc


def _sorted_page(search: Search, docs: list[Doc], load: Callable[[str], Doc | None]
                 ) -> list[Doc]:
    """One page of the ``likes``, ``flagged`` or recently-commented order (MAX's
    rest/sorting.py, page by page: ``before`` names the last item shown)."""
    pivot = load(search.before) if search.before is not None else None
    if search.sort == "likes":
        return _likes_page(search, docs, pivot)
    if search.sort == "flagged":
        return _flagged_page(search, docs, pivot)
    # Recently commented first: both offsets read the last comment's id.
    def last(d: Doc) -> str:
        return d.get("lastComment") or d["_id"]
    ordered = sorted(docs, key=last, reverse=True)
    if search.before is not None:
        ordered = [d for d in ordered if last(d) < search.before]
    if search.after is not None:
        ordered = [d for d in ordered if last(d) > search.after]
    return search.take(ordered)


def _newer_rest(search: Search, rest: list[Doc]) -> list[Doc] | None:
    """With ``after``, MAX puts the offset on the order's first field (a like or flag
    date), which no id passes: only the rest, newer than it, is listed."""
    if search.after is None:
        return None
    return search.take(d for d in rest if d["_id"] > search.after)


def _first(items: list[Doc], count: int | None) -> list[Doc]:
    return items if count is None else items[:max(count, 0)]


def _filled(search: Search, out: list[Doc], rest: list[Doc], older_than: str | None
            ) -> list[Doc]:
    """MAX fills a short page with the items outside the order (no likes, never
    flagged), newest id first, older than ``older_than`` when the page before ended
    among them."""
    limit = search.limit
    if limit is not None and len(out) >= limit:
        return out
    fill = rest if older_than is None else [d for d in rest if d["_id"] < older_than]
    return out + _first(fill, None if limit is None else limit - len(out))


def _likes_page(search: Search, docs: list[Doc], pivot: Doc | None) -> list[Doc]:
    """Liked items by likes and last like (or last comment), then the rest by id. After
    a liked ``before`` come the items with as many likes listed after it, then, if it had
    more than one like, a page of those with fewer; after an unliked one, older unliked
    items. That second query is limited on its own, so a page may pass ``limit``."""
    second = "lastComment" if search.priority == "comments" else "lastLike"
    liked = sorted((d for d in docs if d.get("likesCount")),
                   key=lambda d: (d.get("likesCount", 0), _sortable(d.get(second))),
                   reverse=True)
    rest = sorted((d for d in docs if not d.get("likesCount")),
                  key=lambda d: d["_id"], reverse=True)
    newer = _newer_rest(search, rest)
    if newer is not None:
        return newer
    if pivot is None:
        return _filled(search, _first(liked, search.limit), rest, None)
    likes = pivot.get("likesCount") or 0
    if not likes:
        return _filled(search, [], rest, pivot["_id"])
    same = [d for d in liked if d.get("likesCount") == likes]
    ids = [d["_id"] for d in same]
    out = same[ids.index(pivot["_id"]) + 1:] if pivot["_id"] in ids else []
    if search.limit is not None and len(out) >= search.limit:
        return out[:search.limit]
    if likes > 1:
        out += _first([d for d in liked if d.get("likesCount", 0) < likes], search.limit)
    return _filled(search, out, rest, None)


def _flagged_page(search: Search, docs: list[Doc], pivot: Doc | None) -> list[Doc]:
    """Flagged items by flag date, then those never flagged (an unflagged item keeps
    ``flagged: null`` and is in neither) by id. After a flagged ``before`` come the items
    flagged earlier; after another, never-flagged items older than it."""
    flagged = sorted((d for d in docs if d.get("flagged")),
                     key=lambda d: (d["flagged"], _tail_key(search, d)), reverse=True)
    never = sorted((d for d in docs if "flagged" not in d), key=lambda d: d["_id"],
                   reverse=True)
    newer = _newer_rest(search, never)
    if newer is not None:
        return newer
    if pivot is not None and not pivot.get("flagged"):
        return _filled(search, [], never, pivot["_id"])
    if pivot is not None:
        flagged = [d for d in flagged if d["flagged"] < pivot["flagged"]]
    return _filled(search, _first(flagged, search.limit), never, None)


def _tail_key(search: Search, doc: Doc) -> str:
    if search.priority == "comments":
        return str(doc.get("lastComment") or doc["_id"])
    return str(doc["_id"])


def _sortable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.timestamp()
    return value or 0


