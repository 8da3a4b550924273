"""Build the real MAX WSGI app from settings, for MAX's own integration tests.

``max`` (the server package) is optional: maxclient never depends on it, so the
import happens here, at call time, with an error that says what to install.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import MaxClient
    from .transport import WSGIApp

__all__ = ["MAX_MISSING", "build_max_app", "from_max_settings"]

MAX_MISSING = (
    "maxclient.wsgi needs the MAX server package ('max') to build a MAX app from "
    "settings, and it is not installed in this environment. Install it next to "
    "maxclient, e.g. `pip install -e path/to/max` from a checkout of "
    "https://github.com/UPCnet/max, or pass any WSGI app as "
    "maxclient.wsgi.MaxClient(app=...) instead."
)


def _import_max() -> Any:
    try:
        return importlib.import_module("max")
    except ModuleNotFoundError as exc:
        if exc.name != "max":
            raise  # max is there but one of its own dependencies is missing
        raise ImportError(MAX_MISSING, name="max") from None


def build_max_app(
    settings: Mapping[str, Any], global_config: Mapping[str, Any] | None = None
) -> WSGIApp:
    """``max.main(global_config, **settings)``, with tracebacks in 500 answers unless
    the settings say otherwise (a test failing inside MAX should show why)."""
    max_pkg = _import_max()
    main = getattr(max_pkg, "main", None)
    if not callable(main):
        raise ImportError(f"the installed 'max' package has no main(): {max_pkg!r}", name="max")
    options = dict(settings)
    options.setdefault("max.include_traceback_in_500_errors", True)
    return main(dict(global_config or {}), **options)


def from_max_settings(
    cls: type[MaxClient],
    settings: Mapping[str, Any],
    global_config: Mapping[str, Any] | None = None,
    **client_kwargs: Any,
) -> MaxClient:
    """A WSGI client on a MAX app built in this process from ``settings``."""
    return cls(build_max_app(settings, global_config), **client_kwargs)
