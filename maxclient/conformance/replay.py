"""Playing a walk into two servers at once, step by step, comparing as it goes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..routes import ROUTE_TABLE
from .compare import Divergence, compare
from .known import known_difference, leaves_half_done_state, shows_any
from .normalise import normalise
from .targets import Answer, Target
from .walk import Binding, Op, resolve

__all__ = ["Step", "replay", "route_of"]

_BOUND_BY_ID = "akvm"  # activities, comments (k), conversations (v), messages: ids from answers


@dataclass
class Step:
    """One operation, what each server answered, and how the answers differ."""

    op: Op
    answers: tuple[Answer, Answer]
    bodies: tuple[Any, Any]
    divergences: list[Divergence] = field(default_factory=list)
    known: str | None = None

    @property
    def agrees(self) -> bool:
        return not self.divergences

    def signatures(self) -> list[tuple[str, str, str, str]]:
        """What makes two divergences the same fault: kind, method, route, place."""
        route = route_of(self.op.path)
        return sorted({(d.kind, self.op.method, route, d.where) for d in self.divergences})


def route_of(path: str) -> str:
    matched = ROUTE_TABLE.match(path.split("?", 1)[0])
    return matched[0].name if matched else path


def _created_id(op: Op, answer: Answer) -> str | None:
    body = answer.body
    if not (200 <= answer.status < 300 and isinstance(body, dict)):
        return None
    if op.creates and op.creates[0] == "v":  # a conversation: its id is the message's context
        contexts = body.get("contexts") or [{}]
        return contexts[0].get("id") if isinstance(contexts[0], dict) else None
    return body.get("id") if isinstance(body.get("id"), str) else None


def send(target: Target, binding: Binding, op: Op) -> Answer:
    answer = target.send(op.method, resolve(op.path, binding), user=binding.user(op.actor),
                         query=dict(resolve(op.query, binding)) or None,
                         body=resolve(op.body, binding))
    if op.creates and op.creates[0] in _BOUND_BY_ID:
        created = _created_id(op, answer)
        if created:
            binding.bind(op.creates, created)
    return answer


def prepare(targets: Sequence[Target], bindings: Sequence[Binding]) -> None:
    """Fresh state where possible, and the manager's own user record (not compared)."""
    for target, binding in zip(targets, bindings, strict=False):
        if target.disposable:
            target.reset()
        target.send("POST", f"/people/{binding.manager}", user=binding.manager, body={})


def replay(ops: Sequence[Op], targets: tuple[Target, Target], ns: str, manager: str
           ) -> tuple[list[Step], tuple[Binding, Binding]]:
    """Send every op to both servers (fresh namespace ``ns``), comparing each answer pair."""
    bindings = (Binding(ns, manager), Binding(ns, manager))
    prepare(targets, bindings)
    steps = []
    tainted: dict[str, str] = {}  # objects MAX left half-changed by a failed request -> why
    for op in ops:
        answers = (send(targets[0], bindings[0], op), send(targets[1], bindings[1], op))
        bodies = (normalise(answers[0].body, bindings[0]), normalise(answers[1].body, bindings[1]))
        found = compare(answers[0], answers[1], bodies[0], bodies[1])
        unique = list({(d.kind, d.where): d for d in found}.values())
        step = Step(op, answers, bodies, unique)
        if unique:
            step.known = known_difference(step)
            touched = sorted(op.symbols() & tainted.keys())
            if step.known is None and touched:
                step.known = tainted[touched[0]]
            if step.known is None:  # an answer holding such an object (a listing)
                held = shows_any(step, tainted)
                if held is not None:
                    step.known = tainted[held]
            after = leaves_half_done_state(step)
            if after is not None:
                same = {a for symbol in op.symbols() for binding in bindings
                        for a in binding.aliases(symbol)}
                tainted.update(dict.fromkeys(same, after))
        steps.append(step)
    return steps, bindings
