"""Official notices: attachments with type and size, per-language index."""

from .notices import register

__all__ = ["register"]
