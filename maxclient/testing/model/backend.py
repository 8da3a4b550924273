"""All the state of one fake MAX: one instance per ``FakeMaxServer``, no globals."""

from __future__ import annotations

from collections.abc import Iterable

from .activities import Activities
from .cache import JsonCache
from .common import IdMinter, utcnow
from .contexts import Contexts
from .conversations import Conversations
from .people import People
from .rwlock import ReadWriteLock
from .security import Security
from .tokens import Tokens


class MaxBackend:
    """The model layer: stores per concept, sharing one id minter, clock and lock."""

    def __init__(self, managers: Iterable[str] = ()) -> None:
        self.lock = ReadWriteLock()  # reads share it; ``with lock:`` writes alone
        self.json_cache = JsonCache()  # rendered documents, forgotten on every write
        self.new_id = IdMinter()
        self.now = utcnow
        self.security = Security(managers)
        self.people = People(self)
        self.contexts = Contexts(self)
        self.activities = Activities(self)
        self.conversations = Conversations(self)
        self.tokens = Tokens(self)
