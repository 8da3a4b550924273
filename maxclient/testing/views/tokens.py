"""Device (push) token views; ``/conversations/{id}/tokens`` lives with conversations."""

from __future__ import annotations

from ..errors import MissingField, ObjectNotFound, ValidationError
from ..http.deprecations import PROFILE_REPLY_FLAG
from ..http.reply import Reply, json_reply, no_content
from ..http.request import FakeRequest
from ..model.common import flatten
from ..model.tokens import PLATFORMS, short_form
from . import view
from .people import render_user


def _required_text(body: dict[str, object], name: str) -> str:
    value = body.get(name)
    if value is None:
        raise MissingField(f'Required parameter "{name}" not found in the request')
    if not isinstance(value, str):
        raise ValidationError(f'Validation error on field "{name}": must be a string')
    if not value.strip():
        raise MissingField(f'Required parameter "{name}" found but empty')
    return value


@view("tokens", "POST")
def add_token(req: FakeRequest) -> Reply:
    body = req.data
    owner = body.get("username") if isinstance(body.get("username"), str) else None
    owner = (owner or req.authenticated or "").lower()
    # The check acts on the token's owner, not on MAX's resolved actor (an ``actor``
    # in the body would let alice register a token for bob).
    req.require(req.is_manager or (req.is_self and owner == req.authenticated))
    platform = _required_text(body, "platform").lower()
    token = _required_text(body, "token")
    if platform not in PLATFORMS:
        raise ValidationError(f"{platform} is not a supported platform.")
    device = body.get("device")
    record = req.backend.tokens.add(token, platform, device, owner, req.authenticated or "")
    if getattr(req, PROFILE_REPLY_FLAG, False):
        caller = req.backend.people.get(req.authenticated or "")
        if caller is not None:
            return json_reply(render_user(req, caller, full=True), 201)
    return json_reply(flatten(record, private=False), 201)


@view("token", "DELETE", actor=False)  # MAX reads no actor: its ACL names the owner
def delete_token(req: FakeRequest) -> Reply:
    record = req.target
    req.require(req.is_manager or record["_owner"] == req.authenticated)
    req.backend.tokens.delete(record)
    return no_content()


def _require_self_or_manager(req: FakeRequest) -> str:
    username = req.target["username"]
    req.require(req.is_manager or req.authenticated == username)
    return username


@view("user_tokens", "GET")
def list_user_tokens(req: FakeRequest) -> Reply:
    username = _require_self_or_manager(req)
    return json_reply([short_form(r) for r in req.backend.tokens.of_user(username)])


@view("user_tokens", "DELETE")
def delete_user_tokens(req: FakeRequest) -> Reply:
    username = _require_self_or_manager(req)
    req.backend.tokens.delete_of_user(username)
    return no_content()


@view("user_platform_tokens", "GET")
def list_user_platform_tokens(req: FakeRequest) -> Reply:
    username = _require_self_or_manager(req)
    records = req.backend.tokens.of_user(username, req.params["platform"])
    return json_reply([short_form(r) for r in records])


@view("user_platform_tokens", "DELETE")
def delete_user_platform_tokens(req: FakeRequest) -> Reply:
    username = _require_self_or_manager(req)
    req.backend.tokens.delete_of_user(username, req.params["platform"])
    return no_content()


@view("context_push_tokens", "GET", actor=False)
def list_context_tokens(req: FakeRequest) -> Reply:
    req.require(req.is_manager)
    key = req.params["hash"]
    contexts = req.backend.contexts
    if contexts.get(key) is None:
        raise ObjectNotFound(f"Object with hash {key} not found inside contexts")
    targets = contexts.push_targets(key)
    return json_reply(req.backend.tokens.for_users(targets))
