"""Offline reading: a service worker (`sw.js` at the site root) and an offline
notice page per language."""

from .offline import register

__all__ = ["register"]
