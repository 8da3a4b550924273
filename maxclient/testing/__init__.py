"""Test MAX clients with no MAX and no network: a stateful fake MAX and OAuth server.

>>> with mock_max(managers=["test_manager"]) as server:
...     ...  # requests to server.url / server.oauth_url reach the fake

Importing this package needs only maxclient's core dependencies; mocking needs
``responses`` and serving ``waitress`` (the ``testing`` extra).
"""

from .activate import live_passthrough, mock_max
from .errors import MaxError
from .faults import Fault
from .journal import Call, EmptyJournalError
from .oauth import FakeOAuth
from .server import FakeMaxServer

__all__ = ["Call", "EmptyJournalError", "FakeMaxServer", "FakeOAuth", "Fault", "MaxError",
           "live_passthrough", "mock_max"]
