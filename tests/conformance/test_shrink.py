"""Shrinking keeps exactly what a divergence needs (checked over generated walks)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from maxclient.conformance.shrink import shrink
from maxclient.conformance.walk import Op


def _walk(n: int) -> list[Op]:
    return [Op(index=i, kind="k", actor="M", method="GET", path=f"/p{i}") for i in range(n)]


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=40).flatmap(
    lambda n: st.tuples(st.just(n), st.sets(st.integers(0, n - 1), max_size=5))))
def test_shrinking_keeps_exactly_the_needed_operations(case):
    n, needed = case
    walk = _walk(n + 1)  # the last op is the diverging request, always kept

    def check(ops):
        assert ops[-1] is walk[-1]
        return needed <= {op.index for op in ops}

    shrunk = shrink(walk, check, max_replays=10_000)
    assert [op.index for op in shrunk] == [*sorted(needed), n]


def test_shrinking_stops_at_its_replay_budget():
    calls = []
    walk = _walk(200)

    def check(ops):
        calls.append(len(ops))
        return any(op.index == 150 for op in ops)

    shrunk = shrink(walk, check, max_replays=3)
    assert len(calls) == 3
    assert 150 in [op.index for op in shrunk] and len(shrunk) < 200
