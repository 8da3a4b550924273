"""Context subscriptions and push-notification opt-outs (``subscribedTo`` /
``unsubscribedToPush`` entries of user documents)."""

from __future__ import annotations

import copy
from typing import Any

from ..errors import ObjectNotFound, UnknownUserError
from ..http.reply import Reply, json_reply, no_content
from ..http.request import FakeRequest
from ..http.search import name_filtered, search_params
from ..model.acl import policy
from ..model.common import flatten
from . import view
from .contexts import is_context_owner


def _user_named(req: FakeRequest, username: str) -> dict[str, Any]:
    user = req.backend.people.get(username)
    if user is None:
        raise UnknownUserError(f"Unknown actor identified by: {username.lower()}")
    return user


def _render_activity(req: FakeRequest, activity: dict[str, Any], loaded: bool
                     ) -> dict[str, Any]:
    out = flatten(activity)
    if loaded:  # MAX adds these when it answers with a stored activity
        out["deletable"] = req.is_manager or activity.get("_owner") == req.authenticated
        out["liked"] = False
        out["favorited"] = False
    return out


def _with_tags(req: FakeRequest, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """MAX reads the query with its ``searchParams`` (so a bad ``limit`` is a 400) and
    keeps the entries holding every cleaned-up tag."""
    wanted = search_params(req).tags
    kept = [e for e in entries if all(t in (e.get("tags") or ()) for t in wanted)]
    return copy.deepcopy(kept)


def _page_users(req: FakeRequest, users: list[dict[str, Any]]) -> list[dict[str, Any]]:
    search = search_params(req)
    users = name_filtered(req, search, users)  # MAX searches the users with searchParams
    users = [u for u in users if search.keeps(u)]
    if search.before is not None:
        users = [u for u in users if u["_id"] < search.before]
    if search.after is not None:
        users = [u for u in users if u["_id"] > search.after]
    return search.take(users)


@view("context_subscriptions", "POST")
def subscribe(req: FakeRequest) -> Reply:
    context = req.target
    user = _user_named(req, req.actor_username or "")
    allowed = (req.is_manager or is_context_owner(req, context)
               or (req.is_self and policy(context, "subscribe") == "public"))
    req.require(allowed)
    activity, created = req.backend.contexts.subscribe(user, context, req.authenticated or "")
    return json_reply(_render_activity(req, activity, not created), 201 if created else 200)


@view("context_subscriptions", "GET")
def list_context_subscribers(req: FakeRequest) -> Reply:
    context = req.target
    req.require(req.is_manager or is_context_owner(req, context))
    users = _page_users(req, req.backend.contexts.subscriber_users(context["hash"]))
    items = []
    for user in users:
        entry = req.backend.contexts.subscription(user, context["hash"]) or {}
        items.append({"username": user["username"], "hash": context["hash"],
                      "permissions": list(entry.get("permissions", [])),
                      "grants": [], "vetos": []})
    return json_reply(items)


@view("context_subscription", "DELETE", actor=False)
def unsubscribe(req: FakeRequest) -> Reply:
    context = req.target
    user = _user_named(req, req.params["username"])
    contexts = req.backend.contexts
    entry = contexts.subscription(user, context["hash"])
    privileged = req.is_manager or is_context_owner(req, context)
    is_self = req.authenticated == user["username"]
    req.require(privileged or (is_self and entry is not None
                               and "unsubscribe" in entry.get("permissions", ())))
    if entry is None:
        raise ObjectNotFound(f"{user['username']} is not susbcribed to {context['hash']}")
    contexts.unsubscribe(user, context["hash"])
    return no_content()


@view("subscriptions", "GET")
def list_user_subscriptions(req: FakeRequest) -> Reply:
    user = req.target
    req.require(req.is_manager or req.authenticated == user["username"])
    return json_reply(_with_tags(req, user.get("subscribedTo", [])))


@view("unsubscriptionpush", "GET")
def list_user_push_optouts(req: FakeRequest) -> Reply:
    user = req.target
    req.require(req.is_manager or req.authenticated == user["username"])
    return json_reply(_with_tags(req, user.get("unsubscribedToPush", [])))


@view("context_users_unsubscriptionpush", "GET")
def list_context_push_optouts(req: FakeRequest) -> Reply:
    context = req.target
    req.require(req.is_manager or is_context_owner(req, context))
    users = _page_users(req, req.backend.contexts.push_optout_users(context["hash"]))
    return json_reply([{"username": u["username"]} for u in users])


@view("context_unsubscriptionpush", "POST", actor=False)
def push_opt_out(req: FakeRequest) -> Reply:
    context = req.target
    user = _user_named(req, req.params["username"])
    is_self = req.authenticated == user["username"]
    req.require(req.is_manager or is_context_owner(req, context)
                or (is_self and policy(context, "subscribe") == "public"))
    activity, created = req.backend.contexts.push_opt_out(user, context,
                                                          req.authenticated or "")
    return json_reply(_render_activity(req, activity, not created), 201 if created else 200)


@view("context_subscriptionpush", "DELETE", actor=False)
def push_opt_in(req: FakeRequest) -> Reply:
    context = req.target
    user = _user_named(req, req.params["username"])
    contexts = req.backend.contexts
    entry = contexts.subscription(user, context["hash"])
    is_self = req.authenticated == user["username"]
    req.require(req.is_manager or is_context_owner(req, context)
                or (is_self and entry is not None
                    and "unsubscribe" in entry.get("permissions", ())))
    if not contexts.push_opt_in(user, context["hash"]):
        raise ObjectNotFound(
            f"{user['username']} is not unsubscribedToPush to {context['hash']}")
    return no_content()
