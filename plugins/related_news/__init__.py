"""Related news ranked from text and metadata, per language (see README.md)."""

from .related_news import register

__all__ = ["register"]
