"""Fake MAX views: posting, reading and listing activities, timeline, authors, likes,
favorites, flags and attachments (max-api activities.md)."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote

from ..errors import Forbidden, Gone, MissingField, ObjectNotSupported, ValidationError
from ..http.reply import Reply, binary_reply, count_reply, json_reply, no_content
from ..http.request import FakeRequest
from ..http.search import search_params
from ..model import access
from ..model.activities import context_snapshot, person_snapshot
from ..model.common import flatten, parse_date
from ..model.search import Search, count, page
from . import view

Doc = dict[str, Any]
POST_TYPES = ("note", "image", "file")


# -- shared helpers (also used by the comment views) ----------------------------------

def caller(req: FakeRequest) -> Doc | None:
    """The authenticated user's document (permissions follow him, not the actor)."""
    return req.backend.people.get(req.authenticated or "")


def current_context(req: FakeRequest, activity: Doc) -> Doc | None:
    where = access.activity_context(activity)
    return req.backend.contexts.get(where) if where else None


def render(req: FakeRequest, doc: Doc, *, private: bool, computed: bool = True) -> Doc:
    """An activity as MAX serialises it for this caller."""
    out: Doc = flatten(doc, private=private)
    if doc.get("contexts"):
        fresh = req.backend.contexts.get(doc["contexts"][0]["hash"])
        if fresh is not None:
            out["contexts"][0].update(displayName=fresh.get("displayName") or "",
                                      tags=list(fresh.get("tags") or []))
    if computed and doc.get("verb") == "post":
        user = caller(req)
        actor = req.actor_username
        out["deletable"] = access.can_delete(user, doc, manager=req.is_manager)
        out["liked"] = req.backend.activities.has_marked(doc, "likes", actor)
        out["favorited"] = req.backend.activities.has_marked(doc, "favorites", actor)
    return out


def created_reply(req: FakeRequest, doc: Doc, created: bool) -> Reply:
    """POST answers keep private fields but no ``keywords`` at any level."""
    out = render(req, doc, private=True, computed=False)
    out.pop("keywords", None)
    if isinstance(out.get("object"), dict):
        out["object"].pop("keywords", None)
    return json_reply(out, 201 if created else 200)


def matcher(req: FakeRequest, search: Search, *, comments: bool = False
            ) -> Callable[[Doc], bool]:
    """The item filters of a search (keyword, hashtag, actor, favorites, tags, dates)."""
    contexts = req.backend.contexts

    def keep(doc: Doc) -> bool:
        if search.keywords:
            words = doc["object"].get("_keywords", []) if comments else doc.get("_keywords", [])
            if not all(k in words for k in search.keywords):
                return False
        if search.hashtags:
            tags = doc["object"].get("_hashtags", [])
            if not all(h in tags for h in search.hashtags):
                return False
        if search.actor and doc["actor"].get("username") != search.actor:
            return False
        if search.username is not None and not search.username.matches(doc):
            return False  # activities have no top-level username/displayName: MAX finds none
        if search.favorites and not any(
                e["username"] == search.favorites for e in doc.get("favorites", ())):
            return False
        if search.context_tags:
            where = access.activity_context(doc)
            ctx = contexts.get(where) if where else None
            tags = (ctx or {}).get("tags") or []
            if not all(t in tags for t in search.context_tags):
                return False
        return search.date_filter is None or search.date_filter(doc.get("published"))

    return keep


def listing(req: FakeRequest, lists: Sequence[Sequence[str]], *, private: bool,
            keep: Callable[[Doc], bool] | None = None, search: Search | None = None,
            exact: bool = True, comments: bool = False) -> Reply:
    """One page (or, on HEAD, the ``X-totalItems`` count) of an id-indexed listing."""
    search = search or search_params(req)
    filters = matcher(req, search, comments=comments)
    if keep is not None:
        extra = keep
        predicate: Callable[[Doc], bool] = lambda d: extra(d) and filters(d)  # noqa: E731
    else:
        predicate = filters
    load = req.backend.activities.get
    if req.wants_count:
        return count_reply(count(search, lists, load, predicate,
                                 indexed_exact=exact and keep is None))
    docs = page(search, lists, load, predicate)
    return json_reply([render(req, d, private=private, computed=not comments) for d in docs])


# -- body parsing ---------------------------------------------------------------

