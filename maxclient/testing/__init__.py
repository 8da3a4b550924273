"""Test MAX clients with no MAX and no network: a stateful fake MAX and OAuth server.

>>> with mock_max(managers=["test_manager"]) as server:
...     ...  # requests to server.url / server.oauth_url reach the fake

The names below are imported on first use, so importing this package (as the
pytest plugin does in every run) needs only maxclient's core dependencies; the
fake itself needs the ``testing`` extra (``pip install 'maxclient[testing]'``).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .activate import live_passthrough, mock_max
    from .errors import MaxError
    from .faults import Fault
    from .journal import Call, EmptyJournalError
    from .oauth import FakeOAuth
    from .server import FakeMaxServer

_HOMES = {
    "Call": ".journal", "EmptyJournalError": ".journal", "FakeMaxServer": ".server",
    "FakeOAuth": ".oauth", "Fault": ".faults", "MaxError": ".errors",
    "live_passthrough": ".activate", "mock_max": ".activate",
}

__all__ = ["Call", "EmptyJournalError", "FakeMaxServer", "FakeOAuth", "Fault", "MaxError",
           "live_passthrough", "mock_max"]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
