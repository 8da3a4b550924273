"""The original maxclient's named RPC helpers, with the shapes its callers rely on.

Fenced here so the RPC client's own machinery stays small: ``rpc.MaxClient`` mixes
this in. Each helper returns what the original returned (often just the content,
sometimes the whole ``(ok, status, content)`` tuple), quirks included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from .._core import path_segment
from ..protocol import context_hash
from ..routes import route_table

if TYPE_CHECKING:
    from ..rpc import Result

__all__ = ["NamedHelpers"]


class NamedHelpers:
    """Mixin for a client with ``GET``/``POST``/``PUT``/``DELETE``/``HEAD`` and ``__routes__``."""

    if TYPE_CHECKING:
        __routes__: Any
        actor: dict[str, str] | None

        def getActor(self) -> str: ...
        def GET(self, route: str, qs: Any = "") -> Result: ...
        def HEAD(self, route: str, qs: Any = "") -> Result: ...
        def POST(self, route: str, query: Any = None, upload_file: Any = None,
                 qs: Any = "") -> Result: ...
        def PUT(self, route: str, query: Any = None, qs: Any = "") -> Result: ...
        def DELETE(self, route: str, query: Any = None, qs: Any = "") -> Result: ...

    def _path_(self, name: str, **params: Any) -> str:
        route = route_table(type(self).__routes__)[name]
        actor = self.getActor()
        return route.expand(**{k: path_segment(k, v, actor) for k, v in params.items()})

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
        return self.PUT(self._path_("context", hash=context_hash(url)), properties)

    def add_tags_to_context(self, url: str, tags: list[str]) -> Result:
        return self.PUT(self._path_("context_tags", hash=context_hash(url)), tags)

    def remove_tag_from_context(self, url: str, tag: str) -> Result:
        return self.DELETE(self._path_("context_tag", hash=context_hash(url), tag=tag))

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
        return self.GET(self._path_("context", hash=context_hash(url)))[2]

    def deleteContext(self, url: str) -> Any:
        return self.DELETE(self._path_("context", hash=context_hash(url)))[2]

    def getContexts(self) -> Any:
        return self.GET(self._path_("contexts"))[2]

    def subscribe(self, url: str, otype: str = "context", username: str | None = None) -> Any:
        query = {"object": {"objectType": otype, "url": url}}
        return self.POST(self._path_("subscriptions", username=self._me_(username)), query)[2]

    def unsubscribe(self, url: str, otype: str = "context", username: str | None = None) -> Any:
        path = self._path_("context_subscription", hash=context_hash(url),
                           username=self._me_(username))
        return self.DELETE(path)[2]

    def subscribed_to_context(self, url: str) -> Any:
        return self.GET(self._path_("context_subscriptions", hash=context_hash(url)))[2]

    def subscribed(self) -> Any:
        return self.GET(self._path_("subscriptions", username=self.getActor()))[2]

    def _permission_(self, url: str, username: str | None, permission: str) -> str:
        return self._path_("context_user_permission", hash=context_hash(url),
                           username=self._me_(username), permission=permission)

    def grant_permission(
        self, url: str, username: str | None = None, permission: str = "read"
    ) -> Any:
        return self.PUT(self._permission_(url, username, permission))[2]

    def revoke_permission(
        self, url: str, username: str | None = None, permission: str = "write"
    ) -> Any:
        return self.DELETE(self._permission_(url, username, permission))[2]

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
        return self.POST(self._path_("context_activities", hash=context_hash(url)), query)

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
