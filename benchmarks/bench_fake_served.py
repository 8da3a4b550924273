"""Served over loopback: the fake's server CPU per request against a waitress app
answering canned JSON (issue 13, goal 3: ratio ≤ 1.5), and the journal bounded.

Each server runs in its own process (so its CPU time is its own, read from the OS),
with the same waitress settings; client threads send the same mix to both: GET a
user and GET a 10-item timeline page. The canned app answers the very bytes the fake
answers.

    .venv/bin/python benchmarks/bench_fake_served.py [--requests 3000] [--threads 8]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
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
    """CPU time when the driver starts, then when it is done; then wait to be stopped."""
    conn.recv()
    conn.send({"cpu": _cpu()})
    conn.recv()
    conn.send({"cpu": _cpu(), **extra()})
    conn.recv()


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


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


def _run(target: Any, args: tuple[Any, ...], count: int, threads: int
         ) -> tuple[float, float, dict[str, Any]]:
    mine, theirs = mp.Pipe()
    process = mp.Process(target=target, args=(theirs, *args), daemon=True)
    process.start()
    hello = mine.recv()
    _drive(hello["url"], hello["headers"], min(200, count), threads)  # warm up
    mine.send("go")
    warm = mine.recv()
    wall = _drive(hello["url"], hello["headers"], count, threads)
    mine.send("again")
    done = mine.recv()
    mine.send("stop")
    process.join(timeout=10)
    return (done["cpu"] - warm["cpu"]) / count * 1e3, wall, {**hello, **done}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()

    fake_ms, fake_wall, fake = _run(_serve_fake, (args.threads,), args.requests, args.threads)
    bodies = {k: v.encode("utf-8") for k, v in fake["bodies"].items()}
    canned_ms, canned_wall, _ = _run(_serve_canned, (args.threads, bodies), args.requests,
                                     args.threads)
    print(f"{args.requests} requests ({', '.join(PATHS)}), {args.threads} client threads")
    print(f"  canned waitress app   {canned_ms:6.3f} ms server CPU/request  "
          f"{args.requests / canned_wall:7.0f} req/s")
    print(f"  fake MAX served       {fake_ms:6.3f} ms server CPU/request  "
          f"{args.requests / fake_wall:7.0f} req/s")
    ratio = fake_ms / canned_ms
    print(f"  ratio {ratio:.2f} (goal ≤ {GOAL}) {'ok' if ratio <= GOAL else 'OVER'}")
    print(f"  journal: {fake['journal']} calls kept (limit {fake['journal_limit']})")
    print(json.dumps({"ratio": round(ratio, 3)}))


if __name__ == "__main__":
    main()
