"""Fake MAX views: posting, reading and listing activities, timeline, authors, likes,
favorites, flags and attachments (max-api activities.md)."""

from __future__ import annotations

import base64
import itertools
import json
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import replace
from functools import partial
from typing import Any, cast
from urllib.parse import quote

from ..errors import Forbidden, Gone, ObjectNotFound
from ..http.reply import (
    Reply,
    binary_reply,
    count_reply,
    json_list_reply,
    json_reply,
    no_content,
)
from ..http.request import FakeRequest
from ..http.search import search_params
from ..model import acl, streams
from ..model.activities import context_snapshot, object_kind, person_snapshot
from ..model.cache import with_fields
from ..model.common import flatten
from ..model.search import Search, count, page
from ..model.validation import post_object
from . import view

Doc = dict[str, Any]
POST_TYPES = ("note", "image", "file")


# -- shared helpers (also used by the comment views) ----------------------------------

def caller(req: FakeRequest) -> Doc | None:
    """The authenticated user's document (permissions follow him, not the actor)."""
    return req.backend.people.get(req.authenticated or "")


def current_context(req: FakeRequest, activity: Doc) -> Doc | None:
    where = acl.activity_context(activity)
    return req.backend.contexts.get(where) if where else None


def _stored_view(req: FakeRequest, doc: Doc, private: bool) -> Doc:
    """An activity as MAX serialises it for anyone (no per-caller fields)."""
    out: Doc = flatten(doc, private=private)
    if doc.get("contexts"):
        fresh = req.backend.contexts.get(doc["contexts"][0]["hash"])
        if fresh is not None:
            out["contexts"][0].update(displayName=fresh.get("displayName") or "",
                                      tags=list(fresh.get("tags") or []))
    return out


# The JSON tail of the per-caller fields, for each (deletable, liked, favorited).
_FIELD_NAMES = ("deletable", "liked", "favorited")
_TAILS = {flags: b", " + with_fields(b"{}", dict(zip(_FIELD_NAMES, flags, strict=True)))[1:]
          for flags in itertools.product((False, True), repeat=3)}


class _Asker:
    """Who asks, looked up once per request: what the per-caller fields depend on."""

    __slots__ = ("actor", "actor_user")

    def __init__(self, req: FakeRequest) -> None:
        self.actor = req.actor_username
        self.actor_user = req.backend.people.get(self.actor or "")

    def deletable(self, doc: Doc) -> bool:
        """MAX (models/activity.py:517): the *actor* owns the post, or holds ``delete`` in
        its context; no Manager bonus (Managers may still delete)."""
        user = self.actor_user
        if user is None:
            return False
        return (doc.get("_owner") == user["username"]
                or acl.has_permission(user, acl.activity_context(doc), "delete"))

    def fields(self, doc: Doc) -> Doc:
        """``deletable``, ``liked`` and ``favorited`` of a post, or of a comment in a
        comment listing (MADMax.search loads each one, squash or not), for this caller."""
        flags = self.flags(doc)
        return {} if flags is None else dict(zip(_FIELD_NAMES, flags, strict=True))

    def flags(self, doc: Doc) -> tuple[bool, bool, bool] | None:
        """:meth:`fields`' values in order (None: not a post or comment), no dict built:
        a listing reads them once per item."""
        if doc.get("verb") not in ("post", "comment"):
            return None
        actor = self.actor
        likes, favorites = doc.get("likes") or (), doc.get("favorites") or ()
        return (self.deletable(doc),
                bool(likes) and any(e["username"] == actor for e in likes),
                bool(favorites) and any(e["username"] == actor for e in favorites))

    def replies(self, doc: Doc, rendered: list[Doc]) -> list[Doc]:
        """Each comment is deletable when its post is, or by its author (activity.py:525)."""
        post = self.deletable(doc)
        return [dict(r, deletable=post or (r.get("actor") or {}).get("username") == self.actor)
                for r in rendered]

    def add_fields(self, stored: bytes, doc: Doc) -> bytes:
        """``stored`` (an activity's JSON) with :meth:`fields` appended."""
        flags = self.flags(doc)
        return stored if flags is None else stored[:-1] + _TAILS[flags]


