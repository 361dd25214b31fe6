"""Per-language RSS 2.0 and Atom feeds with feedgen (see README.md)."""

from .feeds import register

__all__ = ["register"]
