"""Compatibility must not loosen security: secrets stay out of reprs, errors and other hosts."""

from __future__ import annotations

import responses

from maxclient import MaxClient as RpcClient
from maxclient.rest import MaxClient, RequestError

from .test_subclassing import HUB, HubClient

SECRET = "tok-secret-42"


def test_token_not_in_repr_or_error():
    """maxbunny logs ``'{}: {}'.format(exc.__class__.__name__, exc.message)`` and
    scripts print clients: neither may show the token."""
    with responses.RequestsMock() as rsps:
        rsps.add(responses.GET, "http://max.example/people/a", status=401,
                 json={"error": "Unauthorized", "error_description": "Invalid token"})
        for cls in (MaxClient, RpcClient):
            client = cls("http://max.example", "http://oauth.example", actor="a")
            client.setToken(SECRET)
            assert SECRET not in repr(client) and SECRET not in str(client)
        rest = MaxClient("http://max.example", "http://oauth.example", actor="a")
        rest.setToken(SECRET)
        try:
            rest.people["a"].get()
        except RequestError as exc:
            text = f"{exc.__class__.__name__}: {exc.message} {exc!r} {exc.args!r}"
        assert "Unauthorized" in text and SECRET not in text


def test_hub_headers_do_not_follow_a_redirect_to_another_host():
    """A hub-style subclass adds headers via ``OAuth2AuthHeaders``; a redirect off the
    host must not carry its token along."""
    with responses.RequestsMock() as rsps:
        rsps.add(responses.GET, f"{HUB}/api/domains", status=302,
                 headers={"Location": "http://elsewhere.example/steal"})
        rsps.add(responses.GET, "http://elsewhere.example/steal", json=[])
        client = HubClient("upc", HUB)
        client.setActor("restricted")
        client.setToken(SECRET)
        assert client.api.domains.get() == []
        first, second = (c.request.headers for c in rsps.calls)
        assert first["X-Oauth-Token"] == SECRET
        assert "X-Oauth-Token" not in second
        assert "X-Oauth-Username" not in second
