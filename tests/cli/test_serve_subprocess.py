"""``maxclient serve`` as a real subprocess: login, a concurrent write load, SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from maxclient.errors import BadUsernameOrPasswordError
from maxclient.rest import MaxClient, RequestError

THREADS, WRITES = 8, 200
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_info(url: str, proc: subprocess.Popen[str], deadline: float) -> dict:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"serve exited early with {proc.returncode}")
        try:
            r = requests.get(f"{url}/info", timeout=1)
            if r.status_code == 200:
                return r.json()
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url}/info did not answer in time")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({"accounts": {"carol": "pw"}, "users": ["carol"]}))
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "maxclient", "serve", "--port", str(port), "--manager", "boss",
         "--seed", str(seed)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        yield proc, f"http://127.0.0.1:{port}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=10)


def _writer(url: str, user: str, failures: list[str]) -> None:
    client = MaxClient(url, retries=0, timeout=(5, 20))
    try:
        client.login(user, "anything")
        for i in range(WRITES):
            try:
                client.people[user].activities.post(object_content=f"{user} note {i}")
            except RequestError as exc:
                failures.append(f"{user} #{i}: {exc.code} {exc}")
    except Exception as exc:  # any failure must fail the test, not vanish in a thread
        failures.append(f"{user}: {exc!r}")
    finally:
        client.close()


def test_serve_login_concurrent_writes_and_sigterm(served):
    proc, url = served
    info = _wait_for_info(url, proc, time.monotonic() + 20)
    assert info["max.oauth_server"] == f"{url}/oauth"

    boss = MaxClient(url, retries=0)
    boss.login("boss", "whatever")
    boss.people.post(username="alice")
    alice = MaxClient(url, retries=0)
    assert alice.login("alice", "anything")
    alice.people["alice"].activities.post(object_content="first")
    assert alice.people["alice"].timeline.get()[0]["object"]["content"] == "first"
    with pytest.raises(BadUsernameOrPasswordError):
        MaxClient(url, retries=0).login("carol", "not-pw")
    assert MaxClient(url, retries=0).login("carol", "pw")

    users = [f"writer{n}" for n in range(THREADS)]
    for user in users:
        boss.people.post(username=user)
    before = boss.activities.head()
    failures: list[str] = []
    workers = [threading.Thread(target=_writer, args=(url, u, failures)) for u in users]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert not any(w.is_alive() for w in workers), "writers did not finish in time"
    assert failures == []
    assert [boss.people[u].activities.head() for u in users] == [WRITES] * THREADS
    assert boss.activities.head() == before + THREADS * WRITES
    listed = boss.people["writer3"].activities.all(page_size=50)
    assert sorted(a["object"]["content"] for a in listed) == sorted(
        f"writer3 note {i}" for i in range(WRITES))

    # One CLI call against the served fake, as a subprocess too.
    token = boss.token
    ok = subprocess.run(
        [sys.executable, "-m", "maxclient", "call", "GET", "/people/alice", "--url", url,
         "--user", "boss", "--token", token], capture_output=True, text=True, timeout=30)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["username"] == "alice"
    bad = subprocess.run(
        [sys.executable, "-m", "maxclient", "call", "GET", "/people/ghost", "--url", url,
         "--user", "boss", "--password"], input="whatever\n", capture_output=True, text=True,
        timeout=30)
    assert bad.returncode == 1
    assert "UnknownUserError: Unknown actor identified by: ghost" in bad.stderr
    for c in (boss, alice):
        c.close()

    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert f"MAX:   {url}" in out and f"OAuth: {url}/oauth" in out
    assert "Manager boss token: " in out and "Stopped." in out
