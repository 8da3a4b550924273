from __future__ import annotations

from collections.abc import Iterator

import pytest

from .scripted import LoopbackServer, ScriptedApp


@pytest.fixture
def app() -> ScriptedApp:
    return ScriptedApp()


@pytest.fixture
def server(app: ScriptedApp) -> Iterator[LoopbackServer]:
    srv = LoopbackServer(app)
    yield srv
    srv.close()


@pytest.fixture
def other_server() -> Iterator[LoopbackServer]:
    srv = LoopbackServer(ScriptedApp())
    yield srv
    srv.close()
