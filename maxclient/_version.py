"""The installed distribution's version, read from its metadata (one source: setup.cfg)."""

from __future__ import annotations


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("maxclient")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"
