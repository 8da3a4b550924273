"""Fake MAX views: subscriptions (to be filled in)."""

from __future__ import annotations
