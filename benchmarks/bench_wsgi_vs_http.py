"""The same client calls over the WSGI transport (in process) and loopback HTTP.

Both clients talk to ONE FakeMaxServer (served by waitress for HTTP), and the
calls are interleaved (wsgi, http, wsgi, http...) so drift hits both alike.
Prints the median µs per call and the HTTP/WSGI ratio.

    .venv/bin/python benchmarks/bench_wsgi_vs_http.py [rounds]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from maxclient import rest, wsgi
from maxclient.testing import FakeMaxServer

USER = "bench"


def _calls(client: rest.MaxClient, tag: str) -> dict[str, Callable[[int], Any]]:
    return {
        "GET /people/{u}": lambda i: client.people[USER].get(),
        "POST activity": lambda i: client.people[USER].activities.post(
            object_content=f"{tag} {i}"),
        "GET timeline limit=10": lambda i: client.people[USER].timeline.get(qs={"limit": 10}),
    }


def main(rounds: int = 300) -> None:
    fake = FakeMaxServer(managers=[USER])
    fake.create_user(USER)
    with fake.serve():
        over_wsgi = wsgi.MaxClient(fake.wsgi_app, actor=USER)
        over_http = rest.MaxClient(fake.url, actor=USER, retries=0)
        for c in (over_wsgi, over_http):
            c.setToken(fake.token_for(USER))
        clients = {"wsgi": _calls(over_wsgi, "w"), "http": _calls(over_http, "h")}
        for calls in clients.values():  # warm up pools, imports, caches
            for fn in calls.values():
                for i in range(10):
                    fn(-i - 1)
        times: dict[tuple[str, str], list[float]] = {}
        for i in range(rounds):
            for name in clients["wsgi"]:
                for kind in ("wsgi", "http"):
                    start = time.perf_counter()
                    clients[kind][name](i)
                    times.setdefault((name, kind), []).append(time.perf_counter() - start)
        over_http.close()
    print(f"{rounds} rounds, median µs per call (one fake, interleaved)")
    print(f"{'call':24} {'wsgi':>9} {'http':>9} {'http/wsgi':>10}")
    for name in clients["wsgi"]:
        w = statistics.median(times[(name, "wsgi")]) * 1e6
        h = statistics.median(times[(name, "http")]) * 1e6
        print(f"{name:24} {w:9.0f} {h:9.0f} {h / w:10.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
