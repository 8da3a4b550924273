"""The ``maxclient`` command: serve a dev MAX, call it, list routes, run a demo,
snapshot a live MAX.

Each sub-command lives in its own module with ``add_parser`` and ``run``; ``main``
returns the exit code so tests can call it directly. Sub-commands import what they
need when they run, so ``--help``, ``routes`` and ``call --url`` work with the core
dependencies alone; a missing extra is named in one line.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .._version import version
from ..testing.defaults import DEFAULT_MANAGER
from . import call, conformance, demo, routes, serve, snapshot

__all__ = ["DEFAULT_MANAGER", "main"]

INSTALL_HINT = "pip install 'maxclient[testing]'"
SIGPIPE_EXIT = 141  # 128 + SIGPIPE, what a shell reports for a writer whose reader left


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="maxclient", description="Client and dev tools for the MAX activity-stream API.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
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
    except BrokenPipeError:
        # The reader left early (``maxclient demo | head -1``): stop quietly, as Unix
        # tools do, and keep the interpreter's final flush from failing again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return SIGPIPE_EXIT
    except ModuleNotFoundError as exc:
        print(f"maxclient {args.command}: needs the testing extra ({exc.name} is not "
              f"installed): {INSTALL_HINT}", file=sys.stderr)
        return 2
