"""The fake's queries: which stored ids each listing reads (streams, timelines,
comments, messages) and which documents a caller may see in them.

Views ask here and never read a store's indexes themselves, so an index can change
(or a faster one appear) without touching a view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from . import acl

if TYPE_CHECKING:
    from .backend import MaxBackend
    from .search import Search

Doc = dict[str, Any]
Ids = Sequence[str]

__all__ = [
    "all_comments",
    "all_posts",
    "candidates",
    "comments_by",
    "comments_in",
    "context_posts",
    "context_stream",
    "matcher",
    "timeline",
    "user_stream",
]


def all_posts(backend: MaxBackend) -> list[Ids]:
    return [backend.activities.posts]


def all_comments(backend: MaxBackend) -> list[Ids]:
    return [backend.activities.comments]


def comments_by(backend: MaxBackend, username: str) -> list[Ids]:
    return [backend.activities.comments_by_author.get(username, [])]


def comments_in(backend: MaxBackend, context_hash: str) -> list[Ids]:
    return [backend.activities.comments_by_context.get(context_hash, [])]


def context_posts(backend: MaxBackend, context_hash: str) -> Ids:
    return backend.activities.posts_by_context.get(context_hash, [])


def timeline(backend: MaxBackend, user: Doc) -> list[Ids]:
    """A user's timeline: his own posts and those of every context he follows."""
    acts = backend.activities
    lists: list[Ids] = [acts.posts_by_author.get(user["username"], [])]
    lists += [acts.posts_by_context.get(h, []) for h in acl.subscribed_hashes(user)]
    return lists


def user_stream(backend: MaxBackend, user: Doc, viewer: Doc | None, *, manager: bool,
                context: str | None = None) -> list[Ids]:
    """``user``'s posts a ``viewer`` may list: outside contexts, in contexts both
    follow, and in contexts open for writing; only ``context`` when it is shared."""
    acts = backend.activities
    name = user["username"]
    theirs = set(acl.subscribed_hashes(user))
    shared = theirs if manager else theirs & set(acl.subscribed_hashes(viewer))
    allowed: set[str] = set(shared)
    if not manager and theirs - shared:
        for where in acts.contexts_posted_in(name):
            if acl.policy(backend.contexts.get(where), "write") == "public":
                allowed.add(where)
    if context and context in shared:
        allowed = {context}
    lists: list[Ids] = [] if context else [acts.posts_by_author_context.get((name, None), [])]
    lists += [acts.posts_by_author_context.get((name, h), []) for h in sorted(allowed)
              if backend.contexts.get(h) is not None]
    return lists


def context_stream(backend: MaxBackend, context: Doc, viewer: Doc | None, *,
                   manager: bool) -> list[Ids]:
    """Posts of ``context`` and of the contexts under its URL the viewer may read."""
    acts = backend.activities
    lists: list[Ids] = []
    for where, ids in acts.posts_by_context.items():
        sub = backend.contexts.get(where)
        if sub is None or not str(sub.get("url", "")).startswith(context["url"]):
            continue
        if manager or acl.can_read_context(viewer, sub, manager=False, owner_counts=False):
            lists.append(ids)
    return lists


def candidates(backend: MaxBackend, search: Search, *, comments: bool = False
               ) -> Ids | None:
    """An ascending id list holding every match of the search's indexed filters (the
    shortest of its keyword, hashtag and actor lists), or None when none applies."""
    if search.username is not None:
        return ()  # activities have no top-level username/displayName: nothing matches
    acts = backend.activities
    terms = acts.comment_terms if comments else acts.post_terms
    options = [terms.get(("k", k)) for k in search.keywords]
    options += [terms.get(("h", h)) for h in search.hashtags]
    if search.actor:
        by_author = acts.comments_by_author if comments else acts.posts_by_author
        options.append(by_author.get(search.actor, ()))
    return min(options, key=len) if options else None


def _object_keywords(doc: Doc) -> Any:
    return doc["object"].get("_keywords")  # where MAX's keyword filter reads comments


def matcher(backend: MaxBackend, search: Search, *, comments: bool = False
            ) -> Callable[[Doc], bool] | None:
    """The item filters of a search (``Search.keeps``) for activities or comments; None
    when the search has none."""
    if not search.filtered:
        return None
    contexts = backend.contexts
    words = _object_keywords if comments else None

    def live_tags(doc: Doc) -> list[str]:
        """The tags of the activity's context as it is now: none once it is gone."""
        where = acl.activity_context(doc)
        found = contexts.get(where) if where else None
        return list((found or {}).get("tags") or [])

    def keep(doc: Doc) -> bool:
        if search.username is not None and not search.username.matches(doc):
            return False  # activities have no top-level username/displayName: MAX finds none
        return search.keeps(doc, keywords=words, context_tags=live_tags)

    return keep
