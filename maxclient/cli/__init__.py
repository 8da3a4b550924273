"""The ``maxclient`` command: serve a dev MAX, call it, list routes, run a demo,
snapshot a live MAX.

Each sub-command lives in its own module with ``add_parser`` and ``run``; ``main``
returns the exit code so tests can call it directly.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import call, conformance, demo, routes, serve, snapshot

__all__ = ["DEFAULT_MANAGER", "main"]

DEFAULT_MANAGER = "test_manager"
"""The Manager of the served and embedded fakes when none is named (MAX tests' name)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="maxclient", description="Client and dev tools for the MAX activity-stream API.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (serve, call, routes, demo, snapshot, conformance):
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else sys.argv[1:])
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130
