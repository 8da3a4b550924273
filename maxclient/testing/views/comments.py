"""Fake MAX views: comments on activities and the comment listings (activities.md §8)."""

from __future__ import annotations

from typing import Any

from ..errors import MissingField, ObjectNotFound, ObjectNotSupported
from ..http.reply import Reply, json_reply, no_content
from ..http.request import FakeRequest
from ..model import acl, streams
from ..model.activities import person_snapshot
from ..model.common import flatten
from ..model.validation import content_not_text
from . import view
from .activities import caller, listing, render

Doc = dict[str, Any]


def _comment_object(req: FakeRequest) -> Doc:
    obj = req.data.get("object")
    if not isinstance(obj, dict) or not obj:
        raise MissingField('Required parameter "object" not found in the request')
    kind = obj.get("objectType")
    if kind != "comment":
        raise ObjectNotSupported(
            f"Activitystrea.ms object type {kind} unknown or unsupported")
    content = obj.get("content")
    if "content" not in obj:
        raise MissingField('Required parameter "content" not found in the request')
    if not isinstance(content, str):
        raise content_not_text()
    if not content:  # MAX's emptiness test: whitespace is content
        raise MissingField('Required parameter "content" found but empty')
    return {"objectType": "comment", "content": content}


def _require_read(req: FakeRequest, activity: Doc) -> None:
    """Reading comments: Manager, context-less activities, or a ``read`` subscription."""
    where = acl.activity_context(activity)
    req.require(req.is_manager or where is None
                or acl.has_permission(caller(req), where, "read"))


@view("activity_comments", "POST")
def add_comment(req: FakeRequest) -> Reply:
    activity: Doc = req.target
    actor = req.require_actor()
    if actor.get("objectType") == "context" or "username" not in actor:
        raise req.deny()
    req.require(req.is_manager or (
        req.is_self and acl.can_write(actor, activity, manager=False)))
    obj = _comment_object(req)
    comment = req.backend.activities.add_comment(
        activity, person_snapshot(actor), req.authenticated or "", obj, author=actor)
    # MAX answers newactivity.flatten() (rest/comments.py:147): unlike a post's answer it
    # shows the comment's own keywords, and an activity-level list never filled ([]).
    out = render(req, comment, private=True, computed=False)
    out["keywords"] = []
    out["object"]["keywords"] = list(comment["object"].get("_keywords", ()))
    return json_reply(out, 201)


@view("activity_comments", "GET")
def list_comments(req: FakeRequest) -> Reply:
    activity: Doc = req.target
    _require_read(req, activity)
    me = caller(req)
    # As the post's own ``deletable``: the owner or a ``delete`` grant, no Manager bonus.
    parent_deletable = acl.can_delete(me, activity, manager=False)
    out = []
    for reply in activity.get("replies", []):
        item = flatten(reply, private=False)
        author = (reply.get("actor") or {}).get("username")
        item["deletable"] = parent_deletable or (me is not None and author == me["username"])
        out.append(item)
    return json_reply(out)


@view("activity_comment", "DELETE")
def delete_comment(req: FakeRequest) -> Reply:
    activity: Doc = req.target
    comment_id = req.params.get("comment", "")
    reply = next((r for r in activity.get("replies", []) if r["id"] == comment_id), None)
    if reply is None:
        # MAX fails with a 500 (IndexError); the fake answers a real "not found".
        raise ObjectNotFound(f"Object with _id {comment_id} not found inside comments")
    me = caller(req)
    author = (reply.get("actor") or {}).get("username")
    allowed = (req.is_manager or (me is not None and me["username"] in (
        author, activity.get("_owner")))
        or acl.has_permission(me, acl.activity_context(activity), "delete"))
    req.require(allowed)
    req.backend.activities.delete_comment(activity, comment_id)
    return no_content()


@view("user_comments", "GET")
def user_comments(req: FakeRequest) -> Reply:
    user: Doc = req.target
    req.require(req.is_manager or req.authenticated == user["username"])
    return listing(req, streams.comments_by(req.backend, user["username"]), private=False,
                   comments=True)


@view("context_comments", "GET")
def context_comments(req: FakeRequest) -> Reply:
    context: Doc = req.target
    req.require(req.is_manager or acl.has_permission(caller(req), context["hash"], "read"))
    return listing(req, streams.comments_in(req.backend, context["hash"]), private=True,
                   comments=True)


@view("comments", "GET", actor="items")
def all_comments(req: FakeRequest) -> Reply:
    req.require(req.is_manager)
    return listing(req, streams.all_comments(req.backend), private=True, comments=True)


