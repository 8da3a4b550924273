"""What keeps code written for the original (Python 2) maxclient working, fenced off.

The rest of maxclient is written as if it were new; each piece here exists only
because ported code relies on it: the RPC client's named helpers, the
double-underscore attributes subclasses read, the on-demand MAX builder of the
original ``maxclient.wsgi``, and the ``maxclient.client`` import path.
"""

from typing import Any

from .attributes import OriginalAttributes
from .helpers import NamedHelpers

__all__ = ["MaxOnDemand", "NamedHelpers", "OriginalAttributes"]


def __getattr__(name: str) -> Any:
    # The clients import this package while maxclient.wsgi (which MaxOnDemand
    # needs) may still be importing them: load it on first use.
    if name == "MaxOnDemand":
        from .on_demand import MaxOnDemand

        return MaxOnDemand
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
