"""With only the core dependencies (the wheel without extras): the pytest plugin never
breaks a run, the client and ``maxclient --help/routes/call --url`` work, and what
needs the ``testing`` extra says so in one line.

The extras are made unimportable in a child interpreter (``sys.modules[name] = None``),
as they are in a bare install; CI also checks a real bare-wheel install.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXTRAS = ("responses", "webtest", "webob", "waitress", "regex", "PIL")
HINT = "pip install 'maxclient[testing]'"


def run_without_extras(code: str, *args: str, cwd: Path | None = None
                       ) -> subprocess.CompletedProcess[str]:
    prelude = f"import sys\nfor name in {EXTRAS!r}:\n    sys.modules[name] = None\n"
    return subprocess.run([sys.executable, "-c", prelude + code, *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120, check=False)


CLI = "from maxclient.cli import main\nsys.exit(main(sys.argv[1:]))\n"


def test_unrelated_suite_runs_and_fixtures_name_the_extra(tmp_path: Path) -> None:
    (tmp_path / "test_unrelated.py").write_text(
        "def test_arithmetic():\n    assert 1 + 1 == 2\n\n"
        "def test_wants_the_fake(max_client):\n    pass\n")
    result = run_without_extras(
        "import pytest\nsys.exit(pytest.main(['-q', '-p', 'no:cacheprovider', '-rE']))\n",
        cwd=tmp_path)
    out = result.stdout
    assert "1 passed, 1 error" in out, out + result.stderr
    assert "maxclient's MAX fixtures need the testing extra (" in out
    assert f"is not installed): {HINT}" in out
    assert "Traceback" not in out and "ModuleNotFoundError" not in out


def test_client_and_plugin_import_with_core_dependencies() -> None:
    result = run_without_extras(
        "import maxclient.testing.plugin, maxclient.testing\n"
        "from maxclient.rest import MaxClient\n"
        "client = MaxClient('http://max.test')\n"
        "print(client.people['alice'].timeline.uri)\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("/people/alice/timeline")


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["routes"]])
def test_cli_basics_work(argv: list[str]) -> None:
    result = run_without_extras(CLI, *argv)
    assert result.returncode == 0, result.stderr
    assert result.stdout


def test_call_with_url_works(tmp_path: Path) -> None:
    """Against a closed port: the client (core) answers with its own one-line error."""
    result = run_without_extras(CLI, "call", "GET", "/people", "--url", "http://127.0.0.1:9")
    assert result.returncode == 1
    assert "did not respond" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize("argv", [["serve", "--port", "0"], ["demo"],
                                  ["call", "GET", "/people"]])
def test_fake_commands_name_the_extra(argv: list[str]) -> None:
    result = run_without_extras(CLI, *argv)
    assert result.returncode == 2
    assert result.stderr.endswith(f"is not installed): {HINT}\n")
    assert result.stderr.count("\n") == 1
