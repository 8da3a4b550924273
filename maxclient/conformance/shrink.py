"""Shrinking a divergence to the shortest walk that still shows it.

As Hypothesis shrinks a failing example: first the walk is sliced to the
operations that made or touched the objects the diverging request names, then
chunks are deleted, halving their size down to single operations (ddmin), each
deletion kept only if a fresh replay still shows the same divergence.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from .walk import Op

__all__ = ["shrink", "walk_slice"]

Check = Callable[[Sequence[Op]], bool]


def walk_slice(prefix: Sequence[Op]) -> list[Op]:
    """The ops before ``prefix[-1]`` that create what it needs, or touch what it names."""
    last = prefix[-1]
    needed = set(last.symbols())
    changed = True
    while changed:  # creators bring in what they themselves need (author, context...)
        changed = False
        for op in prefix[:-1]:
            if op.creates in needed and not op.symbols() <= needed:
                needed |= op.symbols()
                changed = True
    return [op for op in prefix[:-1] if op.symbols() & needed] + [last]


def shrink(prefix: Sequence[Op], check: Check, *, max_replays: int = 80,
           deadline: float | None = None) -> list[Op]:
    """The smallest sub-walk ending in ``prefix[-1]`` for which ``check`` holds."""
    replays = 0

    def holds(ops: Sequence[Op]) -> bool:
        nonlocal replays
        replays += 1
        return check(ops)

    def spent() -> bool:
        return replays >= max_replays or (deadline is not None and time.monotonic() > deadline)

    last = prefix[-1]
    candidate = walk_slice(prefix)
    if len(candidate) < len(prefix) and not holds(candidate):
        candidate = list(prefix)  # the divergence needs something global; start from all
    body = list(candidate[:-1])
    granularity = 2
    while body and not spent():
        chunk = max(1, -(-len(body) // granularity))
        for start in range(0, len(body), chunk):
            if spent():
                break
            trial = body[:start] + body[start + chunk:]
            if holds([*trial, last]):
                body = trial
                granularity = max(granularity - 1, 2)
                break
        else:
            if chunk == 1:
                break
            granularity = min(len(body), granularity * 2)
    return [*body, last]
