"""Building request bodies: defaults, ``key_subkey`` expansion, uploads."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["copy_json", "expand", "file_field", "merge", "pop_uploads"]

_SPLIT = re.compile(r"[_.]")
_UPLOAD = re.compile(r"^upload_file_?(\w*)$")


def expand(kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """``{'object_content': x}`` -> ``{'object': {'content': x}}`` (also ``a.b``)."""
    out: dict[str, Any] = {}
    for key, value in kwargs.items():
        parts = [p for p in _SPLIT.split(key) if p] or [key]
        leaf = out
        for part in parts[:-1]:
            nxt = leaf.get(part)
            if not isinstance(nxt, dict):
                nxt = leaf[part] = {}
            leaf = nxt
        last = parts[-1]
        if isinstance(value, dict) and isinstance(leaf.get(last), dict):
            leaf[last] = merge(leaf[last], value)
        else:
            leaf[last] = value
    return out


def copy_json(value: Any) -> Any:
    """Copy of a JSON-shaped value, cheaper than ``copy.deepcopy``."""
    if isinstance(value, dict):
        return {k: copy_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy_json(v) for v in value]
    return value


def merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Recursive update of ``base`` (mutated and returned) with ``over``."""
    for key, value in over.items():
        current = base.get(key)
        if isinstance(current, dict) and isinstance(value, Mapping):
            base[key] = merge(current, value)
        else:
            base[key] = value
    return base


def pop_uploads(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Remove ``upload_file`` / ``upload_file_<field>`` kwargs; map field -> file."""
    found: dict[str, Any] = {}
    for key in [k for k in kwargs if k.startswith("upload_file")]:
        m = _UPLOAD.match(key)
        if m:
            found[m.group(1) or "file"] = kwargs.pop(key)
    return found


def file_field(obj: Any, default_name: str = "file") -> tuple[str, bytes, str | None]:
    """Read a file object (or bytes) into a transport file tuple."""
    if isinstance(obj, (bytes, bytearray)):
        return (default_name, bytes(obj), None)
    if isinstance(obj, tuple):
        name, content, *rest = obj
        data = content.read() if hasattr(content, "read") else content
        return (name, data, rest[0] if rest else None)
    name = getattr(obj, "name", None)
    filename = os.path.basename(name) if isinstance(name, str) and name else default_name
    data = obj.read()
    if isinstance(data, str):
        data = data.encode("utf-8")
    return (filename, data, None)
