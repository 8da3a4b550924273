"""``/people`` views: list/create/read/modify/delete users, and user avatars."""

from __future__ import annotations

from typing import Any

from ...protocol import asbool
from ..errors import MissingField, ValidationError
from ..http.reply import Reply, binary_reply, json_reply, no_content
from ..http.request import FakeRequest
from ..http.search import name_filtered, search_params
from ..model import images
from ..model.common import flatten
from ..model.people import normalize_twitter_username
from . import view

PUBLIC_USER_FIELDS = ("username", "displayName", "objectType", "published", "twitterUsername")
SUBSCRIPTION_FIELDS = ("following", "subscribedTo", "unsubscribedToPush", "talkingIn")


def render_user(req: FakeRequest, user: dict[str, Any], *, full: bool | None = None,
                enrich: bool = False) -> dict[str, Any]:
    """A user as the caller may see it: everything for Managers and the user himself;
    ``enrich`` adds conversation details to ``talkingIn`` as ``GET /people/{u}`` does."""
    if full is None:
        full = req.is_manager or req.authenticated == user["username"]
    if full:
        out = flatten(user)
        if enrich:
            out["talkingIn"] = req.backend.conversations.talking_in_info(user)
        return out
    return {k: flatten(user[k]) for k in PUBLIC_USER_FIELDS if k in user}


