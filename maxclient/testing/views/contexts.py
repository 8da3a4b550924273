"""Fake MAX views: contexts (to be filled in)."""

from __future__ import annotations
