"""Activities of the fake MAX: posts, comments, likes, favorites, flags, attachments.

Documents keep MAX's stored shape (``_id``, ``_owner``, ``_creator``, ``_keywords``,
``published`` datetime, ``replies``...). Every listing is served from indexes of ids
kept in ascending (= insertion) order, so "newest first" pages with ``before``/
``after``/``limit`` are bisect slices and never scans of the whole collection.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from . import images, text
from .index import IdIndex
from .py2dict import dict_order

if TYPE_CHECKING:
    from .backend import MaxBackend

Doc = dict[str, Any]
DUPLICATE_WINDOW = timedelta(minutes=1)
DUPLICATE_LOOKBACK = 50  # newest candidates a duplicate check looks at


def _add(index: dict[Any, list[str]], key: Any, item: str) -> None:
    """Append a freshly minted (hence largest) id to an ascending index list."""
    index.setdefault(key, []).append(item)


def _remove(ids: list[str] | None, item: str) -> None:
    if not ids:
        return
    position = bisect_left(ids, item)
    if position < len(ids) and ids[position] == item:
        del ids[position]


def _terms(keywords: Iterable[str], obj: Doc) -> list[tuple[str, str]]:
    """Index keys of a document: its keywords and its object's hashtags."""
    return [("k", w) for w in keywords] + [("h", t) for t in obj.get("_hashtags", ())]


def person_snapshot(user: Doc) -> Doc:
    return {"objectType": "person", "username": user["username"],
            "displayName": user.get("displayName") or user["username"]}


def context_snapshot(context: Doc) -> Doc:
    return {"objectType": "context", "displayName": context.get("displayName") or "",
            "hash": context["hash"], "url": context["url"]}


def object_kind(obj: Doc) -> str:
    """An object's type as MAX dispatches on it: any case (``Note`` is a note), while
    the stored ``objectType`` keeps the caller's spelling."""
    kind = obj.get("objectType")
    return kind.lower() if isinstance(kind, str) else ""


