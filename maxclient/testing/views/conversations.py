"""Fake MAX views: conversations (to be filled in)."""

from __future__ import annotations
