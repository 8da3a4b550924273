"""Cost of saving and restoring a fake's state as it grows: ``dump()``, JSON text,
``load()``, and one ``/_fake/`` overview render.

Builds the state through the fake's in-process ``call`` (users, one context each
subscribed, N posts with a comment and a like each), then times each step.

    .venv/bin/python benchmarks/bench_state.py [posts ...]
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from maxclient.protocol import context_hash
from maxclient.testing import FakeMaxServer
from maxclient.testing.dashboard import dashboard_app

URL = "http://bench.test/context"


def build(posts: int) -> FakeMaxServer:
    server = FakeMaxServer(managers=["boss"])
    server.call("POST", "/people", {"username": "boss"})
    users = [f"user{n}" for n in range(max(posts // 20, 2))]
    for name in users:
        server.call("POST", "/people", {"username": name})
    server.call("POST", "/contexts", {"url": URL, "permissions": {"write": "subscribed",
                                                                    "read": "subscribed"}})
    chash = context_hash(URL)
    for name in users:
        server.call("POST", f"/contexts/{chash}/subscriptions",
                    {"actor": {"objectType": "person", "username": name},
                     "object": {"objectType": "context", "url": URL}})
    for n in range(posts):
        author = users[n % len(users)]
        _, post = server.call("POST", f"/contexts/{chash}/activities",
                              {"object": {"objectType": "note", "content": f"post {n}"}},
                              as_user=author)
        server.call("POST", f"/activities/{post['id']}/comments",
                    {"object": {"objectType": "note", "content": f"re {n}"}},
                    as_user=users[(n + 1) % len(users)])
        server.call("POST", f"/activities/{post['id']}/likes", None,
                    as_user=users[(n + 2) % len(users)])
    return server


def timed(action: Any, repeat: int = 3) -> tuple[float, Any]:
    """Best of ``repeat`` runs, in ms."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best * 1000, result


def render(server: FakeMaxServer) -> bytes:
    out: list[Any] = []
    body = dashboard_app(server, {"REQUEST_METHOD": "GET", "PATH_INFO": "/_fake/"},
                         lambda status, headers: out.append(status))
    return b"".join(body)


def main() -> None:
    # (the machine is shared: figures are best-of-3 and still vary between runs)
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 5000, 20000]
    print(f"{'posts':>7} {'dump ms':>9} {'json ms':>9} {'MB':>6} {'load ms':>9} "
          f"{'page ms':>9}")
    for posts in sizes:
        server = build(posts)
        dump_ms, state = timed(server.dump)
        json_ms, text = timed(lambda: json.dumps(state))  # noqa: B023
        parsed = json.loads(text)
        copy = FakeMaxServer(managers=["boss"])
        load_ms, _ = timed(lambda: copy.load(parsed))  # noqa: B023
        assert copy.dump() == state
        page_ms, _ = timed(lambda: render(server))  # noqa: B023
        print(f"{posts:>7} {dump_ms:>9.1f} {json_ms:>9.1f} {len(text) / 1e6:>6.1f} "
              f"{load_ms:>9.1f} {page_ms:>9.1f}")


if __name__ == "__main__":
    main()
