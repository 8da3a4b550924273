"""The REST-ish client: ``client.people['x'].activities.get()``.

Attribute and item access walk the compiled route tree (``routes.Node``) one
segment at a time, so building a resource is a couple of dict lookups; nothing
is sent until a method (``get``/``post``/``put``/``delete``/``head``) is called.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from . import _core, pager
from ._logging import redact_url
from .base import BaseClient
from .errors import BadUsernameOrPasswordError, RequestError
from .payload import copy_json, file_field, pop_uploads
from .protocol import TOTAL_ITEMS_HEADER, decode_error
from .routes import DEFAULTS, ROUTES, Node, RouteTable, route_table
from .transports.base import Request, Response

__all__ = [
    "BadUsernameOrPasswordError",
    "MaxClient",
    "RequestError",
    "Resource",
    "ResourceCollection",
    "ResourceItem",
    "build_payload",
    "path_segment",
]

_RESTRICTED = re.compile(r"restricted permissions to = (\w+)", re.IGNORECASE)


def path_segment(client: BaseClient, var: str | None, value: Any) -> str:
    """One quoted URL segment for ``{var}`` (``:me`` is the actor, a context URL hashed)."""
    return _core.path_segment(var, value, client.getActor())


def build_payload(client: BaseClient, defaults_key: str, data: Any, kwargs: dict[str, Any]) -> Any:
    """Body for a request: ``data`` as given, else the client's defaults merged with kwargs."""
    return _core.build_payload(client.__defaults__, defaults_key,  # type: ignore[attr-defined]
                               data, kwargs, client.expand_underscores)


class Resource:
    """A point in the route tree, bound to a client and a concrete path."""

    __slots__ = ("client", "node", "path")

    def __init__(self, client: MaxClient, node: Node, path: str) -> None:
        self.client = client
        self.node = node
        self.path = path

    # Where we are ---------------------------------------------------------

    @property
    def route(self) -> str:
        """The URL template, e.g. ``/people/{username}``."""
        return self.node.template

    @property
    def uri(self) -> str:
        return self.client.url + self.path

    def payload_defaults(self, method: str) -> dict[str, Any]:
        """A copy of the body defaults for ``method`` on this route."""
        found = self.client.__defaults__.get(f"{self.node.template}_{method.lower()}")
        return copy_json(found) if found else {}

    # Navigation -----------------------------------------------------------

    def child(self, name: str) -> ResourceCollection:
        """The fixed sub-resource ``name`` (what ``.name`` gives, for any name)."""
        found = self.node.children.get(name)
        if found is None:
            raise AttributeError(_unknown(self.path or "/", self.node, name))
        return ResourceCollection(self.client, found, f"{self.path}/{name}")

    def item(self, key: Any) -> ResourceItem:
        """The item ``key`` (what ``[key]`` gives): quoted, ``:me`` and context URLs resolved."""
        node = self.node
        if node.var_node is None:
            raise KeyError(
                f"{self.path or '/'} has no item level; "
                f"collections here: {', '.join(node.names()) or 'none'}"
            )
        segment = path_segment(self.client, node.var, key)
        return ResourceItem(self.client, node.var_node, f"{self.path}/{segment}")

    def __getattr__(self, name: str) -> ResourceCollection:
        if name[:1] == "_":
            raise AttributeError(name)
        return self.child(name)

    __getitem__ = item

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self.node.children))

    # Methods --------------------------------------------------------------

    def get(self, data: Any = None, qs: Any = None, **kwargs: Any) -> Any:
        """One request; for listings that is ONE page (see ``iterate``)."""
        return self.client._make_request_(self, "get", data=data, qs=qs, **kwargs)

    def post(self, data: Any = None, qs: Any = None, **kwargs: Any) -> Any:
        return self.client._make_request_(self, "post", data=data, qs=qs, **kwargs)

    def put(self, data: Any = None, qs: Any = None, **kwargs: Any) -> Any:
        return self.client._make_request_(self, "put", data=data, qs=qs, **kwargs)

    def delete(self, data: Any = None, qs: Any = None, **kwargs: Any) -> Any:
        return self.client._make_request_(self, "delete", data=data, qs=qs, **kwargs)

    def head(self, qs: Any = None, **kwargs: Any) -> int:
        """The ``X-totalItems`` count (0 when MAX does not send one)."""
        count: int = self.client._make_request_(self, "head", qs=qs, **kwargs)
        return count

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.get(*args, **kwargs)

    # Paging ---------------------------------------------------------------

    def pages(
        self, qs: Mapping[str, Any] | None = None, page_size: int = 100, key: str = "id"
    ) -> Iterator[list[Any]]:
        """Each page of a listing, following ``before=<last id>``."""
        return pager.pages(lambda params: self.get(qs=params), qs, page_size, key)

    def iterate(
        self,
        qs: Mapping[str, Any] | None = None,
        limit: int | None = None,
        page_size: int = 100,
        key: str = "id",
    ) -> Iterator[Any]:
        """Every item of a listing (at most ``limit``), fetched page by page."""
        return pager.iterate(lambda params: self.get(qs=params), qs, page_size, limit, key)

    def all(self, qs: Mapping[str, Any] | None = None, page_size: int = 100) -> list[Any]:
        return list(self.iterate(qs=qs, page_size=page_size))


