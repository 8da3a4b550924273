"""Saving and restoring a fake MAX's state: ``dump_state``/``load_state`` and state files.

``FakeMaxServer.dump()``/``load()`` are the entry points; ``maxclient serve --data``
and ``maxclient snapshot`` read and write the same format (docs/state.md).
"""

from .dump import FORMAT, VERSION, dump_state
from .files import read_state_file, write_state_file
from .load import StateError, is_state, load_state
from .persist import StateFile

__all__ = [
           "FORMAT",
           "VERSION",
           "StateError",
           "StateFile",
           "dump_state",
           "is_state",
           "load_state",
           "read_state_file",
           "write_state_file",
]
