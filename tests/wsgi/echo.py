"""A tiny WSGI app that answers with what it received, to compare transports.

Query parameters steer it: ``status=N`` answers a MAX-style JSON error with that
status, ``total=N`` sets ``X-totalItems``, ``boom=1`` raises inside the app.
"""

from __future__ import annotations

import json
from typing import Any

from webob import Request


class Boom(RuntimeError):
    pass


def echo_app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    req = Request(environ)
    if req.GET.get("boom"):
        raise Boom("echo app exploded on purpose")
    status = int(req.GET.get("status", 200))
    files = {}
    form = {}
    if req.content_type.startswith("multipart/"):
        for name, value in req.POST.items():
            if hasattr(value, "file"):
                files[name] = [value.filename, value.file.read().decode("utf-8")]
            else:
                form[name] = value
        body = ""
    else:
        body = req.body.decode("utf-8")
    if status >= 400:
        payload: Any = {"objectType": "error", "error": "EchoError",
                        "error_description": f"asked for {status}"}
    else:
        payload = {
            "method": req.method, "path": req.path_info, "script_name": req.script_name,
            "query": sorted(req.GET.items()), "content_type": req.content_type,
            "headers": {k.lower(): v for k, v in req.headers.items() if k.lower().startswith("x-")},
            "body": body, "form": form, "files": files,
        }
    data = json.dumps(payload).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(data))),
               ("X-Multi", "a"), ("X-Multi", "b")]
    if "total" in req.GET:
        headers.append(("X-totalItems", req.GET["total"]))
    start_response(f"{status} Whatever", headers)
    return [b"" if req.method == "HEAD" else data]