def parse_post(req: FakeRequest) -> tuple[Doc, Any, Any, tuple[bytes, str] | None]:
    """(object, published, generator, blob) of a post body; 400 on bad input."""
    body = req.data
    obj = body.get("object")
    if not isinstance(obj, dict) or not obj:
        raise MissingField('Required parameter "object" not found in the request')
    kind = obj.get("objectType")
    if kind not in POST_TYPES:
        raise ObjectNotSupported(
            f"Activitystrea.ms object type {kind} unknown or unsupported")
    content = obj.get("content")
    if content is not None and not isinstance(content, str):
        raise ValidationError('"content" must be a string')
    if kind == "note":
        if "content" not in obj:
            raise MissingField('Required parameter "content" not found in the request')
        if not (content or "").strip():
            raise MissingField('Required parameter "content" found but empty')
    clean: Doc = {"objectType": kind}
    if content is not None:
        clean["content"] = content
    blob = None
    if kind in ("image", "file"):
        upload = req.files.get("file")
        filename = obj.get("filename")
        if upload is not None:
            name, data, mimetype = upload
            blob = (data, mimetype or "")
            clean["mimetype"] = mimetype
            filename = filename or name
        if isinstance(filename, str) and filename:
            clean["filename"] = filename
        for name in ("fullURL", "thumbURL"):
            if upload is None and isinstance(obj.get(name), str):
                clean[name] = obj[name]
    published = None
    if "published" in body:
        raw = body["published"]
        published = parse_date(raw) if isinstance(raw, str) else None
        if published is None:
            raise ValidationError('"published" must be an RFC 3339 date')
    generator = body.get("generator")
    if generator is not None and not isinstance(generator, str):
        raise ValidationError('"generator" must be a string')
    return clean, published, generator, blob


def store_post(req: FakeRequest, actor: Doc, context: Doc | None) -> Reply:
    obj, published, generator, blob = parse_post(req)
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
    user: Doc = req.target
    me = caller(req)
    search = search_params(req)
    acts = req.backend.activities
    name = user["username"]
    theirs = set(access.subscribed_hashes(user))
    shared = theirs if req.is_manager else theirs & set(access.subscribed_hashes(me))
    wanted = req.arg("context")
    allowed: set[str] = set(shared)
    if not req.is_manager and theirs - shared:
        for (author, where) in list(acts.posts_by_author_context):
            if author == name and where is not None and access.policy(
                    req.backend.contexts.get(where), "write") == "public":
                allowed.add(where)
    if wanted and wanted in shared:
        allowed = {wanted}
    lists = [] if wanted else [acts.posts_by_author_context.get((name, None), [])]
    lists += [acts.posts_by_author_context.get((name, h), []) for h in sorted(allowed)
              if req.backend.contexts.get(h) is not None]
    return listing(req, lists, private=False, search=search)


@view("activities", "GET")
def all_activities(req: FakeRequest) -> Reply:
    req.require(req.is_manager)
    return listing(req, [req.backend.activities.posts], private=True)


# -- context activities ---------------------------------------------------------------

def _readable_subcontexts(req: FakeRequest, context: Doc) -> list[str]:
    """Hashes of this context and those under its URL that the caller may read."""
    me = caller(req)
    found = []
    for where in req.backend.activities.posts_by_context:
        sub = req.backend.contexts.get(where)
        if sub is None or not str(sub.get("url", "")).startswith(context["url"]):
            continue
        if req.is_manager or access.can_read_context(me, sub, manager=False,
                                                     owner_counts=False):
            found.append(where)
    return found


@view("context_activities", "GET")
def context_activities(req: FakeRequest) -> Reply:
    context: Doc = req.target
    req.require(access.can_read_context(caller(req), context, manager=req.is_manager))
    acts = req.backend.activities
    lists = [acts.posts_by_context[h] for h in _readable_subcontexts(req, context)]
    return listing(req, lists, private=False)


@view("context_activities", "POST")
def post_context_activity(req: FakeRequest) -> Reply:
    context: Doc = req.target
    if req.actor_context_url is not None:
        req.require(req.is_manager)
        actor = context_snapshot(req.require_actor())
    else:
        user = req.require_actor()
        allowed = req.is_manager or (
            req.is_self and access.has_permission(user, context["hash"], "write"))
        req.require(allowed)
        actor = person_snapshot(user)
    return store_post(req, actor, context)


# -- one activity ---------------------------------------------------------------------

