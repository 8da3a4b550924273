"""State files on disk: plain JSON or gzip (``.gz``), damaged ones named clearly."""

from __future__ import annotations

import gzip

import pytest

from maxclient.cli import main
from maxclient.testing import FakeMaxServer
from maxclient.testing.state import StateError, read_state_file, write_state_file

from .world import BOSS, login


@pytest.fixture
def state() -> dict:
    server = FakeMaxServer(managers=[BOSS])
    with server.mock_requests():
        boss = login(server, BOSS)
        boss.people.post(username=BOSS)
        boss.people.post(username="alice", displayName="Àlice ✓")
    return server.dump()


def test_gzip_when_the_name_ends_in_gz(state, tmp_path):
    plain, packed = tmp_path / "s.json", tmp_path / "s.json.gz"
    write_state_file(plain, state)
    write_state_file(packed, state)
    assert packed.read_bytes()[:2] == b"\x1f\x8b"
    assert gzip.decompress(packed.read_bytes()) == plain.read_bytes()
    assert read_state_file(packed) == read_state_file(plain) == state
    first = packed.read_bytes()
    write_state_file(packed, state)
    assert packed.read_bytes() == first  # same state, same bytes (no timestamp inside)


def test_damaged_gzip_is_named(state, tmp_path):
    packed = tmp_path / "s.json.gz"
    write_state_file(packed, state)
    packed.write_bytes(packed.read_bytes()[:-20])
    with pytest.raises(StateError, match=r"s\.json\.gz: not a complete gzip file"):
        read_state_file(packed)


def test_snapshot_writes_gzip_too(tmp_path, capsys):
    server = FakeMaxServer(managers=[BOSS])
    with server.serve():
        login(server, BOSS).people.post(username=BOSS)
        out = tmp_path / "prod.json.gz"
        assert main(["snapshot", "--url", server.url, "--user", BOSS,
                     "--token", server.token_for(BOSS), "-o", str(out)]) == 0
    assert [u["username"] for u in read_state_file(out)["users"]] == [BOSS]
