"""The original's ``maxclient.client`` import path: the same objects as their new homes."""

from .base import *  # noqa: F403  (the base's public names, listed in its __all__)
from .base import __all__ as _BASE_NAMES
from .errors import BadUsernameOrPasswordError, RequestError
from .routes import ROUTES
from .rpc import MaxClient

__all__ = [*_BASE_NAMES, "ROUTES", "BadUsernameOrPasswordError", "MaxClient", "RequestError"]