class _DefaultsOrChild:
    """``defaults`` is both a method and a route segment (``.../{username}/defaults``)."""

    def __get__(self, obj: Resource | None, cls: type) -> Any:
        if obj is None:
            return self
        child = obj.node.children.get("defaults")
        if child is not None:
            return ResourceCollection(obj.client, child, f"{obj.path}/defaults")
        return obj.payload_defaults


Resource.defaults = _DefaultsOrChild()  # type: ignore[attr-defined]


class ResourceCollection(Resource):
    __slots__ = ()

    def __repr__(self) -> str:
        return f'<Lazy Resource Collection @ "{self.path}">'


class ResourceItem(Resource):
    __slots__ = ()

    def __repr__(self) -> str:
        return f'<Lazy Resource Item @ "{self.path}">'


def _unknown(where: str, node: Node, name: str) -> str:
    names = node.names()
    close = difflib.get_close_matches(name, names, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    item = f" Items: [{{{node.var}}}]." if node.var else ""
    return (
        f"No resource {name!r} under {where}. "
        f"Available: {', '.join(names) or 'none'}.{item}{hint}"
    )


def _not_endpoint(resource: Resource) -> str:
    node = resource.node
    needs = f" it needs {{{node.var}}}: use [value]" if node.var else ""
    subs = f"; sub-resources: {', '.join(node.names())}" if node.children else ""
    return f"{resource.path or '/'} ({node.template or '/'}) is not an endpoint:{needs}{subs}"


def _json_or_none(response: Response) -> Any:
    try:
        return json.loads(response.content) if response.content else None
    except (ValueError, RecursionError):
        return None


LAST_RESPONSE_LIMIT = 1024 * 1024
"""``last_response`` keeps at most this many bytes of the last answer."""


class MaxClient(BaseClient):
    """REST-ish MAX client, ``maxclient.rest.MaxClient``: collections are attributes, items
    ``[key]``; a call returns the decoded JSON and raises ``RequestError`` on an error status
    (a JSON 404 gives ``None``, as in the original, unless ``raise_on_404``). Over HTTP by
    default; ``maxclient.wsgi.MaxClient`` is the same client calling a WSGI app in process,
    ``maxclient.MaxClient`` the RPC-style one returning ``(ok, status, content)`` tuples.

    Subclasses may replace ``__routes__`` (``{name: {'route': ...}}``) and
    ``__defaults__`` (``{'<template>_<method>': {...}}``).
    """

    __routes__: Mapping[str, Mapping[str, Any]] = ROUTES
    __defaults__: Mapping[str, Any] = DEFAULTS
    path = ""
    route = ""
    # The constructor is BaseClient's (a misspelt option is a TypeError); these
    # are set per instance by each request.
    last_response_code: int | None = None
    _last_content: bytes | None = None

    @property
    def last_response(self) -> str | None:
        """The text of the last answer (its first ``LAST_RESPONSE_LIMIT`` bytes), decoded
        when read; each ``as_user`` view has its own."""
        content = self._last_content
        return None if content is None else content.decode("utf-8", errors="replace")

    @last_response.setter
    def last_response(self, value: str | None) -> None:
        self._last_content = None if value is None else value.encode("utf-8")

    def _reset_last_(self) -> None:
        self._last_content = None
        self.last_response_code = None

    @property
    def client(self) -> MaxClient:
        return self

    @property
    def routes(self) -> RouteTable:
        return route_table(type(self).__routes__)

    @property
    def root(self) -> Resource:
        """The resource at ``/``, where navigation starts."""
        return Resource(self, route_table(type(self).__routes__).root, "")

    def __getattr__(self, name: str) -> ResourceCollection:
        if name[:1] == "_":
            raise AttributeError(name)
        # Top-level collections depend on nothing per-request: keep them as plain
        # attributes so the next lookup never reaches __getattr__.
        collection = self.__dict__[name] = self.root.child(name)
        return collection

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self.routes.root.children))

    def _make_request_(
        self,
        resource: Resource,
        method_name: str,
        default_filename: str = "file",
        data: Any = None,
        qs: Any = None,
        **kwargs: Any,
    ) -> Any:
        """Send ``method_name`` to ``resource``; MAX errors raise ``RequestError``."""
        if resource.node.route is None:
            raise ValueError(_not_endpoint(resource))
        method = method_name.upper()
        uri = _core.url(self.url, resource.path, qs)
        headers = self.auth_headers()
        payload = files = None
        if method in ("POST", "PUT", "DELETE"):
            uploads = pop_uploads(kwargs) if kwargs else None
            payload = build_payload(
                self, f"{resource.node.template}_{method_name}", data, kwargs
            )
            if uploads:
                files = {k: file_field(v, default_filename) for k, v in uploads.items()}
        response = self._send(_core.request(method, uri, headers, payload, files))
        return self._handle_(resource, method, uri, headers, response)

    def _handle_(
        self, resource: Resource, method: str, uri: str, headers: dict[str, str],
        response: Response,
    ) -> Any:
        status = response.status
        content = response.content
        self._last_content = (content if len(content) <= LAST_RESPONSE_LIMIT
                              else content[:LAST_RESPONSE_LIMIT])
        self.last_response_code = status
        if 200 <= status < 300:
            if method == "HEAD":
                return int(response.headers.get(TOTAL_ITEMS_HEADER, 0) or 0)
            return _core.parse_json(response, self.max_depth, fallback_text=True)
        if status == 404:
            if self.raise_on_404 and method != "HEAD":
                error = decode_error(content)
                if error is not None:
                    raise RequestError(404, f"{error[0]}: {error[1]}", error=error[0])
            elif _json_or_none(response) is not None:
                return None
            if method == "HEAD":
                # HEAD carries no body: ask again with GET to learn which 404 it is.
                again = self._send(Request("GET", uri, headers))
                error = decode_error(again.content)
                if error is not None:
                    raise RequestError(404, f"{error[0]}: {error[1]}", error=error[0])
            restricted = _RESTRICTED.search(response.text)
            if restricted:
                raise RequestError(
                    404,
                    f"Not Implemented for current user role: {resource.uri} "
                    f"restricted to {restricted.group(1)}",
                )
            raise RequestError(
                404, f"Not Implemented: {resource.uri} doesn't accept method {method.lower()}"
            )
        if status == 502:
            raise RequestError(502, f"Server {self.url} responded with 502. Is max running?")
        error = decode_error(response.content)
        if error is not None:
            raise RequestError(status, f"{error[0]}: {error[1]}", error=error[0])
        raise RequestError(status, f"Server responded with error {status} (MAX server "
                                   f"{self.url}, {method} {redact_url(resource.path)})")