def check_user_fields(body: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Validated ``displayName``/``twitterUsername`` changes: (set, unset); nulls ignored."""
    changes: dict[str, Any] = {}
    unset: list[str] = []
    for key in ("displayName", "twitterUsername"):
        value = body.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise ValidationError(f'Validation error on field "{key}": must be a string')
        if value == "":
            unset.append(key)
        elif key == "twitterUsername":
            normalized = normalize_twitter_username(value)
            if normalized is None:
                raise ValidationError(
                    'Validation error on field "twitterUsername": Invalid twitter username')
            changes[key] = normalized
        else:
            changes[key] = value
    return changes, unset


@view("users", "GET", actor="items")
def list_people(req: FakeRequest) -> Reply:
    search = search_params(req)
    people = req.backend.people
    ascending = bool(search.max_users)
    names = people.names(descending=not ascending)
    named = None if search.username is None else {
        u["username"] for u in name_filtered(req, search, [people.users[n] for n in names])}
    twitter = bool(search.twitter_enabled)  # MAX: any value, "false" too
    wanted = None if search.limit is None else search.limit + 1
    found: list[dict[str, Any]] = []
    for name in names:
        if search.before is not None and not _beyond(name, search.before, ascending, True):
            continue
        if search.after is not None and not _beyond(name, search.after, ascending, False):
            continue
        user = people.get(name)
        if user is None:
            continue
        if named is not None and name not in named:
            continue
        if not search.keeps(user):
            continue
        found.append(user)
        if wanted is not None and len(found) >= wanted:
            break
    remaining = search.limit is not None and len(found) > search.limit and not ascending
    page = found[: search.limit] if search.limit is not None else found
    page = [u for u in page if _visible_to(req, u)]
    fields = ("_id", "username", "displayName", "objectType") + (
        ("twitterUsername",) if twitter else ())
    items = [flatten({k: u[k] for k in fields if k in u}) for u in page]
    headers = [("X-Has-Remaining-Items", "1")] if remaining else []
    return json_reply(items, headers=headers)


def _beyond(name: str, offset: str, ascending: bool, before: bool) -> bool:
    """MAX compares the offset with usernames in the listing order."""
    if before:
        return name > offset if ascending else name < offset
    return name < offset if ascending else name > offset


def _visible_to(req: FakeRequest, user: dict[str, Any]) -> bool:
    security = req.backend.security
    caller = req.authenticated
    if security.has("NonVisible", user["username"]) and not security.has("NonVisible", caller):
        return False
    if not asbool(req.server.settings.get("max.restricted_user_visibility_mode")):
        return True
    me = req.backend.people.get(caller or "")
    if me is None:
        return False
    mine = {e.get("hash") for e in me.get("subscribedTo", ())}
    return any(e.get("hash") in mine for e in user.get("subscribedTo", ()))


@view("users", "POST")
def create_person(req: FakeRequest) -> Reply:
    # The check acts on the user the view creates, not on MAX's resolved actor: MAX
    # lets ``{"username": "mallory", "actor": {"username": "alice"}}`` from alice through.
    target = req.data.get("username")
    target = target.lower() if isinstance(target, str) else req.actor_username
    req.require(req.is_manager or target == req.authenticated)
    body = req.json
    if not isinstance(body, dict):
        raise ValidationError("Unexpected data type in request")
    username = body.get("username")
    if not isinstance(username, str):
        raise ValidationError("Missing username in request")
    if not username:  # MAX takes any other text as sent, spaces included
        raise MissingField('Required parameter "username" found but empty')
    existing = req.backend.people.get(username)
    if existing is not None:  # MAX answers the user's getInfo(): talkingIn enriched
        return json_reply(_created_view(req, existing, enrich=True))
    changes, _unset = check_user_fields(body)
    user, _ = req.backend.people.create(username, creator=req.authenticated or username,
                                        **changes)
    return json_reply(_created_view(req, user), 201)


def _created_view(req: FakeRequest, user: dict[str, Any], *, enrich: bool = False
                  ) -> dict[str, Any]:
    if req.is_manager:
        return render_user(req, user, full=True, enrich=enrich)
    out = render_user(req, user, full=False)
    out.update({k: flatten(user[k]) for k in SUBSCRIPTION_FIELDS if k in user})
    if enrich:
        out["talkingIn"] = req.backend.conversations.talking_in_info(user)
    return out


@view("user", "GET")
def get_person(req: FakeRequest) -> Reply:
    user = req.target
    full = req.is_manager or req.authenticated == user["username"]
    body = req.backend.json_cache.json(("user", full), user,
                                       lambda: render_user(req, user, full=full, enrich=True))
    return Reply(200, body)


@view("user", "PUT")
def modify_person(req: FakeRequest) -> Reply:
    user = req.target
    req.require(req.is_manager or req.authenticated == user["username"])
    body = req.json
    if not isinstance(body, dict):
        raise ValidationError("Unexpected data type in request")
    changes, unset = check_user_fields(body)
    emptied = "displayName" in unset
    if emptied:  # MAX keeps the username as displayName, but answers without the field
        unset.remove("displayName")
        changes["displayName"] = user["username"]
    old_name = user.get("displayName")
    req.backend.people.update(user, changes, unset)
    if user.get("displayName") != old_name:
        req.backend.conversations.on_user_renamed(user)
    out = render_user(req, user)
    if emptied:
        out.pop("displayName", None)
    return json_reply(out)


@view("user", "DELETE")
def delete_person(req: FakeRequest) -> Reply:
    req.require(req.is_manager)
    req.backend.people.delete(req.target)
    return no_content()


@view("avatar", "POST")
def upload_avatar(req: FakeRequest) -> Reply:
    user = req.target
    req.require(req.is_manager or req.authenticated == user["username"])
    fields, files = req.multipart
    if len(files) != 1 or fields:
        raise ValidationError("Not supported upload method.")
    (_name, data, _type), = files.values()
    req.backend.people.set_avatar(user["username"], images.avatar_sizes(data))
    return json_reply({"Image": "updated"}, 201)


@view("avatar", "GET", public=True)
def get_avatar(req: FakeRequest) -> Reply:
    return _avatar(req, "default")


@view("avatar_sizes", "GET", public=True)
def get_avatar_size(req: FakeRequest) -> Reply:
    return _avatar(req, req.params.get("size", "default"))


def _avatar(req: FakeRequest, size: str) -> Reply:
    data = req.backend.people.avatar(req.target["username"], size)
    return binary_reply(data or images.missing_avatar(), "image/png")
