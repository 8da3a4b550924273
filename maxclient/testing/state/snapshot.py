"""Export a live MAX into the state format, through its public API, as a Manager.

MAX's API shows documents flattened (``id``, ``owner``, ``keywords``...): each one is
turned back into its stored shape, per-requester fields (``liked``, ``deletable``...)
dropped, dates normalised. Device tokens come from each user's token list, which
shows no id or date: the snapshot gives each one an id that sorts before every real one
and the snapshot's time. What the API does not show a Manager (conversations of
others, uploaded bytes, OAuth accounts) is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from hashlib import sha1
from typing import TYPE_CHECKING, Any

from ...errors import RequestError
from ..model.common import parse_date, rfc3339, utcnow
from .codec import DATE_KEYS
from .dump import FORMAT, VERSION

if TYPE_CHECKING:
    from ...rest import MaxClient

Doc = dict[str, Any]
Progress = Callable[[str, int, int], None]  # (stage, done, total)

# API name -> stored name, per kind of document (MAX strips the leading underscore).
_PRIVATE = ("id", "owner", "creator", "keywords")
_OBJECT_PRIVATE = ("keywords", "hashtags")
_ENTRY_PRIVATE = ("grants", "vetos")
# Fields MAX computes for whoever asks; never stored.
_PER_REQUESTER = ("deletable", "liked", "favorited", "flagged_by_me", "isSubscribed")


def snapshot(client: MaxClient, *, limit: int = 200, progress: Progress | None = None
             ) -> dict[str, Any]:
    """The state of the MAX ``client`` is logged in to (as a Manager): people with
    profiles, roles and subscriptions, contexts, and the ``limit`` newest activities
    with their comments."""
    report = progress or (lambda stage, done, total: None)
    security = client.admin.security.get()
    contexts = [_stored(c) for c in client.contexts.get(qs={"limit": 0})]
    # people listings hide NonVisible users: roles and subscribers name them too
    names = dict.fromkeys(u["username"] for u in client.people.get(qs={"limit": 0}))
    for members in (security.get("roles") or {}).values():
        names.update(dict.fromkeys(members))
    for done, context in enumerate(contexts, 1):
        listed = client.contexts[context["url"]].subscriptions.get(qs={"limit": 0})
        names.update(dict.fromkeys(s["username"] for s in listed))
        report("contexts", done, len(contexts))
    users, subscriptions, tokens = [], [], []
    taken = rfc3339(utcnow())
    for done, name in enumerate(names, 1):
        profile = _profile(client, name)
        if profile is not None:
            entries = profile.get("subscribedTo")
            if entries is None:
                entries = client.people[name].subscriptions.get(qs={"limit": 0})
            users.append(_user(profile))
            subscriptions += [{"username": profile["username"], **_entry(e)} for e in entries]
            tokens += [_token(t, taken) for t in client.people[name].tokens.get()]
        report("people", done, len(names))
    activities = []
    posts = list(client.activities.iterate(limit=limit, page_size=min(max(limit, 1), 100)))
    for done, post in enumerate(posts, 1):
        stored = _activity(post)
        activities.append(stored)
        if stored["replies"]:
            comments = client.activities[stored["_id"]].comments.get(qs={"limit": 0})
            activities += [_comment(c, stored) for c in comments]
        report("activities", done, len(posts))
    return {
        "format": FORMAT,
        "version": VERSION,
        "settings": {},
        "security": {"id": security.get("id"), "roles": security.get("roles") or {}},
        "accounts": {},
        "users": _by_id(users),
        "contexts": _by_id(contexts),
        "subscriptions": subscriptions,
        "activities": _by_id(_unique(activities)),
        "conversations": [],
        "messages": [],
        "tokens": _by_id(tokens),
        "files": {},
    }


def _token(listed: Doc, taken: str) -> Doc:
    """A device token as stored, from its ``{username, platform, token}`` listing."""
    owner = listed["username"]
    return {"_id": "00000000" + sha1(listed["token"].encode("utf-8")).hexdigest()[:16],
            "token": listed["token"], "platform": listed["platform"], "device": None,
            "published": taken, "objectType": "token", "_owner": owner, "_creator": owner}


def _profile(client: MaxClient, name: str) -> Doc | None:
    """The full profile; None for a role holder with no user record (MAX allows it)."""
    try:
        profile: Doc = client.people[name].get()
    except RequestError as exc:
        if exc.error == "UnknownUserError":
            return None
        raise
    return profile


def _reply(reply: Doc) -> Doc:
    """A reply as MAX stores it in its post: keywords, hashtags and the author's owner
    and creator are private fields."""
    out = _stored(reply, ("keywords", "hashtags"))
    if isinstance(out.get("actor"), dict):
        out["actor"] = _stored(out["actor"], ("owner", "creator"))
    return out


def _stored(doc: Doc, private: Iterable[str] = _PRIVATE) -> Doc:
    out: Doc = {}
    for key, value in doc.items():
        if key in _PER_REQUESTER:
            continue
        out[f"_{key}" if key in private else key] = _date(key, value)
    return out


def _date(key: str, value: Any) -> Any:
    """Dates as the fake stores them; MAX variants (fractions, offsets) normalised."""
    if key in DATE_KEYS and isinstance(value, str):
        parsed = parse_date(value)
        return rfc3339(parsed) if parsed is not None else value
    if isinstance(value, dict):
        return {k: _date(k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_date(key, v) for v in value]
    return value


def _entry(entry: Doc) -> Doc:
    out = _stored(entry, _ENTRY_PRIVATE)
    out.setdefault("permissions", [])
    return out


def _user(profile: Doc) -> Doc:
    user = _stored({k: v for k, v in profile.items() if k not in ("subscribedTo", "talkingIn")})
    user["unsubscribedToPush"] = [_entry(e) for e in user.get("unsubscribedToPush") or []]
    user.setdefault("following", [])
    user["talkingIn"] = []  # conversations are not exported
    user.setdefault("_creator", user["username"])
    user.setdefault("_owner", user["username"])
    return user


def _activity(post: Doc) -> Doc:
    doc = _stored(post)
    doc["object"] = _stored(doc.get("object") or {}, _OBJECT_PRIVATE)
    for key in ("replies", "likes", "favorites", "_keywords"):
        doc.setdefault(key, [])
    doc["replies"] = [_reply(r) for r in doc["replies"]]
    doc.setdefault("likesCount", len(doc["likes"]))
    doc.setdefault("favoritesCount", len(doc["favorites"]))
    doc.setdefault("lastComment", doc["replies"][-1]["id"] if doc["replies"] else doc["_id"])
    doc.setdefault("generator", None)
    doc.setdefault("objectType", "activity")
    doc.setdefault("_owner", (doc.get("actor") or {}).get("username"))
    doc.setdefault("_creator", doc["_owner"])
    return doc


def _comment(reply: Doc, parent: Doc) -> Doc:
    """A comment activity: as listed when MAX gives the whole activity, else rebuilt
    from its reply entry and its parent."""
    if reply.get("verb") == "comment":
        return _activity(reply)
    actor = reply.get("actor") or {}
    where = [c["hash"] for c in parent.get("contexts") or () if c.get("hash")]
    return {
        "_id": reply["id"], "objectType": "activity", "verb": "comment", "actor": actor,
        "object": {"objectType": "comment", "content": reply.get("content", ""),
                   "inReplyTo": [{"id": parent["_id"],
                                  "objectType": parent["object"].get("objectType"),
                                  "contexts": where}]},
        "published": _date("published", reply.get("published")), "generator": None,
        "replies": [], "likes": [], "likesCount": 0, "favorites": [], "favoritesCount": 0,
        "lastComment": reply["id"], "_keywords": [],
        "_creator": actor.get("username"), "_owner": actor.get("username"),
    }


def _unique(docs: list[Doc]) -> list[Doc]:
    return list({d["_id"]: d for d in docs}.values())


def _by_id(docs: list[Doc]) -> list[Doc]:
    return sorted(docs, key=lambda d: str(d["_id"]))
