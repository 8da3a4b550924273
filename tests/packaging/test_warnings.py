"""No third-party deprecation warning from maxclient reaches a user's test run."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]


def test_a_downstream_run_with_warnings_as_errors(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_quiet='''
from maxclient.testing import FakeMaxServer
from maxclient.wsgi import MaxClient as WSGIClient


def test_fixtures(max_client, max_live_client):
    assert max_client.people.get()[0]["username"] == "test_manager"
    assert max_live_client.people.get()[0]["username"] == "test_manager"


def test_wsgi_client():
    server = FakeMaxServer()
    server.create_user("test_manager")
    client = WSGIClient(server.wsgi_app, oauth_app=server.oauth_app)
    client.login("test_manager", "any")
    assert client.people.get()[0]["username"] == "test_manager"
''')
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", "-W", "error")
    result.assert_outcomes(passed=2)
    assert "warning" not in result.stdout.str().lower()
