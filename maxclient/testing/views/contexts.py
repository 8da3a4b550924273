"""``/contexts`` views: context CRUD, public listing, tags, avatar, per-user permissions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import (
    DuplicatedItemError,
    InvalidPermission,
    MissingField,
    ObjectNotFound,
    UnknownUserError,
    ValidationError,
)
from ..http.reply import Reply, binary_reply, json_reply, no_content
from ..http.request import FakeRequest
from ..http.search import name_filtered, search_params
from ..model import images
from ..model.acl import POLICY_KEYS, filled_permissions
from ..model.common import context_hash, flatten
from ..model.contexts import TWITTER_HASHTAG, TWITTER_USERNAME, Contexts
from ..model.py2dict import dict_order
from ..model.search import Search
from . import view

# What a PUT may change (MAX also lets ``published``/``objectType``/``hash`` through; the
# fake keeps those derived values consistent instead).
_MUTABLE = ("displayName", "permissions", "tags", "url", "twitterHashtag", "twitterUsername",
            "notifications", "uploadURL")


def is_context_owner(req: FakeRequest, context: dict[str, Any]) -> bool:
    return req.authenticated is not None and context.get("_owner") == req.authenticated


def require_manager_or_owner(req: FakeRequest, context: dict[str, Any]) -> None:
    req.require(req.is_manager or is_context_owner(req, context))


def _empty(value: Any) -> bool:
    return value in ("", [], {}) and not isinstance(value, bool)


def check_context_fields(body: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """Validated, normalized values of ``keys`` present in ``body`` (empties kept as-is)."""
    out: dict[str, Any] = {}
    for key in keys:
        if key not in body or body[key] is None:
            continue
        value = body[key]
        if _empty(value):
            out[key] = value
            continue
        if key == "permissions":
            if not isinstance(value, dict) or not all(
                    isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
                raise ValidationError(
                    'Validation error on field "permissions": expected an object of strings')
        elif key == "tags":
            if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
                raise ValidationError("Sorry, We're expecting a list of strings...")
            value = list(value)  # as sent, repeats included (MAX keeps them)
        elif key == "notifications":
            if not (isinstance(value, bool) or value in ("posts", "comments")):
                raise ValidationError(
                    'Validation error on field "notifications": must be false, "posts" or '
                    '"comments"')
        elif not isinstance(value, str):
            raise ValidationError(f'Validation error on field "{key}": must be a string')
        elif key == "twitterHashtag":
            match = TWITTER_HASHTAG.match(value)
            if match is None:
                raise ValidationError('Validation error on field "twitterHashtag": Invalid hashtag')
            value = match.group(1).lower()
        elif key == "twitterUsername":
            match = TWITTER_USERNAME.match(value)
            if match is None:
                raise ValidationError(
                    'Validation error on field "twitterUsername": Invalid twitter username')
            value = match.group(1).lower()
        out[key] = value
    return out


def render_context(context: dict[str, Any], *, filled: bool = False) -> dict[str, Any]:
    out = flatten(context)
    if filled:
        out["permissions"] = filled_permissions(context)
    return out


def _listing(req: FakeRequest, search: Search, contexts: Iterable[dict[str, Any]]
             ) -> list[dict[str, Any]]:
    if search.username is not None:
        contexts = name_filtered(req, search, list(contexts))
    out: list[dict[str, Any]] = []
    for context in contexts:
        if search.before is not None and context["_id"] >= search.before:
            continue
        if search.after is not None and context["_id"] <= search.after:
            continue
        if not search.keeps(context):
            continue
        out.append(context)
        if search.limit is not None and len(out) >= search.limit:
            break
    return out


@view("contexts", "GET", actor="items")
def list_contexts(req: FakeRequest) -> Reply:
    req.require(req.is_manager)
    search = search_params(req)
    found = _listing(req, search, req.backend.contexts.listing())
    return json_reply([render_context(c) for c in found])


@view("contexts", "POST")
def create_context(req: FakeRequest) -> Reply:
    req.require(req.is_manager)
    body = req.json
    if not isinstance(body, dict):
        raise ValidationError("Unexpected data type in request")
    url = body.get("url")
    if url is None:
        raise MissingField('Required parameter "url" not found in the request')
    if not isinstance(url, str):
        raise ValidationError('Validation error on field "url": must be a string')
    if not url:
        raise MissingField('Required parameter "url" found but empty')
    existing = req.backend.contexts.get(context_hash(url))
    if existing is not None:
        return json_reply(render_context(existing))
    keys = ("displayName", "permissions", "tags", "notifications", "twitterHashtag",
            "twitterUsername", "uploadURL", "owner", "objectType")
    fields = {k: v for k, v in check_context_fields(body, keys).items() if not _empty(v)}
    fields["url"] = url
    context, _ = req.backend.contexts.create(fields, creator=req.authenticated or "")
    return json_reply(render_context(context), 201)


@view("public_contexts", "GET", actor=False)
def list_public_contexts(req: FakeRequest) -> Reply:
    search = search_params(req)
    found = _listing(req, search, req.backend.contexts.listing(public_only=True))
    items = []
    for context in found:
        out = render_context(context)
        for key in ("owner", "creator", "published"):
            out.pop(key, None)
        items.append(out)
    return json_reply(items)


@view("context", "GET")
def get_context(req: FakeRequest) -> Reply:
    return json_reply(render_context(req.target, filled=True))


@view("context", "PUT")
def modify_context(req: FakeRequest) -> Reply:
    context = req.target
    require_manager_or_owner(req, context)
    body = req.json
    if not isinstance(body, dict):
        raise ValidationError("Unexpected data type in request")
    values = check_context_fields(body, _MUTABLE)
    if "url" in values:
        if _empty(values["url"]):
            raise ValidationError('Validation error on field "url": cannot be empty')
        other = req.backend.contexts.get(context_hash(values["url"]))
        if other is not None and other is not context:
            raise DuplicatedItemError(f"A context with url {values['url']} already exists")
    # On update MAX removes a field sent empty, and false is empty there too (a context
    # PUT with "notifications": false loses the key).
    changes = {k: v for k, v in values.items() if v}
    unset = [k for k, v in values.items() if not v]
    req.backend.contexts.update(context, changes, unset)
    return json_reply(render_context(context))


@view("context", "DELETE")
def delete_context(req: FakeRequest) -> Reply:
    context = req.target
    require_manager_or_owner(req, context)
    req.backend.contexts.delete(context)
    return no_content()


@view("context_avatar", "GET", public=True)
def get_context_avatar(req: FakeRequest) -> Reply:
    data = req.backend.contexts.avatar(req.target["hash"])
    return binary_reply(data or images.missing_avatar(), "image/png")


# -- tags --------------------------------------------------------------------

@view("context_tags", "GET")
def get_context_tags(req: FakeRequest) -> Reply:
    return json_reply(list(req.target.get("tags", [])))


@view("context_tags", "PUT")
def add_context_tags(req: FakeRequest) -> Reply:
    context = req.target
    require_manager_or_owner(req, context)
    tags = req.json
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ValidationError("Sorry, We're expecting a list of strings...")
    # MAX keeps list(set(old + new)): Python 2's set order, which clients see.
    merged = dict_order([*context.get("tags", []), *tags])
    req.backend.contexts.set_tags(context, merged)
    return json_reply(list(context["tags"]))


@view("context_tags", "DELETE")
def clear_context_tags(req: FakeRequest) -> Reply:
    context = req.target
    require_manager_or_owner(req, context)
    req.backend.contexts.set_tags(context, [])
    return json_reply([])


@view("context_tag", "DELETE")
def remove_context_tag(req: FakeRequest) -> Reply:
    context = req.target
    require_manager_or_owner(req, context)
    tag = req.params["tag"]
    tags = context.get("tags", [])
    if tag not in tags:
        raise ObjectNotFound(f'This context has no tag "{tag}"')
    remaining = list(tags)
    remaining.remove(tag)  # its first occurrence, as MAX's list.remove
    req.backend.contexts.set_tags(context, remaining)
    return no_content()


# -- per-user permissions on a subscription ------------------------------------

def _subscription_for_permissions(req: FakeRequest, check_name: bool) -> tuple[
        dict[str, Any], dict[str, Any], dict[str, Any]]:
    context = req.target
    username = req.params["username"].lower()
    user = req.backend.people.get(username)
    if user is None:  # MAX's actor is the URL's {username}: unknown, 400 before any check
        raise UnknownUserError(f"Unknown actor identified by: {username}")
    require_manager_or_owner(req, context)
    if check_name:
        permission = req.params["permission"]
        if permission not in POLICY_KEYS:
            raise InvalidPermission(f"There's not any permission named '{permission}'")
    entry = req.backend.contexts.subscription(user, context["hash"])
    if entry is None:
        raise ObjectNotFound(f"{username} is not susbcribed to {context['hash']}")
    return context, user, entry


def _permanent(req: FakeRequest) -> bool:
    return not req.has_arg("permanent") or bool(req.arg("permanent"))


def _short_entry(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, list) else v) for k, v in entry.items()
            if k not in ("tags", "_grants", "_vetos")}


@view("context_user_permission", "PUT", actor=False)
def grant_permission(req: FakeRequest) -> Reply:
    _context, _user, entry = _subscription_for_permissions(req, True)
    if not Contexts.grant(entry, req.params["permission"], _permanent(req)):
        return json_reply(entry)
    return json_reply(_short_entry(entry), 201)


@view("context_user_permission", "DELETE", actor=False)
def revoke_permission(req: FakeRequest) -> Reply:
    _context, _user, entry = _subscription_for_permissions(req, True)
    if not Contexts.revoke(entry, req.params["permission"], _permanent(req)):
        return json_reply(entry)
    return json_reply(_short_entry(entry), 201)


@view("context_user_permissions_defaults", "POST", actor=False)
def reset_permissions(req: FakeRequest) -> Reply:
    context, _user, entry = _subscription_for_permissions(req, False)
    Contexts.reset(context, entry)
    return json_reply(_short_entry(entry))

