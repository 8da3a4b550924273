"""Fake MAX views: conversations, participants, ownership, messages and attachments.

Permissions follow MAX's conversation ACL: Managers may do anything, the Owner
manages the conversation, and everybody else acts through the permission list of
the *authenticated* user's ``talkingIn`` entry.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from functools import partial
from typing import Any

from ...protocol import asbool
from ..errors import Forbidden, Gone, ObjectNotFound, UnknownUserError, ValidationError
from ..http.reply import Reply, binary_reply, count_reply, json_reply, no_content
from ..http.reply import json_list_reply as list_reply
from ..http.request import FakeRequest
from ..http.search import search_params
from ..model import images
from ..model.common import flatten
from ..model.conversations import PARTICIPANTS_LIMIT
from ..model.validation import message_object
from . import view

_POLICY_VALUES = ("public", "subscribed", "restricted")


# -- helpers ------------------------------------------------------------------



def _entry_permissions(req: FakeRequest, cid: str) -> list[str]:
    """Permissions of the authenticated user's subscription (what MAX's ACL reads)."""
    return req.backend.conversations.permissions_of(req.authenticated, cid)


def _is_owner(req: FakeRequest, conv: dict[str, Any]) -> bool:
    return conv.get("_owner") == req.authenticated


def _person_actor(req: FakeRequest) -> dict[str, Any]:
    """The acting user; conversations are only ever between people."""
    if req.actor_context_url is not None:
        raise ValidationError("Conversations and messages need a person as actor")
    return req.require_actor()


def can_see(req: FakeRequest, viewer: dict[str, Any], user: dict[str, Any]) -> bool:
    """MAX's visibility rule: visible people cannot see NonVisible ones, and in restricted
    visibility mode people must share a context subscription."""
    security = req.backend.security
    if not security.has("NonVisible", viewer["username"]) and security.has(
            "NonVisible", user["username"]):
        return False
    restricted = asbool(req.server.settings.get("max.restricted_user_visibility_mode"))
    if not restricted:
        return True
    mine = {s.get("hash") for s in viewer.get("subscribedTo", ())}
    return any(s.get("hash") in mine for s in user.get("subscribedTo", ()))


def _message_out(message: dict[str, Any], private: bool = True) -> dict[str, Any]:
    return flatten(message, private=private)


def _messages_reply(req: FakeRequest, messages: Iterable[dict[str, Any]], *, private: bool,
                    headers: list[tuple[str, str]] | None = None) -> Reply:
    """A list of messages, each serialised once until the next write (``model.cache``)."""
    cache = req.backend.json_cache
    items = [cache.json(("message", private), m, partial(_message_out, m, private))
             for m in messages]
    reply = list_reply(items)
    reply.headers.extend(headers or ())
    return reply


# -- /conversations -------------------------------------------------------------

@view("conversations", "GET")
def list_conversations(req: FakeRequest) -> Reply:
    user = _person_actor(req)
    store = req.backend.conversations
    convs = sorted(store.of_user(user), key=lambda c: store.recency(c["_id"]),
                   reverse=True)  # MAX: full-precision dates, not the listed seconds
    return json_reply([store.info(conv, user["username"]) for conv in convs])


@view("conversations", "POST", actor=False)
def start_conversation(req: FakeRequest) -> Reply:
    req.require(req.is_self or req.is_manager)
    data = req.data
    contexts = data.get("contexts")
    if not contexts:
        raise ValidationError("Empty contexts parameter")
    if not isinstance(contexts, list) or not isinstance(contexts[0], dict):
        raise ValidationError("contexts must be a list of conversation objects")
    wanted = contexts[0].get("participants")
    if not wanted:
        raise ValidationError("Empty participants parameter")
    if not isinstance(wanted, list) or not all(isinstance(n, str) for n in wanted):
        raise ValidationError("participants must be a list of usernames")
    if len(wanted) != len(set(wanted)):
        raise ValidationError("One or more users duplicated in participants list")
    actor = _person_actor(req)  # MAX reads the actor only after these checks
    me = actor["username"]
    if len(wanted) == 1 and wanted[0] == me:
        raise ValidationError("Cannot start a conversation with oneself")
    if me not in wanted and not req.is_manager:
        raise ValidationError("Actor must be part of the participants list.")
    display_name = contexts[0].get("displayName")
    if display_name is not None and not isinstance(display_name, str):
        raise ValidationError("displayName must be a string")

    people = req.backend.people
    participants: list[dict[str, Any]] = []
    for name in wanted:
        user = people.get(name)
        if user is None or user["username"] != name:
            raise ObjectNotFound(f"Object with username {name} not found inside users")
        if name != me and not can_see(req, actor, user):
            raise Forbidden(f"User {me} is not allowed to have a conversation with {name}")
        participants.append(user)
    # Validate the first message before touching anything: a bad one leaves no trace
    # (MAX creates then rolls back, and may even delete a reused conversation).
    obj = message_object(data)
    upload = req.files.get("file")

    store = req.backend.conversations
    conv = store.find_pair(wanted[0], wanted[1]) if len(wanted) == 2 else None
    if conv is not None:
        store.resubscribe_missing(conv, req.authenticated or me)
    else:
        conv = store.create(participants, req.authenticated or me, display_name or None)
    message = store.add_message(conv, actor, req.authenticated or me, obj, upload,
                                generator=data.get("generator"))
    if len(conv["participants"]) > 2:
        store.make_group_admin(actor, conv)
    out = _message_out(message)
    # MAX names a two-person conversation here after its first stored participant
    # (Python 2 dict order), whoever posts; groups keep their displayName.
    out["contexts"][0]["displayName"] = store.real_display_name(conv, None)
    out["contexts"][0]["tags"] = list(conv["tags"])
    return json_reply(out, 201)


@view("conversations", "DELETE")
def purge_conversations(req: FakeRequest) -> Reply:
    req.require(req.is_manager)
    req.backend.conversations.delete_all()
    return no_content()


@view("conversations_active", "GET", actor="items")
def active_conversations(req: FakeRequest) -> Reply:
    store = req.backend.conversations
    messages, _ = store.select_messages(None, search_params(req))
    found: dict[str, dict[str, Any]] = {}
    for message in messages:
        context = message["contexts"][0]
        found.setdefault(context["id"], flatten(context))
    if req.wants_count:
        if found:  # MAX builds the items, reading its actor on the first, then counts
            req.require_actor()
        return count_reply(len(found))
    return json_reply(list(found.values()))


# -- /conversations/{id} --------------------------------------------------------

@view("conversation", "GET")
def get_conversation(req: FakeRequest) -> Reply:
    conv = req.target
    req.require(req.is_manager or _is_owner(req, conv)
                or "read" in _entry_permissions(req, conv["_id"]))
    return json_reply(req.backend.conversations.info(conv, req.authenticated))


@view("conversation", "PUT")
def modify_conversation(req: FakeRequest) -> Reply:
    conv = req.target
    req.require(req.is_manager or _is_owner(req, conv))
    changes = _conversation_changes(req.data)
    req.backend.conversations.modify(conv, changes)
    return json_reply(flatten(conv))


def _conversation_changes(data: dict[str, Any]) -> dict[str, Any]:
    """The updatable fields of a PUT body, validated (MAX: displayName, tags,
    participants, permissions)."""
    changes: dict[str, Any] = {}
    if "displayName" in data:
        name = data["displayName"]
        if not isinstance(name, str) or not name.strip():
            raise ValidationError('Validation error on field "displayName": must be a '
                                  "non-empty string")
        changes["displayName"] = name
    if "tags" in data:
        tags = data["tags"]
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise ValidationError('Validation error on field "tags": must be a list of strings')
        changes["tags"] = list(dict.fromkeys(tags))
    if "participants" in data:
        people = data["participants"]
        if (not isinstance(people, list) or not people or not all(
                isinstance(p, dict) and isinstance(p.get("username"), str) for p in people)):
            raise ValidationError('Validation error on field "participants": must be a list '
                                  "of people")
        changes["participants"] = [
            {"username": p["username"].lower(),
             "displayName": str(p.get("displayName") or p["username"].lower()),
             "objectType": "person"} for p in people]
    if "permissions" in data:
        policies = data["permissions"]
        if not isinstance(policies, dict) or not all(
                isinstance(v, str) and v in _POLICY_VALUES for v in policies.values()):
            raise ValidationError('Validation error on field "permissions": values must be '
                                  "public, subscribed or restricted")
        changes["permissions"] = dict(policies)
    return changes


@view("conversation", "DELETE")
def delete_conversation(req: FakeRequest) -> Reply:
    conv = req.target
    req.require(req.is_manager or _is_owner(req, conv))
    req.backend.conversations.delete(conv)
    return no_content()


@view("conversation_owner", "PUT")
def transfer_ownership(req: FakeRequest) -> Reply:
    conv = req.target
    store = req.backend.conversations
    new_owner = req.actor if req.actor_context_url is None else None
    subscribed = store.subscription(new_owner, conv["_id"]) is not None
    req.require(subscribed and (req.is_manager or _is_owner(req, conv)))
    assert new_owner is not None
    store.set_owner(conv, new_owner)
    return json_reply(flatten(conv))


@view("conversation_avatar", "GET", public=True)
def conversation_avatar(req: FakeRequest) -> Reply:
    return binary_reply(images.missing_avatar(), "image/png")


@view("user_conversation", "GET")
def user_conversation(req: FakeRequest) -> Reply:
    conv = req.target
    store = req.backend.conversations
    username = (req.params.get("username") or "").lower()
    own = req.is_self and store.subscription(
        req.backend.people.get(req.authenticated or ""), conv["_id"]) is not None
    req.require(req.is_manager or _is_owner(req, conv) or own)
    user = req.backend.people.get(username)
    entry = store.subscription(user, conv["_id"])
    if entry is None:  # MAX crashes (500) here; a JSON 404 says what is missing
        raise ObjectNotFound(
            f"Object with id {conv['_id']} not found inside talkingIn of {username}")
    out = flatten(conv)
    out["displayName"] = store.real_display_name(conv, username)
    out["lastMessage"] = store.last_message_info(conv["_id"])
    out["permissions"] = list(entry["permissions"])
    out["messages"] = 0
    return json_reply(out)


# -- participants -------------------------------------------------------------

@view("participants", "POST")
def add_participant(req: FakeRequest) -> Reply:
    conv = req.target
    store = req.backend.conversations
    req.require(req.is_manager or "invite" in _entry_permissions(req, conv["_id"]))
    target = _person_actor(req)
    if store.subscription(target, conv["_id"]) is not None:
        joined = store.last_join(conv["_id"], target["username"])
        if joined is None:
            raise ObjectNotFound(
                f"Object with actor.username {target['username']} not found inside activity")
        # MAX answers the stored subscribe activity loaded again, which adds the
        # caller's deletable, liked and favorited.
        out = flatten(joined)
        out.update(liked=False, favorited=False,
                   deletable=req.actor_username == joined.get("_owner"))
        return json_reply(out, 200)
    if len(conv["participants"]) == PARTICIPANTS_LIMIT:  # MAX's test: ==, not >=
        raise Forbidden("This conversation is full, no more of "
                        f"{PARTICIPANTS_LIMIT} participants allowed")
    if "group" not in conv["tags"]:
        raise Forbidden("This is not a group conversation, so no one else is allowed")
    caller = req.backend.people.get(req.authenticated or "")
    if caller is not None and not can_see(req, caller, target):
        raise Forbidden(f"User {caller['username']} is not allowed to have a conversation "
                        f"with {target['username']}")
    activity = store.add_participant(target, conv, req.authenticated or target["username"])
    return json_reply(flatten(activity), 201)


@view("participant", "DELETE")
def remove_participant(req: FakeRequest) -> Reply:
    conv = req.target
    # MAX's actor here is the URL's {username}: the one leaving or being kicked.
    name = (req.params.get("username") or "").lower()
    target = req.backend.people.get(name)
    if target is None:
        raise UnknownUserError(f"Unknown actor identified by: {name}")
    permissions = _entry_permissions(req, conv["_id"])
    himself = name == req.authenticated
    req.require(req.is_manager
                or (himself and "unsubscribe" in permissions)
                or (not himself and "kick" in permissions))
    req.backend.conversations.unsubscribe(target, conv)
    return no_content()


# -- messages -------------------------------------------------------------------

@view("conversation_messages", "GET")
def conversation_messages(req: FakeRequest) -> Reply:
    conv = req.target
    req.require(req.is_manager or "read" in _entry_permissions(req, conv["_id"]))
    store = req.backend.conversations
    search = search_params(req)
    messages, remaining = store.select_messages(conv["_id"], search)
    headers = [("X-Has-Remaining-Items", "1")] if remaining else []
    # keep_private_fields=False is undone by the flatten() after it (rest/messages.py:41):
    # creator, owner and keywords are listed.
    return _messages_reply(req, reversed(messages), private=True, headers=headers)


@view("conversation_messages", "POST")
@view("user_conversation_messages", "POST")
def post_message(req: FakeRequest) -> Reply:
    conv = req.target
    actor = _person_actor(req)
    req.require(req.is_manager or (
        req.is_self and "archive" not in conv["tags"]
        and "write" in _entry_permissions(req, conv["_id"])))
    store = req.backend.conversations
    creator = req.authenticated or actor["username"]
    store.resubscribe_missing(conv, creator)  # before the body is read, as in MAX
    data = req.data
    obj = message_object(data)
    message = store.add_message(conv, actor, creator, obj, req.files.get("file"),
                                generator=data.get("generator"))
    return json_reply(_message_out(message), 201)


@view("messages", "GET", actor="items")
def all_messages(req: FakeRequest) -> Reply:
    req.require(req.is_manager)
    store = req.backend.conversations
    search = search_params(req)
    if req.wants_count:
        return count_reply(store.count_messages(None, search))
    messages, _ = store.select_messages(None, search)
    return _messages_reply(req, messages, private=True)


def _require_message_reader(req: FakeRequest) -> dict[str, Any]:
    message = req.target
    cid = message["contexts"][0]["id"]
    reader = req.actor if req.actor_context_url is None else None
    entry = req.backend.conversations.subscription(reader, cid)
    req.require(req.is_manager or message.get("_owner") == req.authenticated
                or (entry is not None and "read" in entry.get("permissions", ())))
    return message


def _encoded(data: bytes, content_type: str, as_base64: bool) -> tuple[bytes, str]:
    if as_base64:
        return base64.b64encode(data), "application/base64"
    return data, content_type


@view("message_image", "GET")
@view("message_image_sizes", "GET")
def message_image(req: FakeRequest) -> Reply:
    message = _require_message_reader(req)
    if message["object"]["objectType"] != "image":
        # MAX crashes (500) on a non-image message; the fake says there is no image.
        raise ObjectNotFound(f"Message {message['_id']} has no image")
    size = req.params.get("size", "full")
    blob = req.backend.conversations.blob(message["_id"], size)
    if blob is None:
        raise Gone()
    content_type = (message["object"].get("mimetype") or "image/jpeg") if size == "full" \
        else "image/jpeg"
    as_b64 = req.headers.get("content-type", "") == "application/base64"
    return binary_reply(*_encoded(blob, content_type, as_b64))


@view("message_file_download", "GET")
def message_file(req: FakeRequest) -> Reply:
    message = _require_message_reader(req)
    if message["object"]["objectType"] != "file":
        raise ObjectNotFound(f"Message {message['_id']} has no file")
    blob = req.backend.conversations.blob(message["_id"], "full")
    if blob is None:
        raise Gone()
    content_type = message["object"].get("mimetype") or "application/octet-stream"
    filename = message["object"].get("filename") or message["_id"]
    as_b64 = req.headers.get("x-from-utalk") == "App"
    data, content_type = _encoded(blob, content_type, as_b64)
    return binary_reply(data, content_type,
                        [("Content-Disposition", f"attachment; filename={filename}")])


# -- push tokens ------------------------------------------------------------------

@view("conversation_push_tokens", "GET", actor=False)
def conversation_tokens(req: FakeRequest) -> Reply:
    req.require(req.is_manager)
    cid = req.params.get("id", "")
    store = req.backend.conversations
    names = [user["username"] for user in store.subscribers(cid)] if store.get(cid) else []
    return json_reply(req.backend.tokens.for_users(names))
