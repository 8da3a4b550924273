"""Credentials, token grant, discovery, hub lookup."""

from __future__ import annotations

import builtins
import getpass

import pytest
import responses

from maxclient import BadUsernameOrPasswordError
from maxclient import MaxClient as RpcClient
from maxclient.client import get_max_info, get_max_url_from_hub_domain
from maxclient.rest import MaxClient, RequestError

from .scripted import reply

SECRET = "pa55w0rd-secret"


def test_constructor_defaults_and_positional_compat():
    c = MaxClient("http://max.example/", "http://oauth.example/")
    assert c.url == "http://max.example"
    assert c.oauth_server == "http://oauth.example"
    assert c.scope == "widgetcli" and c.metadata == {} and c.token is None
    assert c.actor is None and c.getActor() == ""
    c.setActor("bob")
    assert c.actor == {"objectType": "person", "username": "bob"}
    assert c.actor["username"] == c.getActor() == "bob"
    c.setToken("t0ken")
    assert c.token == "t0ken"
    assert "t0ken" not in repr(c) and "bob" in repr(c) and "max.example" in repr(c)
    assert c.OAuth2AuthHeaders() == {
        "X-Oauth-Token": "t0ken", "X-Oauth-Username": "bob", "X-Oauth-Scope": "widgetcli"}


def test_oauth_none_never_discovers_at_init_then_caches(app, server):
    app.on("GET", "/info", reply(200, {"max.oauth_server": "http://oauth.example/"}))
    c = MaxClient(server.url, oauth_server=None)
    assert app.seen == []
    assert c.oauth_server == "http://oauth.example"
    assert c.oauth_server == "http://oauth.example"
    assert c.server_info["max.oauth_server"] == "http://oauth.example/"
    assert len(app.hits("GET", "/info")) == 1


def test_oauth_server_overridable_as_property():
    class Fixed(MaxClient):
        @property
        def oauth_server(self):
            return "http://fixed"

    assert Fixed("http://x").oauth_server == "http://fixed"


def test_get_token_access_token_form(app, server):
    app.on("POST", "/token", reply(200, {"access_token": "abc"}))
    c = MaxClient("http://max.invalid", oauth_server=server.url)
    assert c.login("bob", SECRET) == "abc"
    assert c.token == "abc" and c.getActor() == "bob"
    seen = app.hits("POST", "/token")[0]
    form = dict(x.split("=") for x in seen.body.decode().split("&"))
    assert form == {"grant_type": "password", "client_id": "MAX", "scope": "widgetcli",
                    "username": "bob", "password": SECRET, "bypass": "False"}
    assert "X-Oauth-Token" not in seen.headers


def test_get_token_legacy_oauth_token(app, server):
    app.on("POST", "/token", reply(200, {"oauth_token": "legacy", "fresh": False}))
    c = MaxClient("http://max.invalid", oauth_server=server.url)
    assert c.getToken("bob", SECRET) == "legacy"
    assert c.token == "legacy"


def test_bad_password_never_holds_secret(app, server):
    app.on("POST", "/token", reply(400, {"error": "invalid_grant"}))
    c = MaxClient("http://max.invalid", oauth_server=server.url)
    with pytest.raises(BadUsernameOrPasswordError) as err:
        c.login("bob", SECRET)
    exc = err.value
    for text in (str(exc), repr(exc), repr(exc.args), str(exc.password), repr(vars(exc))):
        assert SECRET not in text
    assert exc.username == "bob"


def test_login_prompts_for_missing(app, server, monkeypatch):
    app.on("POST", "/token", reply(200, {"access_token": "abc"}))
    prompts = []
    monkeypatch.setattr(builtins, "input", lambda p: prompts.append(p) or "alice")
    monkeypatch.setattr(getpass, "getpass", lambda p: prompts.append(p) or SECRET)
    c = MaxClient("http://max.invalid", oauth_server=server.url)
    assert c.login() == "abc"
    assert c.getActor() == "alice"
    assert prompts[0] == "Username: " and "alice" in prompts[1]


def test_basic_auth(app, server):
    app.on("GET", "/people", reply(200, []))
    c = MaxClient(server.url, auth_method="basic")
    c.setBasicAuth("admin", SECRET)
    c.people.get()
    seen = app.hits("GET", "/people")[0].headers
    assert seen["Authorization"].startswith("Basic ")
    assert "X-Oauth-Token" not in seen
    assert SECRET not in repr(c)


def test_every_request_calls_auth_headers_hook(app, server):
    app.on("GET", "/people", reply(200, []))
    app.on("GET", "/people/bob", reply(200, {}, headers={"Content-Type": "application/json"}))

    class Extra(MaxClient):
        def OAuth2AuthHeaders(self):
            return {**super().OAuth2AuthHeaders(), "X-Extra": "1"}

    class RpcExtra(RpcClient):
        def OAuth2AuthHeaders(self):
            return {**super().OAuth2AuthHeaders(), "X-Extra": "2"}

    Extra(server.url, actor="bob").people.get()
    RpcExtra(server.url, actor="bob").getUser("bob")
    assert app.hits("GET", "/people")[0].headers["X-Extra"] == "1"
    assert app.hits("GET", "/people/bob")[0].headers["X-Extra"] == "2"


def test_max_info_errors(app, server):
    app.on("GET", "/info", reply(502, raw=b"bad gateway"))
    with pytest.raises(RequestError) as err:
        get_max_info(server.url)
    assert err.value.code == 502 and "Is max running?" in err.value.message
    with pytest.raises(RequestError) as err:
        get_max_info("http://127.0.0.1:9")
    assert err.value.code == 0 and "did not respond" in err.value.message


def test_hub_domain_lookup():
    hub = "https://hub.example"
    with responses.RequestsMock() as rsps:
        rsps.get(f"{hub}/info", json={"domains": {"upc": {"max_server_url": "https://max.upc"}},
                                      "default_maxserver_url": "https://max.default"})
        assert get_max_url_from_hub_domain(hub, "upc") == "https://max.upc"
        assert get_max_url_from_hub_domain(hub, "other") == "https://max.default/other"
        c = MaxClient.from_hub_domain("upc", hub=hub, actor="bob")
        assert c.url == "https://max.upc" and c.getActor() == "bob"
        r = RpcClient.from_hub_domain("upc", hub)
        assert isinstance(r, RpcClient)
    with responses.RequestsMock() as rsps:
        rsps.get(f"{hub}/info", json={"domains": {}})
        with pytest.raises(RequestError, match="no domain nope"):
            get_max_url_from_hub_domain(hub, "nope")


def test_from_hub_domain_default_hub():
    with responses.RequestsMock() as rsps:
        rsps.get("https://hub.ulearn.upcnet.es/info",
                 json={"domains": {"d": {"max_server_url": "https://m"}}})
        assert MaxClient.from_hub_domain("d").url == "https://m"


def test_copy_and_hasattr_work():
    import copy

    c = MaxClient("http://x", actor="bob")
    assert not hasattr(c, "_nope")
    assert copy.copy(c).url == "http://x"
