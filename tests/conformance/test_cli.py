"""``maxclient conformance`` end to end, on fakes served over loopback HTTP."""

from __future__ import annotations

import json
import re

import pytest

from maxclient.cli import main
from maxclient.testing import FakeMaxServer


@pytest.fixture
def served():
    server = FakeMaxServer()
    with server.serve() as live:
        yield live


def test_refuses_to_write_to_a_server_without_allow_writes(served, capsys):
    assert main(["conformance", "--real", served.url, "--fake", "--steps", "5"]) == 2
    assert "--allow-writes" in capsys.readouterr().err
    assert len(served.journal) == 0


def test_a_served_fake_against_the_in_process_fake_agrees(served, capsys, tmp_path):
    """Tokens come from the served fake's own OAuth (named in /info); writes are cleaned up."""
    figures = tmp_path / "figures.json"
    code = main(["conformance", "--real", served.url, "--fake", "--allow-writes",
                 "--seed", "4", "--steps", "80", "--json", str(figures)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "No unexplained divergence." in out and "Per route:" in out
    data = json.loads(figures.read_text())
    assert data["steps"] == 80 and data["agreement"] == 100.0
    status, people = served.call("GET", "/people", query="username=cf")
    assert status == 200 and people == []  # every walk user was deleted afterwards


def test_two_served_servers_compared_with_against(capsys):
    first, second = FakeMaxServer(), FakeMaxServer()
    with first.serve() as a, second.serve() as b:
        code = main(["conformance", "--real", a.url, "--against", b.url, "--allow-writes",
                     "--steps", "40", "--no-shrink"])
    assert code == 0, capsys.readouterr().out


def test_a_planted_fault_is_shrunk_through_the_command(capsys, tmp_path):
    """--against a served fake with a planted fault: exit 1, the reproduction printed."""
    from .test_runner import DroppingFake

    good, bad = FakeMaxServer(), DroppingFake()
    with good.serve() as a, bad.serve() as b:
        code = main(["conformance", "--real", a.url, "--against", b.url, "--allow-writes",
                     "--seed", "3", "--steps", "250", "--shrink-replays", "200"])
    out = capsys.readouterr().out
    assert code == 1
    assert "GET timeline: length" in out
    assert re.search(r"reproduction, [4-6] request\(s\):", out), out
