"""Test MAX clients with no MAX and no network: a stateful fake MAX and OAuth server.

>>> server = FakeMaxServer(managers=["test_manager"])
>>> with server.mock_requests():
...     ...  # requests to server.url / server.oauth_url reach the fake
"""

from .errors import MaxError
from .faults import Fault
from .journal import Call
from .oauth import FakeOAuth
from .server import FakeMaxServer

__all__ = ["Call", "FakeMaxServer", "FakeOAuth", "Fault", "MaxError"]
