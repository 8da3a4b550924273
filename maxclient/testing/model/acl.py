"""MAX's access rules as plain functions over stored documents (no HTTP): context
policies and the permissions they grant a subscriber, per-subscriber grants and
vetoes, and who may view, write, delete or moderate an activity."""

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


# MAX's permission order (Python 2 dict order of its defaults); clients treat it as a set.
PERMISSIONS = ("invite", "read", "write", "subscribe", "flag", "unsubscribe", "kick", "delete")
POLICY_KEYS = ("read", "write", "subscribe", "unsubscribe", "invite", "kick", "delete", "flag")


def policy(context: Doc | None, permission: str) -> str:
    """The context's policy for ``permission``; MAX's rule: a context that sets no
    ``unsubscribe`` policy lets leave whoever its ``subscribe`` policy lets join."""
    stored = (context or {}).get("permissions") or {}
    if permission == "unsubscribe" and stored.get("unsubscribe") is None:
        return str(stored.get("subscribe", "restricted"))
    return str(stored.get(permission, "restricted"))


def default_permissions(context: Doc) -> list[str]:
    """What a fresh subscriber gets: every permission whose policy is not restricted."""
    return [p for p in PERMISSIONS if policy(context, p) != "restricted"]


def filled_permissions(context: Doc) -> Doc:
    """All eight policy keys, the missing ones restricted (``GET /contexts/{hash}``)."""
    stored = context.get("permissions") or {}
    return {key: stored.get(key, "restricted") for key in POLICY_KEYS} | dict(stored)


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


def can_like(user: Doc | None, activity: Doc, context: Doc | None) -> bool:
    """MAX's "Like an activity" for a non-Manager acting as himself (models/activity.py
    424-452): context-less posts are open; in a context, a subscription decides by its
    ``read``, and only without one does a public ``read`` policy let him. Owning the post
    grants nothing."""
    where = activity_context(activity)
    if where is None:
        return True
    entry = subscription(user, where)
    if entry is not None:
        return "read" in (entry.get("permissions") or ())
    return policy(context, "read") == "public"


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
