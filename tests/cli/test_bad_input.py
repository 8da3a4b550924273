"""Every bad input is one clear line on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from maxclient.cli import main


def _one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith("maxclient ")


@pytest.mark.parametrize(("content", "said"), [
    ("[1, 2]", "holds an array; a seed is an object"),
    ('"alice"', "holds a string"),
    ("{not json", "Expecting property name"),
    ('{"contexts": [{"displayName": "no url"}]}', "seeding POST /contexts failed with 400"),
    ('{"subscriptions": [{"url": "http://c.test"}]}', "is not a valid seed (KeyError"),
])
def test_bad_seed_files(tmp_path, capsys, content, said):
    seed = tmp_path / "seed.json"
    seed.write_text(content)
    assert main(["call", "GET", "/people", "--seed", str(seed)]) == 2
    assert said in _one_line(capsys.readouterr().err)


def test_password_with_closed_stdin(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["call", "GET", "/people", "--password"]) == 2
    assert "--password: no password to read" in _one_line(capsys.readouterr().err)


def test_post_on_the_embedded_fake_as_its_manager(capsys):
    assert main(["call", "POST", "/people/test_manager/activities", "object_content=hi"]) == 0
    assert json.loads(capsys.readouterr().out)["object"]["content"] == "hi"


def test_binary_answer_goes_to_output_file(tmp_path, capsys):
    target = tmp_path / "avatar.png"
    assert main(["call", "GET", "/people/test_manager/avatar", "--output", str(target)]) == 0
    assert target.read_bytes().startswith(b"\x89PNG\r\n")
    assert capsys.readouterr().out == ""


def test_binary_answer_is_refused_on_a_terminal(monkeypatch, capsys):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["call", "GET", "/people/test_manager/avatar"]) == 2
    assert "binary (image/png" in _one_line(capsys.readouterr().err)


def test_binary_answer_piped_is_the_raw_bytes(capfdbinary):
    subprocess.run([sys.executable, "-m", "maxclient", "call", "GET",
                    "/people/test_manager/avatar"], check=True, timeout=60)
    assert capfdbinary.readouterr().out.startswith(b"\x89PNG\r\n")


def test_reader_gone_is_no_traceback():
    """``maxclient demo | head -1``: writing to a pipe whose reader has left (closed
    here before the command starts, so the outcome does not depend on timing)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run([sys.executable, "-m", "maxclient", "demo"], stdout=write_end,
                              stderr=subprocess.PIPE, timeout=60, check=False)
    finally:
        os.close(write_end)
    assert proc.returncode == 141
    assert proc.stderr == b""
