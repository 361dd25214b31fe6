"""Pelican's reader cache, dropped whenever what reads the files changes."""

from .content_cache import register

__all__ = ["register"]
