"""``/admin/security`` and ``/admin/maintenance`` on the fake MAX."""

from __future__ import annotations

from typing import Any

import pytest

from maxclient.testing import FakeMaxServer

from .conftest import error_of

MAINTENANCE = ("keywords", "dates", "subscriptions", "conversations", "users", "tokens")


def test_security_document(manager: Any) -> None:
    response = manager.get("/admin/security")
    assert response.status_code == 200
    body = response.json()
    assert len(body["id"]) == 24
    assert body["roles"] == {"Manager": ["test_manager"]}  # only stored roles, as MAX


def test_security_is_manager_only(as_user: Any) -> None:
    alice = as_user("alice", create=True)
    denied = alice.get("/admin/security")
    assert denied.status_code == 403
    assert denied.json()["error_description"] == (
        'User "alice" has no permission "Manage security settings" here ')
    assert as_user("stranger").get("/admin/security").status_code == 403  # need not exist
    anonymous = as_user(None).get("/admin/security")
    assert anonymous.status_code == 401
    assert anonymous.json()["error_description"] == "No auth headers found."


def test_grant_check_and_revoke_role(server: FakeMaxServer, manager: Any, as_user: Any) -> None:
    alice = as_user("alice", create=True)
    assert alice.get("/contexts").status_code == 403
    granted = manager.post("/admin/security/roles/Manager/users/alice")
    assert granted.status_code == 201
    assert sorted(granted.json()) == ["alice", "test_manager"]
    assert manager.post("/admin/security/roles/Manager/users/alice").status_code == 200
    assert alice.get("/contexts").status_code == 200  # effective at once
    assert manager.get("/admin/security/roles/Manager/users/alice").json() == {
        "roles": ["Manager"]}
    users = {u["username"]: u["roles"] for u in manager.get("/admin/security/users").json()}
    assert users["alice"] == [{"name": "Manager", "active": True},
                              {"name": "NonVisible", "active": False}]
    assert manager.delete("/admin/security/roles/Manager/users/alice").status_code == 204
    assert alice.get("/contexts").status_code == 403
    missing = manager.get("/admin/security/roles/Manager/users/alice")
    assert missing.status_code == 404
    assert missing.json()["error_description"] == "User alice doesn't have role Manager"
    assert manager.delete("/admin/security/roles/Manager/users/alice").status_code == 404


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_invalid_role(manager: Any, server: FakeMaxServer, method: str) -> None:
    response = manager.request(method, "/admin/security/roles/Boss/users/alice")
    assert response.status_code == 400
    assert error_of(response) == "ValidationError"
    assert response.json()["error_description"] == 'Role "Boss" is not a valid role'
    assert "Boss" not in server.backend.security.roles


def test_security_unimplemented_methods(manager: Any) -> None:
    for response in (manager.put("/admin/security"), manager.post("/admin/security"),
                     manager.get("/admin/security/roles/Manager")):
        assert response.status_code == 404
        assert "json" not in response.headers["Content-Type"]


@pytest.mark.parametrize("task", MAINTENANCE)
def test_maintenance_tasks(manager: Any, as_user: Any, task: str) -> None:
    response = manager.post(f"/admin/maintenance/{task}")
    assert response.status_code == 200
    assert response.json() == []
    denied = as_user("alice", create=True).post(f"/admin/maintenance/{task}")
    assert denied.status_code == 403
    assert "Execute maintenance tasks" in denied.json()["error_description"]
    assert manager.get(f"/admin/maintenance/{task}").status_code == 404


def test_maintenance_exceptions(manager: Any, as_user: Any) -> None:
    assert manager.get("/admin/maintenance/exceptions").json() == []
    missing = manager.get("/admin/maintenance/exceptions/000000")
    assert missing.status_code == 404
    assert missing.json()["error_description"] == "There is no logged exception with this hash"
    assert manager.delete("/admin/maintenance/exceptions/000000").status_code == 404
    assert as_user("alice", create=True).get(
        "/admin/maintenance/exceptions").status_code == 403
