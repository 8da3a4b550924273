"""``maxclient conformance``: the same seeded walk into two MAX servers, answers compared.

Each divergence is printed as the shortest sequence of requests that shows it,
then a table per route. A live server is only written to with --allow-writes,
under a namespace of its own (usernames and context URLs), cleaned up after.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def add_parser(sub: Any) -> None:
    p = sub.add_parser("conformance", help="compare two MAX servers (or MAX and the fake)",
                       description=__doc__)
    p.add_argument("--real", required=True, metavar="URL", help="the reference MAX")
    other = p.add_mutually_exclusive_group(required=True)
    other.add_argument("--fake", action="store_true", help="compare with an in-process fake")
    other.add_argument("--against", metavar="URL2", help="compare with another MAX")
    p.add_argument("--seed", type=int, action="append", metavar="N",
                   help="walk seed (repeatable; default 0)")
    p.add_argument("--steps", type=int, default=200, metavar="K", help="operations per seed")
    p.add_argument("--user", default="test_manager", metavar="MANAGER",
                   help="a user with the Manager role on both servers")
    p.add_argument("--token", metavar="T",
                   help="OAuth token sent for every walk user (the realmax harness accepts "
                        "any); without it tokens come from each server's OAuth")
    p.add_argument("--allow-writes", action="store_true",
                   help="let the walk create (and then delete) its own users, contexts, posts")
    p.add_argument("--reset", action="store_true",
                   help="empty the HTTP servers between walks (POST /__realmax__/reset): "
                        "only for the realmax harness or a throwaway server")
    p.add_argument("--no-shrink", action="store_true", help="report divergences unshrunk")
    p.add_argument("--shrink-replays", type=int, default=80, metavar="N",
                   help="replays spent shrinking each divergence (default 80)")
    p.add_argument("--shrink-seconds", type=float, default=60.0, metavar="S",
                   help="time spent shrinking each divergence (default 60)")
    p.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..conformance import FakeTarget, HttpTarget, WriteRefused, render, summary
    from ..conformance import run as run_walk

    def http(url: str, name: str) -> HttpTarget:
        return HttpTarget(url, token=args.token, name=name, reset=args.reset)

    first = http(args.real, "real")
    second = (FakeTarget(managers=(args.user,)) if args.fake
              else http(args.against, "against"))
    try:
        result = run_walk(first, second, seeds=args.seed or [0], steps=args.steps,
                          manager=args.user, allow_writes=args.allow_writes,
                          shrink_findings=not args.no_shrink,
                          shrink_replays=args.shrink_replays,
                          shrink_seconds=args.shrink_seconds,
                          progress=lambda line: print(line, file=sys.stderr, flush=True))
    except WriteRefused as exc:
        print(f"maxclient conformance: refusing to write: {exc}", file=sys.stderr)
        return 2
    finally:
        first.close()
        second.close()
    print(render(result))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(summary(result), f, indent=2, ensure_ascii=False)
    return 1 if result.unexplained else 0
