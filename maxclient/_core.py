"""How one MAX request is built, once, for the REST tree, the RPC methods and ``maxclient call``.

Path segments (``:me``, the context-URL hash, quoting), payloads (defaults merged with
expanded kwargs), URL + query, and the body (JSON, or multipart with the payload in
``json_data`` next to the files) are decided here and nowhere else.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from .errors import RequestError
from .payload import copy_json, expand, merge
from .protocol import JSON_DATA_FIELD, context_hash
from .transports.base import FileField, Request, Response

_SHA1 = re.compile(r"^[0-9a-f]{40}$")
_PLAIN = re.compile(r"[A-Za-z0-9_~-][A-Za-z0-9_.~-]*\Z")  # nothing to quote, not dots only
_JSON_TYPE = "application/json"
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_OPENERS = frozenset(b"[{")


def too_deep(content: bytes, limit: int) -> bool:
    """Whether JSON ``content`` nests arrays/objects deeper than ``limit``.

    Counting brackets (in C) settles almost every answer; only one with more brackets
    than ``limit`` is walked, its strings blanked first."""
    if content.count(b"[") + content.count(b"{") <= limit:
        return False
    depth = 0
    for byte in _STRING.sub(b'""', content).translate(None, _NOT_BRACKET):
        depth += 1 if byte in _OPENERS else -1
        if depth > limit:
            return True
    return False


def parse_json(response: Response, max_depth: int, fallback_text: bool = False) -> Any:
    """The answer's JSON; ``RequestError`` when it nests deeper than ``max_depth``. Not JSON:
    its text with ``fallback_text`` (e.g. avatar uploads answer plain text), else None."""
    content = response.content
    if too_deep(content, max_depth):
        raise RequestError(response.status, f"Answer from {_where(response.url)} nests "
                                            f"deeper than {max_depth} levels (max_depth)")
    try:
        return json.loads(content)
    except (ValueError, RecursionError):
        return response.text if fallback_text else None


def _where(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def path_segment(var: str | None, value: Any, actor: str) -> str:
    """One URL segment for ``{var}``: apply MAX's wrappers, then quote it all.

    ``{username}`` ``':me'`` is the actor; ``{hash}`` takes a context URL and
    hashes it. Dot-only values are encoded too, so ``'..'`` cannot climb.
    """
    text = value if isinstance(value, str) else str(value)
    if var != "hash" and _PLAIN.match(text):
        return text
    if var == "username" and text == ":me":
        text = actor
    elif var == "hash" and not _SHA1.match(text):
        text = context_hash(text)
    if not text:
        raise ValueError(f"empty value for {{{var}}}")
    quoted = quote(text, safe="")
    if not quoted.strip("."):
        quoted = quoted.replace(".", "%2E")
    return quoted


def build_payload(defaults: Mapping[str, Any], key: str, data: Any, kwargs: Mapping[str, Any],
                  expand_underscores: bool = True) -> Any:
    """Body for a request: ``data`` as given, else the route's defaults merged with kwargs."""
    if data is not None:
        return data
    found = defaults.get(key)
    payload = copy_json(found) if found else {}
    if kwargs:
        merge(payload, expand(kwargs) if expand_underscores else kwargs)
    return payload


def url(base: str, path: str, qs: Any = None) -> str:
    """``base + path`` and the query: a ready string, a mapping or ``(key, value)`` pairs."""
    if not qs:
        return base + path
    return f"{base}{path}?{qs if isinstance(qs, str) else urlencode(qs, doseq=True)}"


def request(method: str, uri: str, headers: dict[str, str], payload: Any = None,
            files: dict[str, FileField] | None = None) -> Request:
    """The request to send: multipart when there are files (payload in ``json_data``), else
    JSON, except that an empty DELETE (and any GET/HEAD) carries no body."""
    if files:
        form = {JSON_DATA_FIELD: json.dumps(payload)} if payload else None
        return Request(method, uri, headers, None, files, form)
    if payload or (payload is not None and method != "DELETE"):
        headers["Content-Type"] = _JSON_TYPE
        return Request(method, uri, headers, json.dumps(payload).encode("utf-8"))
    return Request(method, uri, headers)
