"""``/info`` endpoints: public settings, Manager-only settings and the API description
built from the shared route table."""

from __future__ import annotations

import re
from typing import Any

from ...routes import ROUTE_TABLE, Route
from ..http.reply import Reply, json_reply
from ..http.request import FakeRequest
from . import view

_PUBLIC_SETTINGS = ("max.oauth_server", "max.stomp_server", "max.server_id")
_RESTRICTED = re.compile(r"^(max|mongodb|cache|oauth)")
_HIDDEN_ROUTES = ("info", "info_api", "info_settings")


def _version() -> str:
    from ..server import VERSION

    return VERSION


@view("info", "GET", public=True)
def public_info(req: FakeRequest) -> Reply:
    settings = req.server.settings
    out: dict[str, Any] = {k: settings[k] for k in _PUBLIC_SETTINGS if settings.get(k)}
    out["version"] = _version()
    return json_reply(out)


@view("info_settings", "GET", actor=False)
def restricted_info(req: FakeRequest) -> Reply:
    req.require(req.is_manager)
    out = {k: v for k, v in req.server.settings.items() if _RESTRICTED.match(k)}
    out["version"] = _version()
    return json_reply(out)


def _method_info(route: Route, method: str) -> dict[str, Any]:
    return {
        "description": f"{route.title} ({method})",
        "documentation": "Please document me!",
        "payload": "{}",
        "rest_params": [{"name": var, "description": ""} for var in route.variables],
        "query_params": [],
        "permission": route.methods[method] or "Anonymous",
        "modifiers": [],
    }


def _resource(route: Route) -> dict[str, Any]:
    methods: dict[str, Any] = {}
    for method in route.methods:
        methods[method] = _method_info(route, method)
        if method == "GET" and route.counts:  # MAX lists HEAD where it counts
            methods["HEAD"] = methods[method]
    return {"id": route.name, "name": route.title, "route": route.path, "url": route.path,
            "category": route.category or "Uncategorized", "filesystem": route.filesystem,
            "methods": methods}


@view("info_api", "GET", public=True)
def api_description(req: FakeRequest) -> Reply:
    resources = {route.name: _resource(route) for route in ROUTE_TABLE
                 if not route.deprecated and route.name not in _HIDDEN_ROUTES}
    if not req.arg("by_category"):
        return json_reply(resources)
    by_category: dict[str, list[dict[str, Any]]] = {}
    for info in resources.values():
        by_category.setdefault(info["category"], []).append({
            "route_id": info["id"], "filesystem": info["filesystem"],
            "route_name": info["name"], "route_url": info["url"], "methods": info["methods"],
        })
    categories: list[dict[str, Any]] = [
        {"name": name, "id": name.lower().replace(" ", "-"),
         "resources": sorted(items, key=lambda r: r["route_name"])}
        for name, items in sorted(by_category.items())
    ]
    return json_reply(categories)
