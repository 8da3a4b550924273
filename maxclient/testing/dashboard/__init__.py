"""The fake's own page under ``/_fake/`` (MAX never uses that path): people, contexts
and subscribers, timelines, conversations, the live request journal, fault injection,
reset and save. Served by :meth:`FakeMaxServer.serve` and ``maxclient serve``.

Server-rendered HTML (every value escaped, see :mod:`.html`) plus one small polling
script; POSTs from another origin are refused, so a web page cannot reset your fake.
"""

from .app import dashboard_app

__all__ = ["dashboard_app"]
