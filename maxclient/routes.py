"""MAX's route table, as data, shared by every part of maxclient.

One table feeds the REST resource tree, the RPC methods, the fake server's pipeline
and its ``/info/api``: per route its permissions, payload defaults, whether HEAD
counts, and MAX's traversal quirks. ``ROUTES`` keeps the original library's shape
(``{name: {'route': ..., ...}}``) so subclasses can still replace it; ``RouteTable``
compiles any such mapping once into a segment tree, so resolving a path costs one
dict lookup per segment instead of a scan of the table.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

__all__ = [
    "DEFAULTS",
    "ROUTES",
    "ROUTE_TABLE",
    "Node",
    "Route",
    "RouteTable",
    "route_table",
    "template_defaults",
    "view_method",
]

_VAR = re.compile(r"^\{(\w+)\}$")


def _r(
    route: str,
    category: str,
    name: str,
    methods: dict[str, str],
    **extra: Any,
) -> dict[str, Any]:
    return dict(route=route, category=category, name=name, methods=methods, **extra)


# Permission names are MAX's human-readable strings; "Anonymous" marks public views.
ROUTES: dict[str, dict[str, Any]] = {
    # People
    "users": _r("/people", "User", "Users",
                {"GET": "List visible people", "POST": "Add people"},
                actor_not_required=["POST"]),
    "user": _r("/people/{username}", "User", "User",
               {"GET": "View user profile", "PUT": "Modify user profile",
                "DELETE": "Delete user", "POST": "Add people"}),
    "avatar": _r("/people/{username}/avatar", "User", "User avatar",
                 {"GET": "Anonymous", "POST": "Modify a user's avatar"}, filesystem=True),
    "avatar_sizes": _r("/people/{username}/avatar/{size}", "User", "User avatar sizes",
                       {"GET": "Anonymous"}, filesystem=True),
    "user_activities": _r("/people/{username}/activities", "Activities", "User activities",
                          {"GET": "View activities", "POST": "Add activity"},
                          defaults={"POST": {"object": {"objectType": "note"}}},
                          counts=True),
    "timeline": _r("/people/{username}/timeline", "Activities", "User Timeline",
                   {"GET": "View user timeline activities"}),
    "timeline_authors": _r("/people/{username}/timeline/authors", "Activities",
                           "User Timeline authors", {"GET": "View user timeline activities"},
                           counts=True),
    "user_comments": _r("/people/{username}/comments", "Comments", "User comments",
                        {"GET": "View activity comments"},
                        counts=True),
    "subscriptions": _r("/people/{username}/subscriptions", "Subscriptions",
                        "User subscriptions",
                        {"GET": "View all subscriptions of user to a context",
                         "POST": "Subscribe an user to a context"},
                        defaults={"POST": {"object": {"objectType": "context"}}}),
    "unsubscriptionpush": _r("/people/{username}/unsubscriptionpush", "Subscriptions",
                             "User unsubscriptionsPush",
                             {"GET": "View all subscriptions of user to a context"}),
    "user_tokens": _r("/people/{username}/tokens", "Tokens", "User device tokens",
                      {"GET": "List and query tokens", "DELETE": "Delete a device token"}),
    "user_platform_tokens": _r("/people/{username}/tokens/platforms/{platform}", "Tokens",
                               "User device tokens by platform",
                               {"GET": "List and query tokens",
                                "DELETE": "Delete a device token"}),
    # Device tokens
    "tokens": _r("/tokens", "Tokens", "Device tokens", {"POST": "Add a new device token"}),
    "token": _r("/tokens/{token}", "Tokens", "Device token",
                {"DELETE": "Delete a device token"}),
    "context_push_tokens": _r("/contexts/{hash}/tokens", "Tokens", "Context tokens",
                              {"GET": "List and query tokens"},
                              traverse=()),
    "conversation_push_tokens": _r("/conversations/{id}/tokens", "Tokens",
                                   "Conversation tokens", {"GET": "List and query tokens"},
                                   traverse=()),
    # Activities and comments
    "comments": _r("/activities/comments", "Comments", "Comments (Global)",
                   {"GET": "View activity comments"},
                   counts=True),
    "activities": _r("/activities", "Activities", "Activities", {"GET": "View activities"},
                     counts=True),
    "activity": _r("/activities/{activity}", "Activities", "Activity",
                   {"GET": "View activity", "DELETE": "Delete activity"}),
    "activity_comments": _r("/activities/{activity}/comments", "Comments", "Activity comments",
                            {"GET": "View activity comments",
                             "POST": "Add a comment to an activity"},
                            defaults={"POST": {"object": {"objectType": "comment"}}}),
    "activity_comment": _r("/activities/{activity}/comments/{comment}", "Comments",
                           "Activity comment", {"DELETE": "Delete a activity comment"}),
    "flag": _r("/activities/{activity}/flag", "Activities", "Flag",
               {"POST": "Flag an activity", "DELETE": "Unflag an activity"}),
    "likes": _r("/activities/{activity}/likes", "Activities", "Likes",
                {"POST": "Like an activity"}),
    "like": _r("/activities/{activity}/likes/{username}", "Activities", "Like",
               {"DELETE": "Unlike an activity"}),
    "favorites": _r("/activities/{activity}/favorites", "Activities", "Favorites",
                    {"POST": "Favorite an activity"}),
    "favorite": _r("/activities/{activity}/favorites/{username}", "Activities", "Favorite",
                   {"DELETE": "Unfavorite an activity"}),
    "activity_image": _r("/activities/{activity}/image", "Activities", "Image",
                         {"GET": "View activity"}),
    "activity_image_sizes": _r("/activities/{activity}/image/{size}", "Activities",
                               "Named size Image", {"GET": "View activity"}),
    "activity_file_download": _r("/activities/{activity}/file/download", "Activities", "File",
                                 {"GET": "View activity"}),
    # Contexts
    "contexts": _r("/contexts", "Contexts", "Contexts",
                   {"GET": "List contexts", "POST": "Add context"},
                   defaults={"POST": {"objectType": "context"}}),
    "public_contexts": _r("/contexts/public", "Contexts", "Public contexts",
                          {"GET": "List public contexts"}),
    "context": _r("/contexts/{hash}", "Contexts", "Context",
                  {"GET": "View context", "PUT": "Can modify context",
                   "DELETE": "Delete context"}),
    "context_avatar": _r("/contexts/{hash}/avatar", "Contexts", "Context avatar",
                         {"GET": "Anonymous"}, filesystem=True),
    "context_user_permissions_defaults": _r(
        "/contexts/{hash}/permissions/{username}/defaults", "Contexts",
        "Context permissions defaults",
        {"POST": "Grant or revoke permissions on a subscription"}),
    "context_user_permission": _r(
        "/contexts/{hash}/permissions/{username}/{permission}", "Contexts",
        "Context permission",
        {"PUT": "Grant or revoke permissions on a subscription",
         "DELETE": "Grant or revoke permissions on a subscription"}),
    "context_activities": _r("/contexts/{hash}/activities", "Activities",
                             "Context activities",
                             {"GET": "View activities", "POST": "Add activity"},
                             defaults={"POST": {"object": {"objectType": "note"}}},
                             counts=True),
    "context_comments": _r("/contexts/{hash}/comments", "Comments", "Context comments",
                           {"GET": "View activity comments"},
                           counts=True),
    "context_activities_authors": _r("/contexts/{hash}/activities/authors", "Activities",
                                     "Context authors", {"GET": "View activities"},
                                     counts=True),
    "context_subscriptions": _r("/contexts/{hash}/subscriptions", "Contexts",
                                "Users subscribed to context",
                                {"GET": "View all subscriptions of user to a context",
                                 "POST": "Subscribe an user to a context"}),
    "context_subscription": _r("/contexts/{hash}/subscriptions/{username}", "Contexts",
                               "User subscription",
                               {"DELETE": "Unsubscribe an user to a context"}),
    "context_users_unsubscriptionpush": _r(
        "/contexts/{hash}/unsubscriptionpush", "Contexts",
        "Users unsubscribed push to context",
        {"GET": "View all subscriptions of user to a context"}),
    "context_unsubscriptionpush": _r(
        "/contexts/{hash}/unsubscriptionpush/{username}", "Contexts",
        "User unsubscribed push", {"POST": "Subscribe an user to a context"}),
    "context_subscriptionpush": _r(
        "/contexts/{hash}/subscriptionpush/{username}", "Contexts", "User subscription push",
        {"DELETE": "Unsubscribe an user to a context"}),
    "context_tags": _r("/contexts/{hash}/tags", "Contexts", "Context tags",
                       {"GET": "View context", "PUT": "Can modify context",
                        "DELETE": "Can modify context"}),
    "context_tag": _r("/contexts/{hash}/tags/{tag}", "Contexts", "Context tag",
                      {"DELETE": "Can modify context"}),
    # Conversations and messages
    "conversations": _r("/conversations", "Conversations", "Conversations",
                        {"GET": "List conversations", "POST": "Add conversation",
                         "DELETE": "Delete everyone's conversations"},
                        defaults={"POST": {"object": {"objectType": "note"}}}),
    "conversations_active": _r("/conversations/active", "Conversations",
                               "Active conversations", {"GET": "List conversations"},
                               counts=True),
    "conversation": _r("/conversations/{id}", "Conversations", "Conversation",
                       {"GET": "View conversation", "PUT": "Modify conversation",
                        "DELETE": "Delete conversation"}),
    "conversation_owner": _r("/conversations/{id}/owner", "Conversations",
                             "Conversation owner",
                             {"PUT": "Transfer a conversation to another user"}),
    "conversation_avatar": _r("/conversations/{id}/avatar", "Conversations",
                              "Conversation avatar", {"GET": "Anonymous"}, filesystem=True),
    "user_conversation": _r("/people/{username}/conversations/{id}", "Conversations",
                            "User conversation",
                            {"GET": "View conversation subscription",
                             "POST": "Add a participant to a conversation",
                             "DELETE": "Delete a participant from a conversation"},
                            traverse=("id",)),
    "participants": _r("/conversations/{id}/participants", "Conversations",
                       "Conversation participants",
                       {"POST": "Add a participant to a conversation"}),
    "participant": _r("/conversations/{id}/participants/{username}", "Conversations",
                      "Conversation participant",
                      {"DELETE": "Delete a participant from a conversation"}),
    "conversation_messages": _r("/conversations/{id}/messages", "Conversations",
                                "Conversation mesages",
                                {"GET": "View all conversation messages",
                                 "POST": "Add a message to a conversation"},
                                defaults={"POST": {"object": {"objectType": "note"}}}),
    "user_conversation_messages": _r("/people/{username}/conversations/{id}/messages",
                                     "Conversations", "User conversation messages",
                                     {"POST": "Add a message to a conversation"},
                                     defaults={"POST": {"object": {"objectType": "note"}}},
                                     traverse=("id",)),
    "messages": _r("/messages", "Messages", "All messages",
                   {"GET": "View all conversation messages"},
                   counts=True),
    "message_image": _r("/messages/{id}/image", "Messages", "Image",
                        {"GET": "View a conversation message and attachments"}),
    "message_image_sizes": _r("/messages/{id}/image/{size}", "Messages", "Named size Image",
                              {"GET": "View a conversation message and attachments"}),
    "message_file_download": _r("/messages/{id}/file/download", "Messages", "File",
                                {"GET": "View a conversation message and attachments"}),
    # Server information
    "info": _r("/info", "Management", "Public settings", {"GET": "Anonymous"}),
    "info_api": _r("/info/api", "Management", "Api endpoints definition",
                   {"GET": "Anonymous"}),
    "info_settings": _r("/info/settings", "Management", "Restricted settings",
                        {"GET": "View detailed server settings"}),
    # Administration
    "admin_security": _r("/admin/security", "Management", "Security settings",
                         {"GET": "Manage security settings"}, actor_not_required=["GET"]),
    "admin_security_role_user": _r("/admin/security/roles/{role}/users/{user}", "Management",
                                   "User role",
                                   {"GET": "Manage security settings",
                                    "POST": "Manage security settings",
                                    "DELETE": "Manage security settings"},
                                   actor_not_required=["GET", "POST", "DELETE"]),
    "admin_security_users": _r("/admin/security/users", "Management", "Users with security",
                               {"GET": "Manage security settings"},
                               actor_not_required=["GET"]),
    "maintenance_keywords": _r("/admin/maintenance/keywords", "Management",
                               "Keywords maintenance", {"POST": "Execute maintenance tasks"},
                               actor_not_required=["POST"]),
    "maintenance_dates": _r("/admin/maintenance/dates", "Management", "Dates maintenance",
                            {"POST": "Execute maintenance tasks"}, actor_not_required=["POST"]),
    "maintenance_subscriptions": _r("/admin/maintenance/subscriptions", "Management",
                                    "Subscriptions maintenance",
                                    {"POST": "Execute maintenance tasks"},
                                    actor_not_required=["POST"]),
    "maintenance_conversations": _r("/admin/maintenance/conversations", "Management",
                                    "Conversations maintenance",
                                    {"POST": "Execute maintenance tasks"},
                                    actor_not_required=["POST"]),
    "maintenance_users": _r("/admin/maintenance/users", "Management", "Users Maintenance",
                            {"POST": "Execute maintenance tasks"}, actor_not_required=["POST"]),
    "maintenance_tokens": _r("/admin/maintenance/tokens", "Management", "Tokens Maintenance",
                             {"POST": "Execute maintenance tasks"},
                             actor_not_required=["POST"]),
    "maintenance_exceptions": _r("/admin/maintenance/exceptions", "Management",
                                 "Error Exception list", {"GET": "Execute maintenance tasks"},
                                 actor_not_required=["GET"]),
    "maintenance_exception": _r("/admin/maintenance/exceptions/{hash}", "Management",
                                "Error Exception",
                                {"GET": "Execute maintenance tasks",
                                 "DELETE": "Execute maintenance tasks"},
                                actor_not_required=["GET"]),
    # Deprecated URLs MAX still rewrites (not listed by /info/api).
    "dep_user_subscriptions": _r("/people/{username}/subscriptions/{hash}", "Subscriptions",
                                 "User subscription (deprecated)",
                                 {"DELETE": "Unsubscribe an user to a context"},
                                 deprecated=True,
                                 traverse=("username",)),
    "dep_user_device_token": _r("/people/{username}/device/{platform}/{token}", "Tokens",
                                "User device token (deprecated)",
                                {"POST": "Add a new device token",
                                 "DELETE": "Delete a device token"},
                                deprecated=True,
                                traverse=("username",)),
}

def view_method(method: str) -> str:
    """The method whose view and permission serve ``method``: MAX answers HEAD as GET."""
    method = method.upper()
    return "GET" if method == "HEAD" else method


@dataclass(frozen=True)
class Route:
    """One endpoint: its name, URL template and what MAX serves there.

    ``defaults``: the payload a client starts from, per method. ``counts``: HEAD
    answers the GET listing's total in ``X-totalItems`` (other GETs answer HEAD
    with the GET's headers and no body). ``traverse``: the URL variables MAX's
    traverser loads before authentication, when not just the first one.
    """

    name: str
    path: str
    category: str = ""
    title: str = ""
    methods: Mapping[str, str] = field(default_factory=dict)
    filesystem: bool = False
    actor_not_required: tuple[str, ...] = ()
    deprecated: bool = False
    defaults: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    counts: bool = False
    traverse: tuple[str, ...] | None = None

    @cached_property
    def segments(self) -> tuple[str, ...]:
        return tuple(s for s in self.path.split("/") if s)

    @cached_property
    def variables(self) -> tuple[str, ...]:
        return tuple(m.group(1) for s in self.segments if (m := _VAR.match(s)))

    @cached_property
    def traversed(self) -> tuple[str, ...]:
        """The URL variables whose objects are loaded before authentication."""
        return self.traverse if self.traverse is not None else self.variables[:1]

    def permission(self, method: str) -> str:
        """MAX's permission name for ``method`` here ("" when it does not serve it)."""
        return self.methods.get(view_method(method), "")

    def actor_optional(self, method: str) -> bool:
        return view_method(method) in self.actor_not_required

    def expand(self, **params: str) -> str:
        """This route's path with each ``{var}`` replaced by its (already quoted) segment."""
        return self.path.format(**params)