def render(req: FakeRequest, doc: Doc, *, private: bool, computed: bool = True) -> Doc:
    """An activity as MAX serialises it for this caller."""
    out = _stored_view(req, doc, private)
    if not computed:
        return out
    asker = _Asker(req)
    if out.get("replies") and doc.get("verb") == "post":
        out["replies"] = asker.replies(doc, out["replies"])
    return out | asker.fields(doc)


def render_all(req: FakeRequest, docs: list[Doc], *, private: bool, computed: bool = True
               ) -> list[bytes]:
    """:func:`render` as JSON: each stored part serialised once (``model.cache``), the
    caller's fields added on top."""
    cache = req.backend.json_cache
    kind = ("activity", private)
    # The caller's fields depend on who acts and on stored state only, so the finished
    # JSON is kept per actor too (the cache forgets it at the next write).
    theirs = (*kind, req.actor_username) if computed else kind
    found = cache.get_all(theirs, docs)
    if None in found:
        asker = _Asker(req) if computed else None
        for i, doc in enumerate(docs):
            if found[i] is None:
                found[i] = cache.keep(theirs, doc, _render_json(req, doc, private, asker))
    return cast("list[bytes]", found)


def _render_json(req: FakeRequest, doc: Doc, private: bool, asker: _Asker | None) -> bytes:
    if asker is not None and doc.get("replies") and doc.get("verb") == "post":
        return json.dumps(render(req, doc, private=private)).encode("utf-8")
    kind = ("activity", private)
    stored = req.backend.json_cache.json(kind, doc, partial(_stored_view, req, doc, private))
    return stored if asker is None else asker.add_fields(stored, doc)


def created_reply(req: FakeRequest, doc: Doc, created: bool) -> Reply:
    """POST answers keep private fields but no ``keywords`` at any level; the answer for
    a post MAX had already (200) is the stored one with the caller's fields."""
    out = render(req, doc, private=True, computed=not created)
    out.pop("keywords", None)
    if isinstance(out.get("object"), dict):
        out["object"].pop("keywords", None)
    return json_reply(out, 201 if created else 200)


def _everything(doc: Doc) -> bool:
    return True


def listing(req: FakeRequest, lists: Sequence[Sequence[str]], *, private: bool,
            keep: Callable[[Doc], bool] | None = None, search: Search | None = None,
            exact: bool = True, comments: bool = False, sorted_by: bool = False,
            shown_only: bool = False) -> Reply:
    """One page (or, on HEAD, the ``X-totalItems`` count) of an id-indexed listing;
    ``sorted_by``: it honours ``sort``/``priority`` (see ``search_params``);
    ``shown_only``: posts MAX marked not visible are left out."""
    search = search or search_params(req, sorted_by=sorted_by)
    _require_pivot(req, search)
    hidden = req.backend.activities.hidden if shown_only else _NONE
    predicate = _predicate(req, search, keep, hidden, comments)
    load = req.backend.activities.docs.get  # the store's own lookup: one call per item
    candidates = streams.candidates(req.backend, search, comments=comments)
    if req.wants_count:
        return count_reply(count(search, lists, load, predicate, candidates=candidates,
                                 indexed_exact=exact and keep is None, excluded=hidden))
    docs = page(search, lists, load, predicate, candidates)
    return json_list_reply(render_all(req, docs, private=private))


_NONE: frozenset[str] = frozenset()


def _predicate(req: FakeRequest, search: Search, keep: Callable[[Doc], bool] | None,
               hidden: Collection[str], comments: bool = False) -> Callable[[Doc], bool]:
    """The listing's own rule (``keep``), its hidden posts and the search's filters, as
    one test (no test at all for a plain listing)."""
    tests = [test for test in (keep, _not_in(hidden) if hidden else None,
                               streams.matcher(req.backend, search, comments=comments))
             if test is not None]
    if len(tests) > 1:
        return lambda d: all(test(d) for test in tests)
    return tests[0] if tests else _everything


