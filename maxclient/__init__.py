"""maxclient: Python 3 client library and testing toolkit for the MAX API.

Three clients share one core and one route table:

- ``maxclient.MaxClient`` (``maxclient.rpc``): RPC style, ``(ok, status, content)`` tuples,
  never raises for a status; the original's named helpers.
- ``maxclient.rest.MaxClient``: the resource tree, ``client.people['bob'].get()``; decoded
  JSON, ``RequestError`` on errors.
- ``maxclient.wsgi.MaxClient``: the REST client calling a WSGI app (MAX, the fake) in process.
"""

from .errors import BadUsernameOrPasswordError, RequestError
from .rpc import MaxClient

__all__ = ["BadUsernameOrPasswordError", "MaxClient", "RequestError"]
