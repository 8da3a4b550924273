"""The sdist and the wheel hold every package of the source tree (what users install).

A subpackage without ``__init__.py`` is silently left out by ``packages = find:``
while an editable install still works; only the built artifacts show it.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not (ROOT / "setup.cfg").is_file(),
    reason="needs the source checkout (this copy of the tests runs against an installed wheel)",
)


def source_packages() -> set[str]:
    """Every directory under maxclient/ holding Python files, as a dotted name."""
    return {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "maxclient").rglob("*.py")
        if "__pycache__" not in path.parts
    }


def packages_in(names: list[str], prefix: str = "") -> set[str]:
    return {
        ".".join(Path(name[len(prefix):]).parent.parts)
        for name in names
        if name.startswith(prefix + "maxclient/") and name.endswith("/__init__.py")
    }


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    pytest.importorskip("build", reason="the 'build' package is in the test extra")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    return {"wheel": next(out.glob("*.whl")), "sdist": next(out.glob("*.tar.gz"))}


def test_every_source_directory_is_a_package():
    missing = {name for name in source_packages()
               if not (ROOT / name.replace(".", "/") / "__init__.py").is_file()}
    assert not missing, f"add an __init__.py to: {sorted(missing)}"


def test_wheel_holds_every_package_and_the_typing_marker(artifacts):
    with zipfile.ZipFile(artifacts["wheel"]) as wheel:
        names = wheel.namelist()
    assert packages_in(names) == source_packages()
    assert "maxclient/py.typed" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") or n.endswith(".dist-info/LICENSE")
               for n in names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    with zipfile.ZipFile(artifacts["wheel"]) as wheel:
        text = wheel.read(entry_points).decode()
    assert "maxclient = maxclient.testing.plugin" in text
    assert "maxclient = maxclient.cli:main" in text


def test_sdist_holds_every_package_and_the_tests(artifacts):
    with tarfile.open(artifacts["sdist"]) as sdist:
        names = sdist.getnames()
    prefix = names[0].split("/")[0] + "/"
    assert packages_in(names, prefix) == source_packages()
    for needed in ("tox.ini", "ruff.toml", "tests/__init__.py", "docs/compat.md", "LICENSE",
                   "CHANGELOG.md", ".ci/run", ".ci/downstream/pyproject.toml"):
        assert prefix + needed in names
