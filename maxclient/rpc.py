"""The RPC-style client: ``(ok, status, content)`` tuples, like the original.

Besides the generic ``HEAD/GET/POST/PUT/DELETE`` and the original named helpers,
every route x method of ``__routes__`` becomes a method ``<route name>_<method>``
(``client.user_put('bob', displayName='Bob')``), generated once per class.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import _core
from .base import BaseClient
from .compat.helpers import NamedHelpers
from .errors import BadUsernameOrPasswordError, RequestError
from .payload import file_field, pop_uploads
from .protocol import TOTAL_ITEMS_HEADER
from .rest import build_payload, path_segment
from .routes import DEFAULTS, ROUTES, Route, route_table
from .transports.base import Response

__all__ = ["BadUsernameOrPasswordError", "MaxClient", "RequestError"]

Result = tuple[Any, int, Any]


def _is_json(response: Response) -> bool:
    return "application/json" in response.headers.get("content-type", "")




def _route_method(route: Route, method: str) -> Callable[..., Result]:
    variables = route.variables

    def call(self: MaxClient, *args: Any, qs: Any = "", data: Any = None, **kwargs: Any) -> Result:
        if len(args) != len(variables):
            raise TypeError(
                f"{name}() takes {len(variables)} positional argument(s) "
                f"({', '.join(variables) or 'none'}), {len(args)} given"
            )
        path = route.expand(
            **{v: path_segment(self, v, a) for v, a in zip(variables, args, strict=True)}
        )
        return self._route_call_(route, method, path, qs, data, kwargs)

    name = f"{route.name}_{method.lower()}"
    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"{method} {route.path}" + (
        f": {route.methods.get(method)}" if route.methods.get(method) else ""
    )
    call._generated_ = True  # type: ignore[attr-defined]
    return call


class MaxClient(NamedHelpers, BaseClient):
    """RPC-style MAX client, ``maxclient.MaxClient``: every call returns ``(ok, status, content)``
    and never raises for an HTTP status, as the original did; the original's named helpers
    (``addContext``, ``getUser``...) keep their shapes. For exceptions and a resource tree
    use ``maxclient.rest.MaxClient``."""

    __routes__: Mapping[str, Mapping[str, Any]] = ROUTES
    __defaults__: Mapping[str, Any] = DEFAULTS

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "__routes__" in cls.__dict__:
            cls._install_route_methods_()

    @classmethod
    def _install_route_methods_(cls) -> None:
        for route in route_table(cls.__routes__):
            methods = list(route.methods)
            if "GET" in methods and "HEAD" not in methods:
                methods.append("HEAD")
            for method in methods:
                name = f"{route.name}_{method.lower()}"
                existing = getattr(cls, name, None)
                if existing is None or getattr(existing, "_generated_", False):
                    setattr(cls, name, _route_method(route, method))

    # Generic verbs, with the original return shapes ------------------------

    def _content_(self, response: Response) -> Any:
        """The JSON of a successful answer (None when not JSON); too deep is a RequestError."""
        if not _is_json(response):
            return None
        return _core.parse_json(response, self.max_depth)

    def _exchange_(
        self,
        method: str,
        route: str,
        qs: Any = "",
        query: Any = None,
        files: dict[str, Any] | None = None,
    ) -> Response:
        uri = _core.url(self.url, route, qs)
        return self._send(_core.request(method, uri, self.auth_headers(), query, files))

    def HEAD(self, route: str, qs: Any = "") -> Result:
        """``(ok, status, X-totalItems as int)``; ``''`` instead of the count on failure."""
        r = self._exchange_("HEAD", route, qs)
        ok = r.status == 200
        return (ok, r.status, int(r.headers.get(TOTAL_ITEMS_HEADER, 0) or 0) if ok else "")

    def GET(self, route: str, qs: Any = "") -> Result:
        """``(ok, status, JSON or None)``; ``''`` as content on failure."""
        r = self._exchange_("GET", route, qs)
        ok = r.status == 200
        return (ok, r.status, self._content_(r) if ok else "")

    def POST(
        self, route: str, query: Any = None, upload_file: Any = None, qs: Any = ""
    ) -> Result:
        """``(status or False, status, JSON/None)``; raw text as content on failure."""
        if upload_file is not None:
            files = {"file": file_field(upload_file, "avatar.png")}
            r = self._exchange_("POST", route, qs, query, files)
        else:
            r = self._exchange_("POST", route, qs, {} if query is None else query)
        ok = r.status if r.status in (200, 201) else False
        return (ok, r.status, self._content_(r) if ok else r.text)

    def PUT(self, route: str, query: Any = None, qs: Any = "") -> Result:
        """``(status or False, status, JSON/None)``; ``''`` as content on failure."""
        r = self._exchange_("PUT", route, qs, {} if query is None else query)
        ok = r.status if r.status in (200, 201) else False
        return (ok, r.status, self._content_(r) if ok else "")

    def DELETE(self, route: str, query: Any = None, qs: Any = "") -> Result:
        """``(204 or False, status, JSON/None)``; raw text as content on failure."""
        r = self._exchange_("DELETE", route, qs, query or None)
        ok = r.status if r.status == 204 else False
        return (ok, r.status, self._content_(r) if ok else r.text)

    def _route_call_(
        self, route: Route, method: str, path: str, qs: Any, data: Any, kwargs: dict[str, Any]
    ) -> Result:
        if method in ("GET", "HEAD"):
            result: Result = getattr(self, method)(path, qs)
            return result
        uploads = pop_uploads(kwargs) if kwargs else None
        payload = build_payload(self, f"{route.path}_{method.lower()}", data, kwargs)
        if method == "POST":
            upload = next(iter(uploads.values())) if uploads else None
            return self.POST(path, payload, upload_file=upload, qs=qs)
        if method == "PUT":
            return self.PUT(path, payload, qs=qs)
        return self.DELETE(path, payload, qs=qs)


MaxClient._install_route_methods_()