def _not_in(hidden: Collection[str]) -> Callable[[Doc], bool]:
    return lambda d: d["_id"] not in hidden


def _require_pivot(req: FakeRequest, search: Search) -> None:
    """MAX's likes and flagged orders page on from the activity ``before`` names, which
    they load first: an id no activity has is its 404 (rest/sorting.py)."""
    if search.sort != "published" and search.before is not None \
            and req.backend.activities.get(search.before) is None:
        raise ObjectNotFound(f"Object with _id {search.before} not found inside activity")


def store_post(req: FakeRequest, actor: Doc, context: Doc | None) -> Reply:
    obj, published, generator, blob = post_object(req.data, req.files)
    doc, created = req.backend.activities.create_post(
        actor, req.authenticated or "", obj, context=context, published=published,
        generator=generator, blob=blob)
    return created_reply(req, doc, created)


# -- user activities ------------------------------------------------------------------

@view("user_activities", "POST")
def post_user_activity(req: FakeRequest) -> Reply:
    user: Doc = req.target
    req.require(req.is_manager or req.authenticated == user["username"])
    return store_post(req, person_snapshot(user), None)


@view("user_activities", "GET")
def user_activities(req: FakeRequest) -> Reply:
    # On HEAD MAX's root ACL grants every permission asked, list_activities_unsubscribed
    # too: the count covers the posts in all of the user's contexts, shared or not.
    lists = streams.user_stream(req.backend, req.target, caller(req),
                                manager=req.is_manager or req.is_head,
                                context=req.arg("context"))
    return listing(req, lists, private=False, shown_only=True)


@view("activities", "GET", actor="items")
def all_activities(req: FakeRequest) -> Reply:
    req.require(req.is_manager)
    return listing(req, streams.all_posts(req.backend), private=True)


# -- context activities ---------------------------------------------------------------

@view("context_activities", "GET")
def context_activities(req: FakeRequest) -> Reply:
    context: Doc = req.target
    req.require(acl.can_read_context(caller(req), context, manager=req.is_manager))
    # On HEAD, MAX's root ACL grants whatever permission is asked (resources.py:47), the
    # view's list_activities_unsubscribed too: the count covers every sub-context.
    everything = req.is_manager or req.is_head
    lists = streams.context_stream(req.backend, context, caller(req), manager=everything)
    return listing(req, lists, private=False, sorted_by=True)


@view("context_activities", "POST")
def post_context_activity(req: FakeRequest) -> Reply:
    context: Doc = req.target
    if req.actor_context_url is not None:
        req.require(req.is_manager)
        actor = context_snapshot(req.require_actor())
    else:
        user = req.require_actor()
        allowed = req.is_manager or (
            req.is_self and acl.has_permission(user, context["hash"], "write"))
        req.require(allowed)
        actor = person_snapshot(user)
    return store_post(req, actor, context)


# -- one activity ---------------------------------------------------------------------

def require_view(req: FakeRequest, activity: Doc, permission: str | None = None) -> None:
    req.require(acl.can_view(caller(req), activity, current_context(req, activity),
                                manager=req.is_manager), permission)


@view("activity", "GET")
def get_activity(req: FakeRequest) -> Reply:
    activity: Doc = req.target
    require_view(req, activity)
    return json_reply(render(req, activity, private=True))


@view("activity", "DELETE")
def delete_activity(req: FakeRequest) -> Reply:
    activity: Doc = req.target
    req.require(acl.can_delete(caller(req), activity, manager=req.is_manager))
    req.backend.activities.delete(activity)
    return no_content()


# -- timeline and authors -------------------------------------------------------------

@view("timeline", "GET")
def timeline(req: FakeRequest) -> Reply:
    user: Doc = req.target
    req.require(req.is_manager or req.authenticated == user["username"])
    # Not exact: a user's own posts in the contexts he follows are in two of the lists.
    return listing(req, streams.timeline(req.backend, user), private=False, exact=False,
                   shown_only=True, sorted_by=True)


