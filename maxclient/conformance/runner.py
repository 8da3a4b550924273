"""A conformance run: seeded walks into two servers, divergences found and shrunk."""

from __future__ import annotations

import secrets
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .operations import generate
from .replay import Step, replay
from .shrink import shrink
from .targets import FakeTarget, HttpTarget, Target
from .walk import Binding, Op

__all__ = ["Finding", "RunResult", "WriteRefused", "run"]

Signature = tuple[str, str, str, str]


class WriteRefused(RuntimeError):
    """A walk writes; against a live deployment that needs an explicit ``allow_writes``."""


@dataclass
class Finding:
    """One kind of divergence: where it was first seen, how often, and its reproduction."""

    signature: Signature
    seed: int
    first: Step
    occurrences: int = 0
    reproduction: list[Step] = field(default_factory=list)
    known: str | None = None


@dataclass
class RunResult:
    names: tuple[str, str]
    seeds: list[int]
    steps: list[Step] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def agreeing(self) -> int:
        return sum(1 for s in self.steps if s.agrees)

    @property
    def explained(self) -> int:
        return sum(1 for s in self.steps if not s.agrees and s.known)

    @property
    def unexplained(self) -> list[Finding]:
        return [f for f in self.findings if not f.known]

    def groups(self, known: bool = False) -> list[list[Finding]]:
        """Findings first seen on the same request: one fault, usually, shown once."""
        grouped: dict[int, list[Finding]] = {}
        for f in self.findings:
            if (f.known is not None) == known:
                grouped.setdefault(id(f.first), []).append(f)
        return list(grouped.values())

    def by_kind(self) -> Counter[str]:
        """Diverging steps per kind of divergence (a step can count for several kinds)."""
        counts: Counter[str] = Counter()
        for step in self.steps:
            if step.known:
                continue
            for kind in {d.kind for d in step.divergences}:
                counts[kind] += 1
        return counts


def _cleanup(targets: Sequence[Target], bindings: Sequence[Binding], ops: Sequence[Op]) -> None:
    """Delete what a walk made, newest kinds first, as the manager (answers ignored)."""
    for target, binding in zip(targets, bindings, strict=False):
        if target.disposable:
            continue
        m = binding.manager
        created = [op.creates for op in ops if op.creates]
        for sym in created:
            if sym[0] == "t":
                target.send("DELETE", f"/tokens/{binding.value(sym, None)}", user=m)
        for prefix, path in (("a", "/activities/"), ("v", "/conversations/")):
            for sym in created:
                if sym[0] == prefix and sym in binding.ids:
                    target.send("DELETE", path + binding.ids[sym], user=m)
        for sym in created:
            if sym[0] == "c":
                target.send("DELETE", f"/contexts/{binding.value(sym, 'hash')}", user=m)
        for sym in dict.fromkeys(created):
            if sym[0] == "u":
                target.send("DELETE", f"/people/{binding.user(sym)}", user=m)


def _mirror_managers(targets: tuple[Target, Target], manager: str) -> None:
    """An in-process fake compared with a server gets that server's Manager holders."""
    for mine, other in (targets, targets[::-1]):
        if isinstance(mine, FakeTarget) and not isinstance(other, FakeTarget):
            answer = other.send("GET", "/admin/security", user=manager)
            if answer.status == 200 and isinstance(answer.body, dict):
                mine.adopt_managers(list((answer.body.get("roles") or {}).get("Manager", [])))


def run(first: Target, second: Target, *, seeds: Sequence[int] = (0,), steps: int = 200,
        manager: str = "test_manager", allow_writes: bool = False, shrink_findings: bool = True,
        max_shrinks: int = 40, shrink_replays: int = 80, shrink_seconds: float = 60.0,
        namespace: str | None = None, progress: Callable[[str], None] | None = None
        ) -> RunResult:
    """Walk ``steps`` operations per seed into both servers and collect the divergences.

    Every user, context and device token of a walk is named under ``namespace``
    (random by default) and deleted afterwards on servers that cannot be reset.
    """
    targets = (first, second)
    live = [t.name for t in targets if isinstance(t, HttpTarget)]
    if live and not allow_writes:
        raise WriteRefused(
            f"the walk creates users, contexts and posts on {', '.join(live)}; "
            "pass --allow-writes (it writes only under its own namespace and cleans up)")
    _mirror_managers(targets, manager)
    base = namespace or "cf" + secrets.token_hex(3)
    isolated = all(t.disposable for t in targets)
    result = RunResult((first.name, second.name), list(seeds))
    started = time.monotonic()
    findings: dict[Signature, Finding] = {}
    walks: dict[int, list[Op]] = {}
    for seed in seeds:
        ops = generate(seed, steps, isolated=isolated)
        walks[seed] = ops
        walked, bindings = replay(ops, targets, f"{base}s{seed}x", manager)
        _cleanup(targets, bindings, ops)
        result.steps.extend(walked)
        for step in walked:
            for sig in step.signatures():
                found = findings.get(sig)
                if found is None:
                    found = findings[sig] = Finding(sig, seed, step, known=step.known)
                found.occurrences += 1
        if progress:
            bad = sum(1 for s in walked if not s.agrees)
            progress(f"seed {seed}: {len(walked)} steps, {bad} diverging")
    result.findings = sorted(findings.values(), key=lambda f: (f.known is not None, f.seed,
                                                                f.first.op.index))
    if shrink_findings:
        _shrink_all(result, walks, targets, base, manager, max_shrinks, shrink_replays,
                    shrink_seconds, progress)
    result.seconds = time.monotonic() - started
    return result


def _shrink_all(result: RunResult, walks: dict[int, list[Op]], targets: tuple[Target, Target],
                base: str, manager: str, max_shrinks: int, max_replays: int, seconds: float,
                progress: Callable[[str], None] | None) -> None:
    counter = 0
    shrunk: list[list[Step]] = []
    for group in result.groups()[:max_shrinks]:
        finding = group[0]
        reused = next((r for r in shrunk if finding.signature in r[-1].signatures()), None)
        if reused is not None:
            for member in group:
                member.reproduction = reused
            continue

        def check(ops: Sequence[Op], sig: Signature = finding.signature) -> bool:
            nonlocal counter
            counter += 1
            walked, bindings = replay(ops, targets, f"{base}r{counter}x", manager)
            _cleanup(targets, bindings, ops)
            return sig in walked[-1].signatures()

        prefix = walks[finding.seed][: finding.first.op.index + 1]
        ops = shrink(prefix, check, max_replays=max_replays,
                     deadline=time.monotonic() + seconds)
        counter += 1
        walked, bindings = replay(ops, targets, f"{base}r{counter}x", manager)
        _cleanup(targets, bindings, ops)
        for member in group:
            member.reproduction = walked
        shrunk.append(walked)
        if progress:
            progress(f"shrunk {finding.signature} from {len(prefix)} to {len(ops)} requests")
