"""Constructing clients the way downstream projects do."""

from __future__ import annotations

import inspect
import logging

import pytest
import responses

from maxclient import MaxClient as RpcClient
from maxclient.client import BadUsernameOrPasswordError
from maxclient.rest import MaxClient
from maxclient.wsgi import MaxClient as WsgiClient

from .conftest import MANAGER

ORIGINAL_ORDER = ["url", "oauth_server", "actor", "auth_method", "expand_underscores",
                  "scope", "grant_type", "client_id", "debug"]


def test_constructors_keep_the_original_positional_order():
    for cls in (MaxClient, RpcClient):
        params = inspect.signature(cls).parameters.values()
        positional = [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
        assert positional == ORIGINAL_ORDER
    client = MaxClient("http://max.test", "http://oauth.test", "alice", "oauth2", False)
    assert (client.oauth_server, client.actor["username"]) == ("http://oauth.test", "alice")
    assert client.expand_underscores is False


def test_a_misspelt_option_is_a_type_error():
    for cls in (MaxClient, RpcClient, WsgiClient):
        with pytest.raises(TypeError, match="oauth_srever"):
            cls("http://max.test", oauth_srever="http://oauth.test")


def test_positional_url_and_oauth_server(server):
    """ulearnhub (``MaxClient(self.config.url, self.oauth_server)``) and ulearn.core's
    RPC ``MaxClient(max_server, oauth_server)``: both positional, nothing sent yet."""
    for cls in (MaxClient, RpcClient):
        client = cls(server.url + "/", server.oauth_url)
        assert client.url == server.url  # trailing slash stripped, as before
        assert client.oauth_server == server.oauth_url
    assert len(server.journal) == 0


def test_keyword_options_of_the_original(server):
    """maxscripts.loadtest (``MaxClient(maxserver, actor=actor)``), mrs.max's hub client
    (``expand_underscores=False``), bigmax-style ``scope``/``grant_type``/``client_id``."""
    client = MaxClient(
        server.url, oauth_server=server.oauth_url, actor="alice", scope="widgetcli",
        grant_type="password", client_id="MAX", expand_underscores=False,
    )
    assert client.actor["username"] == "alice"
    assert client.actor["objectType"] == "person"
    assert client.scope == "widgetcli"
    assert client.token is None
    assert client.expand_underscores is False


def test_metadata_is_a_plain_dict_callers_replace(server):
    """maxbunny's ``MaxClientsWrapper`` assigns ``client.metadata = {...}`` per instance
    and later reads ``client.metadata['hashtag']`` / ``['language']``."""
    client = MaxClient(url=server.url, oauth_server=server.oauth_url)
    assert client.metadata == {}
    client.metadata = {"hashtag": "upc", "language": "ca"}
    client.setActor(MANAGER)
    client.setToken(server.token_for(MANAGER))
    client.people[MANAGER].get()
    assert client.metadata["language"] == "ca"
    mapping = {client.metadata["hashtag"]: "instance-1"}
    assert mapping == {"upc": "instance-1"}


def test_debug_true_logs_this_clients_requests(server, caplog, restore_logging):
    """maxscripts.changecontexturl and maxbunny pass ``debug=True`` (the original
    printed raw HTTP); here it turns on request logging without any logging setup,
    and the token still never shows."""
    token = server.token_for(MANAGER)
    client = MaxClient(server.url, oauth_server=server.oauth_url, debug=True)
    client.setActor(MANAGER)
    client.setToken(token)
    client.people[MANAGER].get()
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("maxclient")]
    assert any(f"GET {server.url}/people/{MANAGER} -> 200" in line for line in lines)
    assert token not in caplog.text


def test_get_token_returns_and_stores_it(server):
    """mrs.max ``settings.max_restricted_token = maxclient.getToken(username, password)``
    and maxscripts.devel ``client.getToken(username, password, bypass=True)``."""
    client = MaxClient(server.url, server.oauth_url)
    token = client.getToken(MANAGER, "secret")
    assert token and client.token == token
    again = RpcClient(server.url, server.oauth_url).getToken(MANAGER, "secret", bypass=True)
    assert again
    client.setActor(MANAGER)
    assert client.people[MANAGER].get()["username"] == MANAGER
    assert server.journal.last.username == MANAGER


def test_wrong_password_names_user_and_servers_never_the_secret():
    """mrs.max.auth catches ``BadUsernameOrPasswordError`` and logs the user and
    ``maxclient.oauth_server``; ulearnhub's login view re-prompts. The exception keeps
    the username and servers, ``password`` is a placeholder, ``''`` when none given."""
    max_url, oauth = "http://max.example", "http://oauth.example"
    secret = "hunter2-very-secret"
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, f"{oauth}/token", status=401,
                 json={"error": "invalid_grant"})
        client = MaxClient(max_url, oauth)
        with pytest.raises(BadUsernameOrPasswordError) as info:
            client.getToken("alice", secret)
        with pytest.raises(BadUsernameOrPasswordError) as empty:
            client.getToken("alice", "")
    exc = info.value
    assert exc.username == "alice"
    assert exc.password and exc.password != secret
    assert empty.value.password == ""
    assert oauth in str(exc) and max_url in str(exc)
    assert exc.oauthserver == oauth and exc.maxserver == max_url
    for text in (str(exc), repr(exc), repr(exc.args), repr(vars(exc))):
        assert secret not in text
    assert client.oauth_server == oauth  # what mrs.max logs next to the username


def test_debug_logging_hides_password_on_login(caplog, restore_logging):
    """maxscripts.clients builds ``MaxClient(..., debug=debug)`` then ``login()``s:
    the logged token request must not carry the password."""
    oauth = "http://oauth.example"
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, f"{oauth}/token", json={"access_token": "tok-secret-1"})
        client = MaxClient("http://max.example", oauth, debug=True)
        caplog.set_level(logging.DEBUG, logger="maxclient")
        assert client.login("alice", "pw-secret-1") == "tok-secret-1"
    assert "/token -> 200" in caplog.text
    assert "pw-secret-1" not in caplog.text and "tok-secret-1" not in caplog.text


def test_from_hub_domain_and_interactive_login(monkeypatch):
    """maxscripts.clients ``MaxClient.from_hub_domain(domain, hub=hubserver, debug=debug)``
    then maxscripts.newinstance ``max_token = max_client.login(max_user)`` (prompts)."""
    hub, max_url, oauth = "http://hub.example", "http://max.example/upc", "http://oauth.example"
    prompts = []
    monkeypatch.setattr("getpass.getpass", lambda msg: prompts.append(msg) or "typed-pw")
    with responses.RequestsMock() as rsps:
        rsps.add(responses.GET, f"{hub}/info",
                 json={"domains": {"upc": {"max_server_url": max_url}}})
        rsps.add(responses.GET, f"{max_url}/info", json={"max.oauth_server": oauth})
        rsps.add(responses.POST, f"{oauth}/token", json={"access_token": "tok-9"})
        client = MaxClient.from_hub_domain("upc", hub=hub, debug=False)
        assert client.url == max_url
        assert client.login("restricted") == "tok-9"
        sent = rsps.calls[-1].request.body
    assert prompts == ["Password for restricted: "]
    assert client.actor["username"] == "restricted" and client.token == "tok-9"
    assert "typed-pw" in sent and "username=restricted" in sent
