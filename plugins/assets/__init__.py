"""Fingerprinted theme assets, host headers files, gzip/brotli copies."""

from .assets import register

__all__ = ["register"]
