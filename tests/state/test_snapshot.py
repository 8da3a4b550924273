"""``maxclient snapshot`` against a fake served over HTTP: snapshot it, load the file
into another fake, and compare what both answer."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from maxclient.cli import main
from maxclient.testing import FakeMaxServer
from maxclient.testing.state import read_state_file
from tests.cli.test_serve_subprocess import ROOT

from .world import BOSS, login, served_world, snapshot_views


@pytest.fixture(scope="module")
def source() -> Iterator[tuple[FakeMaxServer, dict[str, str]]]:
    with served_world() as world:
        yield world


def _snapshot(server: FakeMaxServer, out: Path, *extra: str) -> int:
    return main(["snapshot", "--url", server.url, "--user", BOSS,
                 "--token", server.token_for(BOSS), "-o", str(out), *extra])


def _views(server: FakeMaxServer, post: str) -> dict[str, object]:
    views = snapshot_views(lambda name: login(server, name), post)
    views["alice"].pop("talkingIn")  # conversations are not exported
    return views


def test_snapshot_loads_into_another_fake_that_answers_the_same(source, tmp_path, capsys):
    server, ids = source
    out = tmp_path / "prod.json"
    assert _snapshot(server, out) == 0
    printed = capsys.readouterr()
    assert printed.err == ""  # not a terminal: no progress bar
    assert printed.out.startswith(f"{out}: 4 people, 2 contexts, 4 subscriptions, ")
    copy = FakeMaxServer(managers=[BOSS])
    copy.load(read_state_file(out))
    with copy.serve():
        assert _views(copy, ids["post"]) == _views(server, ids["post"])
        assert login(copy, "carol").activities[ids["post"]].comments.post(
            object_content="after the snapshot")["id"] > ids["post"]


def test_limit_keeps_the_newest_activities_and_their_comments(source, tmp_path):
    server, ids = source
    out = tmp_path / "three.json"
    assert _snapshot(server, out, "--limit", "3") == 0
    state = json.loads(out.read_text())
    newest = [a["id"] for a in login(server, BOSS).activities.get(qs={"limit": 3})]
    assert ids["post"] in newest and ids["note"] not in newest
    exported = {a["_id"]: a for a in state["activities"]}
    assert sorted(k for k, a in exported.items() if a["verb"] == "post") == sorted(newest)
    comments = [a for a in exported.values() if a["verb"] == "comment"]
    assert [(c["_id"], c["object"]["inReplyTo"][0]["id"]) for c in comments] == [
        (ids["comment"], ids["post"])]  # the older note's comment stays behind


def test_a_plain_user_is_told_snapshot_needs_a_manager(source, tmp_path, capsys):
    server, _ = source
    out = tmp_path / "nope.json"
    code = main(["snapshot", "--url", server.url, "--user", "alice",
                 "--token", server.token_for("alice"), "-o", str(out)])
    assert code == 1 and not out.exists()
    assert "snapshot needs a Manager" in capsys.readouterr().err


def test_progress_bar_on_a_terminal(source, tmp_path):
    server, _ = source
    out = tmp_path / "tty.json"
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "maxclient", "snapshot", "--url", server.url, "--user", BOSS,
         "--token", server.token_for(BOSS), "-o", str(out)],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=follower, cwd=ROOT)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    proc.wait(timeout=30)
    os.close(leader)
    assert proc.returncode == 0
    text = shown.decode()
    assert "\rcontexts   [" in text and "\rpeople     [" in text and "4/4 100%" in text
    assert "activities [##############################]" in text


def test_the_token_may_come_from_the_environment(source, tmp_path, monkeypatch, capsys):
    server, _ = source
    out = tmp_path / "env.json"
    argv = ["snapshot", "--url", server.url, "--user", BOSS, "-o", str(out)]
    monkeypatch.delenv("MAXCLIENT_TOKEN", raising=False)
    assert main(argv) == 2 and "log in with --password or --token" in capsys.readouterr().err
    monkeypatch.setenv("MAXCLIENT_TOKEN", server.token_for(BOSS))
    assert main(argv) == 0 and read_state_file(out)["users"]
