"""Fake MAX views: people (to be filled in)."""

from __future__ import annotations
