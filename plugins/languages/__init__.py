"""Three-language sub-sites in one Pelican run (see README.md)."""

from .languages import register

__all__ = ["register"]
