"""The HTTP transport: pooling config, retries, timeouts, redirects."""

from __future__ import annotations

import time

import pytest
import requests
import responses

from maxclient.rest import MaxClient, RequestError
from maxclient.transports import (
    ConnectError,
    Headers,
    Request,
    RequestsTransport,
    Response,
    TimeoutException,
    Transport,
)

from .scripted import reply


def test_response_helpers_and_headers():
    r = Response(200, Headers({"Content-Type": "application/json"}), b'{"a": 1}', "u")
    assert r.json() == {"a": 1}
    assert r.text == '{"a": 1}'
    assert r.headers["content-type"] == "application/json"
    assert Transport().close() is None
    with pytest.raises(NotImplementedError):
        Transport().send(Request("GET", "u", {}))


def test_one_pooled_session_verify_on_by_default():
    client = MaxClient("https://max.example")
    tr = client.transport
    assert isinstance(tr, RequestsTransport)
    assert tr.verify is True
    assert tr.timeout == (5.0, 30.0)
    retry = tr.retries
    assert tr.deadline == 30.0
    assert retry.total == 3 and set(retry.allowed_methods) == {"GET", "HEAD", "PUT", "DELETE"}
    assert set(retry.status_forcelist) == {502, 503, 504}
    assert MaxClient("https://x", verify=False).transport.verify is False


def test_verify_passed_to_requests():
    with responses.RequestsMock() as rsps:
        rsps.get("https://max.example/people", json=[])
        MaxClient("https://max.example").people.get()
        assert rsps.calls[0].request.req_kwargs["verify"] not in (False, None)  # True or CA bundle


def test_get_retried_on_503_but_not_post(app, server):
    app.on("GET", "/people", reply(503, raw=b"busy"), reply(503, raw=b"busy"), reply(200, []))
    app.on("POST", "/people", reply(503, raw=b"busy"))
    client = MaxClient(server.url)
    assert client.people.get() == []
    assert len(app.hits("GET", "/people")) == 3
    with pytest.raises(RequestError) as err:
        client.people.post(username="x")
    assert err.value.code == 503
    assert len(app.hits("POST", "/people")) == 1


def test_retry_after_is_honoured(app, server):
    app.on("GET", "/info", reply(503, raw=b"", headers={"Retry-After": "1"}),
           reply(200, {"version": "1"}))
    client = MaxClient(server.url)
    start = time.monotonic()
    assert client.server_info == {"version": "1"}
    assert time.monotonic() - start >= 0.9


def test_timeout_becomes_request_error_zero(app, server):
    app.on("GET", "/people", reply(200, [], delay=1.5))
    client = MaxClient(server.url, timeout=(1, 0.2), retries=0)
    start = time.monotonic()
    with pytest.raises(RequestError) as err:
        client.people.get()
    assert err.value.code == 0
    assert err.value.cause == "timeout"
    assert f"MAX server {server.url} accepted the connection but did not answer in time" \
        in err.value.message
    assert time.monotonic() - start < 1.0


def test_transport_error_types(app, server):
    app.on("GET", "/slow", reply(200, [], delay=1))
    tr = RequestsTransport(timeout=0.2, retries=0)
    with pytest.raises(TimeoutException):
        tr.send(Request("GET", server.url + "/slow", {}))
    with pytest.raises(ConnectError):
        tr.send(Request("GET", "http://127.0.0.1:9/", {}))
    tr.close()


def test_connection_refused_is_code_zero():
    client = MaxClient("http://127.0.0.1:9", retries=0)
    with pytest.raises(RequestError) as err:
        client.people.get()
    assert err.value.code == 0
    assert "http://127.0.0.1:9 did not respond" in str(err.value)


def test_auth_headers_dropped_on_cross_host_redirect(app, server, other_server):
    target = f"http://localhost:{other_server.port}/landing"
    app.on("GET", "/people", reply(302, raw=b"", headers={"Location": target}))
    other_server.app.on("GET", "/landing", reply(200, {"ok": True}))
    client = MaxClient(server.url, actor="bob")
    client.setToken("sekrit-token")
    assert client.people.get() == {"ok": True}
    assert app.hits("GET", "/people")[0].headers["X-Oauth-Token"] == "sekrit-token"
    landed = other_server.app.hits("GET", "/landing")[0].headers
    assert not any(h.startswith("X-Oauth") for h in landed)


def test_auth_headers_kept_on_same_host_redirect(app, server):
    app.on("GET", "/people", reply(302, raw=b"", headers={"Location": "/people2"}))
    app.on("GET", "/people2", reply(200, []))
    client = MaxClient(server.url, actor="bob")
    client.setToken("tok")
    client.people.get()
    assert app.hits("GET", "/people2")[0].headers["X-Oauth-Token"] == "tok"


def test_foreign_session_also_strips(app, server, other_server):
    target = f"http://localhost:{other_server.port}/landing"
    app.on("GET", "/people", reply(302, raw=b"", headers={"Location": target}))
    other_server.app.on("GET", "/landing", reply(200, []))
    client = MaxClient(server.url, actor="bob",
                       transport=RequestsTransport(session=requests.Session()))
    client.setToken("tok")
    client.people.get()
    assert "X-Oauth-Token" not in other_server.app.hits("GET", "/landing")[0].headers
