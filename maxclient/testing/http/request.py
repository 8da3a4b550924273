"""The fake's view of one HTTP request: parsed once, read by the pipeline and views."""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from email.parser import BytesParser
from email.policy import HTTP
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from ...protocol import JSON_DATA_FIELD
from ..errors import (
    Forbidden,
    MaxError,
    RequestEntityTooLarge,
    UnknownUserError,
    ValidationError,
)

if TYPE_CHECKING:
    from functools import cached_property as once

    from ...routes import Route
    from ..model.backend import MaxBackend
    from ..server import FakeMaxServer
else:
    class once:
        """``functools.cached_property`` without its per-instance lock (Python < 3.12
        takes one on every first read): a request lives in a single thread."""

        def __init__(self, func):
            self.func = func
            self.name = func.__name__

        def __set_name__(self, owner, name):
            self.name = name

        def __get__(self, obj, owner=None):
            if obj is None:
                return self
            value = obj.__dict__[self.name] = self.func(obj)
            return value

MAX_BODY = 16 * 1024 * 1024
"""Largest body the fake reads; larger ones are refused whole with 413."""
MAX_JSON_DEPTH = 64
"""Deepest JSON nesting accepted (MAX's documents nest a few levels); deeper is a 400."""


class FakeRequest:
    """Parsed request plus what the pipeline learns about it (route, objects, user)."""

    def __init__(self, environ: dict[str, Any], server: FakeMaxServer) -> None:
        self.environ = environ
        self.server = server
        self.backend: MaxBackend = server.backend
        self.method: str = environ.get("REQUEST_METHOD", "GET").upper()
        self.path: str = _decode_path(environ.get("PATH_INFO", "") or "/")
        query = environ.get("QUERY_STRING")
        self.query: dict[str, list[str]] = (
            parse_qs(query, keep_blank_values=True) if query else {})
        self.headers: dict[str, str] = _headers(environ)
        if environ.get("CONTENT_TYPE"):
            self.headers["content-type"] = environ["CONTENT_TYPE"]
        self.body_error: MaxError | None = None
        try:
            self.body: bytes = _read_body(environ)
        except MaxError as exc:
            self.body, self.body_error = b"", exc
        self.route: Route | None = None
        self.params: dict[str, str] = {}
        self.objects: dict[str, Any] = {}  # traversed objects, by URL variable
        self.target: Any = None  # the stored object the URL names (MAX's traversal context)
        self.authenticated: str | None = None  # lower-cased, set by authentication
        self._json_override: Any = None

    # -- query string -----------------------------------------------------
    def arg(self, name: str, default: str | None = None) -> str | None:
        """The parameter's value; its last one when repeated (WebOb's ``params.get``)."""
        values = self.query.get(name)
        return values[-1] if values else default

    def args(self, name: str) -> list[str]:
        return self.query.get(name, []) + self.query.get(f"{name}[]", [])

    def has_arg(self, name: str) -> bool:
        return name in self.query

    @property
    def is_head(self) -> bool:
        return self.method == "HEAD"

    @property
    def wants_count(self) -> bool:
        """HEAD on a route that counts (the route table says which): answer the total."""
        return self.method == "HEAD" and self.route is not None and self.route.counts

    # -- body -------------------------------------------------------------
    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @once
    def multipart(self) -> tuple[dict[str, str], dict[str, tuple[str, bytes, str]]]:
        """Form fields and uploaded files (field -> (filename, bytes, content type))."""
        if not self.content_type.startswith("multipart/"):
            return {}, {}
        head = f"Content-Type: {self.headers['content-type']}\r\n\r\n".encode("latin-1")
        try:
            message = BytesParser(policy=HTTP).parsebytes(head + self.body)
        except Exception:
            return {}, {}
        fields: dict[str, str] = {}
        files: dict[str, tuple[str, bytes, str]] = {}
        if not message.is_multipart():
            return fields, files
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if not name:
                continue
            raw = part.get_payload(decode=True)
            payload = raw if isinstance(raw, bytes) else b""
            filename = part.get_filename()
            if filename is not None:
                files[str(name)] = (filename, payload, part.get_content_type())
            else:
                fields[str(name)] = payload.decode("utf-8", "replace")
        return fields, files

    def replace_body(self, body: bytes, content_type: str | None = None) -> None:
        """A body rewritten by the pipeline (MAX's debug tween): parsed views forgotten."""
        self.body = body
        if content_type is not None:
            self.headers["content-type"] = content_type
        for cached in ("multipart", "_decoded_json"):
            self.__dict__.pop(cached, None)

    @property
    def form(self) -> dict[str, str]:
        if self.content_type == "application/x-www-form-urlencoded":
            parsed = parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)
            return {k: v[0] for k, v in parsed.items()}
        return self.multipart[0]

    @property
    def files(self) -> dict[str, tuple[str, bytes, str]]:
        return self.multipart[1]

    @once
    def _decoded_json(self) -> tuple[Any, MaxError | None]:
        raw: str | bytes = self.body
        if not raw:  # most requests: no body to look into
            return {}, None
        if self.content_type.startswith("multipart/"):
            raw = self.multipart[0].get(JSON_DATA_FIELD, "")
        if not raw:
            return {}, None
        try:
            value = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return {}, None  # MAX treats a malformed body as an empty one
        except RecursionError:
            return {}, _too_deep()
        if _depth_exceeds(value, MAX_JSON_DEPTH):
            return {}, _too_deep()
        return (value if isinstance(value, (dict, list)) else {}), None

    @property
    def json(self) -> Any:
        """The JSON body (``{}`` when absent or malformed); a list only where sent as one.
        Raises MAX's ValidationError (400) for a body nested beyond ``MAX_JSON_DEPTH``."""
        if self._json_override is not None:
            return self._json_override
        value, error = self._decoded_json
        if error is not None:
            raise error
        return value

    @json.setter
    def json(self, value: Any) -> None:
        self._json_override = value

    @property
    def journal_body(self) -> Any:
        """The body as the journal keeps it: never raises (None when absent or refused)."""
        if not self.body:
            return None
        if self._json_override is not None:
            return self._json_override
        return self._decoded_json[0]

    @property
    def data(self) -> dict[str, Any]:
        """The JSON body when it is an object, else ``{}``."""
        body = self.json
        return body if isinstance(body, dict) else {}

    def unlocked(self) -> AbstractContextManager[None]:
        """The server lock released for slow work on data copied out under it (a
        caller's regex), so other requests go on meanwhile."""
        return self.backend.lock.suspended()

    # -- who is asking ----------------------------------------------------
    @property
    def header_username(self) -> str:
        return self.headers.get("x-oauth-username", "")

    @property
    def actor_username(self) -> str | None:
        """MAX's resolution order; the last one found wins (see max-api README §3)."""
        found: str | None = self.header_username or None
        url_user = self.params.get("username")
        if url_user:  # any route's {username}, as MAX's get_username_in_uri
            found = url_user.lower()
        if self.method in ("POST", "PUT"):
            body = self.data
            actor = body.get("actor")
            if isinstance(actor, dict) and isinstance(actor.get("username"), str):
                found = actor["username"].lower()
            elif isinstance(body.get("username"), str):
                found = body["username"].lower()
        return found

    @property
    def actor_context_url(self) -> str | None:
        actor = self.data.get("actor")
        if isinstance(actor, dict) and isinstance(actor.get("url"), str):
            return actor["url"]
        return None

    @once
    def actor(self) -> dict[str, Any] | None:
        """The acting user's stored document, or the context when acting as one."""
        url = self.actor_context_url
        if url is not None:
            from ..model.common import context_hash

            return self.backend.contexts.get(context_hash(url))
        name = self.actor_username
        return self.backend.people.get(name) if name else None

    def require_actor(self) -> dict[str, Any]:
        actor = self.actor
        if actor is None:
            raise UnknownUserError(f"Unknown actor identified by: {self.actor_username}")
        return actor

    @property
    def is_manager(self) -> bool:
        return self.backend.security.is_manager(self.authenticated)

    @property
    def is_self(self) -> bool:
        """The authenticated user acts as himself (MAX's 'self operation')."""
        return (
            self.authenticated is not None
            and (self.actor_username or "").lower() == self.authenticated
        )

    # -- permissions ------------------------------------------------------
    @property
    def permission(self) -> str:
        return self.route.permission(self.method) if self.route is not None else ""

    def deny(self, permission: str | None = None) -> Forbidden:
        name = permission or self.permission
        return Forbidden(f'User "{self.authenticated}" has no permission "{name}" here ')

    def require(self, allowed: bool, permission: str | None = None) -> None:
        """Raise MAX's 403 unless ``allowed``; any authenticated user may HEAD."""
        if not allowed and not self.is_head:
            raise self.deny(permission)


