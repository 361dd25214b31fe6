"""Builds the site aside and swaps it into OUTPUT_PATH only when complete."""

from .atomic_output import BuildFailed, register

__all__ = ["BuildFailed", "register"]
