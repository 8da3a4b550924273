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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..testing.server import FakeMaxServer
    from ..testing.state import StateFile

_JSON_KINDS = {list: "an array", str: "a string", int: "a number", float: "a number",
               bool: "a boolean", type(None): "null"}


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
    p.add_argument("--data", metavar="FILE.json",
                   help="state file: loaded at start if it exists, saved on exit, on SIGUSR1 "
                        "and on POST /_fake/save (docs/state.md)")
    p.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    p.set_defaults(run=run)


def make_server(managers: list[str] | None, seed: str | None, *,
                manager_users: bool = True) -> FakeMaxServer:
    """The fake the commands serve or call; a bad seed file is a ValueError saying why."""
    from ..testing.server import FakeMaxServer
    from . import DEFAULT_MANAGER

    server = FakeMaxServer(managers=managers or [DEFAULT_MANAGER])
    if manager_users:
        for name in server.managers:
            server.create_user(name, creator=name)
    if seed:
        with open(seed, encoding="utf-8") as f:
            data = json.load(f)
        if not isinstance(data, dict):
            raise ValueError(f"{seed} holds {_JSON_KINDS.get(type(data), 'no object')}; a seed "
                             'is an object such as {"users": ["alice"], "contexts": [...]}')
        try:
            server.seed(data)
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"{seed} is not a valid seed ({type(exc).__name__}: {exc})"
                             ) from None
    return server


def run(args: argparse.Namespace) -> int:
    from ..testing.state import StateError, StateFile

    try:
        server = make_server(args.manager, args.seed, manager_users=args.manager_users)
    except (OSError, ValueError) as exc:
        print(f"maxclient serve: cannot load the seed: {exc}", file=sys.stderr)
        return 2
    state_file = None
    if args.data:
        state_file = StateFile(server, args.data)
        try:
            if not state_file.path.absolute().parent.is_dir():
                raise OSError(f"{state_file.path}: its directory does not exist")
            loaded = state_file.load_if_exists()
        except (OSError, StateError) as exc:
            print(f"maxclient serve: cannot load state: {exc}", file=sys.stderr)
            return 2
        server.state_file = state_file
        print(f"State: {state_file.path} ({'loaded' if loaded else 'new'})")
    stop, save = threading.Event(), threading.Event()
    restore = _install_handlers(stop, save)
    try:
        with server.serve(args.host, args.port, threads=args.threads):
            print(f"MAX:   {server.url}")
            print(f"OAuth: {server.oauth_url}")
            for name in server.managers:
                print(f"Manager {name} token: {server.token_for(name)}")
            print(f"Fake's page: {server.url}/_fake/")
            print("Serving; Ctrl-C or SIGTERM stops.", flush=True)
            while not stop.wait(0.2):
                if save.is_set() and state_file is not None:
                    save.clear()
                    _save(state_file)
    except OSError as exc:
        print(f"maxclient serve: cannot listen on {args.host}:{args.port}: {exc}",
              file=sys.stderr)
        return 2
    finally:
        restore()
    if state_file is not None and not _save(state_file):
        return 1
    print("Stopped.", flush=True)
    return 0


def _save(state_file: StateFile) -> bool:
    try:
        state_file.save()
    except OSError as exc:
        print(f"maxclient serve: cannot save state to {state_file.path}: {exc}",
              file=sys.stderr, flush=True)
        return False
    print(f"Saved state to {state_file.path}", flush=True)
    return True


def _install_handlers(stop: threading.Event, save: threading.Event) -> Any:
    """SIGINT/SIGTERM set ``stop``, SIGUSR1 ``save`` (main thread only); returns a
    function restoring the previous handlers."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    signals = [signal.SIGINT, signal.SIGTERM]
    if hasattr(signal, "SIGUSR1"):  # not on Windows
        signals.append(signal.SIGUSR1)
    previous = {sig: signal.getsignal(sig) for sig in signals}

    def handler(signum: int, frame: Any) -> None:
        (save if signum == getattr(signal, "SIGUSR1", None) else stop).set()

    for sig in previous:
        signal.signal(sig, handler)

    def restore() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)

    return restore