def require_view(req: FakeRequest, activity: Doc, permission: str | None = None) -> None:
    req.require(access.can_view(caller(req), activity, current_context(req, activity),
                                manager=req.is_manager), permission)


@view("activity", "GET")
def get_activity(req: FakeRequest) -> Reply:
    activity: Doc = req.target
    require_view(req, activity)
    return json_reply(render(req, activity, private=True))


@view("activity", "DELETE")
def delete_activity(req: FakeRequest) -> Reply:
    activity: Doc = req.target
    req.require(access.can_delete(caller(req), activity, manager=req.is_manager))
    req.backend.activities.delete(activity)
    return no_content()


# -- timeline and authors -------------------------------------------------------------

def _timeline_lists(req: FakeRequest, user: Doc) -> list[list[str]]:
    acts = req.backend.activities
    lists = [acts.posts_by_author.get(user["username"], [])]
    lists += [acts.posts_by_context.get(h, []) for h in access.subscribed_hashes(user)]
    return lists


def _visible(req: FakeRequest) -> Callable[[Doc], bool]:
    """Posts whose context was deleted are hidden from timelines and user streams."""
    contexts = req.backend.contexts

    def keep(doc: Doc) -> bool:
        where = access.activity_context(doc)
        return where is None or contexts.get(where) is not None

    return keep


@view("timeline", "GET")
def timeline(req: FakeRequest) -> Reply:
    user: Doc = req.target
    req.require(req.is_manager or req.authenticated == user["username"])
    return listing(req, _timeline_lists(req, user), private=False, keep=_visible(req))


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


def _authors_reply(req: FakeRequest, ids: Any) -> Reply:
    found = req.backend.activities.authors(ids, _authors_limit(req))
    if req.wants_count:
        return count_reply(len(found))
    return json_reply(found)


@view("timeline_authors", "GET")
def timeline_authors(req: FakeRequest) -> Reply:
    from ..model.search import merged_newest_first

    user: Doc = req.target
    req.require(req.is_manager or req.authenticated == user["username"])
    keep = _visible(req)
    acts = req.backend.activities
    ids = (k for k in merged_newest_first(_timeline_lists(req, user))
           if keep(acts.docs[k]))
    return _authors_reply(req, ids)


@view("context_activities_authors", "GET")
def context_authors(req: FakeRequest) -> Reply:
    from ..model.search import newest_first

    context: Doc = req.target
    req.require(access.can_read_context(caller(req), context, manager=req.is_manager))
    return _authors_reply(
        req, newest_first(req.backend.activities.posts_by_context.get(context["hash"], [])))


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


@view("likes", "POST")
def like(req: FakeRequest) -> Reply:
    activity: Doc = req.target
    actor = _social_actor(req, activity, needs_read=True)
    doc, created = req.backend.activities.like(activity, actor, req.authenticated or "")
    return json_reply(flatten(doc), 201 if created else 200)


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
    return json_reply(flatten(doc), 201 if created else 200)


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
    where = access.activity_context(activity)
    req.require(where is not None and (
        req.is_manager or access.has_permission(caller(req), where, "flag")))


@view("flag", "POST")
def flag(req: FakeRequest) -> Reply:
    activity: Doc = req.target
    _require_flag(req, activity)
    created = req.backend.activities.flag(activity)
    return json_reply(render(req, activity, private=True), 201 if created else 200)


@view("flag", "DELETE")
def unflag(req: FakeRequest) -> Reply:
    activity: Doc = req.target
    _require_flag(req, activity)
    req.backend.activities.unflag(activity)
    return no_content()


# -- attachments ----------------------------------------------------------------------

def _blob(req: FakeRequest, activity: Doc, kind: str) -> tuple[bytes, str]:
    require_view(req, activity)
    stored = req.backend.activities.blobs.get(activity["_id"])
    if activity["object"].get("objectType") != kind or stored is None:
        raise Gone()
    return stored


def _image(req: FakeRequest, size: str) -> Reply:
    activity: Doc = req.target
    data, mimetype = _blob(req, activity, "image")
    if size not in ("full", "thumb"):
        raise Gone()
    # No imaging library: the thumbnail is the original image (deliberate simplification).
    if req.content_type == "application/base64":
        return binary_reply(base64.b64encode(data), "application/base64")
    return binary_reply(data, activity["object"].get("mimetype") or mimetype or "image/jpeg")


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
