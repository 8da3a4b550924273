"""State files: written atomically (a crash never leaves half a file), read with one
clear error naming the file and the place it is damaged. A name ending in ``.gz`` is
gzip-compressed (a snapshot of a big MAX shrinks about tenfold)."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import tempfile
import zlib
from pathlib import Path
from typing import Any

from .load import StateError, is_state


def write_state_file(path: str | os.PathLike[str], state: dict[str, Any]) -> None:
    """Write ``state`` next to ``path`` and rename it over ``path`` once it is on disk."""
    target = Path(path)
    data = (json.dumps(state, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if target.suffix == ".gz":
        data = gzip.compress(data, compresslevel=6, mtime=0)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                               dir=target.parent or ".")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where the OS allows it
        dir_fd = os.open(target.parent or ".", os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def read_state_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The state in ``path`` (parsed, not yet loaded); :class:`StateError` says what is wrong."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
        if str(path).endswith(".gz"):
            raw = gzip.decompress(raw)
        data = json.loads(raw.decode("utf-8"))
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise StateError(f"{path}: not a complete gzip file ({exc})") from None
    except json.JSONDecodeError as exc:
        raise StateError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: "
                         f"{exc.msg})") from None
    except UnicodeDecodeError as exc:
        raise StateError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if not is_state(data):
        raise StateError(f"{path}: not a maxclient state file (no \"format\": \"maxclient-state\")")
    return data
