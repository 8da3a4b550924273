"""A loopback WSGI server that records requests and answers as each test scripts."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from maxclient.testing.serving import serve_wsgi


@dataclass
class Seen:
    method: str
    path: str  # raw, still quoted
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    content_type: str

    def json(self) -> Any:
        return json.loads(self.body)


Answer = tuple[int, dict[str, str], bytes]


def reply(status: int = 200, body: Any = None, headers: dict[str, str] | None = None,
          raw: bytes | None = None, delay: float = 0.0) -> Callable[[Seen], Answer]:
    def answer(_: Seen) -> Answer:
        if delay:
            time.sleep(delay)
        hdrs = dict(headers or {})
        if raw is not None:
            hdrs.setdefault("Content-Type", "text/html")
            return status, hdrs, raw
        if body is None:
            return status, hdrs, b""
        hdrs.setdefault("Content-Type", "application/json")
        return status, hdrs, json.dumps(body).encode()
    return answer


@dataclass
class ScriptedApp:
    routes: dict[tuple[str, str], list[Callable[[Seen], Answer]]] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)

    def on(self, method: str, path: str, *answers: Callable[[Seen], Answer]) -> None:
        """Answers are used in turn; the last one repeats."""
        self.routes[(method, path)] = list(answers)

    def hits(self, method: str, path: str) -> list[Seen]:
        return [s for s in self.seen if s.method == method and s.path.split("?")[0] == path]

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        headers = {k[5:].replace("_", "-").title(): v for k, v in environ.items()
                   if k.startswith("HTTP_")}
        raw = environ.get("REQUEST_URI") or environ["PATH_INFO"]
        seen = Seen(environ["REQUEST_METHOD"], raw.split("?")[0],
                    parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True),
                    headers, body, environ.get("CONTENT_TYPE", ""))
        self.seen.append(seen)
        answers = self.routes.get((seen.method, seen.path))
        if answers is None and seen.method == "HEAD":
            answers = self.routes.get(("GET", seen.path))
        if answers is None:
            status, hdrs, out = 404, {"Content-Type": "text/plain"}, b"404 Not Found"
        else:
            answer = answers.pop(0) if len(answers) > 1 else answers[0]
            status, hdrs, out = answer(seen)
        start_response(f"{status} X", list(hdrs.items()))
        return [] if seen.method == "HEAD" else [out]


class LoopbackServer:
    def __init__(self, app: ScriptedApp) -> None:
        self.app = app
        self._stack = contextlib.ExitStack()
        self.url = self._stack.enter_context(serve_wsgi(app, threads=4))
        self.port = int(self.url.rsplit(":", 1)[1])

    def close(self) -> None:
        self._stack.close()
