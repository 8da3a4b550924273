"""Differential conformance: the same seeded walk of MAX API calls into two servers.

``maxclient conformance`` compares the real MAX with the fake (or with another
MAX), answer by answer, and prints each divergence as the shortest sequence of
requests that shows it. See :func:`run` and the targets in :mod:`.targets`.
"""

from .operations import generate
from .report import render, summary
from .runner import Finding, RunResult, WriteRefused, run
from .targets import Answer, FakeTarget, HttpTarget, Target

__all__ = ["Answer", "FakeTarget", "Finding", "HttpTarget", "RunResult", "Target",
           "WriteRefused", "generate", "render", "run", "summary"]
