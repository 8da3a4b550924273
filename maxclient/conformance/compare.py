"""Where two normalised answers differ, each difference named by kind and place.

Kinds: ``status``, ``error`` (MAX's error name), ``count`` (HEAD totals),
``missing``/``extra`` (a field one side lacks), ``type``, ``value``, ``length``
and ``order`` (a list with the same items in another order). Places are JSON
paths with list positions folded (``items[].object.keywords``) so the same fault
seen on many steps is one kind of divergence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .targets import Answer

__all__ = ["Divergence", "compare"]

UNORDERED = frozenset({"keywords"})
"""Fields MAX builds from a set: their order is Python 2's hash order, not a contract."""


@dataclass(frozen=True, slots=True)
class Divergence:
    kind: str
    where: str
    first: Any
    second: Any

    def describe(self) -> str:
        place = f" at {self.where}" if self.where else ""
        return f"{self.kind}{place}: {_short(self.first)} vs {_short(self.second)}"


def _short(value: Any, limit: int = 120) -> str:
    text = value if isinstance(value, str) and value.startswith("<absent") else json.dumps(
        value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def compare(first: Answer, second: Answer, first_body: Any, second_body: Any
            ) -> list[Divergence]:
    """The differences between two answers (bodies already normalised)."""
    if first.status != second.status:
        return [Divergence("status", "", first.status, second.status)]
    if first.error is not None or second.error is not None:
        if first.error != second.error:
            return [Divergence("error", "error", first.error, second.error)]
        return []  # same error: descriptions are prose and may be worded differently
    if _pyramid_error(first_body) and _pyramid_error(second_body):
        if first_body["code"] != second_body["code"]:  # messages name MAX's view functions
            return [Divergence("error", "code", first_body["code"], second_body["code"])]
        return []
    out: list[Divergence] = []
    count = ("x-totalitems", first.headers.get("x-totalitems"),
             second.headers.get("x-totalitems"))
    if count[1] != count[2]:
        out.append(Divergence("count", "X-totalItems", count[1], count[2]))
    _diff(first_body, second_body, "", out)
    return out


def _pyramid_error(body: Any) -> bool:
    """Pyramid's own HTTP error as JSON (``{"code": "404 Not Found", "title", "message"}``)."""
    return isinstance(body, dict) and set(body) == {"code", "title", "message"}


def _sortable(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _diff(a: Any, b: Any, path: str, out: list[Divergence]) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in a.keys() - b.keys():
            out.append(Divergence("missing", _join(path, key), a[key], "<absent>"))
        for key in b.keys() - a.keys():
            out.append(Divergence("extra", _join(path, key), "<absent>", b[key]))
        for key in a.keys() & b.keys():
            _diff(a[key], b[key], _join(path, key), out)
        return
    if isinstance(a, list) and isinstance(b, list):
        leaf = path.rsplit(".", 1)[-1]
        if leaf in UNORDERED:
            a, b = sorted(a, key=_sortable), sorted(b, key=_sortable)
        if len(a) != len(b):
            out.append(Divergence("length", path, a, b))
            return
        if a != b and sorted(map(_sortable, a)) == sorted(map(_sortable, b)):
            out.append(Divergence("order", path, a, b))
            return
        for x, y in zip(a, b, strict=False):
            _diff(x, y, path + "[]", out)
        return
    if type(a) is not type(b) and not (_number(a) and _number(b)):
        out.append(Divergence("type", path, a, b))
    elif a != b:
        out.append(Divergence("value", path, a, b))


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _join(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)
