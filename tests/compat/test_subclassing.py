"""A hub-style subclass of ``maxclient.rest.MaxClient``, as hubclient and mrs.max write it."""

from __future__ import annotations

import json

import pytest
import responses

from maxclient.client import get_max_info, get_max_url_from_hub_domain
from maxclient.rest import MaxClient

HUB = "http://hub.example"
MAX = "http://max.example/upc"
OAUTH = "http://oauth.example"

HUB_ROUTES = {
    "info": {"route": "/info"},
    "api_domains": {"route": "/api/domains"},
    "api_domain": {"route": "/api/domains/{domain}"},
    "api_domain_services": {"route": "/api/domains/{domain}/services"},
    "api_domain_service": {"route": "/api/domains/{domain}/services/{service}"},
    "api_domain_users": {"route": "/api/domains/{domain}/users"},
}


class HubClient(MaxClient):
    """Our own re-expression of hubclient.HubClient: own routes, no defaults, the MAX
    server found through the hub, OAuth found through that MAX, one extra header."""

    __routes__ = HUB_ROUTES
    __defaults__ = {}

    def __init__(self, domain, hub, max_server=None, **kwargs):
        self.__max_server__ = max_server
        self.domain = domain
        kwargs["oauth_server"] = None
        super().__init__(hub, **kwargs)

    @property
    def max_server(self):
        if self.__max_server__ is None:
            self.__max_server__ = get_max_url_from_hub_domain(self.url, self.domain)
        return self.__max_server__

    @property
    def oauth_server(self):
        # The original reads the attribute the base class stores the given value in.
        if self.__oauth_server__ is None:
            self.__oauth_server__ = get_max_info(self.max_server)["max.oauth_server"]
        return self.__oauth_server__.rstrip("/")

    def OAuth2AuthHeaders(self):
        headers = super().OAuth2AuthHeaders()
        headers["X-Oauth-Domain"] = str(self.domain)
        return headers


def _hub_info(rsps):
    rsps.add(responses.GET, f"{HUB}/info",
             json={"domains": {"upc": {"max_server_url": MAX}},
                   "default_maxserver_url": "http://max.example"})


def test_construction_sends_nothing():
    """hubclient passes ``oauth_server=None`` to the base: no /info discovery then."""
    with responses.RequestsMock() as rsps:
        client = HubClient("upc", HUB, expand_underscores=False)
        assert client.url == HUB and client.domain == "upc"
        assert len(rsps.calls) == 0


def test_hub_routes_and_extra_header_on_every_request():
    """mrs.max's ``HubClient(settings.domain, settings.hub_server, expand_underscores=False)``
    calls ``client.api.domains[domain].services[service].post(...)``; the hub expects
    the domain header on every request, taken from ``OAuth2AuthHeaders``."""
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, f"{HUB}/api/domains/upc/services/syncacl",
                 json={"ok": True}, status=201)
        rsps.add(responses.GET, f"{HUB}/api/domains/upc/users", json=[{"username": "a"}])
        rsps.add(responses.GET, f"{HUB}/api/domains", json=[{"name": "upc"}])
        client = HubClient("upc", HUB, expand_underscores=False)
        client.setActor("restricted")
        client.setToken("hub-token-1")
        answer = client.api.domains["upc"].services["syncacl"].post(
            component_id="ldap", permission_mapping={"read": "r"})
        assert answer == {"ok": True}
        assert client.api.domains["upc"].users.get() == [{"username": "a"}]
        assert client.api.domains() == [{"name": "upc"}]  # calling a resource is a GET
        for call in rsps.calls:
            assert call.request.headers["X-Oauth-Domain"] == "upc"
            assert call.request.headers["X-Oauth-Token"] == "hub-token-1"
            assert call.request.headers["X-Oauth-Username"] == "restricted"
        body = json.loads(rsps.calls[0].request.body)
        # expand_underscores=False keeps the snake_case keys the hub expects.
        assert body == {"component_id": "ldap", "permission_mapping": {"read": "r"}}


def test_overridden_oauth_server_used_by_get_token():
    """hubclient resolves OAuth via hub -> MAX /info; ``getToken`` must use the
    subclass's ``oauth_server`` property, not the base's discovery."""
    with responses.RequestsMock() as rsps:
        _hub_info(rsps)
        rsps.add(responses.GET, f"{MAX}/info", json={"max.oauth_server": OAUTH + "/"})
        rsps.add(responses.POST, f"{OAUTH}/token", json={"access_token": "tok"})
        client = HubClient("upc", HUB)
        assert client.getToken("restricted", "pw") == "tok"
        assert client.max_server == MAX
        assert client.oauth_server == OAUTH
        assert [c.request.url for c in rsps.calls] == [
            f"{HUB}/info", f"{MAX}/info", f"{OAUTH}/token"]


def test_unknown_domain_falls_back_to_default_max():
    """hubclient's ``get_max_url_from_hub_domain`` for a domain the hub does not list."""
    with responses.RequestsMock() as rsps:
        _hub_info(rsps)
        assert get_max_url_from_hub_domain(HUB, "other") == "http://max.example/other"


def test_snake_case_expanded_by_default():
    """The default (``expand_underscores=True``) still nests ``object_content``."""
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, f"{HUB}/api/domains/upc/services/s", json={})
        client = HubClient("upc", HUB)
        client.setActor("a")
        client.api.domains["upc"].services["s"].post(object_content="x")
        assert json.loads(rsps.calls[0].request.body) == {"object": {"content": "x"}}


def test_given_oauth_server_still_readable_by_original_attribute():
    """Subclasses written against the original read ``self.__oauth_server__``."""
    client = MaxClient(MAX, OAUTH)
    assert client.__oauth_server__ == OAUTH
    with pytest.raises(AttributeError):
        HubClient("upc", HUB).not_a_route  # noqa: B018