_HEADER_NAMES: dict[str, str | None] = {}  # environ key -> header name (None: not one)
_MAX_NAMES = 512


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    """Lower-cased request headers; each environ key is translated once per process."""
    names = _HEADER_NAMES
    if not names.keys() >= environ.keys():
        missing = environ.keys() - names.keys()
        if len(names) + len(missing) > _MAX_NAMES:  # bounded: clients may invent names
            return _translate(environ)
        for key in missing:
            names[key] = key[5:].replace("_", "-").lower() if key.startswith("HTTP_") else None
    return {name: value for key, value in environ.items()
            if (name := names[key]) is not None}


def _translate(environ: dict[str, Any]) -> dict[str, str]:
    """:func:`_headers` without the shared table, once it is full."""
    return {key[5:].replace("_", "-").lower(): value for key, value in environ.items()
            if key.startswith("HTTP_")}


def _decode_path(path: str) -> str:
    # WSGI gives PATH_INFO as latin-1 decoded bytes; MAX paths are UTF-8.
    if path.isascii():
        return path
    try:
        return path.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return path


def _read_body(environ: dict[str, Any]) -> bytes:
    """The whole body, or MAX's error JSON: 413 past ``MAX_BODY`` (nothing read), 400 when
    the stream ends before ``Content-Length``. A body is never kept cut short."""
    stream = environ.get("wsgi.input")
    if stream is None:
        return b""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length <= 0:
        return b""
    if length > MAX_BODY:
        raise RequestEntityTooLarge(
            f"Request body of {length} bytes is over the fake's limit of {MAX_BODY} bytes")
    chunks: list[bytes] = []
    missing = length
    while missing > 0:
        chunk = stream.read(missing)
        if not chunk:
            raise ValidationError(f"Request body ended {missing} bytes short of "
                                  f"its Content-Length ({length})")
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def _too_deep() -> ValidationError:
    return ValidationError(f"JSON body nested deeper than {MAX_JSON_DEPTH} levels")


def _depth_exceeds(value: Any, limit: int) -> bool:
    """Iterative walk (no recursion of our own): containers nested beyond ``limit``."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children
                     if isinstance(child, (dict, list)))
    return False
