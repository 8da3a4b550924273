"""Issue 12: the client against hostile servers on 127.0.0.1 (deadline, errors, secrets,
limits), each behaviour through the public API and a real socket."""

from __future__ import annotations

import json
import logging
import socket
import time

import pytest
import trustme
from hypothesis import given, settings
from hypothesis import strategies as st

from maxclient import MaxClient as RpcClient
from maxclient.errors import BadUsernameOrPasswordError
from maxclient.rest import MaxClient, RequestError

from .hostile import answer, canned, flood, hang, json_answer, raw_server, trickle
from .scripted import reply

TOKEN = "s3cr3t-t0ken-value"


# 1. One deadline per call ------------------------------------------------------------

def test_trickling_body_is_cut_at_the_deadline():
    body = json.dumps({"username": "bob", "pad": "x" * 50}).encode()
    with raw_server(lambda c, r: None) as srv:
        srv.handler = trickle(body, 0.2, srv.stopping)
        client = MaxClient(srv.url, actor="bob", deadline=1.0)
        start = time.monotonic()
        with pytest.raises(RequestError) as err:
            client.people["bob"].get()
        elapsed = time.monotonic() - start
    assert err.value.code == 0 and err.value.cause == "deadline"
    assert "within the call's 1 s deadline" in err.value.message
    assert 0.9 <= elapsed < 2.0


def test_trickling_status_line_and_headers_are_cut_at_the_deadline():
    data = json_answer(200, {"username": "bob"})

    def every_byte_slowly(conn, _request):
        for byte in data:
            conn.sendall(bytes([byte]))
            time.sleep(0.1)

    with raw_server(every_byte_slowly) as srv:
        client = MaxClient(srv.url, actor="bob", deadline=1.0)
        start = time.monotonic()
        with pytest.raises(RequestError) as err:
            client.people["bob"].get()
        elapsed = time.monotonic() - start
        srv.close()  # stop the trickle before the next test
    assert err.value.cause == "deadline" and 0.9 <= elapsed < 1.8


def test_hanging_server_costs_one_deadline_not_four_attempts():
    with raw_server(lambda c, r: None) as srv:
        srv.handler = hang(30, srv.stopping)
        client = MaxClient(srv.url, actor="bob", deadline=1.0, timeout=(1, 10))
        start = time.monotonic()
        with pytest.raises(RequestError) as err:
            client.people["bob"].get()
        elapsed = time.monotonic() - start
    assert err.value.code == 0 and err.value.cause == "deadline"
    assert elapsed < 2.0
    assert len(srv.requests) == 1  # a request the server took is not sent again


def test_default_deadline_is_well_under_a_minute():
    client = MaxClient("http://127.0.0.1:9")
    assert client.transport.deadline == 30.0
    assert client.transport.max_retry_after == 10.0


def test_long_retry_after_is_not_waited_for(app, server):
    app.on("GET", "/people", reply(503, raw=b"busy", headers={"Retry-After": "15"}),
           reply(200, []))
    client = MaxClient(server.url)
    start = time.monotonic()
    with pytest.raises(RequestError) as err:
        client.people.get()
    assert err.value.code == 503
    assert time.monotonic() - start < 1.0
    assert len(app.hits("GET", "/people")) == 1


def test_retry_after_within_the_cap_is_honoured(app, server):
    app.on("GET", "/people", reply(429, raw=b"", headers={"Retry-After": "1"}), reply(200, []))
    client = MaxClient(server.url, retries=__import__("urllib3").Retry(
        total=2, status_forcelist=(429,), allowed_methods=("GET",)), max_retry_after=2)
    start = time.monotonic()
    assert client.people.get() == []
    assert time.monotonic() - start >= 0.9


def test_retry_after_past_the_deadline_gives_up_at_once(app, server):
    app.on("GET", "/people", reply(503, raw=b"", headers={"Retry-After": "3"}), reply(200, []))
    client = MaxClient(server.url, deadline=1.0, max_retry_after=5)
    start = time.monotonic()
    with pytest.raises(RequestError) as err:
        client.people.get()
    assert err.value.code == 503 and time.monotonic() - start < 0.9


