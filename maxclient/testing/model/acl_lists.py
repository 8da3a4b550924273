"""MAX's per-object ACL lists, for ``?show_acls``: the permissions the caller holds on
the object a URL names (MAX's ``dump_acls``: each ``__acl__`` entry whose principal is
one of the caller's, in the model's order, without repeats).

Principals, as MAX's authentication policy computes them: ``system.Authenticated``,
the user id, ``Owner`` when the object's ``_owner`` is the caller, and the caller's
global roles. "Self operation" means the resolved actor is the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import acl

Doc = dict[str, Any]
AUTHENTICATED = "system.Authenticated"
OWNER = "Owner"
MANAGER = "Manager"
ME = "<caller>"  # MAX's ``request.authenticated_userid`` entries


@dataclass(frozen=True)
class Caller:
    """Who asks: the authenticated user, his global roles and the request's actor."""

    userid: str
    roles: tuple[str, ...]
    actor: Doc | None  # the resolved actor's document (a user, or a context)
    actor_username: str | None
    creator: Doc | None  # the authenticated user's own document

    @property
    def self_operation(self) -> bool:
        return self.userid == self.actor_username


_USER_STATIC = (
    (MANAGER, "View activities"), (MANAGER, "View activities without context subscription"),
    (MANAGER, "View user timeline activities"), (MANAGER, "Add activity"),
    (MANAGER, "View all subscriptions of user to a context"),
    (MANAGER, "View activity comments"), (MANAGER, "View private fields"),
    (MANAGER, "Modify a user's avatar"), (MANAGER, "Delete a device token"),
    (MANAGER, "List and query tokens"),
    (OWNER, "Modify user profile"), (OWNER, "View user timeline activities"),
    (OWNER, "View activities"), (OWNER, "Add activity"),
    (OWNER, "View all subscriptions of user to a context"),
    (OWNER, "View activity comments"), (OWNER, "View private fields"),
    (OWNER, "Modify a user's avatar"), (OWNER, "Delete a device token"),
    (AUTHENTICATED, "View user profile"), (AUTHENTICATED, "View activities"),
)

_CONTEXT_STATIC = (
    (AUTHENTICATED, "View context"), (OWNER, "Can modify context"), (OWNER, "Delete context"),
    (MANAGER, "Subscribe an user to a context"), (OWNER, "Subscribe an user to a context"),
    (MANAGER, "View activities"), (MANAGER, "View activities without context subscription"),
    (OWNER, "View activities"), (MANAGER, "Add activity"), (MANAGER, "View activity comments"),
    (MANAGER, "Grant or revoke permissions on a subscription"),
    (OWNER, "Grant or revoke permissions on a subscription"),
    (MANAGER, "Unsubscribe an user to a context"), (OWNER, "Unsubscribe an user to a context"),
)

_ACTIVITY_STATIC = (
    (MANAGER, "View activity"), (MANAGER, "Delete activity"),
    (MANAGER, "View activity comments"), (MANAGER, "Add a comment to an activity"),
    (MANAGER, "Favorite an activity"), (MANAGER, "Unfavorite an activity"),
    (MANAGER, "Like an activity"), (OWNER, "View activity"), (OWNER, "Delete activity"),
)

_CONVERSATION_STATIC = (
    (MANAGER, "View conversation"), (MANAGER, "View conversation subscription"),
    (MANAGER, "Modify conversation"), (MANAGER, "Delete conversation"),
    (MANAGER, "Delete everyone's conversations"),
    (MANAGER, "Add a participant to a conversation"),
    (MANAGER, "Delete a participant from a conversation"),
    (MANAGER, "View all conversation messages"), (MANAGER, "Add a message to a conversation"),
    (OWNER, "View conversation"), (OWNER, "View conversation subscription"),
    (OWNER, "Modify conversation"), (OWNER, "Delete conversation"),
)


def _user(doc: Doc, who: Caller, _backend: Any) -> list[tuple[str, str]]:
    entries = list(_USER_STATIC)
    if who.self_operation:
        entries += [(ME, "List and query tokens"),
                    (ME, "View all subscriptions of user to a context")]
    return entries


