"""The fake's own cost, measured side by side in one run (issue 13, goals 2 and 5).

- through ``responses``: a ``requests.Session`` GET of a 10-item timeline page via the
  fake's ``responses`` mount, against a bare ``responses`` callback answering the very
  same bytes (the mocking library's floor). Goal: ratio ≤ 1.2.
- the WSGI app alone (environ prepared, no client): ``GET /people/{u}`` (goal ≤ 60 µs)
  and a 10-item timeline page (goal ≤ 150 µs).
- fixture setup: what ``max_server`` + ``max_client`` do (a fresh ``FakeMaxServer``
  mounted in ``responses``, the manager's user created, a token minted in process).
  Goal: ≤ 1 ms. For comparison, the same with a
  ``responses`` mount and a password login through the fake OAuth.

Variants are interleaved round by round and the median of each is kept, so load on
a shared machine hits all of them alike.

    .venv/bin/python benchmarks/bench_fake.py [--rounds 300] [--batch 20]
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable
from typing import Any

import requests
import responses

from maxclient.testing import FakeMaxServer
from maxclient.transports.wsgi import environ_for

USER = "bench.user"
GOALS = {"responses ratio": 1.2, "GET user µs": 60, "page µs": 150, "fixture ms": 1.0}


def _environ_maker(server: FakeMaxServer, path: str, query: str = "") -> Callable[[], dict]:
    base = environ_for("GET", f"{server.url}{path}?{query}", server.auth_headers(USER))

    def make() -> dict[str, Any]:
        environ = dict(base)
        environ["wsgi.input"] = io.BytesIO(b"")
        return environ

    return make


def _fixture() -> None:
    """What ``max_server`` + ``max_client`` cost: the responses mount, the manager's
    user created, a token minted in-process (the plugin's own ``client_factory``)."""
    from maxclient.testing.plugin import client_factory

    server = FakeMaxServer(managers=[USER])
    with server.mock_requests():
        client_factory(server)(USER)


def _fixture_with_login() -> None:
    """What a fixture costs when it mounts responses and logs in with a password."""
    from maxclient.rest import MaxClient

    server = FakeMaxServer(managers=[USER])
    with server.mock_requests():
        client = MaxClient(server.url, oauth_server=server.oauth_url)
        client.login(USER, "secret")


def measure(variants: dict[str, Callable[[], Any]], rounds: int, batch: int
            ) -> dict[str, float]:
    """Median µs per call of each variant, interleaved in batches."""
    samples: dict[str, list[float]] = {name: [] for name in variants}
    for fn in variants.values():
        for _ in range(batch):
            fn()
    for _ in range(rounds):
        for name, fn in variants.items():
            start = time.perf_counter()
            for _ in range(batch):
                fn()
            samples[name].append((time.perf_counter() - start) / batch * 1e6)
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--batch", type=int, default=20)
    args = parser.parse_args()

    server = FakeMaxServer(managers=["bench.admin"])
    server.seed({"users": [USER],
                 "activities": [{"username": USER, "content": f"post {i} #tag"}
                                for i in range(50)]})
    server.journal.limit = 1000
    path = f"/people/{USER}/timeline"
    url = f"{server.url}{path}"
    status, _ = server.call("GET", path, as_user=USER, query="limit=10")
    assert status == 200
    user_env, page_env = _environ_maker(server, f"/people/{USER}"), \
        _environ_maker(server, path, "limit=10")

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        return None

    page_bytes = b"".join(server.wsgi_app(page_env(), start_response))
    headers = {"Content-Type": "application/json"}
    session = requests.Session()
    session.headers.update(server.auth_headers(USER))
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps, \
            server.mock_requests(rsps):
        rsps.add_callback(responses.GET, f"http://bare.test{path}",
                          callback=lambda request: (200, headers, page_bytes))
        assert session.get(url, params={"limit": 10}).content == page_bytes
        timings = measure({
            "bare responses callback": lambda: session.get(f"http://bare.test{path}",
                                                          params={"limit": 10}),
            "fake through responses": lambda: session.get(url, params={"limit": 10}),
            "WSGI app: GET user": lambda: server.wsgi_app(user_env(), start_response),
            "WSGI app: 10-item page": lambda: server.wsgi_app(page_env(), start_response),
            "fixture: server + client": _fixture,
        }, args.rounds, args.batch)
    timings.update(measure({"fixture: mock + password login": _fixture_with_login},
                           max(10, args.rounds // 10), 5))

    for name, value in timings.items():
        print(f"  {name:28s} {value:9.1f} µs")
    ratio = timings["fake through responses"] / timings["bare responses callback"]
    figures = {"responses ratio": ratio, "GET user µs": timings["WSGI app: GET user"],
               "page µs": timings["WSGI app: 10-item page"],
               "fixture ms": timings["fixture: server + client"] / 1000}
    for name, value in figures.items():
        verdict = "ok" if value <= GOALS[name] else "OVER"
        print(f"  {name:28s} {value:9.3f}  (goal ≤ {GOALS[name]})  {verdict}")


if __name__ == "__main__":
    main()
