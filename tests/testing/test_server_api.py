"""FakeMaxServer's own API: mounting, isolation, journal, faults, reset, seed, serving."""

from __future__ import annotations

import pytest
import requests
import responses

from maxclient.errors import RequestError
from maxclient.rest import MaxClient
from maxclient.testing import FakeMaxServer


def client_for(server: FakeMaxServer, username: str, **kwargs) -> MaxClient:
    client = MaxClient(server.url, oauth_server=server.oauth_url, **kwargs)
    client.login(username, "secret")
    return client


def test_mock_requests_reaches_the_fake_and_nothing_else() -> None:
    server = FakeMaxServer(managers=["boss"])
    server.create_user("boss")
    with server.mock_requests():
        client = client_for(server, "boss")
        assert client.people["boss"].get()["username"] == "boss"
        with pytest.raises(requests.exceptions.ConnectionError):
            requests.get("http://elsewhere.test/people")


def test_mock_requests_joins_a_mock_the_test_already_uses() -> None:
    server = FakeMaxServer(managers=["boss"])
    with responses.RequestsMock() as rsps:
        rsps.add(responses.GET, "http://weather.test/today", json={"sky": "clear"})
        with server.mock_requests(rsps):
            client = client_for(server, "boss")
            client.people.post(username="alice")
            assert requests.get("http://weather.test/today").json() == {"sky": "clear"}
            assert client.people["alice"].get()["username"] == "alice"


def test_global_responses_mock_is_left_alone() -> None:
    server = FakeMaxServer()
    with server.mock_requests():
        assert responses.mock.registered() == []


def test_two_servers_share_no_state() -> None:
    one, two = FakeMaxServer(managers=["boss"]), FakeMaxServer(managers=["boss"],
                                                                 url="http://max2.test")
    one.seed({"users": ["alice"]})
    assert one.call("GET", "/people/alice")[0] == 200
    assert two.call("GET", "/people/alice")[0] == 400


def test_token_for_is_what_the_fake_accepts() -> None:
    server = FakeMaxServer(managers=["boss"])
    server.create_user("boss")
    with server.mock_requests():
        client = MaxClient(server.url, oauth_server=server.oauth_url)
        client.setActor("boss")
        client.setToken(server.token_for("boss"))
        assert client.people["boss"].get()["username"] == "boss"
        client.setToken("not-a-token")
        with pytest.raises(RequestError) as err:
            client.people["boss"].get()
        assert err.value.code == 401
        assert "Invalid token" in err.value.message


def test_registered_accounts_need_their_password() -> None:
    server = FakeMaxServer(accounts={"alice": "right"}, open_registration=False)
    with server.mock_requests():
        client = MaxClient(server.url, oauth_server=server.oauth_url)
        assert client.login("alice", "right") == server.token_for("alice")
        from maxclient.errors import BadUsernameOrPasswordError

        with pytest.raises(BadUsernameOrPasswordError):
            client.login("alice", "wrong")
        with pytest.raises(BadUsernameOrPasswordError):
            client.login("stranger", "anything")


def test_journal_records_requests_without_the_token() -> None:
    server = FakeMaxServer(managers=["boss"])
    with server.mock_requests():
        client = client_for(server, "boss")
        client.people.post(username="alice", displayName="Alice")
        client.people["alice"].get(qs={"show_acls": 1})
    post, get = server.journal.filter(route="users")[-1], server.journal.last
    assert (post.method, post.status, post.body["displayName"]) == ("POST", 201, "Alice")
    assert get.route == "user" and get.query == {"show_acls": ["1"]}
    assert get.username == "boss"
    token = server.token_for("boss")
    assert all(token not in repr(call) for call in server.journal)


