"""``maxclient call METHOD PATH [key=value ...]``: one request through the REST client.

``key=value`` pairs become payload kwargs (``object_content=hi`` expands to
``{"object": {"content": "hi"}}``) for POST/PUT/DELETE and query parameters for
GET/HEAD; a value that parses as JSON is sent as that JSON. Without ``--url`` the
call goes to a fresh embedded fake (in process, through the WSGI transport).
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
    p.set_defaults(run=run)


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
            client.login(args.user, getpass.getpass(f"Password for {args.user}: "))
        elif args.token:
            client.setToken(args.token)
        return client
    from ..wsgi import MaxClient as WSGIClient
    from .serve import make_server

    server = make_server(None, args.seed)
    user = args.user or server.managers[0]
    embedded = WSGIClient(server.wsgi_app, oauth_app=server.oauth_app, actor=user)
    if args.password:
        embedded.login(user, getpass.getpass(f"Password for {user}: "))
    else:
        embedded.setToken(args.token or server.token_for(user))
    return embedded


def run(args: argparse.Namespace) -> int:
    try:
        path, _, query = args.path.partition("?")
        qs = parse_qsl(query, keep_blank_values=True) + list(parse_pairs(args.qs).items())
        params = parse_pairs(args.params)
        client = _client(args)
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
        print(exc, file=sys.stderr)
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
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


def _error_text(body: str, status: int) -> str:
    error = decode_error(body)
    return f"{error[0]}: {error[1]}" if error else f"Server responded with error {status}"
