"""Who may read, write, delete or moderate activities: MAX's Activity and Context ACLs
reduced to plain functions over stored documents (no HTTP)."""

from __future__ import annotations

from typing import Any

Doc = dict[str, Any]


def subscription(user: Doc | None, context_hash: str | None) -> Doc | None:
    if user is None or context_hash is None:
        return None
    for entry in user.get("subscribedTo") or ():
        if entry.get("hash") == context_hash:
            return entry
    return None


def subscribed_hashes(user: Doc | None) -> list[str]:
    return [e["hash"] for e in (user or {}).get("subscribedTo") or () if e.get("hash")]


def has_permission(user: Doc | None, context_hash: str | None, permission: str) -> bool:
    """The user's subscription to the context grants ``permission``."""
    entry = subscription(user, context_hash)
    return entry is not None and permission in (entry.get("permissions") or ())


def policy(context: Doc | None, permission: str) -> str:
    return ((context or {}).get("permissions") or {}).get(permission, "restricted")


def can_read_context(user: Doc | None, context: Doc, *, manager: bool,
                     owner_counts: bool = True) -> bool:
    """Context activity listings: Manager, owner, ``read`` subscribers, or public read."""
    if manager or policy(context, "read") == "public":
        return True
    if owner_counts and user is not None and context.get("_owner") == user["username"]:
        return True
    return has_permission(user, context.get("hash"), "read")


def activity_context(activity: Doc) -> str | None:
    contexts = activity.get("contexts") or ()
    return contexts[0].get("hash") if contexts else None


def can_view(user: Doc | None, activity: Doc, context: Doc | None, *, manager: bool) -> bool:
    """MAX's "View activity" on one activity."""
    if manager or (user is not None and activity.get("_owner") == user["username"]):
        return True
    where = activity_context(activity)
    if where is None:
        return True
    if policy(context, "read") == "public":
        return True
    return has_permission(user, where, "read")


def can_delete(user: Doc | None, activity: Doc, *, manager: bool) -> bool:
    if manager or (user is not None and activity.get("_owner") == user["username"]):
        return True
    return has_permission(user, activity_context(activity), "delete")


def can_write(user: Doc | None, activity: Doc, *, manager: bool) -> bool:
    """Comment on an activity: context-less ones are open, others need ``write``."""
    if manager:
        return True
    where = activity_context(activity)
    return where is None or has_permission(user, where, "write")