def _context(doc: Doc, who: Caller, _backend: Any) -> list[tuple[str, str]]:
    entries = list(_CONTEXT_STATIC)
    if acl.policy(doc, "subscribe") == "public" and who.self_operation:
        entries.append((ME, "Subscribe an user to a context"))
    if acl.policy(doc, "read") == "public":
        entries.append((ME, "View activities"))
    mine = acl.subscription(who.actor, doc.get("hash"))
    granted = (mine or {}).get("permissions") or ()
    if mine is not None:
        if "unsubscribe" in granted and who.self_operation:
            entries.append((ME, "Unsubscribe an user to a context"))
        if "write" in granted and who.self_operation:
            entries.append((ME, "Add activity"))
        if "read" in granted:
            entries += [(ME, "View activities"), (ME, "View activity comments")]
    return entries


def _activity(doc: Doc, who: Caller, backend: Any) -> list[tuple[str, str]]:
    entries = list(_ACTIVITY_STATIC)
    if who.self_operation:
        entries.append((ME, "Favorite an activity"))
        if _marked(doc, "favorites", who.actor):
            entries.append((ME, "Unfavorite an activity"))
    if doc.get("_owner") == who.userid:
        entries.append((ME, "View activity"))
    where = acl.activity_context(doc)
    if where is not None and who.actor is not None and who.actor.get("objectType") == "person":
        mine = acl.subscription(who.actor, where)
        granted = (mine or {}).get("permissions") or ()
        if mine is not None:
            if "read" in granted:
                entries += [(ME, "View activity"), (ME, "View activity comments")]
                if who.self_operation:
                    entries.append((ME, "Like an activity"))
            if "flag" in granted:
                entries += [(ME, "Flag an activity"), (ME, "Unflag an activity")]
            if "delete" in granted:
                entries += [(ME, "Delete activity"), (ME, "Delete a activity comment")]
            if "write" in granted:
                entries.append((ME, "Add a comment to an activity"))
        elif acl.policy(backend.contexts.get(where), "read") == "public":
            entries.append((ME, "View activity"))
            if who.self_operation:
                entries.append((ME, "Like an activity"))
        entries += [(MANAGER, "Flag an activity"), (MANAGER, "Unflag an activity")]
    elif where is None:
        entries += [(AUTHENTICATED, "View activity"),
                    (AUTHENTICATED, "Add a comment to an activity"),
                    (OWNER, "Delete a activity comment"),
                    (AUTHENTICATED, "View activity comments")]
        if who.self_operation:
            entries.append((ME, "Like an activity"))
    if _marked(doc, "likes", who.actor):
        entries.append((MANAGER, "Unlike an activity"))
        if who.self_operation:
            entries.append((ME, "Unlike an activity"))
    return entries


def _conversation(doc: Doc, who: Caller, backend: Any) -> list[tuple[str, str]]:
    entries = list(_CONVERSATION_STATIC)
    store = backend.conversations
    if store.subscription(who.actor, doc["_id"]) is not None:
        entries += [(MANAGER, "Transfer a conversation to another user"),
                    (OWNER, "Transfer a conversation to another user")]
    mine = store.subscription(who.creator, doc["_id"])
    if mine is not None:
        granted = mine.get("permissions") or ()
        if who.self_operation:
            entries.append((ME, "View conversation subscription"))
        if "read" in granted:
            entries += [(ME, "View conversation"), (ME, "View all conversation messages")]
        if "write" in granted and who.self_operation and "archive" not in doc.get("tags", ()):
            entries.append((ME, "Add a message to a conversation"))
        if "unsubscribe" in granted and who.self_operation:
            entries.append((ME, "Delete a participant from a conversation"))
        if "invite" in granted:
            entries.append((ME, "Add a participant to a conversation"))
        if "kick" in granted and not who.self_operation:
            entries.append((ME, "Delete a participant from a conversation"))
    return entries


def _marked(doc: Doc, field: str, actor: Doc | None) -> bool:
    name = (actor or {}).get("username")
    return name is not None and any(e.get("username") == name for e in doc.get(field) or ())


_BY_KIND: dict[str, Callable[[Doc, Caller, Any], list[tuple[str, str]]]] = {
    "person": _user, "context": _context, "activity": _activity,
    "conversation": _conversation,
}


def dump_acls(doc: Doc, who: Caller, backend: Any) -> list[str] | None:
    """The caller's permissions on ``doc``; None for objects MAX has no dump for here."""
    build = _BY_KIND.get(str(doc.get("objectType")))
    if build is None:
        return None
    principals = {AUTHENTICATED, ME, *who.roles}
    if doc.get("_owner") == who.userid:
        principals.add(OWNER)
    found: list[str] = []
    for principal, permission in build(doc, who, backend):
        if principal in principals and permission not in found:
            found.append(permission)
    return found
