"""Fake MAX views: tokens (to be filled in)."""

from __future__ import annotations
