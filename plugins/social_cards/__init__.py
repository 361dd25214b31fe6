"""1200×630 og:image cards for articles without an Image (see README.md)."""

from .social_cards import register

__all__ = ["register"]
