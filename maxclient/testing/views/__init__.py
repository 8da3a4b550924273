"""The fake's views, registered per (route name, method) of the shared route table.

Importing this package imports every view module, which fills ``VIEWS``. The
registry maps code, not state: all state lives in each ``FakeMaxServer``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ...routes import ROUTE_TABLE, Route, view_method

if TYPE_CHECKING:
    from ..http.reply import Reply
    from ..http.request import FakeRequest

ViewFunc = Callable[["FakeRequest"], "Reply"]


@dataclass(frozen=True)
class ViewSpec:
    func: ViewFunc
    public: bool = False
    # MAX looks the actor up lazily (a reified request property): a view that never
    # reads it (False) answers even when the caller has no user record, as a new
    # manager; "items": a listing that reads it per item found (an empty one answers).
    actor: bool | Literal["items"] = True


VIEWS: dict[tuple[str, str], ViewSpec] = {}


def view(route_name: str, *methods: str, public: bool = False,
         actor: bool | Literal["items"] = True) -> Callable[[ViewFunc], ViewFunc]:
    """Register ``func`` for ``route_name``; the name must exist in the route table."""
    if route_name not in ROUTE_TABLE.by_name:
        raise KeyError(f"{route_name!r} is not in the route table")

    def register(func: ViewFunc) -> ViewFunc:
        for method in methods:
            key = (route_name, method.upper())
            if key in VIEWS:
                raise KeyError(f"two views for {key}")
            VIEWS[key] = ViewSpec(func, public, actor)
        return func

    return register


def find(route: Route, method: str) -> ViewSpec | None:
    """The view serving ``method`` on ``route`` (HEAD is served by the GET view)."""
    return VIEWS.get((route.name, view_method(method)))


def _load_all() -> Any:
    from . import (  # noqa: F401
        activities,
        admin,
        comments,
        contexts,
        conversations,
        info,
        people,
        subscriptions,
        tokens,
    )


_load_all()
