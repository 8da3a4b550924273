"""maxclient: Python 3 client library and testing toolkit for the MAX API.

``maxclient.MaxClient`` is the RPC-style client; ``maxclient.rest.MaxClient``
the REST-ish one.
"""

from .errors import BadUsernameOrPasswordError, RequestError
from .rpc import MaxClient

__all__ = ["BadUsernameOrPasswordError", "MaxClient", "RequestError"]
