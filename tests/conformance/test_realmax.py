"""The walk against the real MAX (``../shared/realmax``): nothing differs but MAX's own bugs.

Serve it (``serve_real_max.py --port 0``) and set MAXCLIENT_REALMAX_URL to the URL
it prints; the suite resets it between walks, so point it only at that harness.
"""

from __future__ import annotations

import os

import pytest

from maxclient.conformance import FakeTarget, HttpTarget, render, run

pytestmark = pytest.mark.realmax

URL = os.environ.get("MAXCLIENT_REALMAX_URL", "")
SEEDS = [int(s) for s in os.environ.get("MAXCLIENT_REALMAX_SEEDS", "1,2,3").split(",")]
STEPS = int(os.environ.get("MAXCLIENT_REALMAX_STEPS", "400"))


@pytest.mark.skipif(not URL, reason="no real MAX: set MAXCLIENT_REALMAX_URL to a realmax "
                                    "harness URL (see ../shared/realmax/README.md)")
def test_the_fake_answers_as_the_real_max():
    real = HttpTarget(URL, token="conformance", name="real", reset=True)
    try:
        result = run(real, FakeTarget(), seeds=SEEDS, steps=STEPS, allow_writes=True,
                     max_shrinks=10)
    finally:
        real.close()
    assert not result.unexplained, render(result)
