"""``@pytest.mark.max_state``: a downstream test starts from a saved state."""

from __future__ import annotations

import json

from maxclient.testing import FakeMaxServer

from .world import BOSS, URL, build_world

pytest_plugins = ["pytester"]

DOWNSTREAM = f'''
import pytest

@pytest.mark.max_state("data/world.json")
def test_starts_from_the_saved_world(max_server, max_client, max_client_factory):
    assert max_server.managers == ["{BOSS}"]
    assert max_client.people["alice"].get()["displayName"] == "Alice A."
    bob = max_client_factory("bob", create=False)
    assert [a["object"]["content"] for a in bob.contexts["{URL}"].activities.get()][-1] \\
        == "in the context"

@pytest.mark.max_state("data/world.json")
def test_the_live_server_too(max_live_client):
    assert max_live_client.people["alice"].get()["displayName"] == "Alice A."

def test_others_start_empty(max_client):
    assert [u["username"] for u in max_client.people.get()] == ["test_manager"]

@pytest.mark.max_state("data/missing.json")
def test_a_missing_file_is_an_error(max_server):
    pass
'''


def test_max_state_marker(pytester):
    server = FakeMaxServer(managers=[BOSS])
    with server.mock_requests():
        build_world(server)
    (pytester.path / "data").mkdir()
    (pytester.path / "data" / "world.json").write_text(json.dumps(server.dump()))
    pytester.makepyfile(test_downstream=DOWNSTREAM)
    result = pytester.runpytest("-q", "-p", "no:randomly")
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(["*missing.json*"])
