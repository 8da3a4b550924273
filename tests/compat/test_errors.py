"""``RequestError`` and how callers inspect, rewrite and re-raise it."""

from __future__ import annotations

import pytest

from maxclient.rest import MaxClient, RequestError

from .conftest import MANAGER


def test_construct_like_the_original():
    """ulearnhub and maxbunny's tests raise ``RequestError(401, 'Unauthorized')``
    themselves to simulate MAX failures."""
    exc = RequestError(401, "Unauthorized")
    assert exc.code == 401 and isinstance(exc.code, int)
    assert exc.message == "Unauthorized" and str(exc) == "Unauthorized"
    assert RequestError(500).code == 500


def test_prefix_message_and_reraise():
    """maxbunny's consumer: ``if error.code / 100 == 5: error.message = 'Max server
    error: ' + error.message`` then requeues with (and logs) the new text."""
    exc = RequestError(503, "ServiceUnavailable: down")
    assert exc.code // 100 == 5
    exc.message = "Max server error: " + exc.message
    with pytest.raises(RequestError) as info:
        raise exc
    assert info.value.message == "Max server error: ServiceUnavailable: down"
    assert str(info.value) == "Max server error: ServiceUnavailable: down"
    assert "Max server error" in repr(info.value)


def _client(server, actor=MANAGER):
    client = MaxClient(server.url, server.oauth_url)
    client.setActor(actor)
    client.setToken(server.token_for(actor))
    return client


def test_server_error_from_max_is_classified_as_5xx(server):
    """maxbunny requeues on 5xx and nacks on 4xx: the code of a real failure."""
    server.inject_fault(500, route="user_activities", method="POST")
    client = _client(server)
    with pytest.raises(RequestError) as info:
        client.people[MANAGER].activities.post(object_content="hi")
    assert info.value.code // 100 == 5
    assert info.value.message.startswith("ServerError")
    with pytest.raises(RequestError) as forbidden:
        _client(server, "nobody").people[MANAGER].activities.post(object_content="hi")
    assert forbidden.value.code // 100 == 4


def test_unknown_actor_is_a_4xx_with_max_text(server):
    """ulearnhub ``get_context_data`` tests ``exc.code == 403`` and re-raises others;
    the message is ``"<MaxError>: <description>"`` as MAX sent it."""
    client = _client(server, "ghost")
    with pytest.raises(RequestError) as info:
        client.people["ghost"].get()
    assert info.value.code == 400
    assert info.value.message == "UnknownUserError: Unknown actor identified by: ghost"


def test_unreachable_server_is_code_zero(server):
    """maxscripts/gummanager print ``exc.message`` when a server is down; the code is 0
    (no HTTP status), as the original's ``get_max_info`` used."""
    client = MaxClient("http://unreachable.example", oauth_server=server.oauth_url)
    with pytest.raises(RequestError) as info:
        client.people.get()
    assert info.value.code == 0
    assert "unreachable.example" in info.value.message
