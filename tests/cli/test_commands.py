"""``maxclient routes``, ``call`` and ``demo`` through ``main([...])``."""

from __future__ import annotations

import getpass
import io
import json
import sys

import pytest

from maxclient.cli import main
from maxclient.routes import ROUTE_TABLE
from maxclient.testing import FakeMaxServer


def test_routes_table_lists_every_route_aligned(capsys):
    assert main(["routes"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["NAME", "METHODS", "TEMPLATE", "CATEGORY"]
    timeline = next(line for line in lines if line.startswith("timeline "))
    assert timeline.split() == ["timeline", "GET", "/people/{username}/timeline", "Activities"]
    assert lines[1].index("/") == lines[0].index("TEMPLATE")
    assert sum(1 for line in lines if "/" in line) == len(ROUTE_TABLE)


def test_routes_filter_by_category(capsys):
    assert main(["routes", "--category", "comments"]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()[1:] if line]
    assert rows and all(row[-1] == "Comments" for row in rows)
    assert main(["routes", "--category", "nope"]) == 1
    assert "known:" in capsys.readouterr().err


def test_call_embedded_get_prints_json(capsys):
    assert main(["call", "GET", "/people/test_manager"]) == 0
    assert json.loads(capsys.readouterr().out)["username"] == "test_manager"


def test_call_embedded_post_expands_and_parses_json_values(capsys):
    code = main(["call", "POST", "/people/test_manager/activities", "object_content=hi",
                 'contexts=[]', "generator=cli"])
    out = capsys.readouterr().out
    assert code == 0, out
    activity = json.loads(out)
    assert activity["object"]["content"] == "hi" and activity["generator"] == "cli"


def test_call_error_goes_to_stderr_with_exit_1(capsys):
    assert main(["call", "GET", "/people/nobody"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("UnknownUserError: ")


def test_call_unknown_path_is_a_usage_error(capsys):
    assert main(["call", "GET", "/peeple/x"]) == 2
    assert "no route" in capsys.readouterr().err
    assert main(["call", "GET", "/contexts/abc/permissions"]) == 2
    assert main(["call", "POST", "/people", "novalue"]) == 2


def test_call_head_and_query_params(capsys, tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({"users": ["ann"], "activities": [
        {"username": "ann", "content": f"n{i}"} for i in range(3)]}))
    assert main(["call", "HEAD", "/people/ann/activities", "--seed", str(seed)]) == 0
    assert capsys.readouterr().out.strip() == "3"
    assert main(["call", "GET", "/people/ann/activities?limit=2", "--seed", str(seed),
                 "--user", "ann"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
    assert main(["call", "GET", "/people/ann/activities", "limit=1", "--seed", str(seed)]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_call_against_a_served_fake_with_token_and_password(capsys, monkeypatch):
    fake = FakeMaxServer(managers=["boss"])
    fake.create_user("boss")
    fake.register_account("boss", "right")
    with fake.serve():
        token = fake.token_for("boss")
        assert main(["call", "GET", "/people/boss", "--url", fake.url, "--user", "boss",
                     "--token", token]) == 0
        assert json.loads(capsys.readouterr().out)["username"] == "boss"
        monkeypatch.setattr(sys, "stdin", io.StringIO("right\n"))  # a password piped in
        assert main(["call", "POST", "/people", "username=zoe", "--url", fake.url,
                     "--user", "boss", "--password"]) == 0
        captured = capsys.readouterr()
        assert json.loads(captured.out)["username"] == "zoe"
        assert "right" not in captured.out + captured.err
        monkeypatch.setattr(sys, "stdin", _Terminal())
        monkeypatch.setattr(getpass, "getpass", lambda prompt="": "wrong")
        assert main(["call", "GET", "/people/boss", "--url", fake.url, "--user", "boss",
                     "--password"]) == 1
        err = capsys.readouterr().err
        assert "Bad username or password" in err and "wrong" not in err
        assert main(["call", "GET", "/people/boss", "--url", fake.url]) == 1
        err = capsys.readouterr().err
        assert err.startswith("Unauthorized: ") and err.count("\n") == 1
        assert "give --user NAME with --token TOKEN" in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_demo_runs_the_whole_tour(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "Demo finished: all calls succeeded." in out
    assert "FAILED" not in out
    assert '[["alice","Hi Bob, coffee?"],["bob","Sure!"]]' in out


def test_no_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main([])
    assert exit_.value.code == 2


def test_serve_creates_the_managers_users_unless_told_not_to():
    from maxclient.cli.serve import make_server

    served = make_server(["admin"], None)
    assert served.call("GET", "/people/admin")[1]["username"] == "admin"
    bare = make_server(["admin"], None, manager_users=False)  # --no-manager-users
    assert bare.call("GET", "/people/admin")[1]["error"] == "UnknownUserError"
    assert bare.call("POST", "/people", {"username": "admin"})[0] == 201
