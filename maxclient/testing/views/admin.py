"""Fake MAX views: admin (to be filled in)."""

from __future__ import annotations
