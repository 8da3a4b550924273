"""The request pipeline as clients see it: auth texts, compat id, tunnelling, 404 kinds,
traversal before authentication, malformed bodies."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from maxclient.testing import FakeMaxServer

from .conftest import error_of


def _unauthorized(response: requests.Response) -> str:
    assert response.status_code == 401
    assert error_of(response) == "Unauthorized"
    return str(response.json()["error_description"])


def test_root_answers_plain_text(as_user: Any) -> None:
    for method in ("GET", "POST", "DELETE"):
        response = as_user(None).request(method, "/")
        assert response.status_code == 200
        assert response.text == "I am a max server"


def test_missing_headers(server: FakeMaxServer, as_user: Any) -> None:
    assert _unauthorized(as_user(None).get("/people")) == "No auth headers found."
    token_only = requests.get(server.url + "/people",
                              headers={"X-Oauth-Token": server.token_for("a")})
    assert _unauthorized(token_only) == "No auth headers found."


def test_headers_sent_as_params(server: FakeMaxServer) -> None:
    response = requests.get(server.url + "/people", params=server.auth_headers("test_manager"))
    assert _unauthorized(response).startswith("Authorization found in url params")


def test_bad_scope_and_bad_token(server: FakeMaxServer) -> None:
    headers = server.auth_headers("test_manager")
    for scope in ("other", ""):
        response = requests.get(server.url + "/people", headers={**headers,
                                                                 "X-Oauth-Scope": scope})
        assert _unauthorized(response) == (
            "The specified scope is not allowed for this resource.")
    wrong = requests.get(server.url + "/people", headers={**headers, "X-Oauth-Token": "nope"})
    assert _unauthorized(wrong) == "Invalid token."


def test_compat_id(server: FakeMaxServer, manager: Any) -> None:
    server.settings["max.compat_id"] = "7"
    assert manager.get("/people", headers={"X-Max-Compat-ID": "7"}).status_code == 200
    assert manager.get("/people").status_code == 200  # absent header: no check
    wrong = manager.get("/people", headers={"X-Max-Compat-ID": "6"})
    assert wrong.status_code == 412
    assert wrong.json() == {"objectType": "error", "error": "CompatibilityIDMismatch",
                            "error_description": "X-Max-Compat-ID header value mismatch, "
                                                 "7 was expected"}


def test_method_override(manager: Any, as_user: Any) -> None:
    as_user("messi", create=True)
    put = manager.post("/people/messi", json={"displayName": "Leo"},
                       headers={"X-HTTP-Method-Override": "PUT"})
    assert put.status_code == 200 and put.json()["displayName"] == "Leo"
    deleted = manager.post("/people/messi", headers={"X-HTTP-Method-Override": "DELETE"})
    assert deleted.status_code == 204
    assert manager.get("/people/messi").status_code == 400


def test_get_override_with_credentials_in_form(server: FakeMaxServer) -> None:
    form = {"X-HTTP-Method-Override": "GET", **server.auth_headers("test_manager")}
    response = requests.post(server.url + "/people/test_manager", data=form)
    assert response.status_code == 200
    assert response.json()["username"] == "test_manager"


@pytest.mark.parametrize("method,path", [
    ("GET", "/nothing/here"),
    ("GET", "/people/test_manager/follows"),
    ("OPTIONS", "/people"),
    ("PUT", "/contexts"),
    ("GET", "/tokens"),
])
def test_unknown_routes_and_methods_are_html_404(manager: Any, method: str, path: str) -> None:
    response = manager.request(method, path)
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/html")
    assert "The resource could not be found." in response.text


def test_traversal_happens_before_authentication(as_user: Any) -> None:
    anonymous = as_user(None)
    user = anonymous.put("/people/ghost", json={})
    assert user.status_code == 400 and error_of(user) == "UnknownUserError"
    context = anonymous.delete("/contexts/" + "a" * 40)
    assert context.status_code == 404 and error_of(context) == "ObjectNotFound"
    # an unsupported method on a missing object still answers the JSON error
    assert error_of(anonymous.request("PATCH", "/people/ghost")) == "UnknownUserError"


def test_caller_must_exist(as_user: Any) -> None:
    stranger = as_user("stranger")
    response = stranger.get("/people")
    assert response.status_code == 400
    assert response.json()["error_description"] == "Unknown actor identified by: stranger"
    assert stranger.post("/people", json={"username": "stranger"}).status_code == 201
    assert stranger.get("/people").status_code == 200


def test_public_views_ignore_bad_credentials(server: FakeMaxServer) -> None:
    headers = {**server.auth_headers("test_manager"), "X-Oauth-Token": "bad"}
    assert requests.get(server.url + "/info", headers=headers).status_code == 200
    assert requests.get(server.url + "/people/test_manager/avatar",
                        headers=headers).status_code == 200


@pytest.mark.parametrize("raw", [b"{", b"\xff\xfe", b"null", b"123", b'"text"', b"[1, 2"])
def test_malformed_bodies_never_500(manager: Any, raw: bytes) -> None:
    headers = {"Content-Type": "application/json"}
    for method, path in (("POST", "/people"), ("POST", "/contexts"), ("POST", "/tokens"),
                         ("PUT", "/people/test_manager"), ("PUT", "/contexts/" + "b" * 40)):
        response = manager.request(method, path, data=raw, headers=headers)
        assert response.status_code < 500, (method, path, response.text)
        assert response.status_code in (200, 400, 404)


def test_huge_and_odd_values_never_500(manager: Any) -> None:
    odd = [10 ** 400, -1, 1.5, True, None, {"a": {"b": []}}, "😀" * 10000]
    for value in odd:
        for method, path, body in (
                ("POST", "/people", {"username": value, "displayName": value}),
                ("POST", "/contexts", {"url": value, "displayName": value, "tags": value}),
                ("POST", "/tokens", {"platform": value, "token": value, "device": value}),
                ("PUT", "/people/test_manager", {"displayName": value,
                                                 "twitterUsername": value}),
        ):
            response = manager.request(method, path, json=body)
            assert response.status_code < 500, (method, path, value, response.text[:200])
    assert manager.get("/people", qs={"limit": "9" * 50}).status_code == 200
    assert manager.get("/people", qs={"limit": "-3"}).status_code == 200


def test_head_requests_have_no_body(manager: Any) -> None:
    response = manager.head("/people/test_manager")
    assert response.status_code == 200
    assert response.content == b""


def test_compat_id_without_a_configured_id_refuses_any_value(server: FakeMaxServer,
                                                               manager: Any) -> None:
    """MAX's tween compares the header, whenever sent, with ``str(settings.get(
    'max.compat_id'))``: with no id configured that is ``"None"``."""
    assert "max.compat_id" not in server.settings
    wrong = manager.get("/info", headers={"X-Max-Compat-ID": "1"})
    assert (wrong.status_code, wrong.json()["error_description"]) == (
        412, "X-Max-Compat-ID header value mismatch, None was expected")
    assert manager.get("/info", headers={"X-Max-Compat-ID": "None"}).status_code == 200
    server.settings["max.compat_id"] = 7  # compared as str()
    assert manager.get("/info", headers={"X-Max-Compat-ID": "7"}).status_code == 200