def _authors_limit(req: FakeRequest) -> int:
    raw = req.arg("limit")
    if raw is None:
        return 8
    try:
        return max(int(raw), 0)
    except ValueError:
        # MAX fails with a 500 here; the fake answers MAX's usual limit error.
        from ..errors import InvalidSearchParams
        raise InvalidSearchParams("limit must be a positive integer") from None


def _authors_reply(req: FakeRequest, lists: Sequence[Sequence[str]]) -> Reply:
    """The distinct authors of a listing, as MAX's authors views read it: the request's
    search (filters, ``sort``, offsets) in batches of ``AUTHOR_BATCH`` posts, each batch
    from the last post of the one before, at most ``AUTHOR_BATCHES`` of them."""
    search = search_params(req, sorted_by=True)
    _require_pivot(req, search)
    found = req.backend.activities.authors(
        _batches(search, lists, req.backend.activities.docs.get,
                 _predicate(req, search, None, req.backend.activities.hidden),
                 streams.candidates(req.backend, search)),
        _authors_limit(req))
    if req.wants_count:
        return count_reply(len(found))
    return json_reply(found)


AUTHOR_BATCH = 30
AUTHOR_BATCHES = 7  # MAX's AUTHORS_SEARCH_MAX_QUERIES_LIMIT (6) + the first query


def _batches(search: Search, lists: Sequence[Sequence[str]], load: Callable[[str], Doc | None],
             keep: Callable[[Doc], bool], candidates: Sequence[str] | None) -> Iterator[Doc]:
    """Posts in the listing's order, a batch at a time. An ``after`` offset wins over the
    ``before`` MAX adds for the next batch, so there each batch is the first one again
    (and adds no author): one batch is read."""
    batch = replace(search, limit=AUTHOR_BATCH)
    for _ in range(AUTHOR_BATCHES):
        docs = page(batch, lists, load, keep, candidates)
        yield from docs
        if not docs or search.after is not None:
            return
        batch = replace(batch, before=docs[-1]["_id"])


@view("timeline_authors", "GET")
def timeline_authors(req: FakeRequest) -> Reply:
    user: Doc = req.target
    req.require(req.is_manager or req.authenticated == user["username"])
    return _authors_reply(req, streams.timeline(req.backend, user))


@view("context_activities_authors", "GET")
def context_authors(req: FakeRequest) -> Reply:
    context: Doc = req.target
    req.require(acl.can_read_context(caller(req), context, manager=req.is_manager))
    return _authors_reply(req, [streams.context_posts(req.backend, context["hash"])])


# -- likes and favorites -------------------------------------------------------------

def _social_actor(req: FakeRequest, activity: Doc, *, needs_read: bool) -> Doc:
    actor = req.require_actor()
    if actor.get("objectType") == "context" or "username" not in actor:
        raise Forbidden(req.deny().description)
    if req.is_manager:
        return actor
    req.require(req.is_self)
    if needs_read:
        require_view(req, activity)
    return actor


def _mark_reply(req: FakeRequest, doc: Doc, created: bool) -> Reply:
    """A new like/favorite answers its activity; an existing one is loaded again, and MAX's
    loading adds the caller's deletable, liked and favorited (of that like activity)."""
    out = flatten(doc)
    if not created:
        asker = _Asker(req)
        out.update(deletable=asker.deletable(doc), liked=False, favorited=False)
    return json_reply(out, 201 if created else 200)


@view("likes", "POST")
def like(req: FakeRequest) -> Reply:
    activity: Doc = req.target
    actor = _social_actor(req, activity, needs_read=False)
    if not req.is_manager:
        req.require(acl.can_like(actor, activity, current_context(req, activity)))
    doc, created = req.backend.activities.like(activity, actor, req.authenticated or "")
    return _mark_reply(req, doc, created)


