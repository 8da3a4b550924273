"""The REST client vs a bare ``requests.Session`` on the same 3-call mix over loopback.

One mix = GET a user + POST an activity + GET a 10-item page, against a waitress app
answering canned JSON. Both sides send the same headers and bodies; rounds alternate
so drift on a shared machine hits both. Goal (issue 13): ratio <= 0.85. Also times
resolving ``client.people['x'].activities`` (goal: well under 10 us).

    .venv/bin/python benchmarks/bench_client.py [--rounds 15] [--mixes 100] [--env 150]

``--env N`` adds N dummy environment variables first (a CI has ~150), since requests
re-reads the environment on every request and maxclient reads it once per origin.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
import timeit

import requests

from maxclient.rest import MaxClient
from maxclient.testing.serving import serve_wsgi

USER = json.dumps({"id": "0" * 24, "username": "bench", "displayName": "Bench",
                   "objectType": "person", "subscribedTo": [], "following": []}).encode()
ACTIVITY = {"id": "1" * 24, "objectType": "activity", "verb": "post",
            "actor": {"username": "bench", "objectType": "person"},
            "object": {"objectType": "note", "content": "hello"},
            "published": "2026-12-02T00:00:00Z", "replies": [], "likes": []}
POSTED = json.dumps(ACTIVITY).encode()
PAGE = json.dumps([dict(ACTIVITY, id=f"{i:024x}") for i in range(10)]).encode()


def app(environ, start_response):
    method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
    length = int(environ.get("CONTENT_LENGTH") or 0)
    if length:
        environ["wsgi.input"].read(length)
    if method == "POST":
        status, body = "201 Created", POSTED
    elif path.endswith("/timeline"):
        status, body = "200 OK", PAGE
    else:
        status, body = "200 OK", USER
    start_response(status, [("Content-Type", "application/json"),
                            ("Content-Length", str(len(body)))])
    return [body]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--mixes", type=int, default=100, help="3-call mixes per round")
    parser.add_argument("--env", type=int, default=0, help="dummy environment variables")
    args = parser.parse_args()
    for i in range(args.env):
        os.environ[f"BENCH_DUMMY_{i}"] = "x" * 20

    with serve_wsgi(app, threads=4) as url:
        client = MaxClient(url, actor="bench")
        client.setToken("token")
        me = client.people["bench"]
        session = requests.Session()
        headers = client.OAuth2AuthHeaders()
        base = f"{url}/people/bench"

        def via_client() -> None:
            me.get()
            me.activities.post(object_content="hello")
            me.timeline.get(qs={"limit": 10})

        def via_session() -> None:
            session.get(base, headers=headers).json()
            session.post(base + "/activities", headers=headers,
                         json={"object": {"objectType": "note", "content": "hello"}}).json()
            session.get(base + "/timeline", params={"limit": 10}, headers=headers).json()

        for fn in (via_client, via_session):  # warm the pools
            for _ in range(30):
                fn()
        ours, bare = [], []
        for _ in range(args.rounds):
            for fn, out in ((via_client, ours), (via_session, bare)):
                start = time.perf_counter()
                for _ in range(args.mixes):
                    fn()
                out.append((time.perf_counter() - start) / args.mixes / 3 * 1e6)
        ratios = [o / b for o, b in zip(ours, bare, strict=True)]
        c_us, b_us = statistics.median(ours), statistics.median(bare)
        print(f"environment variables : {len(os.environ)}")
        print(f"maxclient REST        : {c_us:8.1f} us/request (median of {args.rounds} rounds)")
        print(f"bare requests.Session : {b_us:8.1f} us/request")
        print(f"ratio                 : {statistics.median(ratios):8.3f}  "
              f"(median per round; range {min(ratios):.3f}-{max(ratios):.3f}; goal <= 0.85)")

        n = 200_000
        t = timeit.timeit(lambda: client.people["x"].activities, number=n) / n * 1e6
        print(f"people['x'].activities   : {t:6.2f} us (goal well under 10)")
        t = timeit.timeit(lambda: client.contexts["http://a/b"].activities, number=n) / n * 1e6
        print(f"contexts[url].activities : {t:6.2f} us (includes sha1 of the url)")
        client.close()
        session.close()


if __name__ == "__main__":
    main()