# 2. Errors that say what happened and where -----------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_refused_names_max_and_the_cause():
    port = _free_port()
    client = MaxClient(f"http://127.0.0.1:{port}", retries=0)
    with pytest.raises(RequestError) as err:
        client.people["bob"].get()
    assert err.value.code == 0 and err.value.cause == "refused"
    assert err.value.message == (f"MAX server http://127.0.0.1:{port} did not respond "
                                 "(connection refused) (GET /people/bob)")


@pytest.mark.parametrize("retries", [None, 2])
def test_refused_with_retries_still_answers_in_about_a_second(retries):
    port = _free_port()
    options = {} if retries is None else {"retries": retries}
    client = MaxClient(f"http://127.0.0.1:{port}", **options)
    start = time.monotonic()
    with pytest.raises(RequestError) as err:
        client.people.post(username="x")  # nothing was sent: retried even for POST
    assert err.value.code == 0 and err.value.cause == "refused"
    assert time.monotonic() - start < 2.5


def test_dns_failure_says_dns():
    client = MaxClient("http://no-such-host.invalid", retries=0, deadline=5)
    with pytest.raises(RequestError) as err:
        client.people.get()
    assert err.value.cause == "dns" and "DNS lookup failed" in err.value.message


def _tls_server_context():
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    import ssl

    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(ctx)
    return ca, ctx


def test_tls_failure_says_tls_and_tls_is_verified_by_default(tmp_path):
    ca, ctx = _tls_server_context()
    with raw_server(canned(json_answer(200, [])), tls=ctx) as srv:
        with pytest.raises(RequestError) as err:
            MaxClient(srv.url, retries=0).people.get()
        assert err.value.cause == "tls"
        assert f"MAX server {srv.url} failed the TLS handshake" in err.value.message
        assert "certificate verify failed" in err.value.message
        bundle = tmp_path / "ca.pem"
        ca.cert_pem.write_to_path(str(bundle))
        assert MaxClient(srv.url, retries=0, verify=str(bundle)).people.get() == []


def test_oauth_down_names_the_oauth_server(app, server):
    port = _free_port()
    client = MaxClient(server.url, f"http://127.0.0.1:{port}", retries=0)
    with pytest.raises(RequestError) as err:
        client.login("bob", "pw")
    assert err.value.code == 0
    assert err.value.message.startswith(f"OAuth server http://127.0.0.1:{port} did not respond")
    assert "pw" not in err.value.message.replace("127.0.0.1", "")


def test_oauth_5xx_is_not_a_bad_password(app, server):
    app.on("POST", "/token", reply(503, {"error": "ServiceUnavailable"}))
    client = MaxClient(server.url, server.url, retries=0)
    with pytest.raises(RequestError) as err:
        client.login("bob", "pw")
    assert not isinstance(err.value, BadUsernameOrPasswordError)
    assert err.value.code == 503 and err.value.error == "ServiceUnavailable"
    assert "OAuth server" in err.value.message and "pw" not in err.value.message
    app.on("POST", "/token", reply(400, {"error": "invalid_grant"}))
    with pytest.raises(BadUsernameOrPasswordError):
        client.login("bob", "pw")


@pytest.mark.parametrize("token", [TOKEN + "\n", " " + TOKEN, TOKEN + "\x00", "tök" + TOKEN])
def test_bad_token_refused_at_set_token_without_echo(token):
    client = MaxClient("http://127.0.0.1:9", actor="bob")
    with pytest.raises(ValueError) as err:
        client.setToken(token)
    assert "token" in str(err.value) and TOKEN not in str(err.value)
    assert client.token is None


@pytest.mark.parametrize("name", ["bo\x00b", "bob\r\nX-Evil: 1", " bob", "łukasz"])
def test_bad_username_refused_at_set_actor_and_login(name, app, server):
    client = MaxClient(server.url, server.url, retries=0)
    with pytest.raises(ValueError, match="username"):
        client.setActor(name)
    with pytest.raises(ValueError, match="username"):
        client.login(name, "pw")
    assert not app.seen  # nothing was sent


def test_bad_header_from_a_subclass_never_echoes_the_secret(app, server):
    class Leaky(MaxClient):
        def OAuth2AuthHeaders(self):
            return {**super().OAuth2AuthHeaders(), "X-Oauth-Token": TOKEN + "\n"}

    with pytest.raises(ValueError) as err:
        Leaky(server.url, actor="bob").people["bob"].get()
    assert "X-Oauth-Token" in str(err.value) and TOKEN not in str(err.value)


