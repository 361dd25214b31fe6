"""Video stories: articles with `Video:` metadata, listed per language."""

from .videos import register

__all__ = ["register"]
