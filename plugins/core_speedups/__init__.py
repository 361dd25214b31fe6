"""Pelican's own per-build work made linear: URLs computed once per story,
taxonomy pages Pelican does not write not prepared either."""

from .core_speedups import register

__all__ = ["register"]
