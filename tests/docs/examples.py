"""The fenced code blocks of README.md and docs/*.md, as data for the tests that run them.

A block may be preceded by ``<!-- example-world: {...} -->`` (invisible once rendered):
the MAX it assumes, as JSON: ``managers``, ``seed`` (for ``FakeMaxServer.seed``) and
``files`` (images the example opens). Without one, the fake has ``test_manager``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

_FENCE = re.compile(r"^```(\w*)\s*$")
_WORLD = re.compile(r"^<!--\s*example-world:\s*(\{.*\})\s*-->\s*$")


@dataclass
class Block:
    path: Path
    line: int
    lang: str
    code: str
    world: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.path.name}:{self.line}"


def blocks(lang: str | None = None) -> list[Block]:
    found: list[Block] = []
    for path in DOCUMENTS:
        if not path.is_file():
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        world: dict[str, Any] = {}
        i = 0
        while i < len(lines):
            marker = _WORLD.match(lines[i])
            fence = _FENCE.match(lines[i])
            if marker:
                world = json.loads(marker.group(1))
            elif fence:
                end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
                found.append(Block(path, i + 1, fence.group(1), "\n".join(lines[i + 1:end]),
                                   world))
                world, i = {}, end
            elif lines[i].strip():
                world = {}  # a marker applies to the block right after it only
            i += 1
    return [b for b in found if lang is None or b.lang == lang]


def expected_prints(code: str) -> list[str]:
    """``print(...)  # 400 MissingField`` lines: what the example says it prints."""
    return [m.group(1).strip() for m in re.finditer(r"^\s*print\(.*\)\s+#\s*(.+)$", code, re.M)]


def commands(block: Block) -> list[str]:
    """The ``maxclient ...`` command lines of a shell block, trailing comments removed."""
    return [re.sub(r"\s+#.*$", "", line).strip() for line in block.code.splitlines()
            if line.startswith("maxclient ")]
