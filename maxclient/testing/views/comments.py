"""Fake MAX views: comments (to be filled in)."""

from __future__ import annotations
