"""Pelican's own per-build work made linear: URLs computed once per story,
translations matched with a set, taxonomy pages Pelican does not write not
prepared either."""

from .core_speedups import register

__all__ = ["register"]
