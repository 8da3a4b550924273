"""The iteration order of a Python 2.7 dict, which MAX leaks into its answers.

MAX keeps a new conversation's participants in a dict keyed by username, so the
stored list, the default ``displayName`` (names joined) and the partner shown in
a two-person conversation follow CPython 2.7's string hash and open addressing
(hash randomisation off, as MAX runs). Reproduced here so the fake answers the
same order; checked against the real MAX by ``maxclient conformance``.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["dict_order"]

_MASK64 = (1 << 64) - 1
_MIN_SIZE = 8
_PERTURB_SHIFT = 5


def py2_hash(text: str) -> int:
    """CPython 2.7's ``hash()`` of a (unicode) string on a 64-bit build."""
    if not text:
        return 0
    x = (ord(text[0]) << 7) & _MASK64
    for char in text:
        x = ((1000003 * x) & _MASK64) ^ ord(char)
    x ^= len(text)
    if x >= 1 << 63:
        x -= 1 << 64
    return -2 if x == -1 else x


def _insert(table: list[str | None], key: str) -> None:
    mask = len(table) - 1
    perturb = py2_hash(key) & _MASK64
    i = perturb
    while table[i & mask] is not None:
        i = ((i << 2) + i + perturb + 1) & _MASK64
        perturb >>= _PERTURB_SHIFT
    table[i & mask] = key


def dict_order(keys: Iterable[str]) -> list[str]:
    """The order ``d.keys()`` gives after inserting ``keys`` into an empty 2.7 dict."""
    table: list[str | None] = [None] * _MIN_SIZE
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            continue
        seen.add(key)
        _insert(table, key)
        if len(seen) * 3 >= len(table) * 2:  # dictresize(mp, 4 * used), re-inserted in slot order
            size = _MIN_SIZE
            while size <= 4 * len(seen):
                size <<= 1
            old = [k for k in table if k is not None]
            table = [None] * size
            for k in old:
                _insert(table, k)
    return [k for k in table if k is not None]
