"""The pytest plugin, used as a downstream project would use it (through pytester)."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

DOWNSTREAM_TEST = '''
import pytest
import requests
from maxclient.errors import RequestError


def notify_community(client, url, text):
    """Downstream code under test: posts to a MAX context."""
    return client.contexts[url].activities.post(object_content=text)


def test_post_lands_in_the_context(max_server, max_client, max_client_factory):
    url = "http://intranet.test/news"
    max_client.contexts.post(url=url, displayName="News",
                             permissions={"read": "subscribed", "write": "subscribed"})
    alice = max_client_factory("alice")
    max_client.contexts[url].subscriptions.post(actor_username="alice", object_url=url)
    notify_community(alice, url, "hello")
    assert [a["object"]["content"] for a in alice.people["alice"].timeline.get()] == ["hello"]
    assert max_server.journal.last.route == "timeline"


def test_other_hosts_are_not_reachable(max_server):
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get("http://not-the-fake.test/")


def test_state_does_not_leak_between_tests(max_client):
    assert [u["username"] for u in max_client.people.get()] == ["test_manager"]


@pytest.mark.max_managers("root")
def test_managers_per_test(max_server, max_client):
    assert max_server.managers == ["root"]
    assert max_client.getActor() == "root"


@pytest.mark.max_settings(**{"max.server_id": "from-marker"})
def test_settings_per_test(max_client):
    assert max_client.info.get()["max.server_id"] == "from-marker"


def test_non_manager_is_refused(max_client_factory):
    bob = max_client_factory("bob")
    with pytest.raises(RequestError) as err:
        bob.contexts.post(url="http://x.test", displayName="X")
    assert err.value.code == 403


def test_live_server(max_live_server):
    assert requests.get(max_live_server.url + "/info", timeout=5).status_code == 200
'''


@pytest.fixture
def downstream(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(test_downstream=DOWNSTREAM_TEST)
    return pytester


def test_fixtures_work_for_a_downstream_project(downstream: pytest.Pytester) -> None:
    result = downstream.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=7)


def test_fixtures_work_under_xdist(downstream: pytest.Pytester) -> None:
    pytest.importorskip("xdist")
    result = downstream.runpytest_subprocess("-q", "-n", "2", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=7)


def test_ini_options_set_managers(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nmax_managers =\n    chief\n    deputy\nmax_url = http://maxi.test\n")
    pytester.makepyfile(test_ini='''
def test_ini(max_server):
    assert max_server.managers == ["chief", "deputy"]
    assert max_server.url == "http://maxi.test"
''')
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_plugin_is_registered_through_the_entry_point() -> None:
    from importlib.metadata import entry_points

    names = {ep.value for ep in entry_points(group="pytest11")}
    assert "maxclient.testing.plugin" in names
