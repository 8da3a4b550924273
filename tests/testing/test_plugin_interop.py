"""The fixtures beside what downstream suites already use: responses, requests-mock,
a live server, and the opt-in checks (run as a downstream project, through pytester)."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

INTEROP_TEST = '''
import pytest
import requests
import responses
from maxclient.errors import RequestError
from maxclient.testing import EmptyJournalError


@responses.activate
def test_responses_activate_beside_the_fake(max_client, max_server):
    responses.add(responses.GET, "http://other.test/x", json={"ok": 1})
    assert requests.get("http://other.test/x", timeout=5).json() == {"ok": 1}
    assert max_client.people.get()[0]["username"] == "test_manager"
    assert max_server.journal.last.route == "users"


def test_responses_mock_is_the_one_the_fake_lives_in(max_client):
    responses.add(responses.GET, "http://other.test/y", body="y")
    assert requests.get("http://other.test/y", timeout=5).text == "y"
    assert max_client.info.get()["max.server_id"] == "fakemax"


@responses.activate(assert_all_requests_are_fired=True)
def test_fired_check_ignores_the_fake(max_client):
    responses.add(responses.GET, "http://other.test/z", body="z")
    requests.get("http://other.test/z", timeout=5)
    max_client.people.get()


@responses.activate(assert_all_requests_are_fired=True)
def test_fired_check_still_reports_the_tests_own(max_client):
    responses.add(responses.GET, "http://other.test/never", body="n")
    max_client.people.get()


def test_requests_mock_fixture_beside_the_fake(requests_mock, max_client, max_server):
    requests_mock.get("http://other.test/rm", text="rm")
    assert requests.get("http://other.test/rm", timeout=5).text == "rm"
    assert max_client.people["test_manager"].get()["username"] == "test_manager"
    max_server.inject_timeout(route="contexts")  # POST: never retried
    with pytest.raises(RequestError) as err:
        max_client.contexts.post(url="http://c.test", displayName="C")
    assert err.value.code == 0 and "did not answer in time" in str(err.value)


def test_live_client(max_live_client, max_live_server):
    assert max_live_client.url == max_live_server.url
    assert max_live_server.url.startswith("http://127.0.0.1:")
    assert max_live_client.people.get()[0]["username"] == "test_manager"
    assert max_live_server.journal.last.route == "users"


def test_live_client_while_the_mock_is_active(max_server, max_live_client):
    assert max_live_client.people.get()[0]["username"] == "test_manager"
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get("http://elsewhere.test/", timeout=5)


def test_live_client_beside_requests_mock(requests_mock, max_live_client):
    requests_mock.get("http://other.test/a", text="a")
    assert max_live_client.people.get()[0]["username"] == "test_manager"
    assert requests.get("http://other.test/a", timeout=5).text == "a"


@pytest.mark.max_managers("zed", "alpha")
def test_max_client_is_the_first_manager_as_listed(max_server, max_client):
    assert max_server.managers == ["zed", "alpha"]
    assert max_client.getActor() == "zed"


def test_empty_journal_says_so(max_server):
    with pytest.raises(EmptyJournalError, match="no request yet"):
        max_server.journal.last
    assert issubclass(EmptyJournalError, IndexError)


@pytest.mark.max_assert_all_faults_fired
def test_fault_check_passes_when_every_fault_fired(max_server, max_client):
    max_server.inject_fault(503, route="contexts")  # POST: never retried
    with pytest.raises(RequestError) as err:
        max_client.contexts.post(url="http://c.test", displayName="C")
    assert err.value.code == 503


@pytest.mark.max_assert_all_faults_fired
def test_fault_check_fails_for_an_unfired_fault(max_server):
    max_server.inject_fault(503, route="timeline")
'''


def test_fixtures_play_with_responses_requests_mock_and_the_live_server(
        pytester: pytest.Pytester) -> None:
    pytest.importorskip("requests_mock")
    pytester.makepyfile(test_interop=INTEROP_TEST)
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=11, failed=1, errors=1)
    output = result.stdout.str()
    assert "Not all requests have been executed [('GET', 'http://other.test/never')]" in output
    assert "injected faults that never fired: [Fault(status=503" in output
    assert "route='timeline'" in output


def test_ini_option_turns_on_the_fault_check(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nmax_assert_all_faults_fired = true\n")
    pytester.makepyfile(test_faults='''
def test_unfired(max_server):
    max_server.inject_timeout(route="user")
''')
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)


def test_a_failing_test_gets_no_second_error_from_the_fault_check(
        pytester: pytest.Pytester) -> None:
    """The test's own failure is the one to read; faults it kept from firing are not
    reported on top, for the mocked and the live server alike."""
    pytester.makeini("[pytest]\nmax_assert_all_faults_fired = true\n")
    pytester.makepyfile(test_faults='''
def test_mocked_fails_first(max_server):
    max_server.inject_fault(503, route="timeline")
    assert 1 == 2, "the real failure"


def test_live_fails_first(max_live_server):
    max_live_server.inject_fault(503, route="timeline")
    assert 1 == 2, "the real failure"


def test_unfired_still_caught(max_live_server):
    max_live_server.inject_fault(503, route="timeline")
''')
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=2, passed=1, errors=1)
    output = result.stdout.str()
    assert output.count("the real failure") >= 2
    assert "ERROR test_faults.py::test_unfired_still_caught" in output
    assert "ERROR test_faults.py::test_mocked_fails_first" not in output
    assert "ERROR test_faults.py::test_live_fails_first" not in output