class Activities:
    """All activities plus the id indexes every listing reads."""

    def __init__(self, backend: MaxBackend) -> None:
        self.backend = backend
        self.docs: dict[str, Doc] = {}  # every activity (posts and auxiliary ones) by id
        self.posts: list[str] = []  # verb=post
        self.posts_by_author: dict[str, list[str]] = {}  # person actor username
        self.posts_by_author_context: dict[tuple[str, str | None], list[str]] = {}
        self.posts_by_context: dict[str, list[str]] = {}  # context hash
        self.comments: list[str] = []  # verb=comment
        self.comments_by_author: dict[str, list[str]] = {}
        self.comments_by_context: dict[str, list[str]] = {}
        # ("k", keyword) / ("h", hashtag) -> ids: posts by their activity-level keywords
        # (comments' words included), comments by their own
        self.post_terms = IdIndex()
        self.comment_terms = IdIndex()
        self._words: dict[str, dict[str, None]] = {}  # post id -> its keywords, as a set
        self.blobs: dict[str, tuple[bytes, str]] = {}  # id -> (bytes, mimetype)
        self.thumbs: dict[str, bytes] = {}  # image id -> JPEG thumbnail
        # Posts MAX marks ``visible: False`` (their context was deleted): timelines, user
        # streams and authors skip them until the post is next saved whole.
        self.hidden: set[str] = set()
        # (post id, "like"/"favorite", username) -> the newest such activity: what a
        # repeated like or favorite answers
        self.last_marks: dict[tuple[str, str, str], Doc] = {}

    def thumbnail(self, key: str) -> bytes | None:
        """An image activity's JPEG thumbnail (made on first use for loaded state)."""
        if key not in self.thumbs and key in self.blobs:
            self.thumbs[key] = images.thumbnail(self.blobs[key][0])
        return self.thumbs.get(key)

    def get(self, key: str) -> Doc | None:
        return self.docs.get(key)

    def blob(self, key: str) -> tuple[bytes, str] | None:
        """The uploaded bytes (and mimetype) of an image or file post."""
        return self.blobs.get(key)

    def contexts_posted_in(self, username: str) -> list[str]:
        """Hashes of the contexts ``username`` has posts in."""
        return [where for (author, where) in list(self.posts_by_author_context)
                if author == username and where is not None]

    # -- helpers ------------------------------------------------------------
    @staticmethod
    def context_hash_of(doc: Doc) -> str | None:
        contexts = doc.get("contexts") or ()
        return contexts[0]["hash"] if contexts else None

    @staticmethod
    def author_of(doc: Doc) -> str | None:
        actor = doc.get("actor") or {}
        return actor.get("username") if actor.get("objectType") == "person" else None

    def _base(self, verb: str, actor: Doc, creator: str, owner: str, obj: Doc,
              published: datetime | None = None, generator: Any = None) -> Doc:
        key = self.backend.new_id()
        return {
            "_id": key, "objectType": "activity", "verb": verb, "actor": actor,
            "object": obj, "published": published or self.backend.now(),
            "generator": generator, "replies": [], "likes": [], "likesCount": 0,
            "favorites": [], "favoritesCount": 0, "lastComment": key, "_keywords": [],
            "_creator": creator, "_owner": owner,
        }

    def keep(self, doc: Doc) -> Doc:
        """Store an activity by id without listing it (likes, subscribes...)."""
        self.docs[doc["_id"]] = doc
        return doc

    # -- posts ---------------------------------------------------------------
    def find_duplicate(self, actor: Doc, context: Doc | None, content: Any,
                       published: datetime) -> Doc | None:
        """A post by the same actor in the same place with the same content, within the
        minute before ``published`` (MAX answers it with 200 instead of storing again).

        Content-less uploads are never duplicates: MAX collapses two different photos
        posted within a minute (and crashes on files), which no client wants copied."""
        if not content:
            return None
        if context is not None:
            ids = self.posts_by_context.get(context["hash"], [])
        else:
            ids = self.posts_by_author_context.get((actor.get("username", ""), None), [])
        who = actor.get("username") or actor.get("hash")
        for key in reversed(ids[-DUPLICATE_LOOKBACK:]):
            doc = self.docs[key]
            other = doc["actor"].get("username") or doc["actor"].get("hash")
            if other != who or doc["object"].get("content") != content:
                continue
            if published - DUPLICATE_WINDOW <= doc["published"] <= published:
                return doc
        return None

    def create_post(self, actor: Doc, creator: str, obj: Doc, *, context: Doc | None = None,
                    published: datetime | None = None, generator: Any = None,
                    blob: tuple[bytes, str] | None = None) -> tuple[Doc, bool]:
        """Store a post; (existing, False) when it duplicates a post of the last minute."""
        when = published or self.backend.now()
        obj = self._process_object(obj)
        existing = self.find_duplicate(actor, context, obj.get("content"), when)
        if existing is not None:
            return existing, False
        person = actor.get("objectType") == "person"
        owner = actor["username"] if person else creator
        doc = self._base("post", actor, creator, owner, obj, when, generator)
        if context is not None:
            doc["contexts"] = [{
                "objectType": "context", "url": context["url"], "hash": context["hash"],
                "displayName": context.get("displayName") or "",
                "tags": list(context.get("tags") or []),
                "notifications": context.get("notifications", False),
            }]
        key = doc["_id"]
        kind = object_kind(obj)
        if kind == "image":
            obj.setdefault("fullURL", f"/activities/{key}/image/full")
            obj.setdefault("thumbURL", f"/activities/{key}/image/thumb")
        elif kind == "file":
            obj.setdefault("fullURL", f"/activities/{key}/file/download")
        if blob is not None:
            if kind == "image":  # made on upload, as MAX does (400 if no image)
                self.thumbs[key] = images.thumbnail(blob[0])
            self.blobs[key] = blob
        self._recompute_keywords(doc)
        self.keep(doc)
        self.index(doc)
        return doc, True

    def index(self, doc: Doc) -> None:
        """Enter a stored post, comment, like or favorite in every index (the newest id of
        each list, or any stored document when a dump is loaded in id order)."""
        key = doc["_id"]
        author = self.author_of(doc)
        if doc.get("verb") == "post":
            where = self.context_hash_of(doc)
            self.posts.append(key)
            if author is not None:
                _add(self.posts_by_author, author, key)
                _add(self.posts_by_author_context, (author, where), key)
            if where is not None:
                _add(self.posts_by_context, where, key)
            self._words[key] = dict.fromkeys(doc.get("_keywords", ()))
            self.post_terms.add(_terms(doc.get("_keywords", ()), doc["object"]), key)
        elif doc.get("verb") in ("like", "favorite"):
            self._remember_mark(doc)
        elif doc.get("verb") == "comment":
            self.comments.append(key)
            if author is not None:
                _add(self.comments_by_author, author, key)
            for reply_to in doc["object"].get("inReplyTo", []):
                for where in reply_to.get("contexts", []):
                    _add(self.comments_by_context, where, key)
            obj = doc["object"]
            self.comment_terms.add(_terms(obj.get("_keywords", ()), obj), key)

    def _reindex_post_terms(self, doc: Doc, before: Doc) -> None:
        """After a full keyword recompute: move the post between term lists."""
        key = doc["_id"]
        old = set(_terms(self._words.get(key, ()), before))
        new = set(_terms(doc.get("_keywords", ()), doc["object"]))
        self.post_terms.remove(old - new, key)
        self.post_terms.add(new - old, key)
        self._words[key] = dict.fromkeys(doc.get("_keywords", ()))

    @staticmethod
    def _process_object(obj: Doc) -> Doc:
        obj = dict(obj)
        kind = object_kind(obj)
        if isinstance(obj.get("content"), str):
            obj["content"] = text.sanitize(obj["content"])
        if kind in ("note", "image", "comment"):
            content = obj["content"] if isinstance(obj.get("content"), str) else ""
            obj["_keywords"] = text.keywords(content)
            tags = text.hashtags(content)
            if tags:
                obj["_hashtags"] = tags
        return obj

    def _recompute_keywords(self, doc: Doc) -> None:
        words = list(doc["object"].get("_keywords", []))
        actor = doc["actor"]
        if actor.get("objectType") == "person":
            words += text.person_keywords(actor["username"], actor.get("displayName"))
        for reply in doc.get("replies", []):
            reply_doc = self.docs.get(reply["id"])
            if reply_doc is not None:
                words += reply_doc["object"].get("_keywords", [])
            author = reply.get("actor") or {}
            if author.get("username"):
                words += text.person_keywords(author["username"], author.get("displayName"))
        doc["_keywords"] = list(dict.fromkeys(words))

    def delete(self, doc: Doc) -> None:
        """Remove one activity; its comment/like activities stay, as in MAX."""
        key = doc["_id"]
        self.docs.pop(key, None)
        self.hidden.discard(key)
        self.blobs.pop(key, None)
        self.thumbs.pop(key, None)
        if doc.get("verb") == "post":
            self.post_terms.remove(_terms(self._words.pop(key, {}), doc["object"]), key)
            _remove(self.posts, key)
            author = self.author_of(doc)
            where = self.context_hash_of(doc)
            if author is not None:
                _remove(self.posts_by_author.get(author), key)
                _remove(self.posts_by_author_context.get((author, where)), key)
            if where is not None:
                _remove(self.posts_by_context.get(where), key)
        elif doc.get("verb") == "comment":
            obj = doc["object"]
            self.comment_terms.remove(_terms(obj.get("_keywords", ()), obj), key)
            _remove(self.comments, key)
            author = self.author_of(doc)
            if author is not None:
                _remove(self.comments_by_author.get(author), key)
            for reply_to in doc["object"].get("inReplyTo", []):
                for where in reply_to.get("contexts", []):
                    _remove(self.comments_by_context.get(where), key)

    # -- comments ------------------------------------------------------------
    def add_comment(self, activity: Doc, actor: Doc, creator: str, obj: Doc,
                    author: Doc | None = None) -> Doc:
        """``author`` (the commenter's user document) gives the reply's actor the fields
        MAX copies into it (models/activity.py addComment)."""
        obj = self._process_object(obj)
        parent_contexts = [c["hash"] for c in activity.get("contexts") or []]
        obj["inReplyTo"] = [{"id": activity["_id"],
                             "objectType": activity["object"].get("objectType"),
                             "contexts": parent_contexts}]
        comment = self._base("comment", actor, creator, actor.get("username", creator), obj)
        comment["_keywords"] = []  # MAX never fills a comment activity's own keywords
        key = comment["_id"]
        self.keep(comment)
        self.index(comment)
        reply_actor: dict[str, Any] = {k: actor[k] for k in
                                       ("objectType", "username", "displayName") if k in actor}
        if author is not None:
            reply_actor.update(unsubscribedToPush=list(author.get("unsubscribedToPush", [])),
                               _owner=author["username"],
                               _creator=author.get("_creator", author["username"]))
        reply: Doc = {"id": key, "objectType": "comment", "content": obj.get("content", ""),
                      "published": comment["published"], "actor": reply_actor,
                      "_keywords": list(obj.get("_keywords", ()))}
        if obj.get("_hashtags"):
            reply["_hashtags"] = list(obj["_hashtags"])
        activity["replies"].append(reply)
        activity["lastComment"] = key
        tags = obj.get("_hashtags")
        # MAX: list(set(post + comment)), Python 2 order; set even when both are empty
        merged = activity["object"].get("_hashtags", []) + (tags or [])
        activity["object"]["_hashtags"] = dict_order(merged)
        words = list(obj.get("_keywords", []))
        if actor.get("username"):
            words += text.person_keywords(actor["username"], actor.get("displayName"))
        self._add_words(activity, words, tags or ())
        self.saved_whole(activity)
        return comment

    def _add_words(self, activity: Doc, words: list[str], tags: Iterable[str]) -> None:
        """A new reply's words join the post's keywords: the same list a full recompute
        gives (it appends them last), at the cost of the new words only."""
        key = activity["_id"]
        known = self._words.get(key)
        if known is None or len(known) != len(activity["_keywords"]):
            known = self._words[key] = dict.fromkeys(activity["_keywords"])
        fresh = [w for w in dict.fromkeys(words) if w not in known]
        activity["_keywords"].extend(fresh)
        known.update(dict.fromkeys(fresh))
        self.post_terms.add([("k", w) for w in fresh] + [("h", t) for t in tags], key)

    def delete_comment(self, activity: Doc, comment_id: str) -> bool:
        """Drop a reply from its parent (the comment activity itself stays)."""
        replies = activity["replies"]
        kept = [r for r in replies if r["id"] != comment_id]
        if len(kept) == len(replies):
            return False
        activity["replies"] = kept
        activity["lastComment"] = kept[-1]["id"] if kept else activity["_id"]
        before = {"_hashtags": list(activity["object"].get("_hashtags", ()))}
        self._recompute_keywords(activity)
        self._reindex_post_terms(activity, before)
        self.saved_whole(activity)
        return True

    # -- likes, favorites, flags -----------------------------------------------
    def _social(self, verb: str, activity: Doc, actor: Doc, creator: str, field: str, *,
                store: bool = True) -> Doc:
        obj = self._marks_of(activity, field, actor["username"])
        doc = self._base(verb, person_snapshot(actor), creator, actor["username"], obj)
        return self.keep(doc) if store else doc

    @staticmethod
    def _marks_of(activity: Doc, field: str, username: str) -> Doc:
        """A like/favorite activity's ``object``: the post's marks as they are now."""
        return {"id": activity["_id"], "objectType": "activity", field: list(activity[field]),
                f"{field}Count": activity[f"{field}Count"],
                ("liked" if field == "likes" else "favorited"):
                any(e["username"] == username for e in activity[field])}

    def like(self, activity: Doc, actor: Doc, creator: str) -> tuple[Doc, bool]:
        return self._mark("like", "likes", activity, actor, creator)

    def unlike(self, activity: Doc, actor: Doc, creator: str) -> Doc:
        return self._unmark("unlike", "likes", activity, actor, creator)

    def favorite(self, activity: Doc, actor: Doc, creator: str) -> tuple[Doc, bool]:
        return self._mark("favorite", "favorites", activity, actor, creator)

    def unfavorite(self, activity: Doc, actor: Doc, creator: str) -> Doc:
        return self._unmark("unfavorite", "favorites", activity, actor, creator)

    def _mark(self, verb: str, field: str, activity: Doc, actor: Doc, creator: str
              ) -> tuple[Doc, bool]:
        """A new like/favorite is stored; a repeated one answers the newest stored for it
        (its actor as he was then), with the post's current marks, as MAX's ``last()``."""
        name = actor["username"]
        if self.has_marked(activity, field, name):
            stored = self.last_marks.get((activity["_id"], verb, name))
            if stored is None:  # marked in loaded state that holds no such activity
                return self._social(verb, activity, actor, creator, field, store=False), False
            return {**stored, "object": self._marks_of(activity, field, name)}, False
        activity[field].append({"username": name, "objectType": "person"})
        activity[f"{field}Count"] = len(activity[field])
        if field == "likes":
            activity["lastLike"] = self.backend.now()
        self.saved_whole(activity)
        doc = self._social(verb, activity, actor, creator, field)
        self._remember_mark(doc)
        return doc, True

    def _remember_mark(self, doc: Doc) -> None:
        obj, actor = doc.get("object") or {}, doc.get("actor") or {}
        target = obj.get("id", obj.get("_id"))
        if target is not None and actor.get("username"):
            self.last_marks[(str(target), doc["verb"], actor["username"])] = doc

    def _unmark(self, verb: str, field: str, activity: Doc, actor: Doc, creator: str) -> Doc:
        name = actor["username"]
        activity[field] = [e for e in activity[field] if e["username"] != name]
        activity[f"{field}Count"] = len(activity[field])
        self.saved_whole(activity)
        return self._social(verb, activity, actor, creator, field)

    @staticmethod
    def has_marked(activity: Doc, field: str, username: str | None) -> bool:
        return any(e["username"] == username for e in activity.get(field, ()))

    def flag(self, activity: Doc) -> bool:
        """Flag now; False (date kept) when it already was."""
        if activity.get("flagged"):
            return False
        activity["flagged"] = self.backend.now()
        self.saved_whole(activity)
        return True

    def unflag(self, activity: Doc) -> None:
        activity["flagged"] = None
        self.saved_whole(activity)

    # -- visibility -------------------------------------------------------------
    def hide_posts_of(self, context_hash: str) -> None:
        """A deleted context's posts: MAX sets ``visible: False`` on them."""
        self.hidden.update(self.posts_by_context.get(context_hash, ()))

    def saved_whole(self, activity: Doc) -> None:
        """MAX wrote the whole document back (a comment added or deleted, a like or
        favorite given or taken back, flag, unflag, maintenance): its model has no
        ``visible`` field, so the saved post is visible again."""
        self.hidden.discard(activity["_id"])

    def in_deleted_context(self, doc: Doc) -> bool:
        """A post whose context is gone: hidden, unless saved whole since (a dump says
        which; older dumps and snapshots of a real MAX do not)."""
        where = self.context_hash_of(doc)
        return (doc.get("verb") == "post" and where is not None
                and where not in self.backend.contexts.by_hash)

    def all_saved_whole(self) -> None:
        """:meth:`saved_whole` for every post."""
        self.hidden.clear()

    # -- authors ----------------------------------------------------------------
    def authors(self, docs: Iterable[Doc], limit: int) -> list[Doc]:
        """Distinct person authors with a user record, in the order ``docs`` come. MAX
        stops once it has exactly ``limit``, checked after every post: ``limit=0`` ends
        at once when the newest post's author is gone, and otherwise keeps them all."""
        found: dict[str, Doc] = {}
        people = self.backend.people
        for doc in docs:
            name = self.author_of(doc)
            if name is not None and name not in found and people.get(name) is not None:
                found[name] = {"objectType": "person",
                               "displayName": doc["actor"].get("displayName"), "username": name}
            if len(found) == limit:
                break
        return list(found.values())

    # -- hooks the contexts store calls -------------------------------------------
    def on_context_changed(self, old_hash: str, context: Doc, changed: Iterable[str]) -> None:
        """Keep post snapshots and indexes in step with a renamed/re-URLed context."""
        new_hash = context["hash"]
        if new_hash != old_hash:
            for index in (self.posts_by_context, self.comments_by_context):
                if old_hash in index:
                    index[new_hash] = index.pop(old_hash)
            for key in [k for k in self.posts_by_author_context if k[1] == old_hash]:
                self.posts_by_author_context[(key[0], new_hash)] = \
                    self.posts_by_author_context.pop(key)
            for comment_key in self.comments_by_context.get(new_hash, []):
                for reply_to in self.docs[comment_key]["object"].get("inReplyTo", []):
                    reply_to["contexts"] = [new_hash if h == old_hash else h
                                            for h in reply_to.get("contexts", [])]
        for post_key in self.posts_by_context.get(new_hash, []):
            snapshot = self.docs[post_key]["contexts"][0]
            snapshot.update(url=context["url"], hash=new_hash,
                            displayName=context.get("displayName") or "",
                            tags=list(context.get("tags") or []))
