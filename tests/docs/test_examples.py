"""Every code example of README.md and docs/ runs here, so a doc cannot drift from the code.

Python blocks run against the fake mounted at the placeholder URLs the docs use
(``https://max.example.com`` and its OAuth); what a ``print(...)  # comment`` line says
it prints is checked. Blocks defining ``test_*`` functions run as a downstream test
file. Shell blocks: the set-up commands are the ones CI runs (.ci/run), and every
``maxclient ...`` line runs, ``serve`` on a free port that the later lines then use.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from maxclient.testing import mock_max

from .examples import ROOT, Block, blocks, commands, expected_prints

pytest_plugins = ["pytester"]

EXAMPLE_MAX = "https://max.example.com"
EXAMPLE_OAUTH = "https://oauth.example.com"
SERVED_PORT = "8081"  # the port the docs' serve examples name
PYTHON = [b for b in blocks("python") if "def test_" not in b.code]
TEST_FILES = [b for b in blocks("python") if "def test_" in b.code]
SETUP = [b for b in blocks("sh") if "python3 -m venv" in b.code]
CLI = [b for b in blocks("sh") if commands(b)]


def ids(block: Block) -> str:
    return block.id


def test_the_docs_have_examples_of_every_kind():
    assert len(PYTHON) >= 4 and TEST_FILES and SETUP and CLI


def _printed_as_said(code: str, out: str) -> None:
    lines = out.splitlines()
    for said in expected_prints(code):
        pattern = said.replace("...", "*")
        while lines and not fnmatch.fnmatchcase(lines[0], pattern):
            lines.pop(0)
        assert lines, f"the example says it prints {said!r}; it printed:\n{out}"
        lines.pop(0)


@pytest.mark.parametrize("block", PYTHON, ids=ids)
def test_python_example(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    from PIL import Image

    monkeypatch.chdir(tmp_path)
    for name in block.world.get("files", []):
        Image.new("RGB", (64, 64), "teal").save(tmp_path / name)
    managers = block.world.get("managers", ["test_manager"])
    with mock_max(managers, url=EXAMPLE_MAX, oauth_url=EXAMPLE_OAUTH) as server:
        if "seed" in block.world:
            server.seed(block.world["seed"])
        exec(compile(block.code, block.id, "exec"), {"__name__": "__example__"})
    _printed_as_said(block.code, capsys.readouterr().out)


@pytest.mark.parametrize("block", TEST_FILES, ids=ids)
def test_downstream_test_example(block: Block, pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_example=block.code)
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=len(re.findall(r"^def test_", block.code, re.M)))


@pytest.mark.parametrize("block", SETUP, ids=ids)
def test_setup_commands_are_the_ones_ci_runs(block: Block) -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for command in [line for line in block.code.splitlines() if line.strip()]:
        assert command in ci, f"{command!r} is not run by .ci/run"


def _start_serve(args: list[str], cwd: Path) -> tuple[subprocess.Popen[str], str]:
    if "--port" in args:
        args[args.index("--port") + 1] = "0"
    else:
        args += ["--port", "0"]
    proc = subprocess.Popen([sys.executable, "-m", "maxclient", *args], cwd=cwd, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert proc.stdout is not None
    deadline, url, seen = time.monotonic() + 60, "", []
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen.append(line)
        if line.startswith("MAX:"):
            url = line.split()[-1]
        if line.startswith("Serving"):
            return proc, url
    proc.kill()
    raise AssertionError(f"maxclient {' '.join(args)} did not start:\n{''.join(seen)}")


def _stop(proc: subprocess.Popen[str]) -> int:
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise


@pytest.mark.parametrize("block", CLI, ids=ids)
def test_command_line_example(block: Block, tmp_path: Path) -> None:
    world = block.world or {"seed": {"users": ["alice"]}}
    (tmp_path / "data.json").write_text(json.dumps(world["seed"]))
    served: list[subprocess.Popen[str]] = []
    live = ""
    try:
        for line in commands(block):
            args = shlex.split(line)[1:]
            if live:  # later lines reach the server an earlier line started
                args = [a.replace(f"http://127.0.0.1:{SERVED_PORT}", live)
                        .replace(EXAMPLE_MAX, live) for a in args]
            if args[0] == "serve":
                proc, url = _start_serve(args, tmp_path)
                served.append(proc)
                live = live or url
                continue
            done = subprocess.run([sys.executable, "-m", "maxclient", *args], cwd=tmp_path,
                                  input="secret\n", capture_output=True, text=True,
                                  timeout=120, check=False)
            assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
    finally:
        codes = [_stop(proc) for proc in served]
    assert codes == [0] * len(served)
    assert os.listdir(tmp_path)  # the data and state files the examples name
