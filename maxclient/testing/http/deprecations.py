"""MAX's silent rewrites of deprecated URLs (max-api deprecations.md).

Only POST and DELETE are rewritten, before routing; the first matching pattern wins
and the request then goes through routing, traversal and permissions as the new path.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..model.common import context_hash
from .request import FakeRequest

Rewrite = Callable[[FakeRequest, "re.Match[str]"], None]

# Set on the request by the device-token rewrite; the ``POST /tokens`` view then answers
# with the caller's profile (views/tokens.py reads it).
PROFILE_REPLY_FLAG = "reply_with_caller_profile"


def _person(username: str) -> dict[str, str]:
    return {"objectType": "person", "username": username}


def _body(req: FakeRequest) -> dict[str, Any] | None:
    """The parsed body, edited in place (parsed once, never copied), or None when it
    is not a JSON object (left broken)."""
    body = req.json
    return body if isinstance(body, dict) else None


def _hash_path(url: Any, tail: str) -> str:
    if not isinstance(url, str) or not url:
        # MAX builds /contexts//<tail>; routing skips the empty segment, so <tail> is
        # taken for a context hash: 404 ObjectNotFound ("Object with hash <tail> ...").
        return f"/contexts//{tail}"
    return f"/contexts/{context_hash(url)}/{tail}"


def _context_post(req: FakeRequest, match: re.Match[str]) -> None:
    body = _body(req)
    if body is None:
        return
    contexts = body.get("contexts")
    if not contexts:
        body.pop("contexts", None)
        return
    first = contexts[0] if isinstance(contexts, list) else None
    url = first.get("url") if isinstance(first, dict) else None
    req.path = _hash_path(url, "activities")
    del body["contexts"]
    body["actor"] = _person(match["user"])


def _subscribe(req: FakeRequest, match: re.Match[str]) -> None:
    body = _body(req)
    obj = body.pop("object", None) if body is not None else None
    url = obj.get("url") if isinstance(obj, dict) else None
    req.path = _hash_path(url, "subscriptions")
    if body is not None:
        body["actor"] = _person(match["user"])


def _create_user(req: FakeRequest, match: re.Match[str]) -> None:
    req.path = "/people"
    body = _body(req)
    if body is not None:
        body["username"] = match["user"]


def _join_conversation(req: FakeRequest, match: re.Match[str]) -> None:
    req.path = f"/conversations/{match['id']}/participants"
    req.json = {"actor": _person(match["user"])}


def _add_device_token(req: FakeRequest, match: re.Match[str]) -> None:
    req.path = "/tokens"
    req.json = {"platform": match["platform"], "token": match["token"]}
    setattr(req, PROFILE_REPLY_FLAG, True)


def _unsubscribe(req: FakeRequest, match: re.Match[str]) -> None:
    req.path = f"/contexts/{match['hash']}/subscriptions/{match['user']}"


def _leave_conversation(req: FakeRequest, match: re.Match[str]) -> None:
    req.path = f"/conversations/{match['id']}/participants/{match['user']}"


def _delete_device_token(req: FakeRequest, match: re.Match[str]) -> None:
    req.path = f"/tokens/{match['token']}"


_SEG = r"[^/]+"
_REWRITES: dict[str, list[tuple[re.Pattern[str], Rewrite]]] = {
    "POST": [
        (re.compile(rf"^/people/(?P<user>{_SEG})/activities$"), _context_post),
        (re.compile(rf"^/people/(?P<user>{_SEG})/subscriptions$"), _subscribe),
        (re.compile(rf"^/people/(?P<user>{_SEG})$"), _create_user),
        (re.compile(rf"^/people/(?P<user>{_SEG})/conversations/(?P<id>{_SEG})$"),
         _join_conversation),
        (re.compile(rf"^/people/{_SEG}/device/(?P<platform>{_SEG})/(?P<token>{_SEG})$"),
         _add_device_token),
    ],
    "DELETE": [
        (re.compile(rf"^/people/(?P<user>{_SEG})/subscriptions/(?P<hash>{_SEG})$"),
         _unsubscribe),
        (re.compile(rf"^/people/(?P<user>{_SEG})/conversations/(?P<id>{_SEG})$"),
         _leave_conversation),
        (re.compile(rf"^/people/{_SEG}/device/{_SEG}/(?P<token>{_SEG})$"),
         _delete_device_token),
    ],
}


def rewrite(req: FakeRequest) -> None:
    """Rewrite ``req`` in place (path, method, body) when it uses a deprecated URL."""
    for pattern, apply in _REWRITES.get(req.method, ()):
        match = pattern.search(req.path)
        if match is not None:
            apply(req, match)
            return

