"""Video URLs alone in a paragraph become tap-to-play embeds (see README.md)."""

from .video_embeds import register

__all__ = ["register"]
