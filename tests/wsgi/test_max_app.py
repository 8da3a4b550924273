"""Building the real MAX app from settings: missing package, and a stand-in ``max``."""

from __future__ import annotations

import importlib.util
import sys
import types
from typing import Any

import pytest

from maxclient.wsgi import MAX_MISSING, MaxClient, build_max_app

from .echo import echo_app


def test_missing_max_package_says_what_to_install(monkeypatch):
    if importlib.util.find_spec("max") is not None:
        pytest.skip("the MAX server package is installed here")
    monkeypatch.delitem(sys.modules, "max", raising=False)
    with pytest.raises(ImportError) as err:
        MaxClient.from_max_settings({"mongodb.url": "mongodb://x"})
    assert str(err.value) == MAX_MISSING
    assert "'max'" in str(err.value) and "pip install" in str(err.value)
    assert err.value.name == "max"


def _stand_in(monkeypatch, calls: list[tuple[Any, dict[str, Any]]]) -> None:
    module = types.ModuleType("max")

    def main(global_config: Any, **settings: Any) -> Any:
        calls.append((global_config, settings))
        return echo_app

    module.main = main  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "max", module)


def test_builder_calls_max_main_with_traceback_setting(monkeypatch):
    calls: list[tuple[Any, dict[str, Any]]] = []
    _stand_in(monkeypatch, calls)
    client = MaxClient.from_max_settings({"mongodb.db_name": "tests"}, actor="bob")
    assert calls == [({}, {"mongodb.db_name": "tests",
                           "max.include_traceback_in_500_errors": True})]
    assert isinstance(client, MaxClient) and client.app is echo_app
    client.setToken("t")
    got = client.people["bob"].get()
    assert got["path"] == "/people/bob" and got["headers"]["x-oauth-token"] == "t"


def test_builder_keeps_explicit_traceback_setting_and_global_config(monkeypatch):
    calls: list[tuple[Any, dict[str, Any]]] = []
    _stand_in(monkeypatch, calls)
    app = build_max_app({"max.include_traceback_in_500_errors": False}, {"here": "/tmp"})
    assert app is echo_app
    assert calls == [({"here": "/tmp"}, {"max.include_traceback_in_500_errors": False})]


def test_broken_max_dependency_is_not_reported_as_missing_max(monkeypatch):
    def broken(name: str, *a: Any, **k: Any) -> Any:
        raise ModuleNotFoundError("No module named 'pymongo'", name="pymongo")

    monkeypatch.delitem(sys.modules, "max", raising=False)
    monkeypatch.setattr(importlib, "import_module", broken)
    with pytest.raises(ModuleNotFoundError) as err:
        build_max_app({})
    assert err.value.name == "pymongo"


def test_max_without_main_is_rejected(monkeypatch):
    monkeypatch.setitem(sys.modules, "max", types.ModuleType("max"))
    with pytest.raises(ImportError, match="no main"):
        build_max_app({})


def test_original_construction_builds_max_from_the_servers_settings(monkeypatch):
    """maxbunny / maxscripts style: ``MaxClient(url)``; MAX is built in process from the
    settings the real server reports (fetched once, with this client's credentials)."""
    from maxclient.testing import FakeMaxServer

    calls: list[tuple[Any, dict[str, Any]]] = []
    _stand_in(monkeypatch, calls)
    remote = FakeMaxServer(settings={"mongodb.db_name": "from-remote"})
    with remote.mock_requests():
        client = MaxClient(remote.url, debug=False)
        client.login("test_manager", "pw")
        got = client.people["test_manager"].get()
        got_again = client.people["x"].get()
    assert got["path"] == "/people/test_manager" and got_again["path"] == "/people/x"
    assert len(calls) == 1 and calls[0][1]["mongodb.db_name"] == "from-remote"
    assert calls[0][1]["max.include_traceback_in_500_errors"] == "true"
    assert [c.route for c in remote.journal] == ["info", "info_settings"]
    assert client.app is echo_app


def test_original_construction_with_settings_and_no_max_says_what_is_missing(monkeypatch):
    if importlib.util.find_spec("max") is not None:
        pytest.skip("the MAX server package is installed here")
    monkeypatch.delitem(sys.modules, "max", raising=False)
    client = MaxClient("http://max.invalid", settings={"mongodb.url": "mongodb://x"},
                       actor="bob")
    client.setToken("t")
    with pytest.raises(ImportError) as err:
        client.people["bob"].get()
    assert str(err.value) == MAX_MISSING
