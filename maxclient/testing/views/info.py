"""Fake MAX views: info (to be filled in)."""

from __future__ import annotations