class Node:
    """A level of the route tree: fixed children, at most one variable child."""

    __slots__ = ("children", "route", "template", "var", "var_node")

    def __init__(self, template: str = "") -> None:
        self.template = template
        self.children: dict[str, Node] = {}
        self.var: str | None = None
        self.var_node: Node | None = None
        self.route: Route | None = None

    def names(self) -> list[str]:
        return sorted(self.children)


class RouteTable:
    """A route mapping compiled for fast lookups by name, by template and by URL."""

    def __init__(self, routes: Mapping[str, Mapping[str, Any]]) -> None:
        self.by_name: dict[str, Route] = {}
        self.root = Node()
        self._matched: dict[str, tuple[Route, dict[str, str]] | None] = {}
        for name, spec in routes.items():
            route = Route(
                name=name,
                path=spec["route"],
                category=spec.get("category", ""),
                title=spec.get("name", name),
                methods=dict(spec.get("methods") or _ALL_METHODS),
                filesystem=bool(spec.get("filesystem", False)),
                actor_not_required=tuple(spec.get("actor_not_required", ())),
                deprecated=bool(spec.get("deprecated", False)),
                defaults=dict(spec.get("defaults") or {}),
                counts=bool(spec.get("counts", False)),
                traverse=tuple(spec["traverse"]) if "traverse" in spec else None,
            )
            self.by_name[name] = route
            self._insert(route)

    def _insert(self, route: Route) -> None:
        node = self.root
        for segment in route.segments:
            m = _VAR.match(segment)
            if m is None:
                nxt = node.children.get(segment)
                if nxt is None:
                    nxt = node.children[segment] = Node(f"{node.template}/{segment}")
                node = nxt
                continue
            var = m.group(1)
            if node.var_node is None:
                node.var = var
                node.var_node = Node(f"{node.template}/{{{var}}}")
            elif node.var != var:
                raise ValueError(
                    f"{route.path}: two variables at {node.template or '/'} "
                    f"({{{node.var}}} and {{{var}}})"
                )
            node = node.var_node
        if node.route is None or node.route.deprecated:
            node.route = route

    def __iter__(self) -> Iterator[Route]:
        return iter(self.by_name.values())

    def __len__(self) -> int:
        return len(self.by_name)

    def __getitem__(self, name: str) -> Route:
        return self.by_name[name]

    def match(self, path: str) -> tuple[Route, dict[str, str]] | None:
        """Find the route serving ``path`` (segments already unquoted), fixed names first.

        A server matches the same few paths over and over: the answers for recent paths
        are kept (a bounded map, started afresh when full); each caller gets its own
        ``params``."""
        known = self._matched
        found = known.get(path, _UNSEEN)
        if found is _UNSEEN:  # one lookup: another thread may clear the map meanwhile
            if len(known) >= _MATCHES_KEPT:
                known.clear()
            found = known[path] = _match(self.root, [s for s in path.split("/") if s], 0, {})
        return None if found is None else (found[0], dict(found[1]))


