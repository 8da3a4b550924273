"""A tiny HTML builder that escapes every text and attribute value it is given.

User content in MAX (display names, activity texts, context URLs) is hostile: the
page never pastes a string into HTML, it only passes it through :func:`el`.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Union

Child = Union["Markup", str, int, None, Iterable["Child"]]


class Markup(str):
    """Already-rendered HTML (only :func:`el` and :func:`raw` make one)."""


def raw(text: str) -> Markup:
    """Trusted markup written in this package (CSS, the script), never user data."""
    return Markup(text)


def render(child: Child) -> str:
    if child is None or child is False:
        return ""
    if isinstance(child, Markup):
        return str(child)
    if isinstance(child, (str, int)):
        return escape(str(child), quote=False)
    return "".join(render(c) for c in child)


def el(tag: str, *children: Child, **attrs: str | int | bool | None) -> Markup:
    """``<tag attrs>children</tag>``; ``class_`` is ``class``, ``data_x`` is ``data-x``,
    True renders a bare attribute, None/False leave it out."""
    parts = [tag]
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        parts.append(name if value is True else f'{name}="{escape(str(value), quote=True)}"')
    opening = "<" + " ".join(parts) + ">"
    if tag in ("input", "meta", "br", "link"):
        return Markup(opening)
    return Markup(f"{opening}{render(children)}</{tag}>")
