"""Fake MAX views: activities (to be filled in)."""

from __future__ import annotations
