"""The fake's three doors (WSGI transport, responses, loopback HTTP) and what the
pipeline decides once for all of them: faults after routing, the bounded journal."""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from maxclient.errors import BadUsernameOrPasswordError, RequestError
from maxclient.rest import MaxClient
from maxclient.testing import FakeMaxServer
from maxclient.transports import Request
from maxclient.transports.wsgi import WSGITransport

URL = "http://community.test/one"


def test_a_client_reaches_the_fake_with_no_mock_and_no_socket() -> None:
    server = FakeMaxServer(managers=["boss"])
    boss = server.client()
    boss.people.post(username="alice")
    alice = server.client("alice")
    alice.people["alice"].activities.post(object_content="hello")
    assert alice.people["alice"].activities.head() == 1
    assert [c.route for c in server.journal][-1] == "user_activities"
    with pytest.raises(requests.exceptions.ConnectionError):  # nothing was mocked
        requests.get(server.url + "/info", timeout=1)


def test_login_goes_through_the_mounted_oauth_app() -> None:
    server = FakeMaxServer(managers=["boss"], accounts={"carol": "pw"},
                           open_registration=False)
    client = MaxClient(server.url, oauth_server=server.oauth_url, transport=server.transport())
    client.login("carol", "pw")
    assert client.token == server.token_for("carol")
    with pytest.raises(BadUsernameOrPasswordError):
        client.login("carol", "wrong")


def test_multipart_upload_through_the_wsgi_transport() -> None:
    server = FakeMaxServer(managers=["boss"])
    server.seed({"users": ["alice"]})
    alice = server.client("alice")
    done = alice.people["alice"].activities.post(
        object_content="with a file", object_objectType="file",
        upload_file=("notes.txt", b"some bytes"))
    assert done["object"]["objectType"] == "file"
    assert server.journal.last.body["object"]["objectType"] == "file"


def test_an_unmounted_url_fails_like_an_unreachable_server() -> None:
    transport = WSGITransport(mounts={"http://max.test": FakeMaxServer().local_app})
    client = MaxClient("http://elsewhere.test", oauth_server="http://o.test",
                       transport=transport)
    with pytest.raises(RequestError) as err:
        client.people["x"].get()
    assert err.value.code == 0


def test_injected_timeout_in_process_is_a_client_timeout() -> None:
    server = FakeMaxServer(managers=["boss"])
    server.create_user("boss")
    client = server.client()
    server.inject_timeout(route="user", delay=30)
    started = time.perf_counter()
    with pytest.raises(RequestError) as err:
        client.people["boss"].get()
    assert err.value.code == 0 and time.perf_counter() - started < 5
    assert server.journal.last.status == 504
    assert client.people["boss"].get()["username"] == "boss"


def test_injected_timeout_served_answers_504_after_the_delay() -> None:
    server = FakeMaxServer(managers=["boss"])
    server.create_user("boss")
    with server.serve():
        server.inject_timeout(route="user", delay=0.2)
        started = time.perf_counter()
        answer = requests.get(f"{server.url}/people/boss",
                              headers=server.auth_headers("boss"), timeout=5)
        assert answer.status_code == 504
        assert time.perf_counter() - started >= 0.2


def test_faults_match_the_route_after_the_deprecated_url_rewrite() -> None:
    server = FakeMaxServer(managers=["boss"])
    server.seed({"users": ["alice"],
                 "contexts": [{"url": URL, "permissions": {"write": "subscribed"}}],
                 "subscriptions": [{"username": "alice", "url": URL}]})
    server.inject_fault(503, route="context_activities", method="POST")
    transport = server.transport()
    body = (b'{"object": {"objectType": "note", "content": "hi"}, '
            b'"contexts": [{"objectType": "context", "url": "' + URL.encode() + b'"}]}')
    headers = {**server.auth_headers("alice"), "Content-Type": "application/json"}
    answer = transport.send(Request("POST", f"{server.url}/people/alice/activities",
                                    headers, body))
    assert answer.status == 503
    assert server.journal.last.route == "context_activities"
    answer = transport.send(Request("POST", f"{server.url}/people/alice/activities",
                                    headers, body))
    assert answer.status == 201
    assert answer.json()["contexts"][0]["url"] == URL


def test_the_journal_can_be_bounded() -> None:
    server = FakeMaxServer(managers=["boss"], journal_limit=3)
    server.create_user("boss")
    client = server.client()
    for _ in range(5):
        client.people["boss"].get()
    assert len(server.journal) == 3
    assert [c.route for c in server.journal] == ["user"] * 3
    server.journal.limit = 0  # record nothing from now on
    client.people["boss"].get()
    assert len(server.journal) == 0


def test_a_served_fake_bounds_its_journal_by_default() -> None:
    server = FakeMaxServer(managers=["boss"])
    assert server.journal.limit is None
    with server.serve(journal_limit=2):
        for _ in range(4):
            requests.get(f"{server.url}/info", timeout=5)
        assert len(server.journal) == 2
    assert server.journal.limit is None
    with server.serve():
        assert server.journal.limit == 10_000


def test_a_busy_served_fake_keeps_waitress_queue_warnings_out_of_the_output(
        caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]) -> None:
    """One server thread, six clients: requests queue, which waitress would warn of on
    stderr once per request; the fake logs it at debug level instead."""
    server = FakeMaxServer(managers=["boss"])
    server.inject_timeout(route="info", delay=0.2)  # the first request holds the only thread
    caplog.set_level(logging.DEBUG, logger="maxclient.testing.serving")
    with server.serve(threads=1) as live, ThreadPoolExecutor(6) as pool:
        statuses = list(pool.map(
            lambda _: requests.get(f"{live.url}/info", timeout=10).status_code, range(6)))
    assert sorted(statuses) == [200] * 5 + [504]
    queued = [r for r in caplog.records if r.getMessage().startswith("Task queue depth")]
    assert queued and {r.levelno for r in queued} == {logging.DEBUG}
    assert "Task queue depth" not in capfd.readouterr().err


def test_head_counts_only_where_the_route_table_says_so() -> None:
    server = FakeMaxServer(managers=["boss"])
    server.seed({"users": ["alice"], "activities": [{"username": "alice", "content": "a"}]})
    transport = server.transport()
    headers = server.auth_headers("alice")
    counted = transport.send(Request("HEAD", f"{server.url}/people/alice/activities", headers))
    assert (counted.status, counted.headers["X-totalItems"], counted.content) == (200, "1", b"")
    timeline = transport.send(Request("HEAD", f"{server.url}/people/alice/timeline", headers))
    assert timeline.status == 200 and "X-totalItems" not in timeline.headers


def test_a_served_204_has_no_content_type() -> None:
    """Pyramid's HTTPNoContent, as MAX answers a DELETE, carries no Content-Type
    (through ``responses`` the mocking library adds its own default)."""
    server = FakeMaxServer(managers=["boss"])
    server.create_user("boss")
    server.create_user("gone")
    with server.serve() as live:
        answer = requests.delete(f"{live.url}/people/gone", headers=live.auth_headers("boss"),
                                 timeout=10)
    assert answer.status_code == 204 and "Content-Type" not in answer.headers
