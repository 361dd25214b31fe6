"""schema.org JSON-LD for article pages (see README.md)."""

from .structured_data import register

__all__ = ["register"]
