"""Per-request overhead of the REST client vs a bare ``requests.Session``.

Serves a tiny JSON app with waitress on a free loopback port, then times
interleaved rounds of the same GET (same headers) through both, plus the cost
of resolving ``client.people['x'].activities``. Goals: ratio <= 1.05, path
resolution well under 10 us.

    .venv/bin/python benchmarks/bench_client.py [rounds] [requests_per_round]
"""

from __future__ import annotations

import statistics
import sys
import threading
import time
import timeit

import requests
from waitress.server import create_server

from maxclient.rest import MaxClient

BODY = b'[{"id": "000000000000000000000001", "objectType": "activity"}]'


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "application/json"),
                              ("Content-Length", str(len(BODY)))])
    return [BODY]


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    per_round = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    url = f"http://127.0.0.1:{server.effective_port}"

    client = MaxClient(url, actor="bench")
    client.setToken("token")
    resource = client.people["bench"].activities
    session = requests.Session()
    target = url + "/people/bench/activities"

    def via_client() -> None:
        resource.get()

    def via_session() -> None:
        r = session.get(target, headers=client.OAuth2AuthHeaders())
        r.json()

    for fn in (via_client, via_session):  # warm pools
        for _ in range(50):
            fn()

    ours, bare = [], []
    for _ in range(rounds):
        for fn, out in ((via_client, ours), (via_session, bare)):
            start = time.perf_counter()
            for _ in range(per_round):
                fn()
            out.append((time.perf_counter() - start) / per_round * 1e6)

    c_us, b_us = statistics.median(ours), statistics.median(bare)
    print(f"maxclient REST GET : {c_us:8.1f} us/request (median of {rounds} rounds)")
    print(f"bare requests GET  : {b_us:8.1f} us/request")
    print(f"ratio              : {c_us / b_us:8.3f}  (goal <= 1.05)")

    n = 200_000
    t = timeit.timeit(lambda: client.people["x"].activities, number=n) / n * 1e6
    print(f"people['x'].activities      : {t:6.2f} us (goal well under 10)")
    t = timeit.timeit(lambda: client.contexts["http://a/b"].activities, number=n) / n * 1e6
    print(f"contexts[url].activities    : {t:6.2f} us (includes sha1 of the url)")
    server.close()


if __name__ == "__main__":
    main()
