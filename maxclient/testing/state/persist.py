"""A state file bound to one server: loaded at start, saved on demand and at exit."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from .files import read_state_file, write_state_file
from .load import StateError

if TYPE_CHECKING:
    from ..server import FakeMaxServer


class StateFile:
    """``path`` for ``server``; saves from signal handlers, the page and shutdown
    never interleave (one lock), and each save replaces the file atomically."""

    def __init__(self, server: FakeMaxServer, path: str | os.PathLike[str]) -> None:
        self.server = server
        self.path = Path(path)
        self._lock = threading.Lock()
        self.saves = 0

    def __repr__(self) -> str:
        return f"<StateFile {str(self.path)!r}>"

    def load_if_exists(self) -> bool:
        """Load the file into the server; False when there is no file yet."""
        if not self.path.exists():
            return False
        data = read_state_file(self.path)
        try:
            self.server.load(data)
        except StateError as exc:
            raise StateError(f"{self.path}: {exc}") from None
        return True

    def save(self) -> Path:
        with self._lock:
            write_state_file(self.path, self.server.dump())
            self.saves += 1
        return self.path