_MATCHES_KEPT = 1024
_UNSEEN: Any = object()


def _match(
    node: Node, segments: list[str], i: int, params: dict[str, str]
) -> tuple[Route, dict[str, str]] | None:
    if i == len(segments):
        return (node.route, params) if node.route is not None else None
    child = node.children.get(segments[i])
    if child is not None:
        found = _match(child, segments, i + 1, params)
        if found is not None:
            return found
    if node.var_node is not None and node.var is not None:
        found = _match(node.var_node, segments, i + 1, {**params, node.var: segments[i]})
        if found is not None:
            return found
    return None


_ALL_METHODS = {m: "" for m in ("GET", "POST", "PUT", "DELETE")}

_compiled: dict[int, tuple[Mapping[str, Any], RouteTable]] = {}


def route_table(routes: Mapping[str, Mapping[str, Any]]) -> RouteTable:
    """Compile ``routes`` once and reuse it (subclasses may bring their own mapping)."""
    hit = _compiled.get(id(routes))
    if hit is not None and hit[0] is routes:
        return hit[1]
    table = RouteTable(routes)
    _compiled[id(routes)] = (routes, table)
    return table


ROUTE_TABLE = route_table(ROUTES)


def template_defaults(table: RouteTable) -> dict[str, dict[str, Any]]:
    """Payload defaults keyed "<route template>_<method>", the original library's
    ``defaults.py`` shape that subclasses replacing ``__defaults__`` still use."""
    return {f"{route.path}_{method.lower()}": copy.deepcopy(dict(payload))
            for route in table for method, payload in route.defaults.items()}


DEFAULTS: dict[str, dict[str, Any]] = template_defaults(ROUTE_TABLE)
