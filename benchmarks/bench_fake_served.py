"""Served over loopback: the fake's server CPU per request against a waitress app
answering canned JSON (issue 13, goal 3: ratio ≤ 1.5), and the journal bounded.

Each server runs in its own process (so its CPU time is its own, read from the OS),
with the same waitress settings; client threads send the same requests (auth headers
included) to both: GET a user and GET a 10-item timeline page. The canned app answers
the very bytes the fake answers.

On a shared two-core machine a round's ratio swings (0.9-2.4 over 400 requests: how
the client threads, waitress's loop and its workers happen to share the cores), so
the default is 40 interleaved rounds and the verdict is their median.

    .venv/bin/python benchmarks/bench_fake_served.py [--requests 16000] [--rounds 40]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests

GOAL = 1.5
USER = "bench"
PATHS = (f"/people/{USER}", f"/people/{USER}/timeline?limit=10")


def _serve_fake(conn: Any, threads: int) -> None:
    from maxclient.testing import FakeMaxServer

    fake = FakeMaxServer(managers=[USER])
    fake.seed({"users": [USER],
               "activities": [{"username": USER, "content": f"post {i}"} for i in range(50)]})
    with fake.serve(threads=threads) as live:
        bodies = {path: requests.get(live.url + path, headers=live.auth_headers(USER),
                                     timeout=10).content for path in PATHS}
        _report(conn, live.url, live.auth_headers(USER), bodies)
        _measure(conn, lambda: {"journal": len(fake.journal),
                                "journal_limit": fake.journal.limit})


def _serve_canned(conn: Any, threads: int, bodies: dict[str, bytes]) -> None:
    from maxclient.testing.serving import serve_wsgi

    by_path = {path.split("?")[0]: body for path, body in bodies.items()}

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        body = by_path[environ["PATH_INFO"]]
        start_response("200 OK", [("Content-Type", "application/json"),
                                  ("Content-Length", str(len(body)))])
        return [body]

    with serve_wsgi(app, threads=threads) as url:
        _report(conn, url, {}, bodies)
        _measure(conn, dict)


def _report(conn: Any, url: str, headers: dict[str, str], bodies: dict[str, bytes]) -> None:
    conn.send({"url": url, "headers": headers, "cpu": _cpu(),
               "bodies": {k: v.decode("utf-8") for k, v in bodies.items()}})


def _measure(conn: Any, extra: Any) -> None:
    """Answer the driver's "cpu" questions with this process's CPU time until "stop"."""
    while conn.recv() == "cpu":
        conn.send({"cpu": _cpu(), "switches": _switches(), **extra()})


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _switches() -> int:
    """Voluntary context switches so far: mostly threads waiting for the GIL, which
    grow with the time the app holds it."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_nvcsw


def _drive(url: str, headers: dict[str, str], count: int, threads: int) -> float:
    local = threading.local()

    def one(i: int) -> None:
        session = getattr(local, "session", None)
        if session is None:
            session = local.session = requests.Session()
        answer = session.get(url + PATHS[i % len(PATHS)], headers=headers, timeout=30)
        assert answer.status_code == 200

    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, range(count)))
    return time.perf_counter() - start


class _Server:
    """One server process and the pipe the driver asks it through."""

    def __init__(self, target: Any, args: tuple[Any, ...]) -> None:
        self.pipe, theirs = mp.Pipe()
        self.process = mp.Process(target=target, args=(theirs, *args), daemon=True)
        self.process.start()
        self.hello = self.pipe.recv()
        self.switches: list[float] = []

    def ask(self) -> dict[str, Any]:
        self.pipe.send("cpu")
        return self.pipe.recv()

    def round(self, count: int, threads: int) -> float:
        """Server CPU ms per request over ``count`` requests."""
        before = self.ask()
        _drive(self.hello["url"], self.hello["headers"], count, threads)
        after = self.ask()
        self.switches.append((after["switches"] - before["switches"]) / count)
        return (after["cpu"] - before["cpu"]) / count * 1e3

    def stop(self) -> None:
        self.pipe.send("stop")
        self.process.join(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=16000)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--threads", type=int, default=8, help="client threads")
    parser.add_argument("--server-threads", type=int, default=8, help="waitress threads")
    args = parser.parse_args()
    if args.rounds < 2:
        parser.error("--rounds: at least 2 (the verdict is a median of rounds)")

    served = args.server_threads
    fake = _Server(_serve_fake, (served,))
    bodies = {k: v.encode("utf-8") for k, v in fake.hello["bodies"].items()}
    canned = _Server(_serve_canned, (served, bodies))
    canned.hello["headers"] = fake.hello["headers"]  # the very same request bytes to both
    per_round = max(50, args.requests // args.rounds)
    for server in (fake, canned):  # warm up
        server.round(per_round, args.threads)
    fake_ms, canned_ms = [], []
    for _ in range(args.rounds):  # interleaved, so load drift hits both alike
        fake_ms.append(fake.round(per_round, args.threads))
        canned_ms.append(canned.round(per_round, args.threads))
    journal = fake.ask()
    fake.stop()
    canned.stop()
    ratios = sorted(f / c for f, c in zip(fake_ms, canned_ms, strict=True))
    ratio = statistics.median(ratios)
    print(f"{args.rounds} rounds of {per_round} requests ({', '.join(PATHS)}), "
          f"{args.threads} client threads, {served} server threads")
    for name, server, ms in (("canned waitress app", canned, canned_ms),
                             ("fake MAX served", fake, fake_ms)):
        print(f"  {name:20s}  {statistics.median(ms):6.3f} ms server CPU/request, "
              f"{statistics.median(server.switches):4.1f} context switches/request")
    quartiles = statistics.quantiles(ratios, n=4)
    print(f"  ratio {ratio:.2f} (median of rounds; middle half {quartiles[0]:.2f}.."
          f"{quartiles[2]:.2f}, all {ratios[0]:.2f}..{ratios[-1]:.2f}; of the medians "
          f"{statistics.median(fake_ms) / statistics.median(canned_ms):.2f}) "
          f"goal ≤ {GOAL}: {'ok' if ratio <= GOAL else 'OVER'}")
    print(f"  journal: {journal['journal']} calls kept (limit {journal['journal_limit']})")


if __name__ == "__main__":
    main()
