"""``maxclient snapshot``: a live MAX's state, read through its API, into a state file.

Logs in as a Manager and exports people (profiles, roles, subscriptions), contexts and
the newest activities with their comments, in the format ``maxclient serve --data``
and ``FakeMaxServer.load`` read (docs/state.md): a production situation, locally.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any, TextIO

from ..errors import BadUsernameOrPasswordError, RequestError
from ..rest import MaxClient
from ..testing.state import write_state_file
from ..testing.state.snapshot import snapshot


def add_parser(sub: Any) -> None:
    p = sub.add_parser("snapshot", help="export a live MAX's state into a state file",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", required=True, help="MAX url")
    p.add_argument("--oauth-server", help="OAuth url (default: from MAX's /info)")
    p.add_argument("--user", required=True, help="a Manager's username")
    auth = p.add_mutually_exclusive_group()
    auth.add_argument("--password", action="store_true",
                      help="prompt for the password and log in through OAuth")
    auth.add_argument("--token", default=os.environ.get("MAXCLIENT_TOKEN"),
                      help="OAuth token (default $MAXCLIENT_TOKEN)")
    p.add_argument("--limit", type=int, default=200, metavar="N",
                   help="newest activities to export, with their comments (default 200; 0: none)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.json")
    p.set_defaults(run=run)


class Bar:
    """A one-line progress bar on a terminal; silent when the stream is not one."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.live = stream.isatty()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.live:
            return
        filled = self.width * done // total if total else self.width
        percent = 100 * done // total if total else 100
        self.stream.write(f"\r{stage:<10} [{'#' * filled}{'.' * (self.width - filled)}] "
                          f"{done}/{total} {percent:3d}%")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def run(args: argparse.Namespace) -> int:
    if args.limit < 0 or not (args.password or args.token):
        problem = "--limit must be 0 or more" if args.limit < 0 else \
            "log in with --password or --token (or set $MAXCLIENT_TOKEN)"
        print(f"maxclient snapshot: {problem}", file=sys.stderr)
        return 2
    client = MaxClient(args.url, oauth_server=args.oauth_server, actor=args.user)
    try:
        if args.password:
            client.login(args.user, getpass.getpass(f"Password for {args.user}: "))
        else:
            client.setToken(args.token)
        state = snapshot(client, limit=args.limit, progress=Bar(sys.stderr))
        write_state_file(args.output, state)
    except (BadUsernameOrPasswordError, RequestError, OSError) as exc:
        forbidden = isinstance(exc, RequestError) and exc.code in (401, 403)
        hint = " (snapshot needs a Manager)" if forbidden else ""
        print(f"maxclient snapshot: {exc}{hint}", file=sys.stderr)
        return 2 if isinstance(exc, OSError) else 1
    finally:
        client.close()
    print(f"{args.output}: {len(state['users'])} people, {len(state['contexts'])} contexts, "
          f"{len(state['subscriptions'])} subscriptions, {len(state['activities'])} activities, "
          f"{len(state['tokens'])} device tokens")
    return 0
