"""Differences that are MAX's bugs, not the fake's: reported apart, never "fixed".

Each entry names the bug as the realmax README or docs/fidelity.md lists it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .replay import Step

__all__ = ["AFTER_HALF_RESTART", "AFTER_HALF_RESUBSCRIBE", "AFTER_STORED_COMMENT",
           "known_difference", "leaves_half_done_state", "shows_any"]

COMMENT_500 = ("MAX bug (since 5.3.26, Activity.addComment): commenting on an activity "
               "without a context, or whose context was deleted, answers 500 after storing "
               "the comment; MAX's own tests expect 201")
SERVER_ERROR = ("MAX answers 500 here (a MAX bug); the fake answers what MAX means: its "
                "4xx error JSON, or the answer its code intends (docs/fidelity.md)")
SINGLE_TAG = ("MAX bug (long-running process): a new two-person conversation can come back "
              "tagged 'single'; a fresh MAX answers []")


HALF_RESTART = ("MAX bug (rest/conversations.py:103): starting again an archived "
                "two-person conversation re-subscribes one participant, then answers 500 "
                "removing a 'single' tag that is not there")
HALF_RESUBSCRIBE = ("MAX bug (rest/messages.py:73): posting to a 'single' conversation "
                    "that two participants had left re-subscribes them, then answers 500 "
                    "removing the 'single' tag a second time; the message is not stored")
AFTER_HALF_RESUBSCRIBE = ("follows MAX's 500 posting to a 'single' conversation two had "
                          "left (rest/messages.py:73): both are back, the message is not "
                          "stored")
AFTER_HALF_RESTART = ("follows MAX's half-done conversation restart (rest/conversations.py:"
                      "103) on the same people: MAX's state is left inconsistent")


AFTER_STORED_COMMENT = ("follows a comment MAX stored and then answered 500 for: the "
                        "reference never gave its id, so answers naming it differ")


# Symbols of objects whose state other answers carry too (a post in a timeline, a
# conversation in ``talkingIn``): activities, comments, conversations, messages. Users
# and contexts are named by nearly every answer, so they are left out.
_HELD = ("a", "k", "v", "m")


def shows_any(step: Step, symbols: Iterable[str]) -> str | None:
    """The first of ``symbols`` (objects, not people or contexts) either answer of
    ``step`` holds (as ``<symbol>``)."""
    text = json.dumps(step.bodies, ensure_ascii=False)
    return next((s for s in sorted(symbols)
                 if s[:1] in _HELD and s[1:].isdigit() and f"<{s}>" in text), None)


def leaves_half_done_state(step: Step) -> str | None:
    """MAX's 500s that change data before failing: later answers about the same objects
    differ because of MAX's state, not the fake's. The reason to give those answers."""
    first = step.answers[0]
    if first.status != 500:
        return None
    if step.op.kind == "comment.post":  # addComment saved before the crash
        return AFTER_STORED_COMMENT
    body = first.body
    single = isinstance(body, dict) and "remove('single')" in str(
        body.get("error_description", ""))
    if single and step.op.kind == "conversation.create":
        return AFTER_HALF_RESTART
    if single and step.op.kind == "message.post":
        return AFTER_HALF_RESUBSCRIBE
    return None


EVERY_ACTIVITY = ("MAX bug (rest/activities.py visible_user_activities_query): when the "
                  "viewed user has contexts the caller does not share and no context has "
                  "a public write policy, an empty $or branch matches every activity")


def _foreign_items(step: Step) -> bool:
    """The real answer to GET /people/{u}/activities holds someone else's or a non-post."""
    parts = step.op.path.split("/")
    if step.op.method != "GET" or len(parts) != 4 or parts[1] != "people" \
            or parts[3] != "activities" or not isinstance(step.bodies[0], list):
        return False
    owner = parts[2].strip("<>")
    return any(isinstance(item, dict) and (item.get("verb") != "post" or (
        item.get("actor") or {}).get("username") != owner) for item in step.bodies[0])


def known_difference(step: Step) -> str | None:
    """Why this step's divergence is expected, or None if it is the fake's to fix."""
    first, _second = step.answers
    if _foreign_items(step):
        return EVERY_ACTIVITY
    if first.status == 500:
        if step.op.kind == "comment.post":
            return COMMENT_500
        return {AFTER_HALF_RESTART: HALF_RESTART, AFTER_HALF_RESUBSCRIBE: HALF_RESUBSCRIBE}.get(
            leaves_half_done_state(step) or "", SERVER_ERROR)
    if all(d.where.endswith("tags") and "single" in repr(d.first)
           for d in step.divergences):
        return SINGLE_TAG
    return None