def test_injected_faults_meet_the_clients_retry_policy() -> None:
    server = FakeMaxServer(managers=["boss"])
    server.create_user("boss")
    with server.mock_requests():
        client = client_for(server, "boss")
        server.inject_fault(503, route="user", times=2)
        assert client.people["boss"].get()["username"] == "boss"  # GET is retried
        assert [c.status for c in server.journal.filter(route="user")] == [503, 503, 200]
        server.inject_fault(503, route="user", times=4)  # more than the 3 retries
        with pytest.raises(RequestError) as err:
            client.people["boss"].get()
        assert err.value.code == 503
        server.inject_fault(503, path="/people", method="POST")
        with pytest.raises(RequestError) as err:
            client.people.post(username="x")  # POST is never retried
        assert err.value.code == 503
        server.inject_fault(500, path="/people", method="POST")
        with pytest.raises(RequestError) as err:
            client.people.post(username="x")
        assert (err.value.code, err.value.error) == (500, "ServerError")
        assert client.people.post(username="x")["username"] == "x"


def test_injected_timeout_reaches_the_client_as_code_zero() -> None:
    server = FakeMaxServer(managers=["boss"])
    server.create_user("boss")
    with server.mock_requests():
        client = client_for(server, "boss")
        server.inject_timeout(route="user")
        with pytest.raises(RequestError) as err:
            client.people["boss"].get()
        assert err.value.code == 0
        assert client.people["boss"].get()["username"] == "boss"


def test_unknown_route_name_in_fault_is_refused() -> None:
    with pytest.raises(KeyError):
        FakeMaxServer().inject_fault(route="no_such_route")


def test_reset_forgets_data_but_keeps_managers_and_accounts() -> None:
    server = FakeMaxServer(managers=["boss"], accounts={"alice": "pw"})
    server.seed({"users": ["alice"]})
    old_token = server.token_for("boss")
    server.reset()
    assert server.call("GET", "/people/alice")[0] == 400
    assert server.managers == ["boss"]
    assert server.call("GET", "/people/boss")[0] == 400  # roles kept, no user record
    assert server.oauth.grant("alice", "pw") is not None
    assert server.oauth.grant("alice", "nope") is None
    assert server.token_for("boss") != old_token
    assert len(server.journal) == 0


def test_seed_from_plain_data() -> None:
    url = "http://community.test/one"
    server = FakeMaxServer(managers=["boss"])
    server.seed({
        "users": ["alice", {"username": "bob", "displayName": "Bob B."}],
        "contexts": [{"url": url, "displayName": "One"}],
        "subscriptions": [{"username": "alice", "url": url}],
        "activities": [{"username": "alice", "content": "hello", "context": url},
                       {"username": "bob", "content": "mine"}],
    })
    status, bob = server.call("GET", "/people/bob")
    assert (status, bob["displayName"]) == (200, "Bob B.")
    status, timeline = server.call("GET", "/people/alice/timeline", as_user="alice")
    assert status == 200
    assert [a["object"]["content"] for a in timeline] == ["hello"]


def test_seed_reports_what_failed() -> None:
    server = FakeMaxServer(managers=["boss"])
    with pytest.raises(ValueError, match="subscriptions"):
        server.seed({"subscriptions": [{"username": "ghost", "url": "http://none.test"}]})


def test_settings_are_reported_by_info() -> None:
    server = FakeMaxServer(managers=["boss"], settings={"max.server_id": "unit"})
    status, info = server.call("GET", "/info")
    assert status == 200
    assert info["max.oauth_server"] == server.oauth_url
    assert info["max.server_id"] == "unit"
    status, settings = server.call("GET", "/info/settings")
    assert status == 200 and settings["max.server_id"] == "unit"


def test_serve_over_loopback_http() -> None:
    server = FakeMaxServer(managers=["boss"])
    with server.serve() as live:
        assert live.url.startswith("http://127.0.0.1:")
        client = MaxClient(live.url)  # OAuth server discovered from /info
        client.login("boss", "whatever")
        client.people.post(username="alice")
        assert client.people["alice"].get()["username"] == "alice"
        assert client.oauth_server == f"{live.url}/oauth"
    assert server.url == "http://max.test"
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(live.url + "/info", timeout=1)


