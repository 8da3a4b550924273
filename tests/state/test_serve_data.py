"""``maxclient serve --data FILE`` as a real subprocess: load, save on demand, save on exit."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from maxclient.rest import MaxClient
from tests.cli.test_serve_subprocess import ROOT, _free_port, _wait_for_info

Serve = Callable[[Path], tuple[subprocess.Popen[str], str]]


@pytest.fixture
def serve() -> Iterator[Serve]:
    procs: list[subprocess.Popen[str]] = []

    def start(data: Path) -> tuple[subprocess.Popen[str], str]:
        port = _free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "maxclient", "serve", "--port", str(port),
             "--manager", "boss", "--data", str(data)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        procs.append(proc)
        return proc, f"http://127.0.0.1:{port}"

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=10)


def _wait_for(check: Callable[[], bool], what: str, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {seconds}s")


def _users(path: Path) -> set[str]:
    return {u["username"] for u in json.loads(path.read_text())["users"]}


def test_state_survives_restarts_and_saves_on_demand(serve, tmp_path):
    data = tmp_path / "dev-max.json"
    proc, url = serve(data)
    _wait_for_info(url, proc, time.monotonic() + 20)
    boss = MaxClient(url, retries=0)
    boss.login("boss", "pw")
    boss.people.post(username="alice")
    note = boss.people["alice"].activities.post(object_content="kept across restarts")
    assert not data.exists()

    proc.send_signal(signal.SIGUSR1)  # save on demand, keep serving
    _wait_for(lambda: data.exists() and "alice" in _users(data), "the SIGUSR1 save")
    boss.people.post(username="bob")
    saved = requests.post(f"{url}/_fake/save", timeout=10)
    assert saved.status_code == 200 and saved.json()["ok"] is True
    assert "bob" in _users(data)

    boss.people.post(username="carol")  # only the exit save has her
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert f"Saved state to {data}" in out and "Stopped." in out
    assert {"alice", "bob", "carol"} <= _users(data)
    assert [p.name for p in tmp_path.iterdir()] == [data.name]  # no temporary file left
    first = json.loads(data.read_text())

    proc, url = serve(data)
    _wait_for_info(url, proc, time.monotonic() + 20)
    again = MaxClient(url, retries=0)
    again.login("boss", "pw")
    kept = again.activities[note["id"]].get()
    assert kept["object"]["content"] == "kept across restarts"
    assert kept["published"] == note["published"]
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert json.loads(data.read_text()) == first  # nothing changed, nothing lost


@pytest.mark.parametrize("content, message", [
    ('{"format": "maxclient-state", "users": [', "not valid JSON (line 1, column 41"),
    ('{"users": ["alice"]}', "not a maxclient state file"),
    ('{"format": "maxclient-state", "version": 1, "users": [{"username": "x"}]}',
     "malformed maxclient state: KeyError"),
])
def test_a_damaged_file_is_one_clear_error_and_stays_untouched(serve, tmp_path, content,
                                                               message):
    data = tmp_path / "dev-max.json"
    data.write_text(content)
    proc, _ = serve(data)
    _out, err = proc.communicate(timeout=20)
    assert proc.returncode == 2
    assert err.count("\n") == 1 and err.startswith("maxclient serve: cannot load state: ")
    assert str(data) in err and message in err
    assert "Traceback" not in err
    assert data.read_text() == content


def test_a_data_file_in_a_missing_directory_is_refused_at_start(serve, tmp_path):
    proc, _ = serve(tmp_path / "nowhere" / "dev-max.json")
    _out, err = proc.communicate(timeout=20)
    assert proc.returncode == 2
    assert err == (f"maxclient serve: cannot load state: {tmp_path / 'nowhere' / 'dev-max.json'}"
                   ": its directory does not exist\n")
