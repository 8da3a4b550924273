"""Load the objects a URL names before authentication, as MAX's traversal does.

That order is why an unknown user or context answers 400/404 even to a request
with bad credentials.
"""

from __future__ import annotations

from ..errors import InvalidId, ObjectNotFound, UnknownUserError
from ..model.common import is_object_id
from .request import FakeRequest


def traverse(req: FakeRequest) -> None:
    """Load what the route's ``traversed`` variables name (the route table holds MAX's
    quirks); the last one loaded is the request's ``target``."""
    route = req.route
    assert route is not None
    for var in route.traversed:
        value = req.params.get(var, "")
        obj = _load(req, route.segments[0], var, value)
        req.objects[var] = obj
        req.target = obj


def _load(req: FakeRequest, root: str, var: str, value: str) -> object:
    backend = req.backend
    if root == "people" and var == "username":
        user = backend.people.get(value)
        if user is None:
            raise UnknownUserError(f"Unknown actor identified by: {value.lower()}")
        return user
    kind = "conversations" if root == "people" else root
    loaders = {
        # root: (loader, key named in the error, collection named in the error, ObjectId?)
        "contexts": (backend.contexts.get, "hash", "contexts", False),
        "activities": (backend.activities.get, "_id", "activity", True),
        "conversations": (backend.conversations.get, "_id", "conversations", True),
        "messages": (backend.conversations.get_message, "_id", "messages", True),
        "tokens": (backend.tokens.get, "token", "tokens", False),
    }
    if kind not in loaders:
        return None
    loader, key, collection, object_id = loaders[kind]
    if object_id:
        _check_id(value)
    found = loader(value)
    if found is None:
        raise ObjectNotFound(f"Object with {key} {value} not found inside {collection}")
    return found


def _check_id(value: str) -> None:
    if not is_object_id(value):
        raise InvalidId(
            f"'{value}' is not a valid ObjectId, it must be a 12-byte input or a "
            "24-character hex string"
        )
