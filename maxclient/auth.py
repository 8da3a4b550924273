"""The 4.x import path of the clients' shared base; the code lives in :mod:`maxclient.base`."""

from .base import *  # noqa: F403  (the same public names, pinned by tests/client/test_exports)
from .base import __all__  # noqa: F401
