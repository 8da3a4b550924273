"""``maxclient.wsgi.MaxClient``: the in-process client maxbunny's and maxscripts'
tests use, with headers still taken from ``OAuth2AuthHeaders``."""

from __future__ import annotations

import json

from maxclient.rest import MaxClient as RestClient
from maxclient.testing import FakeMaxServer
from maxclient.wsgi import MaxClient

from .conftest import MANAGER


class DomainClient(MaxClient):
    """hubclient-style header override, on the webtest transport."""

    domain = "upc"

    def OAuth2AuthHeaders(self):
        headers = super().OAuth2AuthHeaders()
        headers["X-Oauth-Domain"] = self.domain
        return headers


def test_wsgi_client_is_the_rest_client_in_process():
    """maxscripts.loadtest picks ``WsgiMaxClient`` or ``RestMaxClient`` by mode and
    drives both the same way: same calls, same results, same ``last_response``."""
    server = FakeMaxServer(managers=[MANAGER])
    server.create_user(MANAGER)
    client = MaxClient(server.wsgi_app)
    assert isinstance(client, RestClient)
    client.setActor(MANAGER)
    client.setToken(server.token_for(MANAGER))
    assert client.people.post(username="alice")["username"] == "alice"
    assert client.last_response_code == 201
    assert client.activities["a" * 24].get() is None
    assert json.loads(client.last_response)["error"] == "ObjectNotFound"


def test_every_request_takes_headers_from_oauth2authheaders():
    server = FakeMaxServer(managers=[MANAGER])
    server.create_user(MANAGER)
    client = DomainClient(server.wsgi_app)
    client.setActor(MANAGER)
    client.setToken(server.token_for(MANAGER))
    client.people.post(username="alice")
    client.people["alice"].put(displayName="Alice")
    client.people["alice"].get()
    client.people.head()
    calls = list(server.journal)
    assert [c.method for c in calls] == ["POST", "PUT", "GET", "HEAD"]
    for call in calls:
        assert call.headers.get("x-oauth-domain") == "upc"
        assert call.username == MANAGER
