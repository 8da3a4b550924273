"""``maxclient serve``: the fake MAX and its OAuth on one loopback port, for development.

Each manager's user record is created before serving (MAX itself keeps roles apart
from users; ``--no-manager-users`` serves MAX's bare start instead). OAuth grants a
token for any username/password (open registration) except the accounts a seed file
registers with a password, and ``/info`` names the served OAuth URL, so
``MaxClient(url).login(user, password)`` needs no other setup.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from typing import Any

from ..testing import FakeMaxServer


def add_parser(sub: Any) -> None:
    p = sub.add_parser("serve", help="serve a fake MAX + OAuth over HTTP (waitress)",
                       description=__doc__)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8081, help="0 picks a free port")
    p.add_argument("--manager", action="append", metavar="NAME",
                   help="a Manager user (repeatable; default test_manager)")
    p.add_argument("--no-manager-users", dest="manager_users", action="store_false",
                   help="do not create the managers' user records (MAX's bare start)")
    p.add_argument("--seed", metavar="FILE.json",
                   help="data for FakeMaxServer.seed (users, contexts, accounts...)")
    p.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    p.set_defaults(run=run)


def make_server(managers: list[str] | None, seed: str | None, *,
                manager_users: bool = True) -> FakeMaxServer:
    from . import DEFAULT_MANAGER

    server = FakeMaxServer(managers=managers or [DEFAULT_MANAGER])
    if manager_users:
        for name in server.managers:
            server.create_user(name, creator=name)
    if seed:
        with open(seed, encoding="utf-8") as f:
            server.seed(json.load(f))
    return server


def run(args: argparse.Namespace) -> int:
    try:
        server = make_server(args.manager, args.seed, manager_users=args.manager_users)
    except (OSError, ValueError) as exc:
        print(f"maxclient serve: cannot load seed: {exc}", file=sys.stderr)
        return 2
    stop = threading.Event()
    restore = _install_handlers(stop)
    try:
        with server.serve(args.host, args.port, threads=args.threads):
            print(f"MAX:   {server.url}")
            print(f"OAuth: {server.oauth_url}")
            for name in server.managers:
                print(f"Manager {name} token: {server.token_for(name)}")
            print("Serving; Ctrl-C or SIGTERM stops.", flush=True)
            while not stop.wait(0.5):
                pass
    except OSError as exc:
        print(f"maxclient serve: cannot listen on {args.host}:{args.port}: {exc}",
              file=sys.stderr)
        return 2
    finally:
        restore()
    print("Stopped.", flush=True)
    return 0


def _install_handlers(stop: threading.Event) -> Any:
    """SIGINT/SIGTERM set ``stop`` (main thread only); returns a function restoring them."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def handler(signum: int, frame: Any) -> None:
        stop.set()

    for sig in previous:
        signal.signal(sig, handler)

    def restore() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)

    return restore
