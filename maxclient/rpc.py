"""The RPC-style client: ``(ok, status, content)`` tuples, like the original.

Besides the generic ``HEAD/GET/POST/PUT/DELETE`` and the original named helpers,
every route x method of ``__routes__`` becomes a method ``<route name>_<method>``
(``client.user_put('bob', displayName='Bob')``), generated once per class.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

from .auth import BaseClient
from .errors import BadUsernameOrPasswordError, RequestError
from .payload import file_field, pop_uploads
from .protocol import JSON_DATA_FIELD, TOTAL_ITEMS_HEADER
from .rest import build_payload, path_segment
from .routes import DEFAULTS, ROUTES, Route, route_table
from .transports.base import Request, Response

__all__ = ["BadUsernameOrPasswordError", "MaxClient", "RequestError"]

Result = tuple[Any, int, Any]


def _sha1(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()


def _is_json(response: Response) -> bool:
    return "application/json" in response.headers.get("content-type", "")


def _content(response: Response) -> Any:
    if not _is_json(response):
        return None
    try:
        return response.json()
    except ValueError:
        return None


def _route_method(route: Route, method: str) -> Callable[..., Result]:
    variables = route.variables

    def call(self: MaxClient, *args: Any, qs: Any = "", data: Any = None, **kwargs: Any) -> Result:
        if len(args) != len(variables):
            raise TypeError(
                f"{name}() takes {len(variables)} positional argument(s) "
                f"({', '.join(variables) or 'none'}), {len(args)} given"
            )
        path = route.path.format(
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


class MaxClient(BaseClient):
    """RPC-style MAX client; see the module docstring."""

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

    def _exchange_(
        self,
        method: str,
        route: str,
        qs: Any = "",
        query: Any = None,
        files: dict[str, Any] | None = None,
        form: dict[str, str] | None = None,
    ) -> Response:
        uri = self.url + route
        if qs:
            uri = f"{uri}?{qs if isinstance(qs, str) else urlencode(qs, doseq=True)}"
        headers = self.auth_headers()
        body = None
        if query is not None and not files:
            body = json.dumps(query).encode("utf-8")
            headers["Content-Type"] = "application/json"
        return self._send(Request(method, uri, headers, body, files, form))

    def HEAD(self, route: str, qs: Any = "") -> Result:
        """``(ok, status, X-totalItems as int)``; ``''`` instead of the count on failure."""
        r = self._exchange_("HEAD", route, qs)
        ok = r.status == 200
        return (ok, r.status, int(r.headers.get(TOTAL_ITEMS_HEADER, 0) or 0) if ok else "")

    def GET(self, route: str, qs: Any = "") -> Result:
        """``(ok, status, JSON or None)``; ``''`` as content on failure."""
        r = self._exchange_("GET", route, qs)
        ok = r.status == 200
        return (ok, r.status, _content(r) if ok else "")

    def POST(
        self, route: str, query: Any = None, upload_file: Any = None, qs: Any = ""
    ) -> Result:
        """``(status or False, status, JSON/None)``; raw text as content on failure."""
        if upload_file is not None:
            form = {JSON_DATA_FIELD: json.dumps(query)} if query else None
            files = {"file": file_field(upload_file, "avatar.png")}
            r = self._exchange_("POST", route, qs, None, files, form)
        else:
            r = self._exchange_("POST", route, qs, {} if query is None else query)
        ok = r.status if r.status in (200, 201) else False
        return (ok, r.status, _content(r) if ok else r.text)

    def PUT(self, route: str, query: Any = None, qs: Any = "") -> Result:
        """``(status or False, status, JSON/None)``; ``''`` as content on failure."""
        r = self._exchange_("PUT", route, qs, {} if query is None else query)
        ok = r.status if r.status in (200, 201) else False
        return (ok, r.status, _content(r) if ok else "")

    def DELETE(self, route: str, query: Any = None, qs: Any = "") -> Result:
        """``(204 or False, status, JSON/None)``; raw text as content on failure."""
        r = self._exchange_("DELETE", route, qs, query or None)
        ok = r.status if r.status == 204 else False
        return (ok, r.status, _content(r) if ok else r.text)

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

    def _path_(self, name: str, **params: Any) -> str:
        route = route_table(type(self).__routes__)[name]
        return route.path.format(**{k: path_segment(self, k, v) for k, v in params.items()})

    def _me_(self, username: str | None) -> str:
        return username if username is not None else self.getActor()

    # Users ----------------------------------------------------------------

    def getUser(self, username: str | None = None) -> Any:
        return self.GET(self._path_("user", username=self._me_(username)))[2]

    def addUser(self, username: str, **kwargs: Any) -> Result:
        """Only ``displayName`` is passed on, as the original did."""
        query = {k: v for k, v in kwargs.items() if k == "displayName"}
        return self.POST(self._path_("user", username=username), query)

    def modifyUser(self, username: str, properties: dict[str, Any]) -> Result:
        return self.PUT(self._path_("user", username=username), properties)

    def postAvatar(self, username: str, image: Any) -> Result:
        return self.POST(self._path_("avatar", username=username), upload_file=image)

    def getUsers(self) -> Any:
        return self.GET(self._path_("users"))[2]

    # Contexts -------------------------------------------------------------

    def modifyContext(self, url: str, properties: dict[str, Any]) -> Result:
        return self.PUT(self._path_("context", hash=_sha1(url)), properties)

    def add_tags_to_context(self, url: str, tags: list[str]) -> Result:
        return self.PUT(self._path_("context_tags", hash=_sha1(url)), tags)

    def remove_tag_from_context(self, url: str, tag: str) -> Result:
        return self.DELETE(self._path_("context_tag", hash=_sha1(url), tag=tag))

    def addContext(
        self,
        param_value: str,
        displayName: str,
        permissions: dict[str, str] | None = None,
        context_type: str = "context",
        param_name: str = "url",
    ) -> Any:
        query: dict[str, Any] = {
            param_name: param_value,
            "objectType": context_type,
            "displayName": displayName,
        }
        if permissions:
            query["permissions"] = dict(permissions)
        return self.POST(self._path_("contexts"), query)[2]

    def get_context(self, url: str) -> Any:
        return self.GET(self._path_("context", hash=_sha1(url)))[2]

    def deleteContext(self, url: str) -> Any:
        return self.DELETE(self._path_("context", hash=_sha1(url)))[2]

    def getContexts(self) -> Any:
        return self.GET(self._path_("contexts"))[2]

    def subscribe(self, url: str, otype: str = "context", username: str | None = None) -> Any:
        query = {"object": {"objectType": otype, "url": url}}
        return self.POST(self._path_("subscriptions", username=self._me_(username)), query)[2]

    def unsubscribe(self, url: str, otype: str = "context", username: str | None = None) -> Any:
        path = self._path_("context_subscription", hash=_sha1(url), username=self._me_(username))
        return self.DELETE(path)[2]

    def subscribed_to_context(self, url: str) -> Any:
        return self.GET(self._path_("context_subscriptions", hash=_sha1(url)))[2]

    def subscribed(self) -> Any:
        return self.GET(self._path_("subscriptions", username=self.getActor()))[2]

    def grant_permission(
        self, url: str, username: str | None = None, permission: str = "read"
    ) -> Any:
        path = self._path_("context_user_permission", hash=_sha1(url),
                           username=self._me_(username), permission=permission)
        return self.PUT(path)[2]

    def revoke_permission(
        self, url: str, username: str | None = None, permission: str = "write"
    ) -> Any:
        path = self._path_("context_user_permission", hash=_sha1(url),
                           username=self._me_(username), permission=permission)
        return self.DELETE(path)[2]

    # Activities and comments ----------------------------------------------

    def addActivity(
        self,
        content: str,
        otype: str = "note",
        contexts: list[str] | tuple[str, ...] = (),
        generator: str | None = None,
        username: str | None = None,
    ) -> Result:
        query: dict[str, Any] = {"object": {"objectType": otype, "content": content}}
        if contexts:
            query["contexts"] = [{"url": c, "objectType": "context"} for c in contexts]
        if generator:
            query["generator"] = generator
        return self.POST(self._path_("user_activities", username=self._me_(username)), query)

    def add_activity_as_context(
        self, content: str, url: str, otype: str = "note", generator: str | None = None
    ) -> Result:
        query: dict[str, Any] = {"object": {"objectType": otype, "content": content}}
        if generator:
            query["generator"] = generator
        return self.POST(self._path_("context_activities", hash=_sha1(url)), query)

    def getActivity(self, activity: str) -> Any:
        return self.GET(self._path_("activity", activity=activity))[2]

    def getActivities(self) -> Any:
        return self.GET(self._path_("activities"))[2]

    def getUserTimeline(self) -> Any:
        return self.GET(self._path_("timeline", username=self.getActor()))[2]

    def getContextActivities(self, context: str, count: bool = False) -> Any:
        """``context`` is a hash (a URL is hashed for you)."""
        path = self._path_("context_activities", hash=context)
        return (self.HEAD(path) if count else self.GET(path))[2]

    def getUserActivities(
        self, context: str | None = None, count: bool = False, username: str | None = None
    ) -> Any:
        path = self._path_("user_activities", username=self._me_(username))
        qs = urlencode({"context": context}) if context else ""
        return (self.HEAD(path, qs) if count else self.GET(path, qs))[2]

    def getTimelineLastAuthors(self, limit: int | None = None) -> Any:
        qs = f"limit={int(limit)}" if limit else ""
        return self.GET(self._path_("timeline_authors", username=self.getActor()), qs)[2]

    def getContextLastAuthors(self, context: str, limit: int | None = None) -> Any:
        qs = f"limit={int(limit)}" if limit else ""
        return self.GET(self._path_("context_activities_authors", hash=context), qs)[2]

    def getAllActivities(self, count: bool = False) -> Any:
        path = self._path_("activities")
        return (self.HEAD(path) if count else self.GET(path))[2]

    def getAllComments(self, count: bool = False) -> Any:
        path = self._path_("comments")
        return (self.HEAD(path) if count else self.GET(path))[2]

    def addComment(self, content: str, activity: str, otype: str = "comment") -> Any:
        query = {"actor": self.actor, "object": {"objectType": otype, "content": content}}
        return self.POST(self._path_("activity_comments", activity=activity), query)[2]

    def getComments(self, activity: str) -> Any:
        return self.GET(self._path_("activity_comments", activity=activity))[2]

    # Conversations, security ----------------------------------------------

    def pushtokens_by_conversation(self, conversation_id: str) -> Result:
        return self.GET(self._path_("conversation_push_tokens", id=conversation_id))

    def getSecurity(self) -> Any:
        return self.GET(self._path_("admin_security"))[2]

    def grant_security_role(self, user: str, role: str) -> Any:
        return self.POST(self._path_("admin_security_role_user", user=user, role=role))[2]

    def revoke_security_role(self, user: str, role: str) -> Any:
        return self.DELETE(self._path_("admin_security_role_user", user=user, role=role))[2]


MaxClient._install_route_methods_()
