"""A walk: a seeded sequence of API operations, written with symbols, not ids.

Operations name the objects they touch by symbol (``<u2>`` a user, ``<c0.hash>``
a context, ``<a5>`` an activity...), so one walk replays on any server and any
subset of it still makes sense: a symbol whose creation was dropped, or failed,
resolves to an id nobody has. :class:`Binding` turns symbols into one server's
names and ids, and back, for normalising its answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..protocol import context_hash

__all__ = ["Binding", "Op", "resolve"]

PLACEHOLDER = re.compile(r"<(\w+)(?:\.(url|hash))?>")
URL_ROOT = "http://conformance.test"
DANGLING_ID = "5a0000000000000000000000"
"""A well-formed id no server holds: what a symbol that was never created resolves to."""


@dataclass(frozen=True, slots=True)
class Op:
    """One request of the walk, in symbolic form.

    ``actor`` is the user sending it (a user symbol or ``M``, the manager);
    ``creates`` the symbol it brings into being (an answer's id binds it for
    activities, comments, conversations and messages); ``body`` may be bytes, to
    send malformed input.
    """

    index: int
    kind: str
    actor: str
    method: str
    path: str
    query: tuple[tuple[str, str], ...] = ()
    body: Any = None
    creates: str | None = None

    def symbols(self) -> set[str]:
        """Every symbol this request mentions (for slicing a walk before shrinking)."""
        text = " ".join([self.actor, self.path, repr(self.query), repr(self.body)])
        found = {m.group(1) for m in PLACEHOLDER.finditer(text)}
        found.add(self.actor)
        found.discard("ns")
        found.discard("M")
        if self.creates:
            found.add(self.creates)
        return found

    def show(self) -> str:
        """The request as a reader reproduces it (symbols kept)."""
        query = "&".join(f"{k}={v}" for k, v in self.query)
        line = f"{self.method} {self.path}{'?' + query if query else ''}  as {self.actor}"
        if isinstance(self.body, bytes):
            line += f"  body(raw)={self.body!r}"
        elif self.body is not None:
            line += f"  {_compact(self.body)}"
        return line


def _compact(body: Any) -> str:
    import json

    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def context_url(ns: str, symbol: str) -> str:
    return f"{URL_ROOT}/{ns}/{symbol}"


sha1 = context_hash  # how MAX addresses a context: one rule, in maxclient.protocol


@dataclass
class Binding:
    """One server's view of the symbols: names from the namespace, ids from answers."""

    ns: str
    manager: str
    ids: dict[str, str] = field(default_factory=dict)
    _back: dict[str, str] = field(default_factory=dict)

    def user(self, symbol: str) -> str:
        return self.manager if symbol == "M" else f"{self.ns}{symbol}"

    def bind(self, symbol: str, value: str) -> None:
        self.ids[symbol] = value
        self._back[value] = symbol

    def aliases(self, symbol: str) -> set[str]:
        """Every symbol bound to the same object (a two-person conversation started
        again is the old one): answers name it by the latest."""
        value = self.ids.get(symbol)
        if value is None:
            return {symbol}
        return {s for s, v in self.ids.items() if v == value}

    def value(self, symbol: str, attr: str | None) -> str:
        if symbol == "ns":
            return self.ns
        if symbol == "M":
            return self.manager
        if attr is not None:  # a context: its url, or its hash (remembered for answers)
            url = context_url(self.ns, symbol)
            digest = sha1(url)
            self._back.setdefault(digest, f"{symbol}.hash")
            return url if attr == "url" else digest
        if symbol[0] in "ut":  # users and device tokens are named, not assigned
            return f"{self.ns}{symbol}"
        return self.ids.get(symbol, DANGLING_ID)

    def symbol_for(self, value: str) -> str | None:
        """The symbol an id or hash stands for in this walk, if it is one of ours."""
        return self._back.get(value)


def resolve(value: Any, binding: Binding) -> Any:
    """``value`` with every placeholder replaced by this server's name or id."""
    if isinstance(value, str):
        return PLACEHOLDER.sub(lambda m: binding.value(m.group(1), m.group(2)), value)
    if isinstance(value, list):
        return [resolve(v, binding) for v in value]
    if isinstance(value, tuple):
        return tuple(resolve(v, binding) for v in value)
    if isinstance(value, dict):
        return {k: resolve(v, binding) for k, v in value.items()}
    return value
