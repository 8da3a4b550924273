"""Answers made comparable: ids, hashes and dates replaced by what they stand for.

Each server's ids are mapped back to the walk's symbols (``<a3>``), context
hashes to ``<c0.hash>``, unknown ids to ``<id>``, timestamps to ``<date>``, and
the run's namespace is cut out of names, so two servers agree exactly when they
gave the same answer about the same objects.
"""

from __future__ import annotations

import re
from typing import Any

from .walk import Binding

__all__ = ["normalise"]

_OID = re.compile(r"^[0-9a-f]{24}$")
_SHA1 = re.compile(r"^[0-9a-f]{40}$")
_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?$")
_EMBEDDED_OID = re.compile(r"\b[0-9a-f]{24}\b")


def _string(value: str, binding: Binding) -> str:
    if _OID.match(value) or _SHA1.match(value):
        symbol = binding.symbol_for(value)
        return f"<{symbol}>" if symbol else ("<id>" if len(value) == 24 else "<hash>")
    if _DATE.match(value):
        return "<date>"
    if binding.ns in value:
        value = value.replace(binding.ns, "")
    if "/" in value and _EMBEDDED_OID.search(value):  # urls such as /activities/{id}/image
        value = _EMBEDDED_OID.sub(lambda m: f"<{binding.symbol_for(m.group()) or 'id'}>", value)
    return value


def normalise(value: Any, binding: Binding) -> Any:
    """A copy of a JSON answer with this server's ids, dates and names made symbolic."""
    if isinstance(value, str):
        return _string(value, binding)
    if isinstance(value, list):
        return [normalise(v, binding) for v in value]
    if isinstance(value, dict):
        return {(_string(k, binding) if isinstance(k, str) else k): normalise(v, binding)
                for k, v in value.items()}
    return value
