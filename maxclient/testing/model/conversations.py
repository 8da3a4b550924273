"""Conversations and their messages, stored as MAX stores them.

A conversation is a context living in its own collection; participants hold a
``talkingIn`` entry (with their own permission list) on their user document, and
messages are kept apart from activities. Every hot lookup goes through an index:
conversations and messages by id, message ids per conversation in id order, and
two-people conversations by their pair of usernames.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from ..errors import MissingField, ObjectNotFound
from . import images
from .common import flatten
from .index import IdIndex
from .pager import count_between, listed, newest_page
from .py2dict import dict_order
from .search import Search

_NEVER = datetime.min.replace(tzinfo=timezone.utc)

if TYPE_CHECKING:
    from .backend import MaxBackend

PARTICIPANTS_LIMIT = 200
FIXED_POLICIES = {"read": "subscribed", "write": "subscribed", "subscribe": "restricted",
                  "unsubscribe": "subscribed"}
# MAX's default policy for each subscription permission, in MAX's order.
DEFAULT_POLICIES = ("read", "write", "subscribe", "unsubscribe", "invite", "kick", "delete", "flag")

class Conversations:
    def __init__(self, backend: MaxBackend) -> None:
        self.backend = backend
        self.items: dict[str, dict[str, Any]] = {}
        self.messages: dict[str, dict[str, Any]] = {}
        self.message_ids: dict[str, list[str]] = {}  # conversation id -> ascending message ids
        self.all_message_ids: list[str] = []
        self.terms = IdIndex()  # ("k", keyword) / ("h", hashtag) / ("a", author) -> ids
        self.blobs: dict[str, dict[str, bytes]] = {}  # message id -> {"full"|"thumb": bytes}
        self._pairs: dict[frozenset[str], list[str]] = {}  # two-people ids, oldest first
        self._joins: dict[tuple[str, str], dict[str, Any]] = {}  # latest subscribe activity

    # -- lookups ----------------------------------------------------------
    def get(self, key: str) -> dict[str, Any] | None:
        return self.items.get(key)

    def get_message(self, key: str) -> dict[str, Any] | None:
        return self.messages.get(key)

    @staticmethod
    def subscription(user: dict[str, Any] | None, cid: str) -> dict[str, Any] | None:
        """The user's ``talkingIn`` entry for the conversation, if any."""
        if not user:
            return None
        for entry in user.get("talkingIn", ()):
            if entry.get("id") == cid:
                return entry
        return None

    def permissions_of(self, username: str | None, cid: str) -> list[str]:
        user = self.backend.people.get(username) if username else None
        entry = self.subscription(user, cid)
        return list(entry.get("permissions", ())) if entry else []

    def find_pair(self, first: str, second: str) -> dict[str, Any] | None:
        """MAX's reuse rule: the oldest conversation with exactly these two participants
        and no ``group`` tag."""
        for cid in self._pairs.get(frozenset((first, second)), ()):
            conv = self.items.get(cid)
            if conv is None or "group" in conv["tags"] or len(conv["participants"]) != 2:
                continue
            if {p["username"] for p in conv["participants"]} == {first, second}:
                return conv
        return None

    def of_user(self, user: dict[str, Any]) -> list[dict[str, Any]]:
        """Conversations the user is subscribed to and still listed in."""
        found = []
        for entry in user.get("talkingIn", ()):
            conv = self.items.get(entry.get("id"))
            if conv and any(p["username"] == user["username"] for p in conv["participants"]):
                found.append(conv)
        return found

    # -- conversations ----------------------------------------------------
    def create(self, participants: list[dict[str, Any]], creator: str,
               display_name: str | None = None) -> dict[str, Any]:
        cid = self.backend.new_id()
        by_name = {user["username"]: user for user in participants}  # MAX: a py2 dict
        people = [_participant(by_name[name]) for name in dict_order(by_name)]
        conv: dict[str, Any] = {
            "_id": cid,
            "objectType": "conversation",
            "participants": people,
            "tags": ["group"] if len(people) > 2 else [],
            "permissions": dict(FIXED_POLICIES),
            "displayName": display_name or ", ".join(p["username"] for p in people),
            "_owner": creator,
            "_creator": creator,
            "published": self.backend.now(),
        }
        self.items[cid] = conv
        self.message_ids[cid] = []
        if len(people) == 2:
            key = frozenset(p["username"] for p in people)
            self._pairs.setdefault(key, []).append(cid)
        for user in participants:
            self.subscribe(user, conv, creator, owner=creator)  # MAX: the starter owns them
        return conv

    def subscribe(self, user: dict[str, Any], conv: dict[str, Any],
                  creator: str, owner: str | None = None, *, record: bool = True
                  ) -> dict[str, Any]:
        """Add the ``talkingIn`` entry and (``record``) MAX's ``subscribe`` activity,
        which a join answers again later; bringing a leaver back records none."""
        entry = {"id": conv["_id"], "objectType": "conversation",
                 "permissions": self.policy_permissions(conv)}
        user.setdefault("talkingIn", []).append(entry)
        activity: dict[str, Any] = {
            "_id": self.backend.new_id(),
            "objectType": "activity",
            "verb": "subscribe",
            "actor": {"objectType": "person", "username": user["username"],
                      "displayName": user.get("displayName", user["username"])},
            "object": {"objectType": "conversation", "id": conv["_id"],
                       "participants": [dict(p) for p in conv["participants"]]},
            "_owner": owner or user["username"],
            "likes": [], "likesCount": 0, "favorites": [], "favoritesCount": 0,
            "_keywords": [],
            "_creator": creator,
            "published": self.backend.now(),
            "replies": [],
            "generator": None,
        }
        activity["lastComment"] = activity["_id"]  # MAX's default for a new activity
        if record:
            self._joins[(conv["_id"], user["username"])] = activity
        return activity

    def last_join(self, cid: str, username: str) -> dict[str, Any] | None:
        return self._joins.get((cid, username))

    @staticmethod
    def policy_permissions(conv: dict[str, Any], entry: dict[str, Any] | None = None
                           ) -> list[str]:
        """``read`` plus what the conversation's policies grant, then the entry's
        permanent grants and vetos (MAX's subscription permission algorithm)."""
        policies = conv.get("permissions", {})
        granted = ["read"]
        for name in DEFAULT_POLICIES:
            if name in granted:
                continue
            if name == "unsubscribe" and name not in policies:
                policy = policies.get("subscribe", "restricted")
            else:
                policy = policies.get(name, "restricted")
            if policy != "restricted":
                granted.append(name)
        if entry:
            granted += [p for p in entry.get("_grants", ()) if p not in granted]
            granted = [p for p in granted if p not in entry.get("_vetos", ())]
        return granted

    @staticmethod
    def grant(entry: dict[str, Any], permission: str, permanent: bool = True) -> None:
        if permission not in entry["permissions"]:
            entry["permissions"].append(permission)
        grants = entry.setdefault("_grants", [])
        if permanent and permission not in grants:
            grants.append(permission)
        entry["_vetos"] = [p for p in entry.get("_vetos", ()) if p != permission]

    @staticmethod
    def revoke(entry: dict[str, Any], permission: str, permanent: bool = True) -> None:
        entry["permissions"] = [p for p in entry["permissions"] if p != permission]
        vetos = entry.setdefault("_vetos", [])
        if permanent and permission not in vetos:
            vetos.append(permission)
        entry["_grants"] = [p for p in entry.get("_grants", ()) if p != permission]

    def make_group_admin(self, user: dict[str, Any], conv: dict[str, Any]) -> None:
        """A group's creator may invite and kick but not leave (non-permanent grants)."""
        entry = self.subscription(user, conv["_id"])
        if entry is not None:
            self.grant(entry, "invite", permanent=False)
            self.grant(entry, "kick", permanent=False)
            self.revoke(entry, "unsubscribe", permanent=False)

    def add_participant(self, user: dict[str, Any], conv: dict[str, Any],
                        creator: str) -> dict[str, Any]:
        conv["participants"].append(_participant(user))
        if "archive" in conv["tags"]:
            conv["tags"].remove("archive")
        return self.subscribe(user, conv, creator)

    def unsubscribe(self, user: dict[str, Any], conv: dict[str, Any]) -> None:
        """Remove the user's entry, then MAX's after-leave rules on participants and tags."""
        cid = conv["_id"]
        user["talkingIn"] = [e for e in user.get("talkingIn", ()) if e.get("id") != cid]
        tags = conv["tags"]
        if len(conv["participants"]) >= 2 and "group" in tags:
            conv["participants"] = [p for p in conv["participants"]
                                    if p["username"] != user["username"]]
        if len(conv["participants"]) == 2 and "group" not in tags and "single" not in tags:
            tags.append("single")
        if len(conv["participants"]) == 1 and "group" in tags and "archive" not in tags:
            tags.append("archive")

    def resubscribe_missing(self, conv: dict[str, Any], creator: str) -> None:
        """Posting to a ``single`` conversation brings every leaver back, in participant
        order: a participant deleted since is MAX's 404, those before him stay back."""
        if "single" not in conv["tags"]:
            return
        for participant in conv["participants"]:
            user = self.backend.people.get(participant["username"])
            if user is None:
                raise ObjectNotFound(f"Object with username {participant['username']} "
                                     "not found inside users")
            if self.subscription(user, conv["_id"]) is None:
                self.subscribe(user, conv, creator, record=False)
                if "single" in conv["tags"]:
                    conv["tags"].remove("single")

    def set_owner(self, conv: dict[str, Any], new_owner: dict[str, Any]) -> None:
        """Transfer ownership: the new owner may invite/kick and not leave; the old may leave."""
        cid = conv["_id"]
        previous = self.backend.people.get(conv["_owner"])
        conv["_owner"] = new_owner["username"]
        entry = self.subscription(new_owner, cid)
        if entry is not None:
            self.grant(entry, "invite")
            self.grant(entry, "kick")
            self.revoke(entry, "unsubscribe")
        old = self.subscription(previous, cid)
        if old is not None and previous is not new_owner:
            self.revoke(old, "invite")
            self.revoke(old, "kick")
            self.grant(old, "unsubscribe")

    def modify(self, conv: dict[str, Any], changes: dict[str, Any]) -> None:
        """Apply a PUT (already validated) and copy it to entries and messages."""
        cid = conv["_id"]
        if "permissions" in changes:
            conv["permissions"] = {**conv.get("permissions", {}), **changes["permissions"]}
        for name in ("displayName", "tags"):
            if name in changes:
                conv[name] = changes[name]
        if "participants" in changes:
            conv["participants"] = changes["participants"]
            self._reindex_pairs()
        if "permissions" in changes:
            for user in self.subscribers(cid):
                entry = self.subscription(user, cid)
                if entry is not None:
                    entry["permissions"] = self.policy_permissions(conv, entry)
        if "displayName" in changes:
            for mid in self.message_ids.get(cid, ()):
                self.messages[mid]["contexts"][0]["displayName"] = conv["displayName"]
            for user in self.subscribers(cid):  # MAX's updateUsersSubscriptions
                entry = self.subscription(user, cid)
                if entry is not None:
                    entry["displayName"] = conv["displayName"]

    def subscribers(self, cid: str) -> list[dict[str, Any]]:
        """Users holding an entry for the conversation (participants plus past members
        still listed in a two-people conversation)."""
        conv = self.items.get(cid)
        names = [p["username"] for p in conv["participants"]] if conv else []
        users = (self.backend.people.get(name) for name in names)
        return [u for u in users if u is not None and self.subscription(u, cid) is not None]

    def delete(self, conv: dict[str, Any]) -> None:
        """Unsubscribe everyone and physically delete the messages, as MAX does."""
        cid = conv["_id"]
        for user in self.backend.people.users.values():
            if self.subscription(user, cid) is not None:
                user["talkingIn"] = [e for e in user["talkingIn"] if e.get("id") != cid]
        doomed = set(self.message_ids.pop(cid, ()))
        for mid in doomed:
            message = self.messages.pop(mid, None)
            if message is not None:
                self.terms.remove(_message_terms(message), mid)
            self.blobs.pop(mid, None)
        if doomed:
            self.all_message_ids = [m for m in self.all_message_ids if m not in doomed]
        self._joins = {k: v for k, v in self._joins.items() if k[0] != cid}
        del self.items[cid]
        self._reindex_pairs()

    def delete_all(self) -> None:
        for conv in list(self.items.values()):
            self.delete(conv)

    def _reindex_pairs(self) -> None:
        self._pairs = {}
        for cid, conv in self.items.items():
            if len(conv["participants"]) == 2:
                key = frozenset(p["username"] for p in conv["participants"])
                self._pairs.setdefault(key, []).append(cid)

    # -- hooks for the people store -----------------------------------------
    def on_user_deleted(self, user: dict[str, Any]) -> None:
        """MAX unsubscribes a deleted user, then archives every ``single`` conversation he
        is still a participant of: one he is leaving now, or one he had left before."""
        touched = []
        for entry in list(user.get("talkingIn", ())):
            conv = self.items.get(entry.get("id"))
            if conv is not None:
                self.unsubscribe(user, conv)
                touched.append(conv)
        name = user["username"]
        for key, cids in self._pairs.items():
            if name in key:
                touched += [self.items[cid] for cid in cids if cid in self.items]
        for conv in touched:
            if "single" in conv["tags"]:
                conv["tags"].remove("single")
                conv["tags"].append("archive")

    def on_user_created(self, username: str) -> None:
        """Re-creating a user turns his archived two-people conversations into ``single``."""
        for cids in self._pairs.values():
            for cid in cids:
                conv = self.items.get(cid)
                if (conv and "group" not in conv["tags"] and "archive" in conv["tags"]
                        and any(p["username"] == username for p in conv["participants"])):
                    conv["tags"].remove("archive")
                    conv["tags"].append("single")

    def on_user_renamed(self, user: dict[str, Any]) -> None:
        """Keep participants' displayName in sync with the user's profile."""
        for conv in self.items.values():
            for participant in conv["participants"]:
                if participant["username"] == user["username"]:
                    participant["displayName"] = user.get("displayName", user["username"])

    # -- messages -----------------------------------------------------------
    def add_message(self, conv: dict[str, Any], actor: dict[str, Any], creator: str,
                    obj: dict[str, Any], upload: tuple[str, bytes, str] | None = None, *,
                    generator: Any = None) -> dict[str, Any]:
        """Store a message whose ``obj`` went through ``validation.message_object``; an
        image or file without its upload is refused before anything is stored."""
        if obj["objectType"] in ("image", "file") and upload is None:
            raise MissingField('Required parameter "file" not found in the request')
        mid = self.backend.new_id()
        if upload is not None and obj["objectType"] in ("image", "file"):
            self._attach(mid, obj, upload)
        message: dict[str, Any] = {
            "_id": mid,
            "objectType": "message",
            "verb": "post",
            "actor": {"objectType": "person", "username": actor["username"],
                      "displayName": actor.get("displayName", actor["username"])},
            "object": obj,
            "contexts": [{"objectType": "conversation", "id": conv["_id"],
                          "displayName": conv["displayName"]}],
            "published": self.backend.now(),
            "_creator": creator,
            "_owner": actor["username"],
            "_keywords": [],
            "replies": [],
            "generator": generator if isinstance(generator, str) else None,
        }
        if obj.get("_keywords"):  # MAX (models/message.py:66): only when there are some
            obj["_keywords"].append(actor["username"])
        self.messages[mid] = message
        self.index_message(message)
        return message

    def index_message(self, message: dict[str, Any]) -> None:
        """Enter a stored message in the id lists and the search index."""
        mid = message["_id"]
        self.message_ids.setdefault(message["contexts"][0]["id"], []).append(mid)
        self.all_message_ids.append(mid)
        self.terms.add(_message_terms(message), mid)

    def _attach(self, mid: str, obj: dict[str, Any], upload: tuple[str, bytes, str]) -> None:
        filename, data, content_type = upload
        kind = obj["objectType"]
        blobs = {"full": data}
        if kind == "image":
            obj["fullURL"] = f"/messages/{mid}/image/full"
            obj["thumbURL"] = f"/messages/{mid}/image/thumb"
            blobs["thumb"] = images.thumbnail(data)
        else:
            obj["fullURL"] = f"/messages/{mid}/file/download"
        obj["mimetype"] = content_type
        if "filename" not in obj and filename:
            obj["filename"] = filename
        self.blobs[mid] = blobs

    def last_message(self, cid: str) -> dict[str, Any] | None:
        ids = self.message_ids.get(cid)
        return self.messages[ids[-1]] if ids else None

    def last_message_info(self, cid: str) -> dict[str, Any]:
        """``lastMessage`` as MAX shows it in conversation listings."""
        message = self.last_message(cid)
        if message is None:
            return {}
        obj = message["object"]
        info = {
            "published": flatten(message["published"]),
            "content": obj.get("content", ""),
            "objectType": obj["objectType"],
            "actor": message["actor"].get("displayName") or message["actor"]["username"],
        }
        if obj["objectType"] in ("file", "image"):
            info["fullURL"] = obj.get("fullURL", "")
            if obj["objectType"] == "image":
                info["thumbURL"] = obj.get("thumbURL", "")
        return info

    @staticmethod
    def real_display_name(conv: dict[str, Any], username: str | None) -> str:
        """Two-people conversations are named after the partner of whoever asks."""
        if "group" in conv["tags"]:
            return conv["displayName"]
        for participant in conv["participants"]:
            if participant["username"] != username:
                return participant.get("displayName") or participant["username"]
        return conv["displayName"]

    def info(self, conv: dict[str, Any], username: str | None) -> dict[str, Any]:
        out = flatten(conv)
        out["displayName"] = self.real_display_name(conv, username)
        out["messages"] = 0
        out["lastMessage"] = self.last_message_info(conv["_id"])
        return out

    def talking_in_info(self, user: dict[str, Any]) -> list[dict[str, Any]]:
        """The user's ``talkingIn`` enriched as ``GET /people/{u}`` shows it to self/Managers."""
        out = []
        for entry in user.get("talkingIn", ()):
            conv = self.items.get(entry.get("id"))
            if conv is None:
                continue
            item = flatten(entry)
            item["displayName"] = self.real_display_name(conv, user["username"])
            item["participants"] = flatten(conv["participants"])
            item["tags"] = list(conv["tags"])
            item["messages"] = 0
            last = self.last_message(conv["_id"])
            item["lastMessage"] = _listing_last_message(last)
            out.append(item)
        out.sort(key=lambda i: self.recency(i["id"]), reverse=True)
        return out

    def recency(self, cid: str) -> tuple[datetime, str]:
        """Sort key of MAX's conversation listings: the last message's full date (ms, as
        stored), then its id for posts within one millisecond (newest first)."""
        message = self.last_message(cid)
        return (message["published"], message["_id"]) if message is not None else (_NEVER, "")

    def blob(self, mid: str, size: str = "full") -> bytes | None:
        return self.blobs.get(mid, {}).get(size)

    def _message_ids(self, cid: str | None) -> list[str]:
        return self.all_message_ids if cid is None else self.message_ids.get(cid, [])

    def _matching(self, ids: list[str], search: Search) -> list[str]:
        """The ``ids`` matching a filtered search, read from the term index when one of
        its lists is shorter than ``ids`` (a rare word costs its few hits, not a scan)."""
        if search.username is not None or search.keywords:
            # No message has the username or displayName a name filter reads, nor the
            # top-level _keywords MAX's keyword filter reads (its words are the object's).
            return []
        options = [self.terms.get(("h", h)) for h in search.hashtags]
        if search.actor:
            options.append(self.terms.get(("a", search.actor)))
        shortest = min(options, key=len) if options else None
        found: Iterator[str]
        if shortest is not None and len(shortest) < len(ids):
            found = (m for m in shortest if listed((ids,), m))
        else:
            found = iter(ids)
        return [m for m in found if _matches(self.messages[m], search)]

    def count_messages(self, cid: str | None, search: Search) -> int:
        """How many messages of conversation ``cid`` (None: of all) match ``search``."""
        ids = self._message_ids(cid)
        if search.filtered:
            ids = self._matching(ids, search)
        return count_between(ids, search.before, search.after)

    def select_messages(self, cid: str | None, search: Search
                        ) -> tuple[list[dict[str, Any]], bool]:
        """Newest-first page of conversation ``cid``'s messages (None: of all) and
        whether more remain. Unfiltered, this is a bisect and a slice."""
        ids = self._message_ids(cid)
        if search.filtered:
            ids = self._matching(ids, search)
        page, remaining = newest_page(ids, search.limit or 0, search.before, search.after)
        return [self.messages[m] for m in page], remaining


def _participant(user: dict[str, Any]) -> dict[str, Any]:
    return {"username": user["username"],
            "displayName": user.get("displayName") or user["username"],
            "objectType": "person"}


def _listing_last_message(message: dict[str, Any] | None) -> dict[str, Any]:
    # GET /people/{u} uses Python isoformat here, not RFC 3339 (a MAX quirk kept on purpose).
    if message is None:
        return {}
    obj = message["object"]
    out = {"objectType": obj.get("objectType", "note"), "content": obj.get("content", ""),
           "published": message["published"].replace(tzinfo=None).isoformat()}
    if out["objectType"] in ("file", "image"):
        out["fullURL"] = obj.get("fullURL", "")
        if out["objectType"] == "image":
            out["thumbURL"] = obj.get("thumbURL", "")
    return out


def _message_terms(message: dict[str, Any]) -> list[tuple[str, str]]:
    obj = message["object"]
    terms = [("h", h) for h in obj.get("_hashtags", ())]
    return [*terms, ("a", message["actor"]["username"])]


def _matches(message: dict[str, Any], search: Search) -> bool:
    if search.username is not None and not search.username.matches(message):
        return False  # as in MAX: a message has no top-level username/displayName
    return search.keeps(message)
