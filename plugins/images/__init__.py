"""Responsive pictures: derivatives, srcset, lazy loading (see README.md)."""

from .images import register

__all__ = ["register"]
