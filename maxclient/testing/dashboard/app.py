"""Routing for ``/_fake/``: pages (GET) and actions (POST)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, quote, urlsplit

from . import pages
from .html import el

if TYPE_CHECKING:
    from ..server import FakeMaxServer

StartResponse = Callable[..., Any]
PREFIX = "/_fake"
MAX_FORM = 64 * 1024


class Answer(Exception):
    """A finished reply raised from deep inside a handler (errors, redirects)."""

    def __init__(self, status: str, body: bytes = b"", content_type: str = "text/plain",
                 headers: list[tuple[str, str]] | None = None) -> None:
        super().__init__(status)
        self.status, self.body, self.content_type = status, body, content_type
        self.headers = headers or []


def dashboard_app(server: FakeMaxServer, environ: dict[str, Any],
                  start_response: StartResponse) -> list[bytes]:
    method = environ.get("REQUEST_METHOD", "GET").upper()
    path = environ.get("PATH_INFO", "")[len(PREFIX):]
    base = environ.get("SCRIPT_NAME", "") + PREFIX
    try:
        if method in ("GET", "HEAD"):
            with server.backend.lock.read():  # a page never sees a write half done
                answer = _get(server, environ, path, base)
        elif method == "POST":
            answer = _post(server, environ, path, base)
        else:
            answer = Answer("405 Method Not Allowed", b"GET or POST\n",
                            headers=[("Allow", "GET, HEAD, POST")])
    except Answer as done:
        answer = done
    headers = [("Content-Type", answer.content_type), ("Content-Length", str(len(answer.body))),
               ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff"),
               ("Content-Security-Policy",
                "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
                "img-src 'self' data:"), *answer.headers]
    start_response(answer.status, headers)
    return [b"" if method == "HEAD" else answer.body]


def _html(body: bytes) -> Answer:
    return Answer("200 OK", body, "text/html; charset=utf-8")


def _get(server: FakeMaxServer, environ: dict[str, Any], path: str, base: str) -> Answer:
    if path in ("", "/"):
        if path == "":
            raise Answer("301 Moved Permanently", headers=[("Location", base + "/")])
        query = parse_qs(environ.get("QUERY_STRING", ""))
        return _html(pages.overview(pages.View(server, base), (query.get("done") or [None])[0]))
    if path == "/journal.json":
        query = parse_qs(environ.get("QUERY_STRING", ""))
        after = _int((query.get("after") or ["0"])[0], "after", 0, 1 << 62)
        body = json.dumps(pages.journal_json(server, after)).encode("utf-8")
        return Answer("200 OK", body, "application/json")
    if path == "/state.json":
        body = json.dumps(server.dump(), ensure_ascii=False, indent=1).encode("utf-8")
        return Answer("200 OK", body, "application/json",
                      headers=[("Content-Disposition", 'attachment; filename="state.json"')])
    parts = path.strip("/").split("/")
    if len(parts) == 2 and parts[0] in _DETAILS:
        # PATH_INFO is already percent-decoded, as latin-1 text of the UTF-8 bytes (PEP 3333)
        key = parts[1].encode("latin-1").decode("utf-8", "replace")
        rendered = _DETAILS[parts[0]](pages.View(server, base), key)
        if rendered is not None:
            return _html(rendered)
    raise Answer("404 Not Found", b"no such page under /_fake/\n")


_DETAILS = {"people": pages.person, "contexts": pages.context,
            "conversations": pages.conversation}


def _post(server: FakeMaxServer, environ: dict[str, Any], path: str, base: str) -> Answer:
    _same_origin(environ)
    form = _form(environ)
    if path == "/reset":
        server.reset()
        done = "Reset: all data erased."
    elif path == "/save":
        if server.state_file is None:
            raise Answer("409 Conflict", b"no state file: serve with --data FILE\n")
        done = f"Saved state to {server.state_file.save()}"
    elif path == "/faults":
        fault = _fault(server, form)
        done = f"Fault injected: {fault.status} x{fault.times}"
    elif path == "/faults/clear":
        server.faults.clear()
        done = "Faults cleared."
    else:
        raise Answer("404 Not Found", b"no such action under /_fake/\n")
    if "text/html" in environ.get("HTTP_ACCEPT", ""):  # a browser form: back to the page
        raise Answer("303 See Other", headers=[("Location", f"{base}/?done={quote(done)}")])
    return Answer("200 OK", json.dumps({"ok": True, "done": done}).encode("utf-8"),
                  "application/json")


def _same_origin(environ: dict[str, Any]) -> None:
    """Browsers send Origin on cross-site POSTs: only the page's own origin may act."""
    origin = environ.get("HTTP_ORIGIN")
    if origin is None:
        return
    host = environ.get("HTTP_HOST", "")
    if origin == "null" or urlsplit(origin).netloc != host:
        raise Answer("403 Forbidden", b"cross-origin request refused\n")


def _form(environ: dict[str, Any]) -> dict[str, str]:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_FORM:
        raise Answer("413 Payload Too Large", b"form too large\n")
    raw = environ["wsgi.input"].read(length) if length > 0 else b""
    fields = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
    return {k: v[-1] for k, v in fields.items()}


def _fault(server: FakeMaxServer, form: dict[str, str]) -> Any:
    status = _int(form.get("status", "503"), "status", 400, 599)
    times = _int(form.get("times", "1") or "1", "times", 1, 1000)
    route = form.get("route") or None
    method = (form.get("method") or "").upper() or None
    path = form.get("path") or None
    try:
        if form.get("timeout"):
            return server.inject_timeout(route=route, path=path, method=method, times=times)
        return server.inject_fault(status, route=route, path=path, method=method, times=times)
    except KeyError as exc:
        raise Answer("400 Bad Request", f"{exc.args[0]}\n".encode()) from None


def _int(text: str, name: str, low: int, high: int) -> int:
    try:
        value = int(text)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        message = el("p", f"{name} must be a number from {low} to {high}")
        raise Answer("400 Bad Request", message.encode("utf-8"), "text/html; charset=utf-8")
    return value
