"""What a fake view answers: status, headers and body bytes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...protocol import TOTAL_ITEMS_HEADER
from ..model.cache import dumps

_REASONS = {
    200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request", 401: "Unauthorized",
    403: "Forbidden", 404: "Not Found", 410: "Gone", 412: "Precondition Failed",
    413: "Request Entity Too Large",
    500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass
class Reply:
    """``timeout``: no answer in time (an injected fault); in-process doors raise a
    timeout, the served app answers this reply after that many seconds."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: list[tuple[str, str]] = field(default_factory=list)
    timeout: float | None = None

    @property
    def status_line(self) -> str:
        return f"{self.status} {_REASONS.get(self.status, 'Unknown')}"

    def wsgi_headers(self) -> list[tuple[str, str]]:
        out = [("Content-Length", str(len(self.body)))]
        if self.content_type:  # Pyramid's 204 has none
            out.insert(0, ("Content-Type", self.content_type))
        return out + self.headers


def json_reply(data: Any, status: int = 200, headers: list[tuple[str, str]] | None = None) -> Reply:
    return Reply(status, dumps(data), "application/json", list(headers or ()))


def json_list_reply(items: list[bytes], status: int = 200) -> Reply:
    """A JSON array of already-serialised items (see ``model.cache``)."""
    return Reply(status, b"[" + b", ".join(items) + b"]", "application/json")


def count_reply(total: int) -> Reply:
    """HEAD on a counting endpoint: empty body, the total in ``X-totalItems``."""
    return Reply(200, b"", "application/json", [(TOTAL_ITEMS_HEADER, str(total))])


def no_content() -> Reply:
    return Reply(204, b"", "")


def binary_reply(data: bytes, content_type: str, headers: list[tuple[str, str]] | None = None
                 ) -> Reply:
    return Reply(200, data, content_type, list(headers or ()))


def not_found_page(detail: str = "", *, json: bool = False) -> Reply:
    """Pyramid's default 404 page: HTML, not MAX's error JSON, which clients read as 'not
    implemented'; pyramid's own JSON shape when the client accepts only JSON."""
    if json:
        return pyramid_json(404, "Not Found",
                            f"The resource could not be found.\n\n\n{detail}\n\n")
    text = (
        "<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1>"
        f"The resource could not be found.<br/><br/>{detail}</body></html>"
    )
    return Reply(404, text.encode("utf-8"), "text/html; charset=UTF-8")


def gone_page(*, json: bool = False) -> Reply:
    if json:
        return pyramid_json(410, "Gone", "This resource is no longer available.  No "
                                         "forwarding address is given.\n\n\n\n\n")
    text = "<html><head><title>410 Gone</title></head><body><h1>410 Gone</h1></body></html>"
    return Reply(410, text.encode("utf-8"), "text/html; charset=UTF-8")


def pyramid_json(status: int, title: str, message: str) -> Reply:
    """A pyramid HTTPException rendered for a JSON client: code, title and message."""
    return json_reply({"message": message, "code": f"{status} {title}", "title": title},
                      status)