@view("like", "DELETE", actor=False)
def unlike(req: FakeRequest) -> Reply:
    activity: Doc = req.target
    name = req.params["username"].lower()
    acts = req.backend.activities
    req.require(acts.has_marked(activity, "likes", name)
                and (req.is_manager or req.authenticated == name))
    user = req.backend.people.get(name)
    if user is None:  # liked by a user deleted since: nothing to attribute the unlike to
        user = {"username": name, "displayName": name}
    acts.unlike(activity, user, req.authenticated or "")
    return no_content()


@view("favorites", "POST")
def favorite(req: FakeRequest) -> Reply:
    activity: Doc = req.target
    actor = _social_actor(req, activity, needs_read=False)
    doc, created = req.backend.activities.favorite(activity, actor, req.authenticated or "")
    return _mark_reply(req, doc, created)


@view("favorite", "DELETE", actor=False)
def unfavorite(req: FakeRequest) -> Reply:
    activity: Doc = req.target
    name = req.params["username"].lower()
    acts = req.backend.activities
    req.require(req.is_manager or (req.authenticated == name
                                   and acts.has_marked(activity, "favorites", name)))
    user = req.backend.people.get(name) or {"username": name, "displayName": name}
    doc = acts.unfavorite(activity, user, req.authenticated or "")
    return json_reply(flatten(doc))


# -- flags ----------------------------------------------------------------------------

def _require_flag(req: FakeRequest, activity: Doc) -> None:
    where = acl.activity_context(activity)
    req.require(where is not None and (
        req.is_manager or acl.has_permission(caller(req), where, "flag")))


@view("flag", "POST")
def flag(req: FakeRequest) -> Reply:
    activity: Doc = req.target
    _require_flag(req, activity)
    created = req.backend.activities.flag(activity)
    status = 201 if created else 200
    if not acl.can_view(caller(req), activity, current_context(req, activity),
                        manager=req.is_manager):
        # MAX shows each field only to who may view the activity (its field permissions):
        # a flagger who may not read it sees the objectType alone.
        return json_reply({"objectType": "activity"}, status)
    return json_reply(render(req, activity, private=True), status)


@view("flag", "DELETE")
def unflag(req: FakeRequest) -> Reply:
    activity: Doc = req.target
    _require_flag(req, activity)
    req.backend.activities.unflag(activity)
    return no_content()


# -- attachments ----------------------------------------------------------------------

def _blob(req: FakeRequest, activity: Doc, kind: str) -> tuple[bytes, str]:
    require_view(req, activity)
    stored = req.backend.activities.blob(activity["_id"])
    if object_kind(activity["object"]) != kind or stored is None:
        raise Gone()
    return stored


def _image(req: FakeRequest, size: str) -> Reply:
    activity: Doc = req.target
    data, mimetype = _blob(req, activity, "image")
    if size not in ("full", "thumb"):
        raise Gone()
    if size == "thumb":  # MAX serves its JPEG thumbnail as image/jpeg
        data = req.backend.activities.thumbnail(activity["_id"]) or data
        mimetype = "image/jpeg"
    else:
        mimetype = activity["object"].get("mimetype") or mimetype or "image/jpeg"
    if req.content_type == "application/base64":
        return binary_reply(base64.b64encode(data), "application/base64")
    return binary_reply(data, mimetype)


@view("activity_image", "GET")
def activity_image(req: FakeRequest) -> Reply:
    return _image(req, "full")


@view("activity_image_sizes", "GET")
def activity_image_size(req: FakeRequest) -> Reply:
    return _image(req, req.params.get("size", ""))


@view("activity_file_download", "GET")
def activity_file(req: FakeRequest) -> Reply:
    activity: Doc = req.target
    data, mimetype = _blob(req, activity, "file")
    if req.headers.get("x-from-utalk") == "App":
        return binary_reply(base64.b64encode(data), "application/base64")
    filename = str(activity["object"].get("filename") or activity["_id"])
    # WSGI headers are latin-1: other names go out percent-encoded.
    filename = filename if filename.isascii() else quote(filename)
    return binary_reply(
        data, activity["object"].get("mimetype") or mimetype or "application/octet-stream",
        [("Content-Disposition", f"attachment; filename={filename}")])
