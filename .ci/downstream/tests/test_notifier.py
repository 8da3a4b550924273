import pytest
import requests
import responses

from maxclient.testing import mock_max
from notifier import announce, enrol, latest_for, open_community

URL = "http://intranet.test/news"


@pytest.fixture
def community(max_client, max_client_factory):
    open_community(max_client, URL, "News")
    for name in ("alice", "bob"):
        max_client_factory(name)
    enrol(max_client, URL, "alice", "bob")
    return URL


def test_ini_options_apply(max_server, max_client):
    assert max_server.url == "http://max.intranet.test"
    assert max_server.managers == ["chief", "deputy"]
    assert max_client.getActor() == "chief"


def test_announcement_reaches_every_member(community, max_client_factory, max_server):
    alice = max_client_factory("alice", create=False)
    bob = max_client_factory("bob", create=False)
    assert announce(alice, community, "hello") is not None
    assert latest_for(bob, "bob") == ["hello"]
    assert max_server.journal.last.route == "timeline"


def test_unavailable_max_is_retried_later(community, max_client_factory, max_server):
    alice = max_client_factory("alice", create=False)
    max_server.inject_fault(503, route="context_activities")
    assert announce(alice, community, "hello") is None
    assert announce(alice, community, "hello") is not None


@pytest.mark.max_managers("root")
@pytest.mark.max_settings(**{"max.server_id": "intranet"})
def test_markers(max_client):
    assert max_client.getActor() == "root"
    assert max_client.info.get()["max.server_id"] == "intranet"


@responses.activate
def test_beside_responses(max_client):
    responses.add(responses.GET, "http://weather.test/today", json={"sky": "clear"})
    assert requests.get("http://weather.test/today", timeout=5).json() == {"sky": "clear"}
    assert max_client.people.get()[0]["username"] == "chief"


def test_beside_requests_mock(requests_mock, max_client):
    requests_mock.get("http://weather.test/today", json={"sky": "rain"})
    assert requests.get("http://weather.test/today", timeout=5).json() == {"sky": "rain"}
    assert max_client.people.get()[0]["username"] == "chief"


def test_over_real_http(max_live_client, max_live_server):
    assert max_live_server.url.startswith("http://127.0.0.1:")
    open_community(max_live_client, URL, "News")
    assert max_live_client.contexts[URL].get()["displayName"] == "News"


def test_outside_fixtures():
    with mock_max(managers=["admin"]) as server:
        admin = server.client("admin")
        server.create_user("admin")
        open_community(admin, URL, "News")
        assert server.journal.last.route == "contexts"
