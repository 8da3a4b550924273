"""Requests per second through the fake MAX: bare WSGI, via responses, and responses alone.

The third figure is the mocking library's own cost (a callback that answers a fixed
JSON body), so the difference to the second is what the fake adds per request.

    python benchmarks/bench_fake.py [--rounds 2000]
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable
from typing import Any

import requests
import responses

from maxclient.testing import FakeMaxServer

USER = "bench.user"


def _environ(server: FakeMaxServer, path: str) -> dict[str, Any]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "limit=10",
        "CONTENT_LENGTH": "0", "wsgi.input": io.BytesIO(b""),
    }
    for name, value in server.auth_headers(USER).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    return environ


def rate(fn: Callable[[], Any], rounds: int) -> float:
    fn()
    start = time.perf_counter()
    for _ in range(rounds):
        fn()
    return rounds / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2000)
    rounds = parser.parse_args().rounds

    server = FakeMaxServer(managers=["bench.admin"])
    server.seed({"users": [USER],
                 "activities": [{"username": USER, "content": f"post {i}"} for i in range(50)]})
    path = f"/people/{USER}/timeline"
    url = server.url + path

    def bare_wsgi() -> None:
        server.wsgi_app(_environ(server, path), lambda status, headers: None)

    session = requests.Session()
    session.headers.update(server.auth_headers(USER))

    with server.mock_requests():
        assert session.get(url, params={"limit": 10}).status_code == 200
        through_responses = rate(lambda: session.get(url, params={"limit": 10}), rounds)
    server.journal.clear()
    wsgi = rate(bare_wsgi, rounds)

    body = server.call("GET", path, as_user=USER, query="limit=10")[1]
    with responses.RequestsMock() as rsps:
        rsps.add_callback(responses.GET, url, callback=lambda req: (200, {}, str(body)))
        responses_only = rate(lambda: session.get(url, params={"limit": 10}), rounds)

    print(f"timeline page (limit=10), {rounds} requests each")
    print(f"  bare WSGI app                 {wsgi:9.0f} req/s  {1e6 / wsgi:7.1f} µs/req")
    print(f"  requests + responses + fake   {through_responses:9.0f} req/s  "
          f"{1e6 / through_responses:7.1f} µs/req")
    print(f"  requests + responses alone    {responses_only:9.0f} req/s  "
          f"{1e6 / responses_only:7.1f} µs/req")
    added = 1e6 / through_responses - 1e6 / responses_only
    print(f"  the fake adds {added:.1f} µs per request on top of responses "
          f"({(1 / through_responses) / (1 / responses_only):.2f}x)")


if __name__ == "__main__":
    main()
