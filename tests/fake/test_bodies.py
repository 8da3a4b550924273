"""Request bodies the fake refuses whole with MAX's error JSON instead of storing part of
them or failing with a 500: too large, cut short, nested too deep."""

from __future__ import annotations

import io
import json
from typing import Any

import requests

from maxclient.testing import FakeMaxServer
from maxclient.testing.http.request import MAX_BODY, MAX_JSON_DEPTH

from .conftest import error_of


class _Unreadable(io.RawIOBase):
    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the fake read a body it should refuse unread")


def _environ(server: FakeMaxServer, path: str, length: int, stream: Any) -> dict[str, Any]:
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": path, "QUERY_STRING": "",
               "CONTENT_TYPE": "multipart/form-data; boundary=x",
               "CONTENT_LENGTH": str(length), "wsgi.input": stream}
    for name, value in server.auth_headers("test_manager").items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    return environ


def _call(server: FakeMaxServer, environ: dict[str, Any]) -> tuple[str, Any]:
    seen: list[str] = []
    body = b"".join(server.wsgi_app(environ, lambda status, headers: seen.append(status)))
    return seen[0], json.loads(body)


def test_an_upload_over_the_limit_is_refused_with_413_before_it_is_read(
        server: FakeMaxServer, manager: Any) -> None:
    environ = _environ(server, "/people/test_manager/avatar", MAX_BODY + 1, _Unreadable())
    status, body = _call(server, environ)
    assert status.startswith("413")
    assert (body["objectType"], body["error"]) == ("error", "RequestEntityTooLarge")
    assert server.backend.people.avatar("test_manager") is None
    assert server.journal.last.status == 413


def test_a_body_shorter_than_its_content_length_is_refused(server: FakeMaxServer,
                                                           manager: Any) -> None:
    head = b'--x\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\n\r\n'
    environ = _environ(server, "/people/test_manager/avatar", len(head) + 1000,
                       io.BytesIO(head))
    status, body = _call(server, environ)
    assert status.startswith("400") and body["error"] == "ValidationError"
    assert server.backend.people.avatar("test_manager") is None


def _nested(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def test_json_nested_too_deep_is_a_400_not_a_500(server: FakeMaxServer, manager: Any) -> None:
    """A 2.4 KB body of nested objects made the journal step raise RecursionError."""
    for depth in (MAX_JSON_DEPTH + 1, 480, 5000):
        answer = requests.post(server.url + "/people", data=_nested(depth),
                               headers={**server.auth_headers("test_manager"),
                                        "Content-Type": "application/json"})
        assert (answer.status_code, error_of(answer)) == (400, "ValidationError"), depth
        assert server.journal.last.status == 400
    fine = requests.post(server.url + "/people", data=json.dumps(
        {"username": "deep", "extra": json.loads(_nested(MAX_JSON_DEPTH - 2))}),
        headers={**server.auth_headers("test_manager"), "Content-Type": "application/json"})
    assert fine.status_code == 201


def test_json_nested_too_deep_over_real_http() -> None:
    server = FakeMaxServer(managers=["boss"])
    server.create_user("boss")
    with server.serve() as live:
        answer = requests.post(live.url + "/contexts", data=_nested(2000), timeout=10,
                               headers={**server.auth_headers("boss"),
                                        "Content-Type": "application/json"})
    assert (answer.status_code, answer.json()["error"]) == (400, "ValidationError")
