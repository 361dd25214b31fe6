"""Contests: status, per-language index, Event JSON-LD data, .ics (README.md)."""

from .contests import register

__all__ = ["register"]
