"""``/admin/security`` (global roles) and ``/admin/maintenance`` views; Manager only."""

from __future__ import annotations

from ..errors import ObjectNotFound, ValidationError
from ..http.reply import Reply, json_reply, no_content
from ..http.request import FakeRequest
from ..model.security import ALLOWED_ROLES
from . import view

_MAINTENANCE = ("maintenance_subscriptions", "maintenance_conversations", "maintenance_users",
                "maintenance_tokens")


@view("admin_security", "GET")
def get_security(req: FakeRequest) -> Reply:
    req.require(req.is_manager)
    security = req.backend.security
    return json_reply({"id": security.id, "roles": security.as_document()})


@view("admin_security_users", "GET")
def list_security_users(req: FakeRequest) -> Reply:
    req.require(req.is_manager)
    security = req.backend.security
    items = [
        {"username": name,
         "roles": [{"name": role, "active": security.has(role, name)} for role in ALLOWED_ROLES]}
        for name in security.users_with_roles()
    ]
    return json_reply(items)


def _role_and_user(req: FakeRequest) -> tuple[str, str]:
    req.require(req.is_manager)
    role = req.params["role"]
    if role not in ALLOWED_ROLES:
        raise ValidationError(f'Role "{role}" is not a valid role')
    return role, req.params["user"]


@view("admin_security_role_user", "GET")
def get_user_role(req: FakeRequest) -> Reply:
    role, user = _role_and_user(req)
    if not req.backend.security.has(role, user):
        raise ObjectNotFound(f"User {user} doesn't have role {role}")
    return json_reply({"roles": [role]})


@view("admin_security_role_user", "POST")
def grant_user_role(req: FakeRequest) -> Reply:
    role, user = _role_and_user(req)
    security = req.backend.security
    granted = security.grant(role, user)
    return json_reply(security.as_document()[role], 201 if granted else 200)


@view("admin_security_role_user", "DELETE")
def revoke_user_role(req: FakeRequest) -> Reply:
    role, user = _role_and_user(req)
    if not req.backend.security.revoke(role, user):
        raise ObjectNotFound(f"User {user} doesn't have role {role}")
    return no_content()


def _maintenance(req: FakeRequest) -> Reply:
    """MAX's data migrations have nothing to migrate in the fake's always-current data."""
    req.require(req.is_manager)
    return json_reply([])


for _name in _MAINTENANCE:
    view(_name, "POST")(_maintenance)


@view("maintenance_keywords", "POST")
@view("maintenance_dates", "POST")
def _resave_posts(req: FakeRequest) -> Reply:
    """These two rewrite every post whole, which makes hidden ones visible again."""
    req.require(req.is_manager)
    req.backend.activities.all_saved_whole()
    return json_reply([])


@view("maintenance_exceptions", "GET")
def list_exceptions(req: FakeRequest) -> Reply:
    req.require(req.is_manager)
    return json_reply([])  # the fake logs no server errors


@view("maintenance_exception", "GET", "DELETE", actor=False)
def get_exception(req: FakeRequest) -> Reply:
    req.require(req.is_manager)
    raise ObjectNotFound("There is no logged exception with this hash")
