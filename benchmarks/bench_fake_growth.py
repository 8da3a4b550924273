"""Does a page of the fake cost the same at 100, 1,000 and 10,000 activities?

Seeds activities by one user in a subscribed context through the model, then times
``limit=10`` timeline and context-activity pages and a HEAD count on
``/people/{u}/activities`` through the full WSGI pipeline (``server.call``).
Run: ``.venv/bin/python benchmarks/bench_fake_growth.py``.
"""

from __future__ import annotations

import time

from maxclient.testing import FakeMaxServer

SIZES = (100, 1_000, 10_000)
REPEAT = 300


def build(size: int) -> tuple[FakeMaxServer, str]:
    server = FakeMaxServer(managers=["test_manager"])
    backend = server.backend
    user, _ = backend.people.create("bench", creator="test_manager")
    ctx, _ = backend.contexts.create(
        {"url": "http://bench", "permissions": {"read": "subscribed", "write": "subscribed"}},
        "test_manager")
    backend.contexts.subscribe(user, ctx, "test_manager")
    actor = {"objectType": "person", "username": "bench", "displayName": "bench"}
    for i in range(size):
        backend.activities.create_post(actor, "bench",
                                       {"objectType": "note", "content": f"post {i}"},
                                       context=ctx)
    return server, ctx["hash"]


def per_call(server: FakeMaxServer, method: str, path: str, query: str) -> float:
    status, _ = server.call(method, path, as_user="bench", query=query)
    assert status == 200, (path, status)
    start = time.perf_counter()
    for _ in range(REPEAT):
        server.call(method, path, as_user="bench", query=query)
    return (time.perf_counter() - start) / REPEAT * 1e6


def main() -> None:
    print(f"{'activities':>10} {'timeline':>10} {'context':>10} {'HEAD count':>11}  (us/call)")
    for size in SIZES:
        server, key = build(size)
        timeline = per_call(server, "GET", "/people/bench/timeline", "limit=10")
        context = per_call(server, "GET", f"/contexts/{key}/activities", "limit=10")
        head = per_call(server, "HEAD", "/people/bench/activities", "")
        print(f"{size:>10} {timeline:>10.0f} {context:>10.0f} {head:>11.0f}")


if __name__ == "__main__":
    main()
