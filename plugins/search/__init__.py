"""Static search per language with Pagefind (see README.md)."""

from .search import register

__all__ = ["register"]