def test_managers_have_no_user_record_until_created_as_in_max() -> None:
    """MAX keeps roles apart from users: the manager's first ``POST /people`` for himself
    answers 201 (MAX's test base does it in setUp), the second 200."""
    server = FakeMaxServer(managers=["boss"])
    assert server.managers == ["boss"]
    assert server.call("GET", "/people")[1] == []
    assert server.call("POST", "/people", {"username": "boss"}, as_user="boss")[0] == 201
    assert server.call("POST", "/people", {"username": "boss"}, as_user="boss")[0] == 200
    server.add_manager("carol")
    assert "carol" in server.managers
    assert server.call("GET", "/people/carol")[1]["error"] == "UnknownUserError"


def test_a_manager_with_no_user_record_reaches_views_that_never_read_the_actor() -> None:
    """MAX looks the actor up lazily: /info/settings and /contexts/public answer a new
    manager, a view reading the actor answers UnknownUserError."""
    server = FakeMaxServer(managers=["boss"])
    assert server.call("GET", "/info/settings")[0] == 200
    assert server.call("GET", "/contexts/public")[0] == 200
    status, error = server.call("POST", "/contexts", {"url": "http://a.test"})
    assert (status, error["error"]) == (400, "UnknownUserError")


def test_starting_a_conversation_validates_before_reading_the_actor() -> None:
    """MAX checks the contexts and participants before it looks the actor up, so a
    manager with no user record learns first what is wrong with the body."""
    server = FakeMaxServer(managers=["boss"])
    status, error = server.call("POST", "/conversations", {})
    assert (status, error["error"], error["error_description"]) == (
        400, "ValidationError", "Empty contexts parameter")
    status, error = server.call("POST", "/conversations", {"contexts": [
        {"objectType": "conversation", "participants": ["a", "b"]}]})
    assert (status, error["error"]) == (400, "UnknownUserError")


def test_listings_read_the_actor_only_for_what_they_found() -> None:
    """MAX reads ``request.actor`` per item: a manager with no user record gets an empty
    listing, then MAX's UnknownUserError once there is something to show; a HEAD count
    of activities never reads it."""
    server = FakeMaxServer(managers=["boss", "other"])
    for path in ("/activities", "/activities/comments", "/messages", "/conversations/active"):
        assert server.call("GET", path) == (200, []), path
    server.create_user("other")
    server.call("POST", "/people/other/activities",
                {"object": {"objectType": "note", "content": "x"}}, as_user="other")
    assert server.call("GET", "/activities")[1]["error"] == "UnknownUserError"
    assert server.call("HEAD", "/activities")[0] == 200
    assert server.call("GET", "/people")[1]["error"] == "UnknownUserError"


def test_a_caller_with_no_user_record_is_denied_on_conversations() -> None:
    """MAX's conversation ACL reads the caller's own record (``request.creator``); without
    one it comes out empty, so a manager who exists only as a role gets 403 on a
    conversation even where the URL's {username} (the actor) exists."""
    server = FakeMaxServer(managers=["boss", "other"])
    for name in ("other", "alice", "bob"):
        server.create_user(name, creator="other")
    status, message = server.call("POST", "/conversations", {
        "contexts": [{"objectType": "conversation", "participants": ["alice", "bob"]}],
        "object": {"objectType": "note", "content": "hi"}}, as_user="alice")
    cid = message["contexts"][0]["id"]
    for method, path in (("DELETE", f"/conversations/{cid}/participants/alice"),
                         ("GET", f"/people/alice/conversations/{cid}"),
                         ("DELETE", f"/people/alice/conversations/{cid}")):
        status, error = server.call(method, path)
        assert (status, error["error"]) == (403, "Forbidden"), path
    assert server.call("GET", f"/conversations/{cid}", as_user="other")[0] == 200