# 3. Secrets stay with their host -----------------------------------------------------

@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_password_form_never_follows_a_redirect_to_another_host(status, app, server,
                                                                 other_server):
    other_server.app.on("POST", "/token", reply(200, {"access_token": "stolen"}))
    app.on("POST", "/token", reply(status, headers={"Location": f"{other_server.url}/token"}))
    client = MaxClient(server.url, server.url, retries=0)
    with pytest.raises(RequestError) as err:
        client.login("bob", "hunter2")
    assert err.value.code == status and "redirected the password grant" in err.value.message
    assert other_server.app.seen == []


def test_password_form_follows_a_same_host_redirect(app, server):
    app.on("POST", "/token", reply(307, headers={"Location": "/oauth/token"}))
    app.on("POST", "/oauth/token", reply(200, {"access_token": "tok"}))
    client = MaxClient(server.url, server.url, retries=0)
    assert client.login("bob", "pw") == "tok"
    assert b"password=pw" in app.hits("POST", "/oauth/token")[0].body


def test_http_oauth_advertised_by_https_max_is_refused_unless_allowed(tmp_path):
    ca, ctx = _tls_server_context()
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    info = json_answer(200, {"max.oauth_server": "http://127.0.0.1:9"})
    with raw_server(canned(info), tls=ctx) as srv:
        client = MaxClient(srv.url, verify=str(bundle), retries=0)
        with pytest.raises(RequestError) as err:
            client.login("bob", "pw")
        assert "without TLS" in err.value.message and "allow_insecure_oauth" in err.value.message
        allowed = MaxClient(srv.url, verify=str(bundle), retries=0, allow_insecure_oauth=True)
        assert allowed.oauth_server == "http://127.0.0.1:9"


def test_device_tokens_redacted_in_logged_urls_and_bodies(app, server, caplog):
    device = "devtok-" + "a" * 40
    app.on("DELETE", f"/tokens/{device}", reply(204))
    app.on("POST", "/tokens", reply(201, {"token": device, "platform": "ios"}))
    app.on("GET", "/people", reply(200, []))
    client = MaxClient(server.url, actor="bob", retries=0)
    client.setToken(TOKEN)
    with caplog.at_level(logging.DEBUG, logger="maxclient"):
        client.tokens[device].delete()
        client.tokens.post(token=device, platform="ios")
        client.people.get(qs={"access_token": device})
    assert "DELETE" in caplog.text and "/tokens/********" in caplog.text
    assert device not in caplog.text and TOKEN not in caplog.text


def test_secret_across_the_truncation_point_is_not_leaked_in_part(app, server, caplog):
    secret = "Z" * 64
    pad = "p" * (2000 - len('{"pad": "", "password": "') - 10)
    body = '{"pad": "' + pad + '", "password": "' + secret + '", "tail": "' + "t" * 500 + '"}'
    app.on("POST", "/people", reply(201, {}))
    client = MaxClient(server.url, actor="bob", retries=0)
    with caplog.at_level(logging.DEBUG, logger="maxclient"):
        client.people.post(data=json.loads(body))
    assert "ZZZZ" not in caplog.text and "(truncated)" in caplog.text


# 4. Bounded resources -----------------------------------------------------------------

@pytest.mark.parametrize("client_cls", [MaxClient, RpcClient])
def test_deep_json_is_a_request_error_not_recursion(client_cls, app, server):
    deep = "[" * 1100 + "]" * 1100
    app.on("GET", "/people", reply(200, raw=deep.encode(),
                                   headers={"Content-Type": "application/json"}))
    client = client_cls(server.url, retries=0)
    with pytest.raises(RequestError) as err:
        client.people.get() if client_cls is MaxClient else client.GET("/people")
    assert "nests deeper than 100 levels" in err.value.message
    assert client_cls(server.url, retries=0, max_depth=2000).GET("/people")[0] \
        if client_cls is RpcClient else True


def test_deep_json_error_body_is_a_request_error(app, server):
    app.on("GET", "/people", reply(400, raw=b"[" * 3000 + b"]" * 3000,
                                   headers={"Content-Type": "application/json"}))
    with pytest.raises(RequestError) as err:
        MaxClient(server.url, retries=0).people.get()
    assert err.value.code == 400


