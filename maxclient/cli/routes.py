"""``maxclient routes``: the route table as an aligned text table."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..routes import ROUTE_TABLE, Route

COLUMNS = ("NAME", "METHODS", "TEMPLATE", "CATEGORY")


def add_parser(sub: Any) -> None:
    p = sub.add_parser("routes", help="list MAX's routes")
    p.add_argument("--category", help="only this category (case-insensitive)")
    p.set_defaults(run=run)


def rows(category: str | None = None) -> list[tuple[str, str, str, str]]:
    """Sorted by category then template; deprecated routes are marked ``*``."""
    wanted = category.lower() if category else None
    found: list[Route] = [r for r in ROUTE_TABLE
                          if wanted is None or r.category.lower() == wanted]
    found.sort(key=lambda r: (r.category, r.path))
    return [(r.name + ("*" if r.deprecated else ""), ",".join(r.methods), r.path, r.category)
            for r in found]


def format_table(table: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
                     for row in table)


def run(args: argparse.Namespace) -> int:
    found = rows(args.category)
    if not found:
        known = sorted({r.category for r in ROUTE_TABLE})
        print(f"No category {args.category!r}; known: {', '.join(known)}", file=sys.stderr)
        return 1
    print(format_table([COLUMNS, *found]))
    if any(name.endswith("*") for name, *_ in found):
        print("\n* deprecated: MAX rewrites it to a current route")
    return 0
