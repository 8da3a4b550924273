"""The run as a reader wants it: each divergence as a reproduction, then a table per route."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from .replay import Step, route_of
from .runner import Finding, RunResult

__all__ = ["render", "summary"]


def _pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "n/a"


def summary(result: RunResult) -> dict[str, Any]:
    """The figures of a run, as plain data (``--json``)."""
    total = len(result.steps)
    return {
        "servers": list(result.names),
        "seeds": result.seeds,
        "steps": total,
        "agreeing_steps": result.agreeing,
        "agreement": round(100.0 * result.agreeing / total, 2) if total else None,
        "known_max_differences": result.explained,
        "agreement_with_known": (round(100.0 * (result.agreeing + result.explained) / total, 2)
                                 if total else None),
        "diverging_steps_by_kind": dict(result.by_kind().most_common()),
        "divergences": [
            {"kind": f.signature[0], "method": f.signature[1], "route": f.signature[2],
             "where": f.signature[3], "occurrences": f.occurrences, "known": f.known,
             "reproduction": [s.op.show() for s in f.reproduction]}
            for f in result.findings
        ],
        "seconds": round(result.seconds, 1),
    }


def _answer(step: Step, side: int) -> str:
    answer, body = step.answers[side], step.bodies[side]
    text = json.dumps(body, ensure_ascii=False, sort_keys=True) if body is not None else ""
    if len(text) > 300:
        text = text[:297] + "..."
    count = answer.headers.get("x-totalitems")
    return f"{answer.status}" + (f" X-totalItems={count}" if count else "") + (
        f" {text}" if text else "")


def _group(number: int, group: list[Finding], names: tuple[str, str]) -> list[str]:
    f = group[0]
    _kind, method, route, _where = f.signature
    lines = [f"[{number}] {method} {route}: "
             + "; ".join(f"{g.signature[0]}{' at ' + g.signature[3] if g.signature[3] else ''}"
                         f" (x{g.occurrences})" for g in group)
             + f" -- first at seed {f.seed} step {f.first.op.index}"]
    if f.known:
        lines.append(f"    known: {f.known}")
    steps = f.reproduction or [f.first]
    label = "reproduction" if f.reproduction else "first diverging request (not shrunk)"
    lines.append(f"    {label}, {len(steps)} request(s):")
    for i, step in enumerate(steps, 1):
        lines.append(f"      {i}. {step.op.show()}")
    last = steps[-1]
    for side in (0, 1):
        lines.append(f"    {names[side]:>8}: {_answer(last, side)}")
    wanted = {(g.signature[0], g.signature[3]) for g in group}
    for d in last.divergences:
        if (d.kind, d.where) in wanted:
            lines.append(f"    difference: {d.describe()}")
    return lines


def _table(result: RunResult) -> list[str]:
    rows: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    kinds: dict[tuple[str, str], set[str]] = defaultdict(set)
    for step in result.steps:
        key = (step.op.method, route_of(step.op.path))
        row = rows[key]
        row[0] += 1
        if step.agrees:
            row[1] += 1
        elif step.known:
            row[2] += 1
        else:
            kinds[key] |= {d.kind for d in step.divergences}
    width = max([len(r) for _, r in rows] + [5])
    out = [f"{'method':<7}{'route':<{width + 2}}{'steps':>6}{'agree':>7}{'known':>7}"
           f"{'differ':>8}  kinds"]
    for (method, route), (n, ok, known) in sorted(rows.items(), key=lambda kv: kv[0][::-1]):
        out.append(f"{method:<7}{route:<{width + 2}}{n:>6}{ok:>7}{known:>7}"
                   f"{n - ok - known:>8}  {','.join(sorted(kinds[(method, route)]))}")
    return out


def render(result: RunResult) -> str:
    """The text report: unexplained divergences, known MAX differences, table, figures."""
    s = summary(result)
    lines = [f"conformance: {result.names[0]} vs {result.names[1]}; seeds {result.seeds}; "
             f"{s['steps']} steps in {s['seconds']} s", ""]
    unexplained = result.groups()
    known = result.groups(known=True)
    lines.append(f"Divergences ({len(unexplained)}):" if unexplained
                 else "No unexplained divergence.")
    for i, group in enumerate(unexplained, 1):
        lines += _group(i, group, result.names)
    if known:
        lines += ["", f"Known MAX differences ({len(known)}, not the fake's to fix):"]
        for i, group in enumerate(known, 1):
            lines += _group(i, group, result.names)
    lines += ["", "Per route:", *_table(result)]
    lines += ["", f"Agreement: {s['agreeing_steps']}/{s['steps']} steps "
                  f"({_pct(s['agreeing_steps'], s['steps'])}); with known MAX differences "
                  f"{_pct(s['agreeing_steps'] + s['known_max_differences'], s['steps'])}.",
              "Diverging steps by kind: " + (", ".join(
                  f"{k} {n}" for k, n in s["diverging_steps_by_kind"].items()) or "none")]
    return "\n".join(lines)
