"""``maxclient call METHOD PATH [key=value ...]``: one request through the REST client.

``key=value`` pairs become payload kwargs (``object_content=hi`` expands to
``{"object": {"content": "hi"}}``) for POST/PUT/DELETE and query parameters for
GET/HEAD; a value that parses as JSON is sent as that JSON. Without ``--url`` the
call goes to a fresh embedded fake (in process, through the WSGI transport) whose
manager exists, so ``maxclient call POST /people/test_manager/activities
object_content=hi`` works as is. A binary answer (an avatar) goes to ``--output``.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from typing import Any
from urllib.parse import parse_qsl, unquote

from ..errors import BadUsernameOrPasswordError, RequestError
from ..protocol import decode_error
from ..rest import MaxClient, Resource
from ..transports.base import Request, Response, Transport

METHODS = ("GET", "POST", "PUT", "DELETE", "HEAD")


def add_parser(sub: Any) -> None:
    p = sub.add_parser("call", help="send one request and print the JSON answer",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("method", type=str.upper, choices=METHODS, metavar="METHOD")
    p.add_argument("path", help="e.g. /people/alice/activities")
    p.add_argument("params", nargs="*", metavar="key=value")
    p.add_argument("--qs", action="append", default=[], metavar="k=v",
                   help="query parameter (repeatable)")
    p.add_argument("--url", help="MAX url; default: an embedded fake MAX")
    p.add_argument("--oauth-server", help="OAuth url (default: from MAX's /info)")
    p.add_argument("--user", help="actor (default with the embedded fake: test_manager)")
    p.add_argument("--seed", metavar="FILE.json", help="seed data for the embedded fake")
    auth = p.add_mutually_exclusive_group()
    auth.add_argument("--token", default=os.environ.get("MAXCLIENT_TOKEN"),
                      help="OAuth token (default $MAXCLIENT_TOKEN)")
    auth.add_argument("--password", action="store_true",
                      help="prompt for the password and log in through OAuth")
    p.add_argument("--output", "-o", metavar="FILE",
                   help="write the answer to FILE (needed for a binary answer on a terminal)")
    p.set_defaults(run=run)


CREDENTIALS_HINT = "give --user NAME with --token TOKEN (or $MAXCLIENT_TOKEN) or --password"


def _ask_password(user: str) -> str:
    """From the terminal without echo, or the first line of a piped stdin."""
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"Password for {user}: ")
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise ValueError("--password: no password to read (no terminal and stdin is empty "
                         "or closed); use --token or $MAXCLIENT_TOKEN")
    return line.rstrip("\r\n")


class _KeepLast(Transport):
    """Keeps the last raw answer: the REST client decodes a binary one to text."""

    def __init__(self, inner: Transport) -> None:
        self.inner = inner
        self.last: Response | None = None

    def send(self, request: Request) -> Response:
        self.last = self.inner.send(request)
        return self.last

    def close(self) -> None:
        self.inner.close()


def parse_pairs(pairs: list[str]) -> dict[str, Any]:
    """``k=v`` strings to a dict; values that parse as JSON are used as JSON."""
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key:
            raise ValueError(f"expected key=value, got {pair!r}")
        try:
            out[key] = json.loads(raw)
        except ValueError:
            out[key] = raw
    return out


def resolve(client: MaxClient, path: str) -> Resource:
    """Navigate ``path`` as ``client.a[b].c`` would (fixed names first, then items)."""
    resource = client.root
    for raw in [s for s in path.split("/") if s]:
        node = resource.node
        if raw in node.children:
            resource = resource.child(raw)
        elif node.var_node is not None:
            resource = resource.item(unquote(raw))
        else:
            raise ValueError(f"no route for {path!r} (at {raw!r}; {resource.path or '/'} has: "
                             f"{', '.join(node.names()) or 'nothing'})")
    if resource.node.route is None:
        raise ValueError(f"{path!r} is not an endpoint")
    return resource


def _client(args: argparse.Namespace) -> MaxClient:
    if args.url:
        client = MaxClient(args.url, oauth_server=args.oauth_server, actor=args.user)
        if (args.password or args.token) and not args.user:
            raise ValueError("--user is needed with --token or --password")
        if args.password:
            client.login(args.user, _ask_password(args.user))
        elif args.token:
            client.setToken(args.token)
        return client
    from .serve import make_server

    server = make_server(None, args.seed)
    user = args.user or server.managers[0]
    embedded = server.client(user)
    if args.password:
        embedded.login(user, _ask_password(user))
    elif args.token:
        embedded.setToken(args.token)
    return embedded


def run(args: argparse.Namespace) -> int:
    try:
        path, _, query = args.path.partition("?")
        qs = parse_qsl(query, keep_blank_values=True) + list(parse_pairs(args.qs).items())
        params = parse_pairs(args.params)
        client = _client(args)
        kept = client.transport = _KeepLast(client.transport)
        resource = resolve(client, path)
    except (ValueError, OSError) as exc:
        print(f"maxclient call: {exc}", file=sys.stderr)
        return 2
    except BadUsernameOrPasswordError as exc:
        print(f"maxclient call: {exc}", file=sys.stderr)
        return 1
    except RequestError as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.method in ("GET", "HEAD"):
        qs += [(k, v if isinstance(v, str) else json.dumps(v)) for k, v in params.items()]
        params = {}
    try:
        method = getattr(resource, args.method.lower())
        result = method(qs=qs or None, **params)
    except RequestError as exc:
        anonymous = args.url and not (args.token or args.password)
        hint = f" ({CREDENTIALS_HINT})" if anonymous and exc.code == 401 else ""
        print(f"{exc}{hint}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"maxclient call: {exc}", file=sys.stderr)
        return 2
    finally:
        client.close()
    status = client.last_response_code or 0
    if status >= 400:  # e.g. a JSON 404, which the REST client returns as None
        print(_error_text(client.last_response or "", status), file=sys.stderr)
        return 1
    return _write(result, kept.last, args.output)


def _is_binary(response: Response | None) -> bool:
    kind = (response.headers.get("Content-Type", "") if response is not None else "").lower()
    return bool(kind) and not (kind.startswith("text/") or "json" in kind)


def _write(result: Any, response: Response | None, output: str | None) -> int:
    """JSON as text; a binary answer (an image) as its bytes, but never onto a terminal."""
    binary = response is not None and _is_binary(response)
    if binary and response is not None:
        data = response.content
    else:
        data = (json.dumps(result, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if output:
        try:
            with open(output, "wb") as f:
                f.write(data)
        except OSError as exc:
            print(f"maxclient call: cannot write {output}: {exc}", file=sys.stderr)
            return 2
        return 0
    if binary and sys.stdout.isatty():
        kind = response.headers.get("Content-Type") if response is not None else None
        print(f"maxclient call: the answer is binary ({kind}, {len(data)} bytes); "
              "use --output FILE (or redirect stdout)", file=sys.stderr)
        return 2
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
    return 0


def _error_text(body: str, status: int) -> str:
    error = decode_error(body)
    return f"{error[0]}: {error[1]}" if error else f"Server responded with error {status}"