@pytest.mark.parametrize("declare", [True, False])
def test_oversize_answer_is_refused_and_not_kept(declare):
    with raw_server(flood(3_000_000, declare=declare)) as srv:
        client = MaxClient(srv.url, retries=0, max_response_bytes=1_000_000)
        with pytest.raises(RequestError) as err:
            client.people.get()
    assert err.value.cause == "too-large" and "1000000-byte limit" in err.value.message
    assert client.last_response is None


def test_last_response_is_bounded(app, server):
    app.on("GET", "/people", reply(200, ["x" * 1000] * 2000))
    client = MaxClient(server.url, retries=0)
    assert len(client.people.get()) == 2000
    assert len(client.last_response) == 1024 * 1024


# 6. 404 -------------------------------------------------------------------------------

def test_json_404_is_none_unless_raise_on_404(app, server):
    body = {"error": "ObjectNotFound", "error_description": "no bob"}
    for method in ("GET", "POST", "PUT", "DELETE"):
        app.on(method, "/people/bob", reply(404, body))
    client = MaxClient(server.url, actor="bob", retries=0)
    assert client.people["bob"].get() is None
    assert client.people["bob"].put(displayName="B") is None
    strict = MaxClient(server.url, actor="bob", retries=0, raise_on_404=True)
    for call in (strict.people["bob"].get, strict.people["bob"].post,
                 strict.people["bob"].put, strict.people["bob"].delete):
        with pytest.raises(RequestError) as err:
            call()
        assert (err.value.code, err.value.error) == (404, "ObjectNotFound")


# What already held, pinned -------------------------------------------------------------

def test_hostile_segments_and_queries_stay_in_place(app, server):
    client = MaxClient(server.url, actor="bob", retries=0)
    for key in ("../admin", "..", ".", "a/b", "?x=1", "#f", "%2e%2e", "a\r\nb", "\x00"):
        app.seen.clear()
        with pytest.raises(RequestError):  # the scripted server knows no such user
            client.people[key].get()
        assert app.seen[0].path.count("/") == 2, (key, app.seen[0].path)
    app.on("GET", "/people", reply(200, []))
    client.people.get(qs={"q": "a\r\nX-Evil: 1\x00"})
    raw = app.seen[-1]
    assert "X-Evil" not in raw.headers and raw.query["q"] == ["a\r\nX-Evil: 1\x00"]


def test_post_is_never_retried_even_on_a_dropped_connection():
    with raw_server(lambda conn, req: None) as srv:  # reads the request, closes silently
        client = MaxClient(srv.url, actor="bob")
        with pytest.raises(RequestError) as err:
            client.people.post(username="x")
        assert err.value.code == 0 and len(srv.requests) == 1


def test_answer_helper_is_well_formed():
    assert answer(204).startswith(b"HTTP/1.1 204 X\r\nContent-Length: 0")


@settings(max_examples=400, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_text_stays_one_segment_and_round_trips(key):
    from urllib.parse import unquote

    client = MaxClient("http://127.0.0.1:9", actor="bob")
    path = client.people[key].activities.path
    head, segment, tail = path.split("/")[1:]
    assert (head, tail) == ("people", "activities")
    assert segment not in ("", ".", "..")
    assert unquote(segment) == ("bob" if key == ":me" else key)
    hashed = client.contexts[key].path.split("/")
    assert len(hashed) == 3 and len(hashed[2]) == 40


def test_size_limit_counts_decoded_bytes_and_chunked_answers_work():
    import gzip

    items = [{"id": i, "pad": "y" * 100} for i in range(1000)]
    packed = gzip.compress(json.dumps(items).encode())  # ~3 KB on the wire, ~120 KB decoded
    data = answer(200, packed, {"Content-Type": "application/json", "Content-Encoding": "gzip"})
    with raw_server(canned(data)) as srv:
        assert MaxClient(srv.url, retries=0).people.get() == items
        with pytest.raises(RequestError) as err:
            MaxClient(srv.url, retries=0, max_response_bytes=50_000).people.get()
        assert err.value.cause == "too-large"

    def chunked(conn, _request):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        for part in (b"[1,", b"2,", b"3]"):
            conn.sendall(b"%x\r\n%s\r\n" % (len(part), part))
        conn.sendall(b"0\r\n\r\n")

    with raw_server(chunked) as srv:
        assert MaxClient(srv.url, retries=0).people.get() == [1, 2, 3]
